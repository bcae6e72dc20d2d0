"""The web app's database access: read-only engines, and a connection per request."""
from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar
from urllib.parse import quote

import anyio
import sqlalchemy as sa
from starlette.exceptions import HTTPException
from starlette.requests import Request

from quotes.db.store import engine_for, is_url, open_db

T = TypeVar("T")

# No request holds a connection, and a core, longer than this: a page that a stranger can load
# must not be a way to take the server down, whatever the database has grown to.
LOOKUP_SECONDS = 1.0
# SQLite virtual machine steps between two looks at the clock (about a millisecond's work)
_SQLITE_CHECK_STEPS = 20_000


def _sqlite_path(location: str) -> str | None:
    """The file of a SQLite location (a path or a sqlite:/// URL); None for other databases."""
    if not is_url(location):
        return location
    url = sa.engine.make_url(location)
    return url.database if url.get_backend_name() == "sqlite" else None


# Readers map the file rather than copy its pages into every pooled connection's own cache:
# about a fifth less CPU per search on the benchmark database.
SQLITE_MMAP_BYTES = 256 * 1024 * 1024


def _sqlite_mapped(dbapi_conn, _record) -> None:
    dbapi_conn.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")


def _postgres_read_only(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    # the server cancels any one statement over the limit (lookup_bound() covers SQLite)
    cursor.execute(f"SET statement_timeout = {int(LOOKUP_SECONDS * 1000)}")
    cursor.close()
    dbapi_conn.commit()


def open_readonly(location: str) -> sa.Engine:
    """The quote database at ``location``, opened so that no statement through it can write.

    SQLite: the file is opened with mode=ro, so SQLite itself refuses writes. PostgreSQL:
    every session is READ ONLY, so the server refuses them. Either way a bug in a query
    cannot change the data behind the web UI.
    """
    # First the db package's own check, as every `quotes db` command makes it: a clear error
    # for a missing or foreign database, and an older schema brought up to date.
    open_db(location).dispose()
    path = _sqlite_path(location)
    if path is not None:
        engine = engine_for(f"sqlite:///file:{quote(str(Path(path).resolve()))}?mode=ro&uri=true")
        sa.event.listen(engine, "connect", _sqlite_mapped)
    else:
        engine = engine_for(location)
        sa.event.listen(engine, "connect", _postgres_read_only)
    return engine


@contextlib.contextmanager
def lookup_bound(conn: sa.Connection, seconds: float = LOOKUP_SECONDS) -> Iterator[None]:
    """Statements on conn are cut off once ``seconds`` have passed (SQLite; PostgreSQL's
    sessions have statement_timeout), and a look-up cut off is a 503 that says so."""
    dbapi_conn = conn.connection.dbapi_connection
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        deadline = time.monotonic() + seconds
        dbapi_conn.set_progress_handler(lambda: time.monotonic() > deadline, _SQLITE_CHECK_STEPS)
    try:
        yield
    except sa.exc.OperationalError as exc:
        if not _cut_off(exc):
            raise
        raise HTTPException(503, "the database took too long to answer this request; "
                                 "narrow it (a speaker, an outlet, dates) and try again") from None
    finally:
        if sqlite:
            dbapi_conn.set_progress_handler(None, 0)


def _cut_off(exc: sa.exc.OperationalError) -> bool:
    """SQLite's 'interrupted' (the progress handler) or PostgreSQL's statement timeout."""
    return "interrupted" in str(exc.orig) or getattr(exc.orig, "sqlstate", None) == "57014"


async def read(request: Request, lookup: Callable[..., T], *args: Any) -> T:
    """``lookup(conn, *args)`` on a read-only connection, in a worker thread.

    One hop to a thread per request, for the whole look-up: the event loop stays free, and
    the connection goes back to the pool as soon as the rows are read. No more look-ups run
    at once than the pool keeps connections: beyond that each would open (and set up) a
    connection of its own only to close it again, which under load costs more than waiting.
    """
    state = request.app.state
    engine: sa.Engine = state.engine
    if getattr(state, "readers", None) is None:  # made here: it needs the running event loop
        state.readers = anyio.CapacityLimiter(engine.pool.size())

    def work() -> T:
        with engine.connect() as conn, lookup_bound(conn):
            return lookup(conn, *args)

    return await anyio.to_thread.run_sync(work, limiter=state.readers)
