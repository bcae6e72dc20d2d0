"""SQLite's full-text indexes merged once an ingest leaves too many segments, with the same
search results and an index that passes FTS5's own integrity check."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from dbhelp import fake_extractor, make_records
from quotes.db import compact as compact_module, query
from quotes.db.compact import MAX_SEGMENTS, TEXT_INDEXES, compact, segments
from quotes.db.ingest import ingest
from quotes.db.sources import parse_record
from quotes.db.store import open_db

SEARCHES = ["membicarakan", "beras", '"energi bersih"', "tenang membicarakan", "Nomor 7", "zamrud"]


def _records(n: int, start: int = 0) -> list:
    return [parse_record(json.dumps(r)) for r in make_records(n, start)]


def _found(engine) -> dict[str, list[int]]:
    with engine.connect() as c:
        return {s: [q.quote_id for q in query.search(c, s, limit=None)] for s in SEARCHES}


@pytest.fixture
def sqlite_engine(tmp_path):
    """A SQLite database whose FTS5 tables merge nothing on their own: each transaction
    leaves a segment, as the transactions of a large archive do however FTS5 merges them."""
    engine = open_db(str(tmp_path / "quotes.db"), create=True, write=True)
    with engine.begin() as c:
        for table in TEXT_INDEXES:
            c.exec_driver_sql(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
    yield engine
    engine.dispose()


def test_an_ingest_of_many_transactions_ends_with_one_segment(sqlite_engine):
    ingest(sqlite_engine, _records(MAX_SEGMENTS + 4), fake_extractor, batch_size=1)
    with sqlite_engine.connect() as c:
        assert [segments(c, t) for t in TEXT_INDEXES] == [1] * len(TEXT_INDEXES)


def test_merging_keeps_every_result_and_a_sound_index(sqlite_engine, monkeypatch):
    monkeypatch.setattr(compact_module, "MAX_SEGMENTS", 1000)  # ingest leaves the segments
    ingest(sqlite_engine, _records(MAX_SEGMENTS + 4), fake_extractor, batch_size=1)
    with sqlite_engine.connect() as c:
        before = [segments(c, t) for t in TEXT_INDEXES]
    assert min(before) > MAX_SEGMENTS
    found = _found(sqlite_engine)
    assert all(found[s] for s in SEARCHES[:-1]) and found["zamrud"] == []
    monkeypatch.setattr(compact_module, "MAX_SEGMENTS", MAX_SEGMENTS)
    assert compact(sqlite_engine) == list(TEXT_INDEXES)
    with sqlite_engine.begin() as c:
        assert [segments(c, t) for t in TEXT_INDEXES] == [1] * len(TEXT_INDEXES)
        c.exec_driver_sql("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
    assert _found(sqlite_engine) == found
    assert compact(sqlite_engine) == []  # nothing left to merge


def _segment_ids(engine, table: str) -> set[int]:
    with engine.connect() as c:
        return {s for s, in c.exec_driver_sql(f"SELECT DISTINCT segid FROM {table}_idx")}


def test_an_ingest_merges_its_own_segments_and_leaves_the_archives(sqlite_engine, monkeypatch):
    """The cost of merging follows what an ingest added: the archive's segment is not
    rewritten. Only when merging by levels leaves too many is the index made one."""
    # An archive, then a small ingest whose merged segment meets the archive's on its level:
    # the two make one a level above (levels fill up as the digits of a binary counter; the
    # tags, written twice a batch, stay on two levels).
    ingest(sqlite_engine, _records(300), fake_extractor, batch_size=30)
    ingest(sqlite_engine, _records(MAX_SEGMENTS + 4, start=1000), fake_extractor, batch_size=1)
    archive = {t: _segment_ids(sqlite_engine, t) for t in TEXT_INDEXES}
    assert [len(archive[t]) for t in TEXT_INDEXES] == [1, 1, 2]
    ingest(sqlite_engine, _records(MAX_SEGMENTS + 4, start=2000), fake_extractor, batch_size=1)
    for table in TEXT_INDEXES:
        now = _segment_ids(sqlite_engine, table)
        # the archive's largest segment as it was, and this ingest's merged (with the tags'
        # smaller one)
        assert len(now) == 2 and len(archive[table] & now) == 1
    with sqlite_engine.begin() as c:
        c.exec_driver_sql("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
    assert all(_found(sqlite_engine)[s] for s in SEARCHES[:-1])
    monkeypatch.setattr(compact_module, "MAX_SEGMENTS", 1)  # two are too many: one rewrite
    assert compact(sqlite_engine) == list(TEXT_INDEXES)
    assert all(len(_segment_ids(sqlite_engine, t)) == 1 for t in TEXT_INDEXES)


def test_few_segments_are_left_as_they_are(sqlite_engine):
    # a transaction writes the tags at least twice (with the quotes, with their trails)
    ingest(sqlite_engine, _records(3), fake_extractor, batch_size=1)
    with sqlite_engine.connect() as c:  # not worth a rewrite
        words, pairs, tags = [segments(c, t) for t in TEXT_INDEXES]
        assert words == pairs == 3 and 6 <= tags <= MAX_SEGMENTS


def test_postgresql_has_nothing_to_merge(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's merging is tested above")
    ingest(engine, _records(3), fake_extractor, batch_size=1)
    assert compact(engine) == []


def test_a_batch_is_written_in_few_segments(sqlite_engine, monkeypatch):
    # dates that go down and up again: one quote to a statement, or in article order, would
    # start a segment per quote (100 here); now one per statement that writes quotes, which
    # the batch's end and each speaker merge (which reads the quotes) make
    monkeypatch.setattr(compact_module, "MAX_SEGMENTS", 1000)
    statements = []
    sa.event.listen(sqlite_engine, "before_cursor_execute",
                    lambda conn, cursor, statement, *args: statements.append(statement))
    records = make_records(50)
    for i, r in enumerate(records):
        r["published"] = f"2024-05-{1 + (i * 11) % 28:02d}"
    ingest(sqlite_engine, [parse_record(json.dumps(r)) for r in records], fake_extractor, batch_size=50)
    writes = sum(s.startswith('INSERT INTO quotes ') for s in statements)
    # the tags: the speakers' with the quotes and as a speaker is merged, the trails' with
    # their rows and as a trail absorbs another
    tags = writes + sum(s.startswith(('INSERT INTO quote_trails ', 'UPDATE quote_trails ', 'UPDATE quotes SET speaker_id'))
                        for s in statements)
    with sqlite_engine.connect() as c:
        assert [segments(c, t) for t in TEXT_INDEXES] == [writes, writes, tags] and writes <= 5 and tags <= 10
        # and the quotes have the ids that inserting them in article order gives
        assert c.exec_driver_sql("SELECT article_id, position FROM quotes ORDER BY id").all() == \
            [(a, p) for a in range(1, 51) for p in range(2)]
