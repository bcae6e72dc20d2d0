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


MINISTER = ("Menteri Keuangan Sri Mulyani mengatakan bahwa ekonomi Indonesia tumbuh lima persen "
            "tahun ini. Ia tiba di Surabaya pada Senin pagi.")


def test_sentences_entities_and_syntax_of_a_hand_written_text():
    a = analyse(MINISTER)
    assert [s.text for s in a.sentences] == [
        "Menteri Keuangan Sri Mulyani mengatakan bahwa ekonomi Indonesia tumbuh lima persen tahun ini.",
        "Ia tiba di Surabaya pada Senin pagi."]
    assert [(e.text, e.type) for e in a.entities] == [("Sri Mulyani", "PER"), ("Indonesia", "LOC"), ("Surabaya", "LOC")]
    words = [t.text for t in a.tokens]
    verb, content, tiba = words.index("mengatakan"), words.index("tumbuh"), words.index("tiba")
    assert (a.tokens[verb].head, a.tokens[verb].deprel) == (-1, "root")
    assert (a.tokens[content].head, a.tokens[content].deprel) == (verb, "ccomp")
    assert (a.tokens[words.index("Ia")].head, a.tokens[words.index("Ia")].deprel) == (tiba, "nsubj")


def test_a_clitic_is_its_own_word_with_its_own_offsets():
    a = analyse("Menurutnya, harga beras naik karena panen gagal.")
    assert [(t.start, t.end, t.text) for t in a.tokens[:3]] == [(0, 7, "Menurut"), (7, 10, "nya"), (10, 11, ",")]


@pytest.mark.parametrize("text, content, person", [
    ("Joko Widodo, yang baru pulang dari Tokyo, mengatakan pemerintah akan menaikkan harga bensin.",
     "pemerintah akan menaikkan harga bensin", "Joko Widodo"),
    ("Budi Santoso, pedagang di Pasar Senen, mengaku ia berjualan karena ia khawatir harga cabai "
     "akan terus naik.", "ia berjualan karena ia khawatir harga cabai akan terus naik", "Budi Santoso"),
])
@pytest.mark.parametrize("mode", ["stanza", "both"])
def test_the_subject_of_the_speech_verb_speaks_not_the_place_before_it(text: str, content: str, person: str,
                                                                        mode: str):
    [quote] = extract_nlp(text, None, mode)
    assert (quote.kind, quote.text, quote.speaker, quote.resolution) == ("indirect", content, person, "name")
    assert text[quote.start:quote.end] == content


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
