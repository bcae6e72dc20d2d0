"""Where the quote database is, and reading it: quotes.db.sql's statements on an open connection.

A Reader runs statements either on a SQLAlchemy connection (the web app, and every database
that needs SQLAlchemy: one to migrate, a sqlite:/// URL) or straight on the driver's own
connection, which is how `quotes db search`, `show`, `speakers` and `stats` read a database of
this schema version: sqlite3, libpq (quotes.db.libpq) or psycopg alone, no SQLAlchemy imported,
no schema inspected, so that a command answers in a fraction of a second. Nothing here imports
SQLAlchemy.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, urlsplit, urlunsplit

from quotes.db import sql
from quotes.db.layout import SCHEMA_VERSION

DEFAULT_DB = "quotes.db"


class DbError(Exception):
    """The database cannot be opened or used; the message says why, for a person."""


class ReadError(DbError):
    """A statement the database refused (read straight on the driver); orig: the driver's
    exception, as SQLAlchemy's errors have it."""

    def __init__(self, orig: Exception):
        super().__init__(f"database error: {first_line(orig)}")
        self.orig = orig


def first_line(exc: BaseException) -> str:
    """The driver's own message (a SQLAlchemy error's .orig), without a statement dump."""
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [""])[0]


def db_location(given: str | None) -> str:
    """--db as given, else $QUOTES_DB, else quotes.db in the current folder."""
    return given or os.environ.get("QUOTES_DB") or DEFAULT_DB


def is_url(location: str) -> bool:
    return "://" in location


def shown(location: str) -> str:
    """The location for messages: a URL's password masked."""
    if not is_url(location):
        return location
    parts = urlsplit(location)
    user, at, host = parts.netloc.rpartition("@")
    name, colon, _password = user.partition(":")
    if not at or not colon:
        return location
    return urlunsplit(parts._replace(netloc=f"{name}:***@{host}"))


def require_file(location: str) -> None:
    """A SQLite path that names no file: say so, rather than leave an empty database behind."""
    if not is_url(location) and not Path(location).is_file():
        raise DbError(f"no database at {location}; build one with `quotes db ingest`")


class Reader:
    """Runs statements on one open connection; dialect: "sqlite" or "postgresql"."""

    dialect: str

    def rows(self, statement: sql.Statement) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def run(self, text: str) -> None:
        """A statement that returns nothing (SAVEPOINT, SET)."""
        raise NotImplementedError


class SqlAlchemyReader(Reader):
    """On a SQLAlchemy connection: its events, pool and errors are the app's as for any query."""

    def __init__(self, conn: Any):
        self.conn = conn
        self.dialect = conn.dialect.name

    def rows(self, statement: sql.Statement) -> list[tuple[Any, ...]]:
        return list(self.conn.exec_driver_sql(statement.text, statement.params).all())

    def run(self, text: str) -> None:
        self.conn.exec_driver_sql(text)


class DriverReader(Reader):
    """On the driver's own connection (sqlite3 or psycopg): its errors become ReadError."""

    def __init__(self, conn: Any, dialect: str, errors: type[Exception]):
        self.conn, self.dialect, self.errors = conn, dialect, errors

    def rows(self, statement: sql.Statement) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(statement.text, statement.params).fetchall()
        except self.errors as exc:
            raise ReadError(exc) from None

    def run(self, text: str) -> None:
        try:
            self.conn.execute(text)
        except self.errors as exc:
            raise ReadError(exc) from None


def reader(conn: Any) -> Reader:
    """A Reader on conn: a Reader already, or a SQLAlchemy connection."""
    return conn if isinstance(conn, Reader) else SqlAlchemyReader(conn)


@contextlib.contextmanager
def reading(given: str | None, bulk: bool = False) -> Iterator[Reader]:
    """A Reader on the database at --db/$QUOTES_DB/quotes.db, as quotes.db.store.open_db()
    finds it: on the bare driver when the database is of this schema version, else through
    open_db (which migrates an older one, or says what is wrong). PostgreSQL is read on libpq
    alone (quotes.db.libpq) unless bulk: a read of every row, which psycopg decodes faster."""
    location = db_location(given)
    direct = _connect(location, bulk)
    if direct is not None:
        try:
            yield direct
        finally:
            direct.conn.close()
        return
    from quotes.db.store import open_db
    engine = open_db(given)
    try:
        with engine.connect() as conn:
            yield SqlAlchemyReader(conn)
    finally:
        engine.dispose()


def _connect(location: str, bulk: bool = False) -> DriverReader | None:
    """The driver's connection to a database of this schema version, or None when the
    database needs SQLAlchemy (a URL other than postgresql://, another version, no driver)."""
    if not is_url(location):
        require_file(location)
        try:  # read-only: a read cannot change the file, nor make one
            conn = sqlite3.connect(f"file:{quote(str(Path(location).resolve()))}?mode=ro", uri=True,
                                   timeout=60, isolation_level=None)
        except sqlite3.Error:
            return None
        # as quotes.db.store's engines: 64 MiB of page cache, searches re-read the same pages
        return _current(DriverReader(conn, sql.SQLITE, sqlite3.Error), "PRAGMA cache_size = -65536")
    scheme = location.partition("://")[0]
    if scheme not in ("postgresql", "postgresql+psycopg"):
        return None
    url = "postgresql://" + location.partition("://")[2]
    if not bulk:
        from quotes.db import libpq
        try:
            pq = libpq.connect(url)
        except libpq.Error as exc:
            raise DbError(f"cannot open {shown(location)}: {first_line(exc)}") from None
        if pq is not None:
            return _current(DriverReader(pq, sql.POSTGRESQL, libpq.Error))
    try:
        import psycopg
    except ImportError:  # open_db says which package to install
        return None
    try:
        conn = psycopg.connect(url)
    except psycopg.Error as exc:
        raise DbError(f"cannot open {shown(location)}: {first_line(exc)}") from None
    conn.read_only = True  # the server refuses any write through it
    return _current(DriverReader(conn, sql.POSTGRESQL, psycopg.Error))


def _current(reader: DriverReader, *settings: str) -> DriverReader | None:
    """reader when its database is a quote database of this schema version (else closed)."""
    try:
        for setting in settings:
            reader.run(setting)
        if reader.rows(sql.VERSION) == [(SCHEMA_VERSION,)]:
            return reader
    except ReadError:  # no such table, not a database: open_db says what is wrong
        pass
    reader.conn.close()
    return None
