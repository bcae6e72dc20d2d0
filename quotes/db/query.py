"""Read-only queries on the quote database, shared by `quotes db …` and the web UI.

Every function takes an open connection, a SQLAlchemy one (the web app's) or a
quotes.db.reader.Reader (what `quotes db search` reads with, on the bare driver), runs the
statements of quotes.db.sql on it and returns plain frozen rows; none prints or knows about the
command line. User text (search words, names, outlets) only ever reaches the database as bound
parameters. SQLAlchemy is not imported here.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, Iterator, Sequence

import attrs

from quotes.db import dense, sql
from quotes.db.layout import ARTICLES, UNATTRIBUTED, order_key_range
from quotes.db.reader import Reader, reader
from quotes.db.speakers import name_key
from quotes.model import KINDS


class QueryError(Exception):
    """A query that cannot be run as asked; the message says why, for a person."""


class _Row:
    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready values (dates as ISO strings). Rows are flat (plain values,
        tuples of strings, a dict of counts), so this is one pass over the fields, not
        attrs.asdict's recursion: a page of 20 quotes spent a millisecond there."""
        return {name: _json_ready(getattr(self, name)) for name in _field_names(type(self))}


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(cls))


def _json_ready(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return dict(value) if isinstance(value, dict) else value


@attrs.frozen
class QuoteRow(_Row):
    """One quote with its article and its (merged) speaker."""

    quote_id: int
    article: str  # the article's key: its JSONL id or its file path
    article_title: str | None
    outlet: str | None
    published: dt.date | None
    source: str | None
    position: int  # 0, 1, … in the article's text order
    kind: str
    text: str
    start: int
    end: int
    speaker: str | None  # the merged speaker's canonical name
    speaker_id: int | None
    mention: str | None  # how the article named the speaker at this quote
    title: str | None
    resolution: str
    cue: str | None
    confidence: float


@attrs.frozen
class SpeakerRow(_Row):
    speaker_id: int
    name: str
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    quotes: int
    articles: int


@attrs.frozen
class ArticleRow(_Row):
    article_id: int
    article: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    source: str | None
    quotes: int


@attrs.frozen
class Stats(_Row):
    articles: int
    quotes: int
    speakers: int  # speakers with at least one quote
    outlets: int
    first_published: dt.date | None
    last_published: dt.date | None
    by_kind: dict[str, int]
    unattributed: int  # quotes with no speaker


def _date(value: Any) -> dt.date | None:
    """A date as the driver gives it: SQLite stores ISO text."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


_QUOTE_FIELDS = len(attrs.fields(QuoteRow))


def quote_row(row: Sequence[Any]) -> QuoteRow:
    """A QuoteRow from the first columns of a row (sql.QUOTE_COLUMNS)."""
    fields = list(row[:_QUOTE_FIELDS])
    fields[4] = _date(fields[4])
    return QuoteRow(*fields)


# A search term is a "quoted phrase" or a bare word; whatever else the user typed (FTS
# operators, SQL, stray quotes) is only ever part of a term's text.
_TERM = re.compile(r'"([^"]*)"?|(\S+)')
_WORDS = re.compile(r"\w+")


def search_terms(text: str) -> list[str]:
    """The phrases and words of a search, each of which a quote must contain."""
    terms = []
    for phrase, word in _TERM.findall(text):
        words = _WORDS.findall(phrase or word)
        if words:
            terms.append(" ".join(words))
    return terms


# PostgreSQL: how many of the newest quotes show whether a search's matches are common
_PG_SAMPLE, _PG_COMMON = 300, 3


def _pg_rare(db: Reader, terms: Sequence[str], keys: tuple[int, int] | None) -> bool:
    """Whether the matches are rare among the newest quotes (in the date range), so that the
    GIN index, not a walk in search order, must find them (PostgreSQL).

    The planner estimates a search's matches from each word's frequency as if words were
    independent; for words that are common but never side by side, or never in one quote,
    it expects many matches and walks quotes_sort_key, checking every quote's words, to
    find none. A look at the newest quotes settles it."""
    return db.rows(sql.pg_newest_matches(terms, _PG_SAMPLE, keys))[0][0] < _PG_COMMON


# SQLite, speaker and words: how many of the newest quotes show how common the words are, and
# how much dearer looking a quote up in FTS5 is than checking a match's speaker (measured at a
# million articles: 5–11 times since schema 11, where a match's speaker is read from its row,
# not from an index in (speaker, sort key), and the speaker's quotes from their tags; 25 before).
# Words and an outlet: an outlet with no more quotes than the sample is read first.
_SAMPLE, _PROBE_COST = 300, 8


def _speakers_drive(db: Reader, terms: Sequence[str], speaker_ids: list[int],
                    keys: tuple[int, int] | None) -> bool:
    """Whether a speaker filter is read first (SQLite), each of the speakers' quotes looked up
    in the full-text index, rather than the matches read with their speakers checked.

    Read in search order until a page is full, either side costs about a page over the other
    side's share of all quotes: the speakers' share is kept (speakers.quotes), the words'
    share is that among the newest quotes. A lookup in FTS5 costs _PROBE_COST checks of a
    speaker, so the speakers drive only when the words are that much more common.
    """
    size = db.rows(sql.speakers_quotes(db.dialect, speaker_ids))[0][0]
    if size <= _SAMPLE:  # so few that reading them all is cheap
        return True
    total = db.rows(sql.all_quotes(db.dialect))[0][0]
    last = db.rows(sql.nth_newest_key(db.dialect, _SAMPLE, keys))
    if not last:  # fewer quotes than the sample: nothing is costly
        return True
    hits = db.rows(sql.words_matches_until(terms, keys, last[0][0]))[0][0]
    return hits * total > _PROBE_COST * size * _SAMPLE


def speaker_ids(conn: Any, name: str) -> list[int]:
    """Speakers whose name, an alias or a title contains ``name``'s words ("blinken", "menlu")."""
    key = name_key(name)
    if not key:
        raise QueryError(f"speaker {name!r} has no letters or digits")
    db = reader(conn)
    return sorted(row[0] for row in db.rows(sql.speakers_named(db.dialect, key)))


def search(conn: Any, text: str | None = None, *, speaker: str | None = None,
           kinds: Sequence[str] | None = None, outlet: str | None = None,
           since: dt.date | None = None, until: dt.date | None = None,
           limit: int | None = 50, offset: int = 0) -> list[QuoteRow]:
    """Quotes containing every word and "phrase" of ``text`` (case-insensitive), newest first
    (then by article, then in text order; undated articles last).

    speaker: see speaker_ids(); outlet: exact, case-insensitive; since/until: inclusive
    published dates. With no text, the filters alone select.
    """
    db = reader(conn)
    keys = order_key_range(since, until) if since is not None or until is not None else None
    wanted = speaker_ids(db, speaker) if speaker is not None else None
    terms: list[str] = []
    if text is not None and text.strip():
        terms = search_terms(text)
        if not terms:
            raise QueryError(f"search text {text!r} has no words to look for")
    if wanted == []:  # no such speaker
        return []
    try:
        # PostgreSQL: whether the matches are rare among the newest quotes (see _pg_rare)
        rare = db.dialect == sql.POSTGRESQL and bool(terms) and _pg_rare(db, terms, keys)
        # two dense words or more: the quotes that may hold them all, from their bitmaps (phrases
        # alone are read from their pairs first, which answers sooner; on PostgreSQL, words
        # common among the newest quotes fill a page at once, sooner than the bitmaps are read)
        ids = None
        if len(words := dense.search_words(terms)) >= 2 and not all(" " in t for t in terms) \
                and (rare or db.dialect != sql.POSTGRESQL):
            ids = dense.candidates(db.rows(sql.dense_blocks(db.dialect, words)))
            if ids == []:
                return []
        probe = False
        if ids is None and terms and db.dialect == sql.SQLITE and wanted is not None:
            probe = _speakers_drive(db, terms, wanted, keys)
        elif ids is None and terms and db.dialect == sql.SQLITE and outlet is not None:
            # an outlet with few quotes drives
            probe = db.rows(sql.outlet_quotes(db.dialect, outlet, keys, _SAMPLE))[0][0] <= _SAMPLE
        page = sql.search_page(db.dialect, terms, probe_words=probe, speaker_ids=wanted,
                               kinds=list(kinds) if kinds else None, outlet=outlet, keys=keys,
                               limit=limit, offset=offset, ids=ids)
        # PostgreSQL settings for this query only (rolled back). A search is planned for its
        # own values every time: once the driver has prepared the statement (its sixth run),
        # PostgreSQL may plan it once for any values, and such a plan can neither look a
        # phrase's pairs (computed from its text) up in their index nor tell a common word from
        # a rare one (a common word's page took 1.9 s instead of 2 ms at a million articles).
        # No JIT: compiling the plan cost 30 ms, more than the search. No parallel workers: a
        # page's bitmap scan of the GIN index runs in one process anyway, and starting two
        # workers to read its few rows cost two common words with no quote in common 5 ms of
        # their 52 at a million articles. Rare matches: bitmap scans of the GIN indexes,
        # neither a walk in search order nor a scan of every quote (which the planner,
        # expecting many matches, takes when the walk is ruled out).
        settings = []
        if db.dialect == sql.POSTGRESQL:
            settings += [("plan_cache_mode", "force_custom_plan"), ("jit", "off"),
                         ("max_parallel_workers_per_gather", "0")]
            if ids is None and rare:
                settings += [("enable_indexscan", "off"), ("enable_seqscan", "off")]
        if not settings:
            return [quote_row(row) for row in db.rows(page)]
        db.run("SAVEPOINT search_settings")
        try:
            # one statement (each set_config as a SET LOCAL): one round trip, not one a setting
            db.run("SELECT " + ", ".join(f"set_config('{name}', '{value}', true)" for name, value in settings))
            return [quote_row(row) for row in db.rows(page)]
        finally:
            db.run("ROLLBACK TO SAVEPOINT search_settings")
            db.run("RELEASE SAVEPOINT search_settings")
    except Exception as exc:
        # search_terms() leaves FTS nothing to misread, but say so clearly if it ever does
        cause = getattr(exc, "orig", None)
        if cause is None or "fts5" not in str(cause):  # a time limit, a lost connection: not the text
            raise
        raise QueryError(f"the search {text!r} could not be run: {cause}") from None


def list_speakers(conn: Any, top: int | None = None) -> list[SpeakerRow]:
    """Speakers with at least one quote, most quoted first (then by name): their kept counts,
    read in the order of speakers_by_quotes."""
    db = reader(conn)
    rows = db.rows(sql.top_speakers(db.dialect, top))
    return speaker_rows(db, rows)


def speaker_rows(conn: Any, rows: Sequence[Sequence[Any]]) -> list[SpeakerRow]:
    """SpeakerRows, with their aliases and titles, of (id, name, quotes, articles) rows."""
    db = reader(conn)
    ids = [r[0] for r in rows]
    aliases = _labels(db, "speaker_aliases", "alias", ids)
    titles = _labels(db, "speaker_titles", "title", ids)
    return [SpeakerRow(r[0], r[1], aliases.get(r[0], ()), titles.get(r[0], ()), r[2], r[3]) for r in rows]


def _labels(db: Reader, table: str, column: str, ids: list[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists
        for speaker_id, value in db.rows(sql.speaker_labels(db.dialect, table, column, ids[start:start + 500])):
            out.setdefault(speaker_id, []).append(value)
    return {k: tuple(v) for k, v in out.items()}


def article_row(row: Sequence[Any]) -> ArticleRow:
    """An ArticleRow from the first columns of a sql.article() row."""
    return ArticleRow(row[0], row[1], row[2], row[3], _date(row[4]), row[5], row[6])


def find_article(conn: Any, article: str) -> ArticleRow | None:
    """The article with this key (JSONL id or file path), or None."""
    db = reader(conn)
    rows = db.rows(sql.article(db.dialect, 'articles."key" = {}', article))
    return article_row(rows[0]) if rows else None


def article_quotes(conn: Any, article_id: int) -> list[QuoteRow]:
    """An article's quotes in text order."""
    db = reader(conn)
    return [quote_row(row) for row in db.rows(sql.quotes_where(db.dialect, "quotes.article_id = {}", article_id,
                                                               'quotes."position"'))]


def stats(conn: Any) -> Stats:
    """Totals from the kept counters; dates and outlets from their indexes."""
    db = reader(conn)
    counts = dict(db.rows(sql.COUNTERS))
    by_kind = {kind: counts[f"quotes:{kind}"] for kind in sorted(KINDS) if counts.get(f"quotes:{kind}")}
    return Stats(
        articles=counts[ARTICLES], quotes=sum(by_kind.values()),
        speakers=db.rows(sql.QUOTED_SPEAKERS)[0][0], outlets=db.rows(sql.OUTLETS)[0][0],
        first_published=_date(db.rows(sql.FIRST_PUBLISHED)[0][0]),
        last_published=_date(db.rows(sql.LAST_PUBLISHED)[0][0]),
        by_kind=by_kind, unattributed=counts[UNATTRIBUTED],
    )


def export(conn: Any, batch: int = 1000) -> Iterator[QuoteRow]:
    """Every quote with its article and speaker, in the order they were stored.

    Pages by quote id so that a large database streams without one long-running cursor.
    """
    db = reader(conn)
    last = 0
    while True:
        rows = [quote_row(row) for row in db.rows(sql.quotes_where(db.dialect, "quotes.id > {}", last,
                                                                   "quotes.id", batch))]
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].quote_id
