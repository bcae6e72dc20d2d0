"""Every database test runs on a SQLite file and on a real PostgreSQL server.

scripts/test.sh starts a throwaway PostgreSQL cluster and sets QUOTES_TEST_PG_URL. Without
it PostgreSQL tests are skipped, except in CI (CI=true), where a missing server is a failure.
"""
from __future__ import annotations

import os

import pytest

from quotes.db.schema import metadata
from quotes.db.store import engine_for, open_db

PG_ENV = "QUOTES_TEST_PG_URL"


def postgres_url() -> str:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{PG_ENV} is not set; scripts/test.sh starts PostgreSQL for the tests")
    pytest.skip(f"no PostgreSQL server ({PG_ENV} not set; scripts/test.sh starts one)")


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
