"""Finished pages kept until the database changes (quotes/web/cache.py), on both back ends."""
from __future__ import annotations

import asyncio
from typing import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

import web_article
from quotes.db.ingest import ingest
from quotes.db.sources import Article
from quotes.db.store import open_db
from quotes.web.app import create_app
from quotes.db.store import engine_for
from quotes.web.cache import Generation, PageCache
from quotes.web.database import open_readonly


class Statements:
    """Counts the SQL statements the app's read-only engine runs."""

    def __init__(self, engine: sa.Engine):
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1

    def of(self, client: TestClient, path: str, **params) -> tuple[int, str]:
        """(statements run, response text) of one GET, which must answer 200."""
        before = self.count
        r = client.get(path, params=params)
        assert r.status_code == 200, r.text
        return self.count - before, r.text


@pytest.fixture
def app_client(db_location: str) -> Iterator[tuple[TestClient, Statements]]:
    app = create_app(db_location)
    with TestClient(app) as c:
        yield c, Statements(app.state.engine)


@pytest.mark.parametrize("path, params", [
    ("/search", {"q": "kedaulatan"}),
    ("/api/quotes", {"q": "pelabuhan", "page": 2}),
    ("/api/statements", {"q": "kedaulatan"}),
    ("/stats", {}),
    ("/api/speakers", {}),
])
def test_a_page_asked_again_is_served_without_a_query(app_client, path, params):
    client, statements = app_client
    made, first = statements.of(client, path, **params)
    assert made > 0
    assert statements.of(client, path, **params) == (0, first)


def test_each_language_has_its_own_page(app_client):
    client, statements = app_client
    made, indonesian = statements.of(client, "/search", q="kedaulatan")
    assert made > 0 and 'lang="id"' in indonesian
    client.cookies.set("lang", "en")
    made, english = statements.of(client, "/search", q="kedaulatan")
    assert made > 0 and 'lang="en"' in english
    assert statements.of(client, "/search", q="kedaulatan") == (0, english)
    client.cookies.clear()
    assert statements.of(client, "/search", q="kedaulatan") == (0, indonesian)


def test_a_commit_by_another_connection_is_seen_by_the_next_request(app_client, db_location):
    client, statements = app_client
    before = client.get("/api/quotes", params={"q": "kedaulatan", "per_page": 100}).json()["quotes"]
    assert statements.of(client, "/api/quotes", q="kedaulatan", per_page=100)[0] == 0  # kept
    writer = open_db(db_location, write=True)
    try:
        article = Article(key="cache-new", text=web_article.TEXT, title="Salinan baru", outlet="Antara")
        ingest(writer, [article], web_article.extractor)
        after = client.get("/api/quotes", params={"q": "kedaulatan", "per_page": 100}).json()["quotes"]
        assert len(after) == len(before) + 1
        assert statements.of(client, "/api/quotes", q="kedaulatan", per_page=100)[0] == 0  # kept again
        with writer.begin() as conn:  # a change that leaves every count as it was
            conn.execute(sa.text("UPDATE articles SET title = 'Judul diubah' WHERE key = 'cache-new'"))
        changed = client.get("/api/quotes", params={"q": "kedaulatan", "per_page": 100}).json()["quotes"]
        assert len(changed) == len(after) and "Judul diubah" in {q["article_title"] for q in changed}
    finally:
        writer.dispose()


@pytest.mark.parametrize("path, params, status", [
    ("/api/quotes/999999", {}, 404),  # an error
    ("/search", {"q": "kedaulatan", "lang": "en"}, 200),  # sets the language cookie
])
def test_errors_and_answers_with_a_cookie_are_not_kept(app_client, path, params, status):
    client, statements = app_client
    for _ in range(2):
        before = statements.count
        assert client.get(path, params=params).status_code == status
        assert statements.count > before


@pytest.mark.parametrize("budget", [0, 100])
def test_no_page_is_kept_beyond_the_budget(db_location, budget):
    """0 turns the cache off (quotes serve --page-cache-mb 0); a page larger than the budget
    is dropped as soon as it is kept."""
    app = create_app(db_location, page_cache_bytes=budget)
    with TestClient(app) as client:
        statements = Statements(app.state.engine)
        assert statements.of(client, "/stats")[0] > 0
        assert statements.of(client, "/stats")[0] > 0


class Fixed:
    """A Generation that never changes."""

    def now(self) -> object:
        return 1


def test_requests_for_a_page_being_made_wait_for_it():
    made = 0
    release = asyncio.Event()

    async def slow_page(scope, receive, send) -> None:
        nonlocal made
        made += 1
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        await send({"type": "http.response.body", "body": b"ok"})

    cache = PageCache(slow_page, Fixed())
    scope = {"type": "http", "method": "GET", "path": "/stats", "query_string": b""}

    async def ask() -> bytes:
        sent = []

        async def send(message) -> None:
            sent.append(message)

        await cache(scope, None, send)
        assert sent[0]["status"] == 200
        return b"".join(m.get("body", b"") for m in sent[1:])

    async def many() -> list[bytes]:
        asking = [asyncio.create_task(ask()) for _ in range(5)]
        await asyncio.sleep(0.01)
        release.set()
        return await asyncio.gather(*asking)

    assert asyncio.run(many()) == [b"ok"] * 5
    assert made == 1 and (cache.hits, cache.misses) == (4, 1)


def test_a_database_out_of_reach_keeps_nothing_and_raises_nothing():
    """No server on the port: the generation is unknown (None), so every request is made."""
    engine = engine_for("postgresql://quotes@127.0.0.1:9/nowhere")
    try:
        generation = Generation(engine)
        assert generation.now() is None and generation.raw is None
    finally:
        engine.dispose()


def test_a_new_connection_is_a_new_generation(db_location):
    """SQLite's data_version counts on one connection only: after a reconnection the kept
    pages cannot be trusted, so the generation changes even with nothing committed."""
    engine = open_readonly(db_location)
    try:
        generation = Generation(engine)
        first = generation.now()
        assert first is not None and generation.now() == first
        generation.close()
        assert generation.now() not in (None, first)
    finally:
        generation.close()
        engine.dispose()
