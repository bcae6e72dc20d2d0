"""Long runs: a live count on a terminal, a one-line summary, silence when piped; and one
article that cannot be extracted never stops the others."""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from quotes import pipeline
from quotes.cli import main
from quotes.pipeline import extract_nlp

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FILES = sorted(SAMPLES.glob("*.txt"))


def on_a_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run `quotes ARGS` with stderr on a pseudo-terminal; (exit code, what it showed there)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "quotes.cli", *args], stdout=subprocess.DEVNULL,
                            stderr=follower, cwd=cwd)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the run is over
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc.wait(timeout=120), shown.decode("utf-8", "replace")


COPIES = 100  # enough articles to take several redraws (0.2 s each) on a fast machine


def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "arsip"
    folder.mkdir()
    for k in range(COPIES):
        for f in FILES:
            (folder / f"{k:02d}_{f.name}").write_text(f.read_text(encoding="utf-8") + f"\n{k}\n", encoding="utf-8")
    return folder


def counts_shown(shown: str, total: int) -> list[int]:
    """The counts the live line showed, in order ("37/60")."""
    return [int(n) for n in re.findall(rf"(\d+)/{total} ", shown)]


def test_extract_counts_on_a_terminal_and_sums_up(tmp_path: Path) -> None:
    total = COPIES * len(FILES)
    code, shown = on_a_terminal("extract", str(archive(tmp_path)), "-o", "out.jsonl", "-f", "jsonl", "-j", "1",
                                cwd=tmp_path)
    quotes = len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines())
    assert code == 0
    seen = counts_shown(shown, total)
    assert len(seen) >= 2 and seen == sorted(seen) and "files/s" in shown  # a live count, total and rate
    last = shown.replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith(f"quotes: {total:,} files, {quotes:,} quotes in 00:")


def test_ingest_counts_on_a_terminal_and_sums_up(tmp_path: Path) -> None:
    total = COPIES * len(FILES)
    code, shown = on_a_terminal("db", "ingest", str(archive(tmp_path)), "--db", "q.db", "-j", "1", cwd=tmp_path)
    assert code == 0
    seen = counts_shown(shown, total)
    assert len(seen) >= 2 and seen == sorted(seen) and "articles/s" in shown
    last = shown.replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith(f"quotes: q.db: {total} articles added") and " in 00:" in last


def test_piped_there_is_no_progress(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", str(SAMPLES), "-j", "1"],
                            capture_output=True, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout and result.stderr == b""


def test_an_article_that_cannot_be_extracted_is_reported_and_the_rest_printed(monkeypatch, capsys):
    def fragile(text, rules, nlp="rules", stanza_dir=None):
        if text == FILES[1].read_text(encoding="utf-8"):
            raise MemoryError()
        return extract_nlp(text, rules, nlp, stanza_dir)
    monkeypatch.setattr(pipeline, "extract_nlp", fragile)
    assert main(["extract", *map(str, FILES), "-j", "1", "-f", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert err == f"quotes: skipped {FILES[1]}: extraction failed (MemoryError)\n"
    docs = {line.split('"doc": "')[1].split('"')[0] for line in out.splitlines()}
    assert docs == {str(f) for f in FILES} - {str(FILES[1])}


def test_nothing_extracted_is_a_failure(monkeypatch, capsys):
    def broken(text, rules, nlp="rules", stanza_dir=None):
        raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(pipeline, "extract_nlp", broken)
    assert main(["extract", str(FILES[0]), "-j", "1"]) == 1
    assert capsys.readouterr().err == (f"quotes: skipped {FILES[0]}: extraction failed "
                                       "(RecursionError: maximum recursion depth exceeded)\n")
