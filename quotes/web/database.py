"""The web app's database access: read-only engines, and a connection per request."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, TypeVar
from urllib.parse import quote

import anyio
import sqlalchemy as sa
from starlette.requests import Request

from quotes.db.store import engine_for, is_url, open_db

T = TypeVar("T")


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
        with engine.connect() as conn:
            return lookup(conn, *args)

    return await anyio.to_thread.run_sync(work, limiter=state.readers)
