"""The stanza path for real, on the shipped models: offsets, sentences, names, syntax, CLI.

Skipped only where stanza is not installed (CI installs it: scripts/test.sh).
"""
from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import assert_quote_exact

ROOT = Path(__file__).parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


stanza = pytest.importorskip("stanza", reason="stanza is not installed: pip install torch==2.13.0 'quotes[stanza]'")

from quotes.nlp.analysis import analyse  # noqa: E402  (only with stanza)
from quotes.nlp.loader import NlpUnavailable, load_pipeline  # noqa: E402
from quotes.pipeline import extract_nlp  # noqa: E402


def test_a_folder_without_models_is_a_clear_error(tmp_path: Path):
    (tmp_path / "tokenize.pt").write_bytes(b"not a model")
    with pytest.raises(NlpUnavailable, match="lacks mwt.pt"):
        load_pipeline(tmp_path)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_span_of_the_analysis_is_exact(path: Path):
    text = path.read_text(encoding="utf-8")
    a = analyse(text)
    for span in (*a.sentences, *a.tokens, *a.entities):
        assert text[span.start:span.end] == span.text
    assert all(-1 <= t.head < len(a.tokens) for t in a.tokens)
    assert all(a.tokens[t.head].sent_index == t.sent_index for t in a.tokens if t.head >= 0)
    assert sum(t.head == -1 for t in a.tokens) == len(a.sentences)


@pytest.mark.parametrize("mode", ["stanza", "both"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_stanza_modes_keep_quotes_exact(path: Path, mode: str):
    text = path.read_text(encoding="utf-8")
    quotes = extract_nlp(text, None, mode)
    assert quotes
    for q in quotes:
        assert_quote_exact(text, q)


def readme_example() -> list[str]:
    line = next(ln for ln in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if "quotes extract --nlp stanza" in ln)
    return shlex.split(line.strip())[1:]  # drop the .venv/bin/quotes of a user's checkout


def test_the_readme_stanza_example_works():
    args = readme_example()
    r = subprocess.run([sys.executable, "-m", "quotes.cli", *args, "--format", "jsonl", "--jobs", "1"],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    source = (ROOT / args[-1]).read_text(encoding="utf-8")
    assert rows and all(source[row["start"]:row["end"]] == row["text"] for row in rows)
    assert "Sutrisno Haryadi" in {row["speaker"] for row in rows}
