"""The PostgreSQL server of the database and web tests.

scripts/test.sh starts a throwaway PostgreSQL cluster and sets QUOTES_TEST_PG_URL. Without
it PostgreSQL tests are skipped, except in CI (CI=true), where a missing server is a failure.
"""
from __future__ import annotations

import os

import pytest

PG_ENV = "QUOTES_TEST_PG_URL"


def postgres_url() -> str:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{PG_ENV} is not set; scripts/test.sh starts PostgreSQL for the tests")
    pytest.skip(f"no PostgreSQL server ({PG_ENV} not set; scripts/test.sh starts one)")
