"""scripts/pg-test-server.sh: a server that died is seen as not running, and `resume` brings
it back on the data it kept (the bench's million articles survive a reboot)."""
from __future__ import annotations

import glob
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "pg-test-server.sh"
NAME = "resume-test"  # a server of its own: never the tests' or the bench's
# the client of the PostgreSQL the script runs: its newest installed version (Debian's folders)
PSQL = max(glob.glob("/usr/lib/postgresql/*/bin/psql"), key=lambda p: int(Path(p).parts[4]), default="")


def server(command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), command, NAME], capture_output=True, text=True, timeout=120)


def psql(url: str, sql: str) -> str:
    done = subprocess.run([PSQL, url, "-Atc", sql], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def fresh():
    if not PSQL:
        pytest.skip("PostgreSQL is not installed (scripts/test.sh installs it)")
    started = server("start")
    assert started.returncode == 0, started.stderr
    yield started.stdout.strip()
    server("stop")


def lock_file(url: str) -> Path:
    """The postmaster.pid of the server listening on the port of ``url``."""
    port = url.split(":")[2].split("/")[0]
    # its lines: the server's pid, its data folder, when it started, its port, …
    found = [p for p in Path("/tmp").glob("quotes-pg-*/data/postmaster.pid")
             if p.read_text().splitlines()[3:4] == [port]]
    assert len(found) == 1, found
    return found[0]


def test_a_killed_server_is_not_running_and_resume_keeps_its_data(fresh: str) -> None:
    # on disk before the kill (the server commits without waiting for its log)
    psql(fresh, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)")
    psql(fresh, "CHECKPOINT")
    assert server("url").stdout.strip() == fresh
    lock = lock_file(fresh)
    pid = int(lock.read_text().split()[0])
    os.kill(pid, signal.SIGKILL)  # as a reboot would leave it: the lock file stays behind
    deadline = time.monotonic() + 30
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert lock.exists()
    assert server("url").returncode == 1
    resumed = server("resume")
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.strip() == fresh
    assert psql(fresh, "SELECT n FROM kept") == "42"
    running = lock_file(fresh).read_text()
    assert int(running.split()[0]) != pid
    assert server("resume").stdout.strip() == fresh
    assert lock_file(fresh).read_text() == running  # a running server is left as it is
