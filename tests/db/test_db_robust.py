"""Nothing an archive holds stops an ingest: each bad record or article is reported and
skipped, every other article is stored (issue 10's reproducers), on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import os
import random
import string
from pathlib import Path

import pytest
import sqlalchemy as sa

from dbhelp import dump, fake_extract, fake_extract_nlp, fake_extractor, make_records, write_jsonl
from quotes import parallel, pipeline
from quotes.cli import main
from quotes.db import sources
from quotes.db.ingest import ingest
from quotes.db.layout import MAX_QUOTES_PER_ARTICLE
from quotes.db.schema import articles, quotes, speakers
from quotes.db.sources import read_articles
from quotes.inputs import Problem
from quotes.model import Quote

SAMPLES = Path(__file__).parents[2] / "samples"

# The article that stopped every ingest of dev (issue 10): a bare name first, then the fuller
# name that absorbs it, in one article.
BARE_THEN_FULL = '"Kami siap," kata Sofrayani.\n\n"Semua jemaah sehat," kata Hadi Sofrayani.'


def stored_keys(engine) -> list[str]:
    with engine.connect() as c:
        return sorted(c.execute(sa.select(articles.c.key)).scalars())


def run(engine, paths, extract=fake_extractor, **options):
    problems: list[Problem] = []
    counts = ingest(engine, read_articles([str(p) for p in paths]), extract, on_problem=problems.append, **options)
    return counts, problems


def test_a_bare_name_absorbed_later_in_the_same_article(engine, tmp_path):
    # the bare name's speaker row was deleted while the article's first quote, prepared
    # before the second was resolved, still pointed at it: FOREIGN KEY constraint failed
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "kemenag", "text": BARE_THEN_FULL}])
    counts, problems = run(engine, [path])
    assert problems == [] and (counts.added, counts.quotes) == (1, 2)
    with engine.connect() as c:
        rows = c.execute(sa.select(quotes.c.speaker, speakers.c.name)
                         .join(speakers, quotes.c.speaker_id == speakers.c.id).order_by(quotes.c.position)).all()
        names = c.execute(sa.select(speakers.c.name, speakers.c.quotes, speakers.c.articles)).all()
    assert [tuple(n) for n in names] == [("Hadi Sofrayani", 2, 1)]  # the kept counts follow the merge
    assert [tuple(r) for r in rows] == [("Sofrayani", "Hadi Sofrayani"), ("Hadi Sofrayani", "Hadi Sofrayani")]


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


BAD_RECORDS = {
    "surrogate in text": ('{"id": "s1", "text": "\\"Siap,\\" kata Budi \\ud800."}', "lone surrogate (\\ud800)"),
    "surrogate in title": ('{"id": "s2", "title": "\\udfff", "text": "\\"Siap,\\" kata Budi."}', "lone surrogate"),
    "surrogate in a key": ('{"id": "s3", "\\ud83d": 1, "text": "\\"Siap,\\" kata Budi."}', "lone surrogate"),
    "nested 340 deep": ('{"id": "n1", "extra": ' + _deep(340) + ', "text": "\\"Siap,\\" kata Budi."}',
                        "nested deeper than 32 levels"),
    "nested 100,000 deep": ('{"id": "n2", "extra": ' + _deep(100_000) + ', "text": "x"}',
                            "nested deeper than 32 levels"),
    "a 10,000-character id": (json.dumps({"id": "x" * 10_000, "text": '"Siap," kata Budi.'}),
                              '"id" is 10,000 characters long'),
    "a 10,000-character url": (json.dumps({"url": "u" * 10_000, "text": '"Siap," kata Budi.'}),
                               '"url" is 10,000 characters long'),
}


def test_bad_records_are_reported_and_the_good_ones_stored(engine, tmp_path):
    good = make_records(4)
    lines = [good[0], *(line for line, _ in BAD_RECORDS.values()), *good[1:]]
    path = write_jsonl(tmp_path / "arsip.jsonl", lines)
    counts, problems = run(engine, [path])
    assert stored_keys(engine) == [r["id"] for r in good]
    assert (counts.added, counts.quotes, counts.problems) == (4, 8, len(BAD_RECORDS))
    for number, (name, (_, why)) in enumerate(BAD_RECORDS.items(), 2):
        assert problems[number - 2].name == f"{path}:{number}", name
        assert why in problems[number - 2].why, name


def test_a_byte_order_mark_keeps_the_first_record(engine, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(json.dumps(r) for r in make_records(2)).encode())
    counts, problems = run(engine, [path])
    assert problems == [] and stored_keys(engine) == ["art-00000", "art-00001"]


def test_a_record_over_the_limit_is_skipped_unread(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_RECORD_BYTES", 2_000)
    records = make_records(3)
    huge = json.dumps({"id": "huge", "text": "kata " * 100_000})  # 500 KB on one line
    path = write_jsonl(tmp_path / "huge.jsonl", [records[0], huge, records[1], records[2]])
    counts, problems = run(engine, [path])
    assert stored_keys(engine) == ["art-00000", "art-00001", "art-00002"]
    assert [(p.name, p.why) for p in problems] == [
        (f"{path}:2", "record too large (over 2,000 bytes); skipped unread")]


def test_an_article_whose_extraction_fails_is_reported_and_the_others_stored(engine, tmp_path, monkeypatch):
    def fragile(text, rules=None, mode="rules", stanza_dir=None):
        if "nomor 1." in text:
            raise MemoryError()
        return fake_extract(text)
    monkeypatch.setattr(pipeline, "extract_nlp", fragile)
    path = write_jsonl(tmp_path / "a.jsonl", make_records(3))
    counts, problems = run(engine, [path], lambda texts: parallel.map_extract(texts))
    assert stored_keys(engine) == ["art-00000", "art-00002"]
    assert [(p.name, p.why) for p in problems] == [(f"{path}:2", "extraction failed (MemoryError)")]


def test_an_article_the_database_refuses_is_reported_and_the_batch_stored(engine, tmp_path):
    # PostgreSQL indexes at most ~2,700 bytes a key (after compression, so the folder names
    # are random): a text file deep enough has a longer path
    rng = random.Random(10)
    deep = tmp_path.joinpath(*("".join(rng.choices(string.ascii_letters, k=250)) for _ in range(14)))
    deep.mkdir(parents=True)
    (deep / "berita.txt").write_text('"Siap," kata Hadi Santoso.\n', encoding="utf-8")
    jsonl = write_jsonl(tmp_path / "a.jsonl", make_records(3))
    counts, problems = run(engine, [jsonl, deep / "berita.txt", jsonl.with_name("b.jsonl")], batch_size=10)
    keys = stored_keys(engine)
    assert {"art-00000", "art-00001", "art-00002"} <= set(keys)
    if engine.dialect.name == "postgresql":
        assert len(keys) == 3 and counts.added == 3
        why = {p.name: p.why for p in problems}
        assert why.pop(str(deep / "berita.txt")).startswith("cannot be stored (index row")
        assert why == {str(jsonl.with_name("b.jsonl")): "cannot read: No such file or directory"}
    else:  # SQLite has no such limit
        assert len(keys) == 4 and counts.added == 4


def test_a_database_that_refuses_everything_stops_the_run(engine, tmp_path):
    with engine.begin() as c:
        c.execute(sa.text("DROP TABLE quotes" + (" CASCADE" if engine.dialect.name == "postgresql" else "")))
    path = write_jsonl(tmp_path / "a.jsonl", make_records(3))
    with pytest.raises(sa.exc.DBAPIError):
        run(engine, [path])


def test_quotes_past_the_cap_are_not_counted_as_stored(engine, tmp_path):
    def many(texts):
        return [[Quote("direct", "x", 0, 1, confidence=0.5)] * (MAX_QUOTES_PER_ARTICLE + 5) for _ in texts]
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "banyak", "text": "x" * 10}])
    counts, _ = run(engine, [path], many)
    with engine.connect() as c:
        assert counts.quotes == c.execute(sa.select(sa.func.count()).select_from(quotes)).scalar() \
            == MAX_QUOTES_PER_ARTICLE


def test_one_file_is_one_article_however_its_path_is_typed(db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(SAMPLES)
    spellings = ["01_banjir_lembah_hijau.txt", "../samples/01_banjir_lembah_hijau.txt",
                 str(SAMPLES / "01_banjir_lembah_hijau.txt"), "./"]
    for spelling in spellings:
        assert main(["db", "ingest", spelling, "--db", db_url, "-j", "1"]) == 0
    assert len(dump(db_url)["articles"]) == len(list(SAMPLES.glob("*.txt")))
    capsys.readouterr()
    for spelling in spellings[:3]:
        assert main(["db", "show", spelling, "--db", db_url, "-f", "jsonl"]) == 0
        assert capsys.readouterr().out


def test_export_to_a_full_disk_is_a_message(db_url, tmp_path, monkeypatch, capsys):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    monkeypatch.setattr(pipeline, "extract_nlp", fake_extract_nlp)
    path = write_jsonl(tmp_path / "a.jsonl", make_records(50))
    assert main(["db", "ingest", str(path), "--db", db_url, "-j", "1"]) == 0
    capsys.readouterr()
    assert main(["db", "export", "--db", db_url, "-o", "/dev/full"]) == 1
    assert capsys.readouterr().err == "quotes: cannot write /dev/full: No space left on device\n"


def test_ids_that_differ_only_in_type_are_reported_not_one_article(engine, tmp_path):
    records = make_records(6)
    for record, key in zip(records, [7, "7", "-3", -3, 7, "007"]):
        record["id"] = key
    path = write_jsonl(tmp_path / "a.jsonl", records)
    counts, problems = run(engine, [path])
    assert [(p.name, p.why) for p in problems] == [
        (f"{path}:2", f'"id" "7" is {path}:1\'s "id" 7: a number and a string, one article cannot be both; '
                      "skipped (give every id as a string)"),
        (f"{path}:4", f'"id" -3 is {path}:3\'s "id" "-3": a number and a string, one article cannot be both; '
                      "skipped (give every id as a string)")]
    # the same id in the same type is a new version of the article, as ever; "007" no number gives
    assert (counts.added, counts.replaced) == (3, 1)
    with engine.connect() as c:
        assert dict(c.execute(sa.select(articles.c.key, articles.c.text)).all()) == {
            "7": records[4]["text"], "-3": records[2]["text"], "007": records[5]["text"]}
    # an id stored from a number (as every version stored it) is found again from a string
    again = write_jsonl(tmp_path / "b.jsonl", [{**records[4], "id": "7"}])
    counts, problems = run(engine, [again])
    assert (counts.added, counts.unchanged, problems) == (0, 1, [])
