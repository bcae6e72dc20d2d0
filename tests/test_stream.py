"""The streaming command line: the same output as before, documents read only as needed."""
from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path
from typing import Iterator

from quotes.model import KINDS
from quotes.outputs import format_quotes
from quotes.pipeline import extract
from quotes.stream import BATCH, IN_FLIGHT, Options, extract_records

ROOT = Path(__file__).parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
# `quotes extract --format jsonl samples/` as the engine wrote it before the speed work
# (issue 13). Speed changes must leave it byte for byte; when a rules or engine change is
# meant to change it, regenerate it with that command and say why in the commit.
EXPECTED = ROOT / "tests" / "data" / "samples.expected.jsonl"


def test_jsonl_of_the_samples_is_unchanged() -> None:
    for jobs in ("1", "2"):
        result = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", "--format", "jsonl",
                                 "--jobs", jobs, "samples/"], capture_output=True, cwd=ROOT, timeout=300)
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout == EXPECTED.read_bytes(), f"--jobs {jobs}"


def counted(docs: list[tuple[str, str]], taken: list[int]) -> Iterator[tuple[str, str]]:
    """``docs`` one by one, counting in ``taken`` how many were read."""
    for doc in docs:
        taken[0] += 1
        yield doc


def sample_docs(count: int) -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in SAMPLES]
    return list(itertools.islice(itertools.cycle(texts), count))


def test_records_are_the_formatted_quotes_of_each_document_in_order() -> None:
    docs = sample_docs(len(SAMPLES))
    options = Options((), "jsonl", frozenset({"direct"}))
    expected = [format_quotes(name, [q for q in extract(text) if q.kind == "direct"], "jsonl")
                for name, text in docs]
    assert list(extract_records(iter(docs), options, jobs=1)) == [(name, records) for (name, _), records
                                                                   in zip(docs, expected)]
    assert all(expected), "every sample has a direct quote"


def test_one_process_reads_a_document_only_when_its_turn_comes() -> None:
    taken = [0]
    records = extract_records(counted(sample_docs(500), taken), Options((), "jsonl", frozenset(KINDS)), jobs=1)
    next(records)
    assert taken[0] == 2  # the first, and a look at whether a second exists
    next(records)
    assert taken[0] == 2
    next(records)
    assert taken[0] == 3
    records.close()


def test_workers_hold_a_bounded_number_of_documents() -> None:
    taken = [0]
    records = extract_records(counted(sample_docs(2000), taken), Options((), "text", frozenset(KINDS)), jobs=2)
    name, first = next(records)
    assert name == SAMPLES[0].name and first and first[0].startswith(SAMPLES[0].name)
    assert taken[0] <= 2 * IN_FLIGHT * BATCH  # not the 2,000 documents
    records.close()


def test_a_document_whose_extraction_fails_is_named_and_the_others_go_on(monkeypatch) -> None:
    from quotes import pipeline
    from quotes.model import Failed

    def fragile(text, *args, **kwargs):
        if "Sutrisno" in text:
            raise MemoryError
        return extract(text)
    monkeypatch.setattr(pipeline, "extract_nlp", fragile)
    docs = sample_docs(len(SAMPLES))
    out = list(extract_records(iter(docs), Options((), "jsonl", frozenset(KINDS)), jobs=1))
    assert [name for name, _ in out] == [name for name, _ in docs]
    failed = [name for name, records in out if isinstance(records, Failed)]
    assert failed == [name for name, text in docs if "Sutrisno" in text] and len(failed) < len(docs)
