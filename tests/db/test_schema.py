"""Schema version and migrations, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from quotes.db import schema
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
