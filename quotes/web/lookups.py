"""The database look-ups behind both the pages and /api, with their HTTP errors.

Pages and API show the same data; each look-up lives here once, and turns "not there" into
404 and a search that cannot be run into no results with the reason, so that no request ever
ends in a server error.
"""
from __future__ import annotations

import threading
import time

import attrs
import sqlalchemy as sa
from fastapi import HTTPException

from quotes.db import browse, query, trails
from quotes.db.query import QuoteRow, SpeakerRow
from quotes.db.trails import StatementHit, TrailSummary
from quotes.web.params import SearchParams


@attrs.frozen
class Results:
    quotes: list[QuoteRow]
    has_next: bool
    problem: str | None = None  # why nothing could be searched for ("!!!" has no words)


@attrs.frozen
class Statements:
    """A page of search results, one per statement."""

    hits: list[StatementHit]
    total: int  # statements among the first MAX_GROUPED matching quotes
    capped: bool  # more quotes matched than were grouped: total is a lower bound
    has_next: bool
    problem: str | None = None


@attrs.frozen
class SpeakerPage:
    speaker: SpeakerRow
    statements: int  # different statements, each counted once however many outlets carried it
    per_month: list[tuple[str, int]]
    latest: list[QuoteRow]


# Results are grouped by statement over at most this many matching quotes (newest first):
# 15 pages of 20 when every quote is a statement of its own, and a bounded cost for a word
# found everywhere (a page read each of 1,000 matches: 50-220 ms at a million articles).
MAX_GROUPED = 300


def search(conn: sa.Connection, p: SearchParams) -> Results:
    try:
        # one row more than a page tells whether there is a next page, without counting all
        rows = query.search(conn, p.q or None, speaker=p.speaker, kinds=p.kinds or None,
                            outlet=p.outlet, since=p.since, until=p.until,
                            limit=p.per_page + 1, offset=p.offset)
    except query.QueryError as exc:
        # A search for nothing finds nothing: an answer, not an error, and it says why.
        return Results([], False, str(exc))
    return Results(rows[:p.per_page], len(rows) > p.per_page)


def statements(conn: sa.Connection, p: SearchParams) -> Statements:
    try:
        rows = query.search(conn, p.q or None, speaker=p.speaker, kinds=p.kinds or None,
                            outlet=p.outlet, since=p.since, until=p.until, limit=MAX_GROUPED + 1)
    except query.QueryError as exc:
        return Statements([], 0, False, False, str(exc))
    grouped = trails.by_statement(conn, rows[:MAX_GROUPED])
    shown = grouped[p.offset:p.offset + p.per_page]
    return Statements(trails.hits(conn, shown), len(grouped), len(rows) > MAX_GROUPED,
                      len(grouped) > p.offset + p.per_page)


def trail(conn: sa.Connection, quote_id: int) -> TrailSummary | None:
    """The quote's statement with every copy; None when the quote was never grouped."""
    found = trails.summaries(conn, [quote_id]).get(quote_id)
    if found is None and browse.quote_article_id(conn, quote_id) is None:
        raise HTTPException(404, f"no quote with id {quote_id}")
    return found


def article(conn: sa.Connection, article_id: int) -> browse.ArticleDetail:
    found = browse.article_detail(conn, article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id}")
    return found


def quote_in_context(conn: sa.Connection, quote_id: int) -> tuple[browse.ArticleDetail, int]:
    """The quote's article, and the quote's index among the article's quotes."""
    article_id = browse.quote_article_id(conn, quote_id)
    if article_id is None:
        raise HTTPException(404, f"no quote with id {quote_id}")
    detail = article(conn, article_id)
    index = next(i for i, q in enumerate(detail.quotes) if q.quote_id == quote_id)
    return detail, index


def every_month(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """("YYYY-MM", n) for every month from the first to the last, silent months as 0.

    A plot over time must show the gaps: without them two quotes a year apart look adjacent.
    """
    if not counts:
        return []
    known = dict(counts)
    year, month = map(int, counts[0][0].split("-"))
    last = counts[-1][0]
    months = []
    while (label := f"{year:04d}-{month:02d}") <= last:
        months.append((label, known.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class TalliesCache:
    """Speakers' statements (trails) and quotes per month, kept a while: the parts of a
    speaker's page that read more than a few rows (the months read every quote's sort key
    from an index, 20,000 entries for a much quoted person: 40 ms on SQLite at a million
    articles; the statements are a count of the speaker's kept rows per trail).

    An entry serves while the speaker's kept counts are what they were (a new quote, a merge
    or a replaced article changes them) and for ``seconds`` at most (an article corrected
    to another date with the same quotes, or another speaker's quote joining two of their
    statements into one, changes no count). A speaker's tallies are counted by one request at
    a time: the others asking meanwhile wait for its answer rather than all count at once
    (twenty at once took over a second each at a million articles).
    """

    def __init__(self, seconds: float = 60.0, size: int = 1024):
        self.seconds, self.size = seconds, size
        # (database, speaker id) -> (when, the speaker's counts then, (statements, months))
        self.entries: dict[tuple[str, int], tuple[float, tuple[int, int], tuple[int, list[tuple[str, int]]]]] = {}
        self.counting: dict[tuple[str, int], threading.Lock] = {}  # the speakers being counted now
        self.lock = threading.Lock()

    def _kept(self, key: tuple[str, int], counts: tuple[int, int]) -> tuple[int, list[tuple[str, int]]] | None:
        with self.lock:
            entry = self.entries.get(key)
        if entry is not None and entry[1] == counts and time.monotonic() - entry[0] < self.seconds:
            return entry[2]
        return None

    def tallies(self, conn: sa.Connection, found: SpeakerRow) -> tuple[int, list[tuple[str, int]]]:
        """(the speaker's statements, their quotes per month)."""
        key, counts = (str(conn.engine.url), found.speaker_id), (found.quotes, found.articles)
        if (kept := self._kept(key, counts)) is not None:
            return kept
        with self.lock:
            counting = self.counting.setdefault(key, threading.Lock())
        with counting:
            if (kept := self._kept(key, counts)) is not None:  # counted while this one waited
                return kept
            started = time.monotonic()
            try:
                tallied = (trails.statement_counts(conn, [found.speaker_id]).get(found.speaker_id, 0),
                           every_month(browse.quotes_per_month(conn, found.speaker_id)))
            finally:
                with self.lock:
                    self.counting.pop(key, None)
            with self.lock:
                if len(self.entries) >= self.size:
                    self.entries.pop(next(iter(self.entries)))  # the oldest entry
                self.entries[key] = (started, counts, tallied)
        return tallied


TALLIES = TalliesCache()


def speaker(conn: sa.Connection, speaker_id: int, latest: int = 20) -> SpeakerPage:
    found = browse.get_speaker(conn, speaker_id)
    if found is None:
        raise HTTPException(404, f"no speaker with id {speaker_id}")
    return SpeakerPage(found, *TALLIES.tallies(conn, found), browse.speaker_quotes(conn, speaker_id, latest))
