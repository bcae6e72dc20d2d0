"""Finished pages and API answers kept until the database changes.

Rendering a page of search results costs 15-20 ms of CPU (the look-ups, then the template),
and a newsroom asks the same things again and again: the front page's searches, a much quoted
speaker's page, the statistics. Twenty clients asking at once would queue behind each other
for a core. A page is therefore kept, bytes and headers, under its URL and language, and
served again as long as no writer has committed anything since. Every request first asks
the database whether it changed (SQLite: ``PRAGMA data_version``, a read of shared memory;
PostgreSQL: the current transaction snapshot, which moves whenever a transaction that wrote
ends), and any change empties the whole cache: an ingest, a speaker merge or a corrected
article is seen by the very next request.

Only database pages are kept (CACHED), only complete 200 answers without a cookie, and at
most ``budget`` bytes of them, the least recently used leaving first. Identical requests
that arrive while a page is being made wait for it instead of making it again.
"""
from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotes.web import i18n

# The paths whose answers depend only on the database, the URL and the language.
CACHED = ("/search", "/quotes/", "/articles/", "/speakers", "/stats",
          "/api/quotes", "/api/statements", "/api/speakers", "/api/articles", "/api/stats")
BUDGET_BYTES = 64 * 1024 * 1024
LARGEST_BYTES = 2 * 1024 * 1024  # an answer larger than this is not kept


class Generation:
    """The database's state as a value that differs whenever a writer has committed since.

    Read on a connection of its own, taken out of the pool: SQLite's data_version counts only
    other connections' commits, so this connection must never write (it cannot: the web
    engine is read-only) and must not be shared.
    """

    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self.sqlite = engine.dialect.name == "sqlite"
        self.raw: Any = None
        # counts the connections opened: data_version means something only on one connection
        self.opened = 0

    def now(self) -> object | None:
        """The current value; None when the database cannot tell (then nothing is kept)."""
        try:
            if self.raw is None:
                self.raw = self.engine.raw_connection()
                self.raw.detach()
                self.opened += 1
            cursor = self.raw.cursor()
            try:
                cursor.execute("PRAGMA data_version" if self.sqlite else "SELECT txid_current_snapshot()::text")
                value = cursor.fetchone()[0]
            finally:
                cursor.close()
            if not self.sqlite:
                self.raw.rollback()  # the next reading takes a new snapshot
            return self.opened, value
        except (sa.exc.DBAPIError, self.engine.dialect.loaded_dbapi.Error):
            self.close()  # a dropped connection, or none to be had: try again next time
            return None

    def close(self) -> None:
        if self.raw is not None:
            raw, self.raw = self.raw, None
            try:
                raw.close()
            except self.engine.dialect.loaded_dbapi.Error:
                pass


class PageCache:
    """ASGI middleware serving CACHED pages again while the database is unchanged.

    It sits inside i18n.Locale, so that a page is kept per language, and inside the security
    headers, which are added to kept pages as to any other.
    """

    def __init__(self, app: ASGIApp, generation: Generation, budget: int = BUDGET_BYTES):
        self.app, self.generation, self.budget = app, generation, budget
        self.pages: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.size = 0
        self.seen: object | None = None  # the generation the kept pages belong to
        self.making: dict[tuple, asyncio.Event] = {}
        self.hits = self.misses = 0

    def _current(self) -> object | None:
        value = self.generation.now()
        if value is None or value != self.seen:
            self.pages.clear()
            self.size = 0
            self.seen = value
        return value

    def _keep(self, key: tuple, page: tuple[int, list, bytes]) -> None:
        self.pages[key] = page
        self.size += len(page[2])
        while self.size > self.budget:
            _, (_, _, body) = self.pages.popitem(last=False)
            self.size -= len(body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(CACHED):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"], i18n.current())
        while True:
            generation = self._current()
            if generation is None:  # the database cannot say whether it changed
                await self.app(scope, receive, send)
                return
            if (kept := self.pages.get(key)) is not None:
                self.pages.move_to_end(key)
                self.hits += 1
                await _replay(kept, send)
                return
            if (made := self.making.get(key)) is None:
                break
            await made.wait()  # made by another request now: take it when it is kept
            if key not in self.pages:  # not kept (an error, a change meanwhile): make it here
                break
        self.misses += 1
        done = asyncio.Event()
        mine = self.making.setdefault(key, done) is done  # others asking meanwhile wait for it
        start: Message = {}
        body: list[bytes] = []
        size = 0

        async def record(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                # a copy: the middleware outside adds its headers to the message it is sent
                start = {**message, "headers": list(message.get("headers", []))}
            elif message["type"] == "http.response.body" and size <= LARGEST_BYTES:
                body.append(message.get("body", b""))
                size += len(body[-1])
            await send(message)

        try:
            await self.app(scope, receive, record)
            headers = start.get("headers", [])
            if (start.get("status") == 200 and size <= LARGEST_BYTES
                    and not any(name.lower() == b"set-cookie" for name, _ in headers)
                    and self.generation.now() == generation):  # nothing committed meanwhile
                self._keep(key, (200, headers, b"".join(body)))
        finally:
            if mine:
                del self.making[key]
                done.set()


async def _replay(page: tuple[int, list, bytes], send: Send) -> None:
    status, headers, body = page
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
