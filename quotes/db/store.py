"""Opening the quote database: a SQLite file path or a postgresql:// URL."""
from __future__ import annotations

import sqlalchemy as sa

from quotes.db.pairs import index_tokens
# where the database is, and its errors, are the reader's (which needs no SQLAlchemy)
from quotes.db.reader import DEFAULT_DB, DbError, db_location, first_line, is_url, require_file, shown
from quotes.db.schema import SchemaError, ensure_schema


def engine_for(location: str, write: bool = False) -> sa.Engine:
    """An engine for a SQLite path, a sqlite:/// URL or a postgresql:// URL.

    write: its transactions will write; SQLite then takes the write lock when they begin,
    so that two writers queue up instead of one failing on a stale snapshot.
    """
    if not is_url(location):
        return _sqlite_engine(sa.engine.URL.create("sqlite", database=location), write)
    try:
        url = sa.engine.make_url(location)
    except sa.exc.ArgumentError:
        raise DbError(f"not a database URL: {shown(location)!r}") from None
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, write)
    if url.get_backend_name() != "postgresql":
        raise DbError(f"unsupported database {url.get_backend_name()!r}: use a SQLite file path "
                      "or a postgresql:// URL")
    if url.drivername == "postgresql":  # the bare scheme means psycopg 3, the driver we depend on
        url = url.set(drivername="postgresql+psycopg")
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        from quotes.install import extra_command
        raise DbError(f"PostgreSQL needs the {exc.name} driver: {extra_command('postgres')}") from None


def _sqlite_engine(url: sa.engine.URL, write: bool) -> sa.Engine:
    # a writer holds the file for a whole batch; others wait for it rather than fail at once
    engine = sa.create_engine(url, connect_args={"timeout": 60})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that a
        # batch's reads and writes are one transaction (the sqlite3 module would begin late).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL: readers (search, the web UI) are not blocked by an ingest, and a killed
        # writer's unfinished transaction is simply not there on the next open.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # 64 MiB of page cache, not 2: ingest writes index pages all over a growing file
        # (50,000 articles: 1.3x faster), and searches re-read the same pages
        cursor.execute("PRAGMA cache_size = -65536")
        if write:
            # Copy the log into the file every 20,000 pages (80 MB), not every 1,000: a page
            # that several batches change is copied once. At a million articles an ingest
            # wrote 496 KB an article instead of 715, and ran 8% faster; the log file is cut
            # back to 64 MiB after each copy.
            cursor.execute("PRAGMA wal_autocheckpoint = 20000")
            cursor.execute("PRAGMA journal_size_limit = 67108864")
            # Statement journals in memory, not in temporary files: each multi-row INSERT of a
            # batch (quotes.db.bulk) keeps a copy of every page it changes until it ends, 20 MB
            # a batch at a million articles, and writing them to /var/tmp cost the writer a
            # quarter of its system time (appending at a million: 1,205 to 1,283 articles/s).
            # Sorts too: a migration that a writer runs sorts the index it builds in memory.
            cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()
        # what the triggers put in the word pair index (quotes.db.schema, v7)
        dbapi_conn.create_function("word_pairs", 1, index_tokens, deterministic=True)

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def open_db(given: str | None = None, create: bool = False, write: bool = False) -> sa.Engine:
    """The database at --db/$QUOTES_DB/quotes.db, migrated to this program's schema.

    ``create``: make the file and tables when they are missing (ingest); readers get a clear
    DbError instead, so that a typo in a path does not leave an empty database behind.
    ``write``: see engine_for().
    """
    location = db_location(given)
    if not create:
        require_file(location)
    engine = engine_for(location, write)
    try:
        ensure_schema(engine, create=create)
    except SchemaError as exc:
        engine.dispose()
        raise DbError(f"{shown(location)}: {exc}") from None
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise DbError(f"cannot open {shown(location)}: {first_line(exc)}") from None
    return engine
