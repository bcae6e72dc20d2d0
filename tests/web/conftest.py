"""Fixtures for the web tests: a test database of each kind, a client, a headless Chromium."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from pgserver import postgres_url
from webtest_helpers import CHROMIUM, CHROMIUM_FLAGS, build_db


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_location(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database (webtest_helpers.build_db) on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return build_db(str(tmp_path_factory.mktemp("web") / "quotes.db"))
    return build_db(postgres_url())


@pytest.fixture(scope="module")
def client(db_location: str) -> Iterator:
    from fastapi.testclient import TestClient

    from quotes.web.app import create_app

    with TestClient(create_app(db_location)) as c:
        yield c


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: $QUOTES_SCREENSHOTS (the README's come from there), else a temporary folder."""
    folder = Path(os.environ.get("QUOTES_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A Playwright browser context in Debian's Chromium, with a fresh profile.

    Playwright drives the system Chromium (executable_path); its own browser downloads are
    never used. Without Chromium the browser tests are skipped, saying why, except in CI
    (CI=true), where scripts/test.sh has installed it and its absence is a failure.
    """
    if not Path(CHROMIUM).exists():
        why = f"no Chromium at {CHROMIUM}: scripts/install-chromium.sh installs it (as root)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            headless=True, args=CHROMIUM_FLAGS, viewport={"width": 1200, "height": 900})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh tab; the test fails if the page logs an error (a script error, a request the
    Content Security Policy blocked)."""
    p = browser.new_page()
    p.set_default_timeout(15_000)
    errors: list[str] = []
    p.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield p
    finally:
        p.close()
    assert not errors, f"the page logged errors: {errors}"
