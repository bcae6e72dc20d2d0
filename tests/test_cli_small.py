"""Small things a new user meets first: --version, a hint when stdin is a terminal, --jobs
checked, the install command for a missing extra, `models info` as a table, and the
titles a speaker is given."""
from __future__ import annotations

import os
import pty
import shlex
import subprocess
import sys

import pytest

import quotes
from quotes import extract
from quotes.install import extra_command
from test_cli import ROOT, quotes_cli


def test_version():
    r = subprocess.run([sys.executable, "-m", "quotes.cli", "--version"], capture_output=True, cwd=ROOT, timeout=60)
    assert (r.returncode, r.stdout.decode()) == (0, f"quotes {quotes.__version__}\n")


@pytest.mark.parametrize("jobs", ["0", "-2", "x", "1.5"])
def test_jobs_must_be_a_positive_number(jobs):
    r = quotes_cli("extract", "samples", "--jobs", jobs)
    assert r.returncode == 2 and f"{jobs!r} is not a positive whole number" in r.stderr.decode()


def test_a_terminal_on_stdin_gets_a_hint():
    leader, follower = pty.openpty()
    try:
        r = subprocess.Popen([sys.executable, "-m", "quotes.cli", "extract", "--jobs", "1"], stdin=follower,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        os.write(leader, '"Kami siap," kata Budi Santoso.\n'.encode() + b"\x04")
        out, err = r.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert r.returncode == 0 and "Kami siap" in out.decode()
    assert "reading an article from the terminal" in err.decode() and "Ctrl-D" in err.decode()


def test_piped_stdin_gets_no_hint():
    r = quotes_cli("extract", stdin='"Kami siap," kata Budi Santoso.\n'.encode())
    assert r.returncode == 0 and r.stderr == b""


def test_the_install_command_fits_this_installation():
    command = extra_command("web")
    assert command.startswith(f"{shlex.quote(sys.executable)} -m pip install ")
    # the tests run from a checkout installed with `pip install -e .`
    assert command.endswith(shlex.quote(f"{ROOT}[web]")) and " -e " in command
    assert extra_command("stanza", before="torch==2.13.0").count(" -m pip install ") == 2


def test_models_info_is_a_table():
    r = subprocess.run([sys.executable, "-m", "quotes.cli", "models", "info"], capture_output=True, cwd=ROOT,
                       timeout=60)
    lines = r.stdout.decode().splitlines()
    assert r.returncode == 0 and lines[0].startswith("folder  ")
    header = next(i for i, line in enumerate(lines) if line.startswith("model "))
    assert lines[header].split("  ")[0:1] == ["model"] and "held-out score" in lines[header]
    rows = {line.split()[0]: line for line in lines[header + 1:]}
    assert "tokens 98.52 / 99.61" in rows["tokenize"] and "F1 69.43" in rows["ner"]
    assert rows["total"].split()[-2:] == ["31.9", "MB"]


@pytest.mark.parametrize("text, speaker, title", [
    ('"Kami akan membangun masjid baru," kata H Ahmad Fauzi.', "Ahmad Fauzi", None),
    ('"Kami siap," ujar Haji Mahmud Yunus.', "Mahmud Yunus", None),
    ('"Jalan itu rusak," kata Bupati H Ahmad Dahlan.', "Ahmad Dahlan", "Bupati"),
    ('Menteri Keuangan Sri Rahayu hadir. "Anggaran cukup," kata sang menteri.', "Sri Rahayu", "Menteri Keuangan"),
])
def test_honorifics_and_descriptions_are_no_titles(text, speaker, title):
    [q] = extract(text)
    assert (q.speaker, q.title) == (speaker, title)
