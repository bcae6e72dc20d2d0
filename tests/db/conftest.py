"""Every database test runs on a SQLite file and on a real PostgreSQL server (tests/pgserver.py)."""
from __future__ import annotations

import pytest

from pgserver import postgres_url
from quotes.db.schema import metadata
from quotes.db.store import engine_for, open_db


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "quotes.db")
    url = postgres_url()
    engine = engine_for(url)
    metadata.drop_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(db_url):
    engine = open_db(db_url, create=True)
    yield engine
    engine.dispose()
