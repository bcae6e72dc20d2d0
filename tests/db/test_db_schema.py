"""Schema version and migrations, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from dbhelp import fake_extractor, make_records, stored_pairs
from quotes.db import query, schema, trails
from quotes.db.compact import segments
from quotes.db.ingest import ingest
from quotes.db.sources import parse_record
from quotes.db.schema import schema_version
from quotes.db.store import DbError, engine_for, open_db


def stored_version(url: str) -> int:
    engine = engine_for(url)
    with engine.connect() as c:
        version = c.execute(sa.select(schema_version.c.version)).scalar_one()
    engine.dispose()
    return version


def test_new_database_records_the_current_version(engine, db_url):
    assert stored_version(db_url) == schema.SCHEMA_VERSION


# What version 1 had instead of quotes.sort_key: an FTS5 table keyed by quote id.
V1_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')",
)


# What version 8 had: the full-text index with each quote's text size
V8_SQLITE_FTS = (
    "DROP TABLE quotes_fts",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='sort_key', "
    "tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')",
)


def make_version_10(conn) -> None:
    """Turn a current database, rows and all, back into what version 10 stored (SQLite: no
    tags; speakers', outlets' quotes and trails' copies indexed in search order)."""
    if conn.dialect.name == "sqlite":
        for table in ("quotes", "quote_trails"):
            for change in ("insert", "delete", "update"):
                conn.exec_driver_sql(f"DROP TRIGGER {table}_tag_{change}")
        conn.exec_driver_sql("DROP TABLE quote_tags")
        conn.exec_driver_sql("DROP INDEX quotes_by_speaker")
        conn.exec_driver_sql("DROP INDEX quote_trails_by_trail")
        conn.exec_driver_sql("CREATE INDEX quotes_speaker_order ON quotes (speaker_id, sort_key)")
        conn.exec_driver_sql("CREATE INDEX quotes_outlet_order ON quotes (outlet_key, sort_key)")
        conn.exec_driver_sql("CREATE INDEX quote_trails_trail_order ON quote_trails (trail_id, sort_key)")
    conn.execute(schema_version.update().values(version=10))


def make_version_9(conn) -> None:
    """Turn a current database, rows and all, back into what version 9 stored: no copies per
    speaker kept."""
    make_version_10(conn)
    conn.exec_driver_sql("DROP TABLE trail_speakers")
    conn.execute(schema_version.update().values(version=9))


def make_version_8(conn) -> None:
    """Turn a current database, rows and all, back into what version 8 stored (SQLite: the
    full-text index with its table of text sizes)."""
    make_version_9(conn)
    if conn.dialect.name == "sqlite":
        for statement in V8_SQLITE_FTS:
            conn.exec_driver_sql(statement)
    conn.execute(schema_version.update().values(version=8))


def make_version_7(conn) -> None:
    """Turn a current database, rows and all, back into what version 7 stored: quote trails
    indexed by their exact words alone and by trail, with no sort keys; no kept copies per
    outlet; no speakers' surnames."""
    make_version_8(conn)
    conn.exec_driver_sql("DROP TABLE trail_outlets")
    conn.exec_driver_sql("DROP INDEX quote_trails_exact_trail")
    conn.exec_driver_sql("DROP INDEX quote_trails_trail_order")
    conn.exec_driver_sql("ALTER TABLE quote_trails DROP COLUMN sort_key")
    conn.exec_driver_sql("CREATE INDEX quote_trails_exact ON quote_trails (exact)")
    conn.exec_driver_sql("CREATE INDEX quote_trails_trail ON quote_trails (trail_id)")
    conn.exec_driver_sql("DROP INDEX speakers_surname")
    conn.exec_driver_sql("ALTER TABLE speakers DROP COLUMN surname")
    conn.execute(schema_version.update().values(version=7))


def make_version_6(conn) -> None:
    """Turn a current database, rows and all, back into what version 6 stored: no word pairs."""
    make_version_7(conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP INDEX quotes_pg_pairs")
        conn.exec_driver_sql("ALTER TABLE quotes DROP COLUMN text_pairs")
    else:
        for trigger in ("insert", "delete", "update"):
            conn.exec_driver_sql(f"DROP TRIGGER quote_pairs_{trigger}")
        conn.exec_driver_sql("DROP TABLE quote_pairs")
    conn.execute(schema_version.update().values(version=6))


def make_version_5(conn) -> None:
    """Turn a current database, rows and all, back into what version 5 stored: no outlet key
    with the quotes but an index on lower(outlet); on PostgreSQL, a full-text index on
    to_tsvector(text) and no stored words."""
    make_version_6(conn)
    conn.exec_driver_sql("DROP INDEX quotes_outlet_order")
    conn.exec_driver_sql("ALTER TABLE quotes DROP COLUMN outlet_key")
    conn.exec_driver_sql("CREATE INDEX articles_outlet_key ON articles (lower(outlet))")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP INDEX quotes_pg_fts")
        conn.exec_driver_sql("ALTER TABLE quotes DROP COLUMN text_vector")
        conn.exec_driver_sql("CREATE INDEX quotes_pg_fts ON quotes USING gin (to_tsvector('simple'::regconfig, text))")
    conn.execute(schema_version.update().values(version=5))


def make_version_3(conn) -> None:
    """Turn a current database, rows and all, back into what version 3 stored: no trails, no
    time of publication, no kept counts, no lower(outlet) index, and (on PostgreSQL) no
    full-text index, which it never made."""
    make_version_5(conn)
    for table in ("trail_keys", "quote_trails", "trails"):  # version 5
        conn.exec_driver_sql(f"DROP TABLE {table}")
    conn.exec_driver_sql("ALTER TABLE articles DROP COLUMN published_at")
    conn.exec_driver_sql("DROP INDEX speakers_by_quotes")
    conn.exec_driver_sql("DROP INDEX articles_outlet_key")
    conn.exec_driver_sql("DROP TABLE counters")
    conn.exec_driver_sql("ALTER TABLE speakers DROP COLUMN quotes")
    conn.exec_driver_sql("ALTER TABLE speakers DROP COLUMN articles")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP INDEX quotes_pg_fts")
    conn.execute(schema_version.update().values(version=3))


def make_version_1(conn) -> None:
    """Turn a current database, rows and all, back into what version 1 stored (which has
    every table and index of the version 3 schema but those undone below)."""
    make_version_3(conn)
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        for statement in schema._SQLITE_FTS_DROP:
            conn.exec_driver_sql(statement)
    conn.exec_driver_sql("DROP INDEX quotes_sort_key")
    conn.exec_driver_sql("DROP INDEX quotes_speaker_order")
    conn.exec_driver_sql("CREATE INDEX quotes_speaker ON quotes (speaker_id)")
    conn.exec_driver_sql("DROP INDEX speaker_titles_key")
    conn.exec_driver_sql("ALTER TABLE quotes DROP COLUMN sort_key")
    if sqlite:
        for statement in V1_SQLITE_FTS:
            conn.exec_driver_sql(statement)
    conn.execute(schema_version.update().values(version=1))


def test_version_1_database_is_migrated(engine, db_url):
    records = make_records(30)
    for r in records[::7]:
        r["published"] = None  # undated articles sort last, before and after
    ingest(engine, [parse_record(json.dumps(r)) for r in records], fake_extractor)
    with engine.connect() as c:
        before = [query.search(c, "tenang", limit=None), query.search(c, None, speaker="Blinken", limit=7),
                  query.search(c, None, outlet="TEMPO", limit=None)]
    with engine.begin() as c:
        make_version_1(c)
        assert "sort_key" not in {col["name"] for col in sa.inspect(c).get_columns("quotes")}
    engine.dispose()
    migrated = open_db(db_url)
    with migrated.connect() as c:
        assert [query.search(c, "tenang", limit=None), query.search(c, None, speaker="Blinken", limit=7),
                query.search(c, None, outlet="TEMPO", limit=None)] == before
        assert before[2] and {q.outlet for q in before[2]} == {"Tempo"}
        assert {i["name"] for i in sa.inspect(c).get_indexes("speaker_titles")} == {"speaker_titles_key"}
        if c.dialect.name == "sqlite":
            c.exec_driver_sql("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
    assert stored_version(db_url) == schema.SCHEMA_VERSION == 12
    with migrated.connect() as c:  # version 5: the stored quotes are grouped into trails
        grouped = c.execute(sa.select(schema.quote_trails.c.trail_id)).scalars().all()
        assert len(grouped) == len(records) * 2
        # the first quote of every article differs only by topic (five topics) in this archive
        assert len(set(grouped)) == 5 + len(records)
    inspector = sa.inspect(engine_for(db_url))
    indexes = {i["name"] for i in inspector.get_indexes("quotes")}
    speakers_index = "quotes_by_speaker" if not db_url.startswith("postgresql") else "quotes_speaker_order"
    assert {"quotes_sort_key", speakers_index} <= indexes and "quotes_speaker" not in indexes
    if db_url.startswith("postgresql"):  # version 6: the words stored, and indexed
        assert "text_vector" in {col["name"] for col in inspector.get_columns("quotes")}
    ingest(migrated, [parse_record(json.dumps(r)) for r in make_records(5, start=30)], fake_extractor)
    with migrated.connect() as c:
        assert len(query.search(c, "tenang", limit=None)) == len(before[0]) + 5
    migrated.dispose()


def test_version_6_database_gets_its_word_pairs(engine, db_url):
    ingest(engine, [parse_record(json.dumps(r)) for r in make_records(20)], fake_extractor)
    with engine.connect() as c:
        before = [query.search(c, text, limit=None) for text in ('"anggaran negara"', '"negara anggaran"')]
    with engine.begin() as c:
        make_version_6(c)
    engine.dispose()
    migrated = open_db(db_url)
    with migrated.connect() as c:
        assert [query.search(c, text, limit=None) for text in ('"anggaran negara"', '"negara anggaran"')] == before
        assert len(before[0]) == 4 and before[1] == []
        assert stored_pairs(c, "anggaran_negara") == 4 and stored_pairs(c, "harus_membicarakan") == 20
    ingest(migrated, [parse_record(json.dumps(r)) for r in make_records(5, start=20)], fake_extractor)
    with migrated.connect() as c:  # new quotes go into the pair index as before
        assert stored_pairs(c, "harus_membicarakan") == 25
    migrated.dispose()
    assert stored_version(db_url) == schema.SCHEMA_VERSION


def test_version_7_database_gets_its_trail_index(engine, db_url):
    records = make_records(20)
    ingest(engine, [parse_record(json.dumps(r)) for r in records], fake_extractor)
    with engine.connect() as c:
        quote_ids = c.execute(sa.select(schema.quotes.c.id)).scalars().all()
        before = trails.summaries(c, quote_ids)
    with engine.begin() as c:
        make_version_7(c)
    engine.dispose()
    migrated = open_db(db_url)
    indexes = {i["name"]: i["column_names"] for i in sa.inspect(engine_for(db_url)).get_indexes("quote_trails")}
    assert indexes.get("quote_trails_exact_trail") == ["exact", "trail_id"] and "quote_trails_exact" not in indexes
    by_trail = ("quote_trails_by_trail", ["trail_id"]) if not db_url.startswith("postgresql") else \
        ("quote_trails_trail_order", ["trail_id", "sort_key"])
    assert indexes.get(by_trail[0]) == by_trail[1] and "quote_trails_trail" not in indexes
    with migrated.connect() as c:  # sort keys copied, copies per outlet counted: the same reach
        assert trails.summaries(c, quote_ids) == before
        assert sorted({(s.copies, s.outlets) for s in before.values()}) == [(1, 1), (4, 3)]
        assert c.execute(sa.select(sa.func.count()).select_from(schema.quote_trails.join(
            schema.quotes, schema.quotes.c.id == schema.quote_trails.c.quote_id))
            .where(schema.quotes.c.sort_key != schema.quote_trails.c.sort_key)).scalar_one() == 0
    ingest(migrated, [parse_record(json.dumps(r)) for r in make_records(5, start=20)], fake_extractor)
    with migrated.connect() as c:  # the new copies joined the stored statements' trails
        grouped = c.execute(sa.select(schema.quote_trails.c.trail_id)).scalars().all()
        assert len(grouped) == 25 * 2 and len(set(grouped)) == 5 + 25
    migrated.dispose()
    assert stored_version(db_url) == schema.SCHEMA_VERSION


def test_version_7_database_gets_its_speakers_surnames(engine, db_url):
    records = make_records(10) + [{"id": "tokoh", "text": '"Kita mulai," kata Budi Hartono.'},
                                  {"id": "satu", "text": '"Cukup," kata Sukarno.'}]
    ingest(engine, [parse_record(json.dumps(r)) for r in records], fake_extractor)
    with engine.begin() as c:
        make_version_7(c)
    engine.dispose()
    migrated = open_db(db_url)
    with migrated.connect() as c:  # each full name's last word; none for a one-word name
        assert c.execute(sa.select(schema.speakers.c.key, schema.speakers.c.surname)
                         .order_by(schema.speakers.c.key)).all() == [
            ("antony blinken", "blinken"), ("budi hartono", "hartono"), ("hadi santoso", "santoso"),
            ("joko widodo", "widodo"), ("retno marsudi", "marsudi"), ("sri mulyani", "mulyani"), ("sukarno", None)]
    indexes = {i["name"]: i["column_names"] for i in sa.inspect(engine_for(db_url)).get_indexes("speakers")}
    assert indexes.get("speakers_surname") == ["surname"]
    # a bare surname first seen after the migration is the stored full name it belongs to
    ingest(migrated, [parse_record(json.dumps({"id": "lagi", "text": '"Lanjut," kata Hartono.'}))], fake_extractor)
    with migrated.connect() as c:
        hartono = [(s.name, s.quotes, s.aliases) for s in query.list_speakers(c) if "Hartono" in s.name]
        assert hartono == [("Budi Hartono", 2, ("Hartono",))]
    migrated.dispose()
    assert stored_version(db_url) == schema.SCHEMA_VERSION


def test_older_database_is_migrated_on_open(engine, db_url, monkeypatch):
    engine.dispose()
    seen = []

    def add_column(conn):  # what a real migration does: change tables inside the transaction
        seen.append(conn.dialect.name)
        conn.execute(sa.text("ALTER TABLE articles ADD COLUMN migrated_note TEXT"))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION - 1, add_column)
    open_db(db_url).dispose()
    assert seen and stored_version(db_url) == schema.SCHEMA_VERSION
    open_db(db_url).dispose()  # already migrated: the migration does not run again
    assert len(seen) == 1
    inspector = sa.inspect(engine_for(db_url))
    assert "migrated_note" in {c["name"] for c in inspector.get_columns("articles")}


def test_failed_migration_leaves_the_old_version(engine, db_url, monkeypatch):
    engine.dispose()
    old = schema.SCHEMA_VERSION

    def broken(conn):
        conn.execute(sa.text("ALTER TABLE articles ADD COLUMN half_done TEXT"))
        raise sa.exc.OperationalError("migration", {}, Exception("disk full"))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", old + 1)
    monkeypatch.setitem(schema.MIGRATIONS, old, broken)
    with pytest.raises(DbError, match="disk full"):
        open_db(db_url)
    assert stored_version(db_url) == old
    if not db_url.startswith("postgresql"):  # SQLite and PostgreSQL both roll DDL back
        assert "half_done" not in {c["name"] for c in sa.inspect(engine_for(db_url)).get_columns("articles")}


def test_newer_database_is_refused(engine, db_url):
    with engine.begin() as c:
        c.execute(schema_version.update().values(version=schema.SCHEMA_VERSION + 1))
    with pytest.raises(DbError, match="newer than this program"):
        open_db(db_url)


def test_tables_without_a_version_are_not_taken_over(db_url):
    engine = engine_for(db_url)
    schema.metadata.create_all(engine, tables=[schema.articles])
    engine.dispose()
    with pytest.raises(DbError, match="not made by `quotes db`"):
        open_db(db_url, create=True)


def test_empty_version_table_is_an_error(db_url):
    engine = engine_for(db_url)
    schema.metadata.create_all(engine)
    engine.dispose()
    with pytest.raises(DbError, match="schema version is missing"):
        open_db(db_url, create=True)


def _fts_sizes(c) -> int:
    """Rows in the full-text index's table of text sizes (none without one)."""
    if not sa.inspect(c).has_table("quotes_fts_docsize"):
        return 0
    return c.exec_driver_sql("SELECT count(*) FROM quotes_fts_docsize").scalar_one()


def test_version_8_database_loses_its_text_sizes(engine, db_url):
    ingest(engine, [parse_record(json.dumps(r)) for r in make_records(20)], fake_extractor)
    searches = ["tenang", '"anggaran negara"', "Nomor 7 angka"]
    with engine.connect() as c:
        before = [query.search(c, text, limit=None) for text in searches]
    with engine.begin() as c:
        make_version_8(c)
        assert db_url.startswith("postgresql") or _fts_sizes(c) == 40
    engine.dispose()
    migrated = open_db(db_url)
    with migrated.connect() as c:
        assert [query.search(c, text, limit=None) for text in searches] == before
        assert [len(found) for found in before] == [20, 4, 1]
        assert _fts_sizes(c) == 0
        if c.dialect.name == "sqlite":
            c.exec_driver_sql("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
            assert segments(c, "quotes_fts") == 1
    ingest(migrated, [parse_record(json.dumps(r)) for r in make_records(5, start=20)], fake_extractor)
    with migrated.connect() as c:  # the index is kept by its triggers as before
        assert len(query.search(c, "tenang", limit=None)) == 25
    migrated.dispose()
    assert stored_version(db_url) == schema.SCHEMA_VERSION


def test_version_9_database_counts_its_speakers_statements(engine, db_url):
    ingest(engine, [parse_record(json.dumps(r)) for r in make_records(30)], fake_extractor, batch_size=7)
    with engine.connect() as c:
        ids = c.execute(sa.select(schema.speakers.c.id)).scalars().all()
        before = trails.statement_counts(c, ids)
    assert before and max(before.values()) > 1
    with engine.begin() as c:
        make_version_9(c)
        assert not sa.inspect(c).has_table("trail_speakers")
    engine.dispose()
    migrated = open_db(db_url)
    with migrated.connect() as c:
        assert trails.statement_counts(c, ids) == before
    migrated.dispose()
    assert stored_version(db_url) == schema.SCHEMA_VERSION
