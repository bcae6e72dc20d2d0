"""Read-only queries on the quote database, shared by `quotes db …` and the web UI.

Every function takes an open ``sqlalchemy.Connection`` (from ``store.open_db(...).connect()``)
and returns plain frozen rows; none prints or knows about the command line. User text (search
words, names, outlets) only ever reaches the database as bound parameters.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator, Sequence

import attrs
import sqlalchemy as sa

from quotes.db.counts import ARTICLES, UNATTRIBUTED
from quotes.db.schema import (PG_TS_CONFIG, articles, counters, order_key_range, pg_text_vector, quotes,
                              quotes_fts, speaker_aliases, speaker_titles, speakers)
from quotes.db.speakers import name_key
from quotes.model import KINDS


class QueryError(Exception):
    """A query that cannot be run as asked; the message says why, for a person."""


class _Row:
    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready values (dates as ISO strings)."""
        return attrs.asdict(self, value_serializer=lambda _i, _f, v: v.isoformat() if isinstance(v, dt.date) else v)


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


_QUOTE_COLUMNS = (
    quotes.c.id.label("quote_id"), articles.c.key.label("article"), articles.c.title.label("article_title"),
    articles.c.outlet, articles.c.published, articles.c.source, quotes.c.position, quotes.c.kind,
    quotes.c.text, quotes.c.start, quotes.c.end, speakers.c.name.label("speaker"), quotes.c.speaker_id,
    quotes.c.mention, quotes.c.title, quotes.c.resolution, quotes.c.cue, quotes.c.confidence,
)


def _quote_select() -> sa.Select:
    return (sa.select(*_QUOTE_COLUMNS)
            .select_from(quotes.join(articles, quotes.c.article_id == articles.c.id)
                         .outerjoin(speakers, quotes.c.speaker_id == speakers.c.id)))


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


def _fts_page(conn: sa.Connection, terms: Sequence[str], speakers: list[int] | None,
              keys: tuple[int, int] | None) -> sa.Select:
    """Ids of the quotes matching every term, in search order, to be filtered further.

    speakers: a speaker filter follows (these speakers' ids); see _speakers_drive().
    """
    if conn.dialect.name == "postgresql":
        return _page_base().where(_pg_matches(quotes.c.text, terms)).order_by(quotes.c.sort_key)
    # FTS5: each term becomes a double-quoted string (a phrase), which FTS5 reads as plain
    # text whatever it holds; phrases side by side must all match. Its rowid is sort_key, so
    # it hands matches over in search order and the query stops at the limit.
    match = quotes_fts.c.quotes_fts.op("MATCH")(" ".join('"' + t.replace('"', '""') + '"' for t in terms))
    if keys is not None:  # a date range: FTS5 reads only that range of rowids
        match = sa.and_(match, quotes_fts.c.rowid.between(*keys))
    if speakers is not None and _speakers_drive(conn, match, speakers, keys):
        probe = sa.exists().where(match, quotes_fts.c.rowid == quotes.c.sort_key)
        return _page_base().where(probe).order_by(quotes.c.sort_key)
    return (sa.select(quotes.c.id)
            .select_from(quotes_fts.join(quotes, quotes.c.sort_key == quotes_fts.c.rowid)
                         .join(articles, quotes.c.article_id == articles.c.id))
            .where(match).order_by(quotes_fts.c.rowid))


def _pg_matches(text: sa.ColumnElement[str], terms: Sequence[str]) -> sa.ColumnElement[bool]:
    """text holds every term: one tsquery, which the GIN index answers in one pass."""
    wanted = sa.func.phraseto_tsquery(PG_TS_CONFIG, terms[0])
    for term in terms[1:]:
        wanted = wanted.op("&&")(sa.func.phraseto_tsquery(PG_TS_CONFIG, term))
    return pg_text_vector(text).op("@@")(wanted)


# PostgreSQL: how many of the newest quotes show whether a search's matches are common
_PG_SAMPLE, _PG_COMMON = 300, 3


def _pg_rare(conn: sa.Connection, terms: Sequence[str], keys: tuple[int, int] | None) -> bool:
    """Whether the matches are rare among the newest quotes (in the date range), so that the
    GIN index, not a walk in search order, must find them (PostgreSQL).

    The planner estimates a search's matches from each word's frequency as if words were
    independent; for words that are common but never side by side, or never in one quote,
    it expects many matches and walks quotes_sort_key, re-reading every quote's words, to
    find none. A look at the newest quotes settles it."""
    newest = sa.select(quotes.c.text).order_by(quotes.c.sort_key).limit(_PG_SAMPLE)
    if keys is not None:
        newest = newest.where(quotes.c.sort_key.between(*keys))
    newest = newest.subquery()
    hits = conn.execute(sa.select(sa.func.count()).select_from(newest)
                        .where(_pg_matches(newest.c.text, terms))).scalar_one()
    return hits < _PG_COMMON


# SQLite, speaker and words: how many of the newest quotes show how common the words are, and
# how much dearer looking a quote up in FTS5 is than checking a match's speaker (measured)
_SAMPLE, _PROBE_COST = 300, 25


def _speakers_drive(conn: sa.Connection, match: sa.ColumnElement[bool], speaker_ids: list[int],
                    keys: tuple[int, int] | None) -> bool:
    """Whether a speaker filter is read first (SQLite), each of the speakers' quotes looked up
    in the full-text index, rather than the matches read with their speakers checked.

    Read in search order until a page is full, either side costs about a page over the other
    side's share of all quotes: the speakers' share is kept (speakers.quotes), the words'
    share is that among the newest quotes. A lookup in FTS5 costs _PROBE_COST checks of a
    speaker, so the speakers drive only when the words are that much more common.
    """
    size = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(speakers.c.quotes), 0))
                        .where(speakers.c.id.in_(speaker_ids))).scalar_one()
    if size <= _SAMPLE:  # so few that reading them all is cheap
        return True
    total = conn.execute(sa.select(sa.func.sum(counters.c.value))
                         .where(counters.c.name.like("quotes:%"))).scalar_one()
    newest = sa.select(quotes.c.sort_key).order_by(quotes.c.sort_key).offset(_SAMPLE - 1).limit(1)
    if keys is not None:
        newest = newest.where(quotes.c.sort_key.between(*keys))
    last = conn.execute(newest).scalar()
    if last is None:  # fewer quotes than the sample: nothing is costly
        return True
    hits = conn.execute(sa.select(sa.func.count()).select_from(quotes_fts)
                        .where(match, quotes_fts.c.rowid <= last)).scalar_one()
    return hits * total > _PROBE_COST * size * _SAMPLE


def _page_base() -> sa.Select:
    return sa.select(quotes.c.id).select_from(quotes.join(articles, quotes.c.article_id == articles.c.id))


def _like_words(column: sa.ColumnElement, key: str) -> sa.ColumnElement[bool]:
    """column (a name key: lower-case words, one space apart) contains key's words in a row."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return (" " + column + " ").like(f"% {escaped} %", escape="\\")


def speaker_ids(conn: sa.Connection, name: str) -> list[int]:
    """Speakers whose name, an alias or a title contains ``name``'s words ("blinken", "menlu")."""
    key = name_key(name)
    if not key:
        raise QueryError(f"speaker {name!r} has no letters or digits")
    found = sa.union(
        sa.select(speakers.c.id).where(_like_words(speakers.c.key, key)),
        sa.select(speaker_aliases.c.speaker_id).where(_like_words(speaker_aliases.c.key, key)),
        sa.select(speaker_titles.c.speaker_id).where(_like_words(speaker_titles.c.key, key)),
    )
    return sorted(conn.execute(found).scalars())


def search(conn: sa.Connection, text: str | None = None, *, speaker: str | None = None,
           kinds: Sequence[str] | None = None, outlet: str | None = None,
           since: dt.date | None = None, until: dt.date | None = None,
           limit: int | None = 50, offset: int = 0) -> list[QuoteRow]:
    """Quotes containing every word and "phrase" of ``text`` (case-insensitive), newest first
    (then by article, then in text order; undated articles last).

    speaker: see speaker_ids(); outlet: exact, case-insensitive; since/until: inclusive
    published dates. With no text, the filters alone select.
    """
    # Select a page of ids first, then whole rows for that page only.
    keys = order_key_range(since, until) if since is not None or until is not None else None
    wanted = speaker_ids(conn, speaker) if speaker is not None else None
    rare = False
    if text is not None and text.strip():
        terms = search_terms(text)
        if not terms:
            raise QueryError(f"search text {text!r} has no words to look for")
        page = _fts_page(conn, terms, wanted, keys)
        rare = conn.dialect.name == "postgresql" and _pg_rare(conn, terms, keys)
    else:
        page = _page_base().order_by(quotes.c.sort_key)
    if wanted is not None:
        page = page.where(quotes.c.speaker_id.in_(wanted))
    if kinds:
        page = page.where(quotes.c.kind.in_(list(kinds)))
    if outlet is not None:
        page = page.where(sa.func.lower(articles.c.outlet) == outlet.lower())
    if keys is not None:
        page = page.where(quotes.c.sort_key.between(*keys))
    page = page.limit(limit).offset(offset).subquery()
    query = _quote_select().join(page, page.c.id == quotes.c.id).order_by(quotes.c.sort_key)
    try:
        if not rare:
            return [QuoteRow(**row) for row in conn.execute(query).mappings()]
        with conn.begin_nested() as settings:  # rolled back: the setting lasts this query only
            conn.exec_driver_sql("SET LOCAL enable_indexscan = off")  # bitmap scans: the GIN index
            rows = [QuoteRow(**row) for row in conn.execute(query).mappings()]
            settings.rollback()
        return rows
    except sa.exc.OperationalError as exc:
        if "fts5" not in str(exc.orig):  # a time limit, a lost connection: not the search text
            raise
        # search_terms() leaves FTS nothing to misread, but say so clearly if it ever does
        raise QueryError(f"the search {text!r} could not be run: {exc.orig}") from None


def list_speakers(conn: sa.Connection, top: int | None = None) -> list[SpeakerRow]:
    """Speakers with at least one quote, most quoted first (then by name): their kept counts,
    read in the order of speakers_by_quotes."""
    query = (sa.select(speakers.c.id, speakers.c.name, speakers.c.quotes, speakers.c.articles)
             .where(speakers.c.quotes > 0)
             .order_by(speakers.c.quotes.desc(), speakers.c.name, speakers.c.id).limit(top))
    rows = conn.execute(query).all()
    ids = [r.id for r in rows]
    aliases = _grouped(conn, speaker_aliases.c.alias, ids)
    titles = _grouped(conn, speaker_titles.c.title, ids)
    return [SpeakerRow(r.id, r.name, aliases.get(r.id, ()), titles.get(r.id, ()), r.quotes, r.articles)
            for r in rows]


def _grouped(conn: sa.Connection, column: sa.Column, ids: list[int]) -> dict[int, tuple[str, ...]]:
    table = column.table
    out: dict[int, list[str]] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists
        query = (sa.select(table.c.speaker_id, column).where(table.c.speaker_id.in_(ids[start:start + 500]))
                 .order_by(table.c.speaker_id, column))
        for speaker_id, value in conn.execute(query):
            out.setdefault(speaker_id, []).append(value)
    return {k: tuple(v) for k, v in out.items()}


def find_article(conn: sa.Connection, article: str) -> ArticleRow | None:
    """The article with this key (JSONL id or file path), or None."""
    count = sa.select(sa.func.count()).where(quotes.c.article_id == articles.c.id).scalar_subquery()
    row = conn.execute(sa.select(articles.c.id, articles.c.key, articles.c.title, articles.c.outlet,
                                 articles.c.published, articles.c.source, count)
                       .where(articles.c.key == article)).first()
    return ArticleRow(*row) if row else None


def article_quotes(conn: sa.Connection, article_id: int) -> list[QuoteRow]:
    """An article's quotes in text order."""
    query = _quote_select().where(quotes.c.article_id == article_id).order_by(quotes.c.position)
    return [QuoteRow(**row) for row in conn.execute(query).mappings()]


def _distinct_count(conn: sa.Connection, column: sa.Column) -> int:
    """How many distinct non-null values an indexed column holds, by one index seek per value
    (a loose index scan) rather than a pass over every row."""
    step = sa.select(sa.func.min(column)).where(column > sa.literal_column("seen.value")).scalar_subquery()
    seen = sa.select(sa.func.min(column).label("value")).cte("seen", recursive=True)
    seen = seen.union_all(sa.select(step).select_from(seen).where(seen.c.value.is_not(None)))
    return conn.execute(sa.select(sa.func.count(seen.c.value))).scalar_one()


def stats(conn: sa.Connection) -> Stats:
    """Totals from the kept counters; dates and outlets from their indexes."""
    counts = dict(conn.execute(sa.select(counters.c.name, counters.c.value)).all())
    by_kind = {kind: counts[f"quotes:{kind}"] for kind in sorted(KINDS) if counts.get(f"quotes:{kind}")}
    # apart: each alone is one index seek, together (SQLite) a pass over the index
    first = conn.execute(sa.select(sa.func.min(articles.c.published))).scalar_one()
    last = conn.execute(sa.select(sa.func.max(articles.c.published))).scalar_one()
    quoted = conn.execute(sa.select(sa.func.count()).select_from(speakers).where(speakers.c.quotes > 0))
    return Stats(
        articles=counts[ARTICLES], quotes=sum(by_kind.values()), speakers=quoted.scalar_one(),
        outlets=_distinct_count(conn, articles.c.outlet),
        first_published=first, last_published=last, by_kind=by_kind, unattributed=counts[UNATTRIBUTED],
    )


def export(conn: sa.Connection, batch: int = 1000) -> Iterator[QuoteRow]:
    """Every quote with its article and speaker, in the order they were stored.

    Pages by quote id so that a large database streams without one long-running cursor.
    """
    last = 0
    while True:
        query = _quote_select().where(quotes.c.id > last).order_by(quotes.c.id).limit(batch)
        rows = [QuoteRow(**row) for row in conn.execute(query).mappings()]
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1].quote_id
