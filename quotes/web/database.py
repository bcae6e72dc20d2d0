"""The web app's database access: read-only engines, and a connection per request."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import sqlalchemy as sa
from starlette.requests import Request

from quotes.db.store import DbError, is_url, open_db


def _sqlite_path(location: str) -> str | None:
    """The file of a SQLite location (a path or a sqlite:/// URL); None for other databases."""
    if not is_url(location):
        return location
    url = sa.engine.make_url(location)
    return url.database if url.get_backend_name() == "sqlite" else None


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
    try:
        path = _sqlite_path(location)
    except sa.exc.ArgumentError:
        raise DbError(f"not a database URL: {location!r}") from None
    if path is not None:
        if not Path(path).is_file():
            raise DbError(f"no database at {path}; build one with `quotes db ingest`")
        return open_db(f"sqlite:///file:{quote(str(Path(path).resolve()))}?mode=ro&uri=true")
    engine = open_db(location)
    sa.event.listen(engine, "connect", _postgres_read_only)
    # the schema check above pooled a connection made before the listener: drop it
    engine.dispose()
    return engine


def connection(request: Request) -> Iterator[sa.Connection]:
    """A FastAPI dependency: one read-only connection for the request, returned after it."""
    with request.app.state.engine.connect() as conn:
        yield conn
