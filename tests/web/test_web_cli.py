"""`quotes serve` as a user starts it: a real process on loopback."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from helpers import child_pids

QUOTES = [sys.executable, "-m", "quotes.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urlopen(url, timeout=5) as r:
                return r.read()
        except (URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_serve_answers_on_loopback(db_location: str, tmp_path: Path):
    port = free_port()
    server = subprocess.Popen([*QUOTES, "serve", "--db", db_location, "--port", str(port),
                               "--log-level", "warning"], cwd=tmp_path, stderr=subprocess.DEVNULL)
    try:
        stats = json.loads(get(f"http://127.0.0.1:{port}/api/stats", time.monotonic() + 30))
        assert stats["articles"] > 0
        assert b"Cari kutipan" in get(f"http://127.0.0.1:{port}/search", time.monotonic() + 5)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _worker_processes(parent: int) -> int:
    """How many of ``parent``'s children are multiprocessing workers (Linux /proc)."""
    count = 0
    for pid in child_pids(parent):
        try:
            count += b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
    return count


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes in Linux's /proc")
def test_serve_on_several_workers(db_location: str, tmp_path: Path):
    port = free_port()
    server = subprocess.Popen([*QUOTES, "serve", "--db", db_location, "--port", str(port), "--workers", "2",
                               "--log-level", "warning"], cwd=tmp_path, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        for _ in range(6):  # requests go to either worker: each must know the database
            assert json.loads(get(f"http://127.0.0.1:{port}/api/stats", deadline))["articles"] > 0
        assert _worker_processes(server.pid) == 2
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_refuses_a_missing_database(tmp_path: Path):
    done = subprocess.run([*QUOTES, "serve", "--db", str(tmp_path / "none.db")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "no database at" in done.stderr


def test_serve_needs_a_token_to_allow_ingest(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("QUOTES_INGEST_TOKEN", raising=False)
    done = subprocess.run([*QUOTES, "serve", "--allow-ingest"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "QUOTES_INGEST_TOKEN" in done.stderr
