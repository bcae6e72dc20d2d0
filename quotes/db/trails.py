"""Quote trails in the database: grouping stored quotes (quotes.trails decides) and reading
a statement's trail back, for `quotes db trail`, the web pages and the API.

Grouping happens in the writer's transaction, right after an article's quotes are stored:
only the stored quotes that can matter (same exact words, or a shared LSH band key) are
read, so the cost per article does not grow with the archive.
"""
from __future__ import annotations

import collections
import datetime as dt
import json
from typing import Callable, Iterable, Sequence

import attrs
import sqlalchemy as sa

from quotes.db.bulk import IN_LIST, Rows, chunks
from quotes.db.layout import DAY_SHIFT, order_key, trail_tag
from quotes.db.query import QueryError, QuoteRow, _Row, search
from quotes.db.schema import (articles, order_key_day, quote_tags, quote_trails, quotes, speakers, trail_keys,
                               trail_outlets, trail_speakers, trails)
from quotes.db.sources import WIB
from quotes.trails import Grouper, Statement, statement, words

# Stored quotes read per band key: a statement copied a thousand times shares its keys with
# a thousand quotes, and a few of them find its trail as well as all would.
PER_KEY = 8


def assign(conn: sa.Connection, article_ids: Sequence[int], rows: Rows | None = None) -> None:
    """Put the quotes of these articles (just stored, not yet in a trail) into trails; the
    new rows go through the writer's ``rows`` (quotes.db.bulk), written before this returns."""
    rows = rows or Rows(conn)
    found: list[tuple[sa.Row, Statement]] = []
    for part in chunks(list(article_ids)):
        stored = conn.execute(sa.select(quotes.c.id, quotes.c.text, quotes.c.speaker_id, quotes.c.sort_key,
                                        quotes.c.outlet_key)
                              .where(quotes.c.article_id.in_(part))
                              .order_by(quotes.c.article_id, quotes.c.position))
        found += [(r, statement(r.text, r.speaker_id)) for r in stored]
    if not found:
        return
    grouper = Grouper(lambda: rows.insert(trails, {}))
    _know_stored(conn, grouper, [st for _, st in found])
    grouped, keys = [], []
    for quote, st in found:
        placed = grouper.add(quote.id, st)
        if placed.absorbed:
            rows.flush()  # the absorbing trail may be one this batch made
        for absorbed in placed.absorbed:
            conn.execute(quote_trails.update().where(quote_trails.c.trail_id == absorbed)
                         .values(trail_id=placed.trail))
            for kept in KEPT:
                kept.move(conn, placed.trail, absorbed)
        grouped.append({"quote_id": quote.id, "trail_id": placed.trail, "exact": st.exact, "sort_key": quote.sort_key})
        if placed.new_keys:
            keys += [{"key": k, "quote_id": quote.id} for k in sorted(st.keys)]
    for row in grouped:  # a trail absorbed later in the batch: its rows go to the absorbing one
        row["trail_id"] = grouper.trail(row["trail_id"])
    rows.add(quote_trails, grouped)
    rows.add(trail_keys, keys)
    rows.flush()
    for kept in KEPT:
        values = ((row["trail_id"], kept.of(quote)) for row, (quote, _) in zip(grouped, found))
        kept.add(conn, collections.Counter(pair for pair in values if pair[1] is not None))


class _Kept:
    """Each trail's copies per value of a quote column, kept in ``table`` (trail_id, the
    column, copies) as quotes are grouped, moved and replaced: a statement's reach per
    outlet (trail_outlets) and a speaker's statements (trail_speakers) are a few rows, not
    a count of copies."""

    def __init__(self, table: sa.Table, column: str, value: sa.ColumnElement, of: Callable[[sa.Row], object]):
        # value: the counted value in SQL; of: the same of a stored quote's row (None: not counted)
        self.table, self.column, self.value, self.of = table, column, value, of
        name = table.name
        summed = f"ON CONFLICT (trail_id, {column}) DO UPDATE SET copies = {name}.copies + excluded.copies"
        # copies added to (or, negative, taken from) a trail's count
        self._add = sa.text(f"INSERT INTO {name} (trail_id, {column}, copies) VALUES (:trail, :of, :copies) {summed}")
        # an absorbed trail's counts added to the absorbing one's (then deleted)
        self._move = sa.text(f"INSERT INTO {name} (trail_id, {column}, copies) SELECT :into, {column}, copies "
                             f"FROM {name} WHERE trail_id = :absorbed {summed}")
        # one value's counts added to another's (a speaker merged into the one kept; then deleted)
        self._merge = sa.text(f"INSERT INTO {name} (trail_id, {column}, copies) SELECT trail_id, :keep, copies "
                              f"FROM {name} WHERE {column} = :other {summed}")

    def add(self, conn: sa.Connection, counts: dict[tuple[int, object], int]) -> None:
        """Add these copies per (trail, value) to the kept counts; counts that reach 0 go."""
        if not counts:
            return
        conn.execute(self._add, [{"trail": t, "of": v, "copies": n} for (t, v), n in sorted(counts.items())])
        if any(n < 0 for n in counts.values()):
            for part in chunks(sorted({t for t, _ in counts})):
                conn.execute(self.table.delete().where(self.table.c.trail_id.in_(part), self.table.c.copies <= 0))

    def move(self, conn: sa.Connection, into: int, absorbed: int) -> None:
        conn.execute(self._move, {"into": into, "absorbed": absorbed})
        conn.execute(self.table.delete().where(self.table.c.trail_id == absorbed))

    def merge(self, conn: sa.Connection, keep: object, other: object) -> None:
        """Other's copies of each trail counted as keep's, before other goes."""
        conn.execute(self._merge, {"keep": keep, "other": other})
        conn.execute(self.table.delete().where(self.table.c[self.column] == other))

    def grouped(self, *where: sa.ColumnElement[bool]) -> sa.Select:
        """(trail, value, copies) of the grouped quotes that meet ``where``, as kept."""
        return (sa.select(quote_trails.c.trail_id, self.value, sa.func.count())
                .join(quotes, quotes.c.id == quote_trails.c.quote_id).where(self.value.is_not(None), *where)
                .group_by(quote_trails.c.trail_id, self.value))

    def count(self, conn: sa.Connection) -> None:
        """Count every trail's copies anew from the grouped quotes."""
        conn.execute(self.table.delete())
        conn.execute(self.table.insert().from_select(["trail_id", self.column, "copies"], self.grouped()))


OUTLETS = _Kept(trail_outlets, "outlet_key", sa.func.coalesce(quotes.c.outlet_key, ""),
                lambda quote: quote.outlet_key or "")
SPEAKERS = _Kept(trail_speakers, "speaker_id", quotes.c.speaker_id, lambda quote: quote.speaker_id)
KEPT = (OUTLETS, SPEAKERS)


def forget(conn: sa.Connection, article_id: int) -> None:
    """Take the grouped quotes of an article out of their trails' counts, before the quotes
    themselves are deleted (which takes them out of their trails)."""
    for kept in KEPT:
        kept.add(conn, {(t, v): -n for t, v, n in conn.execute(kept.grouped(quotes.c.article_id == article_id))})


# The stored quotes behind an article's statements, one fixed statement per back end whatever
# the batch holds: each exact or band key is looked up by its own index seek, so the cost does
# not grow with how many copies of a statement are stored (a wire story's may be thousands).
_FIRST_TRAILS = {
    "sqlite": "SELECT e.value, (SELECT min(trail_id) FROM quote_trails WHERE exact = e.value) "
              "FROM json_each(?) AS e",
    "postgresql": "SELECT e.exact, (SELECT min(trail_id) FROM quote_trails WHERE exact = e.exact) "
                  "FROM unnest(%s::text[]) AS e(exact)",
}
# the PER_KEY oldest holders of each band key: SQLite has no LATERAL, so the PER_KEY-th
# holder bounds a range read of the key's index instead
_OLDEST_HOLDERS = {
    "sqlite": f"SELECT k.value, t.quote_id FROM json_each(?) AS k JOIN trail_keys AS t ON t.key = k.value "
              f"AND t.quote_id <= coalesce((SELECT quote_id FROM trail_keys WHERE key = k.value "
              f"ORDER BY quote_id LIMIT 1 OFFSET {PER_KEY - 1}), {2**63 - 1})",
    "postgresql": f"SELECT k.key, t.quote_id FROM unnest(%s::bigint[]) AS k(key) CROSS JOIN LATERAL "
                  f"(SELECT quote_id FROM trail_keys WHERE key = k.key ORDER BY quote_id LIMIT {PER_KEY}) AS t",
}


def _lookup(conn: sa.Connection, statements: dict[str, str], values: Sequence) -> list[tuple]:
    """The rows of a _FIRST_TRAILS or _OLDEST_HOLDERS statement for these values."""
    packed = json.dumps(list(values)) if conn.dialect.name == "sqlite" else list(values)
    return conn.exec_driver_sql(statements[conn.dialect.name], (packed,)).all()


def _know_stored(conn: sa.Connection, grouper: Grouper, found: Sequence[Statement]) -> None:
    """Tell the grouper of the stored quotes that the new ones could join."""
    stored = set()
    for exact, trail in _lookup(conn, _FIRST_TRAILS, sorted({st.exact for st in found})):
        if trail is not None:
            grouper.know_exact(exact, trail)
            stored.add(exact)
    # band keys only for the statements with no stored exact copy, each once
    fresh = {st.exact: st for st in found if st.exact not in stored}.values()
    hits: dict[int, list[int]] = {}
    for key, quote_id in sorted(_lookup(conn, _OLDEST_HOLDERS, sorted(set().union(*(st.keys for st in fresh))))):
        hits.setdefault(quote_id, []).append(key)
    for part in chunks(sorted(hits)):
        for quote_id, trail, text in conn.execute(
                sa.select(quotes.c.id, quote_trails.c.trail_id, quotes.c.text)
                .join(quote_trails, quote_trails.c.quote_id == quotes.c.id).where(quotes.c.id.in_(part))):
            grouper.know(quote_id, trail, words(text), hits[quote_id])


def rebuild(conn: sa.Connection, on_progress=lambda done: None) -> int:
    """Group every stored quote anew, oldest articles first; the number of trails."""
    for table in (trail_keys, quote_trails, trail_outlets, trail_speakers, trails):
        conn.execute(table.delete())
    ids = conn.execute(sa.select(articles.c.id).order_by(articles.c.published.is_(None), articles.c.published,
                                                          articles.c.id)).scalars().all()
    for done, part in enumerate(chunks(ids), 1):
        assign(conn, part)
        on_progress(min(done * IN_LIST, len(ids)))
    return conn.execute(sa.select(sa.func.count(sa.distinct(quote_trails.c.trail_id)))).scalar_one()


@attrs.frozen
class Appearance(_Row):
    """One copy of a statement: where and when it appeared, and how that outlet worded it."""

    quote_id: int
    trail_id: int
    published: dt.date | None
    published_at: dt.datetime | None  # with its offset (WIB), when the source gave a time
    time: str | None  # that time as people read it: "09:30 WIB"
    outlet: str | None
    article: str
    article_title: str | None
    source: str | None
    speaker: str | None  # the merged speaker's canonical name
    speaker_id: int | None
    named: str | None  # the speaker as this article named it
    title: str | None
    kind: str
    text: str


# a page shows a statement's first appearances only: some are repeated thousands of times;
# a list of search results, each statement's first few (its trail is a click away)
SHOWN = 100
LISTED = 10


@attrs.frozen
class TrailSummary(_Row):
    """A statement's reach: how many copies and outlets, and its first copies in time order."""

    trail_id: int
    copies: int
    outlets: int
    appearances: tuple[Appearance, ...]

    @property
    def first(self) -> Appearance:
        return self.appearances[0]


@attrs.frozen
class StatementHit(_Row):
    """A search result: one statement, shown by its newest matching copy."""

    quote: QuoteRow
    matching: int  # copies of it among the search's results
    trail: TrailSummary | None  # None when the quote was never grouped


_APPEARANCE = sa.select(
    quotes.c.id.label("quote_id"), quote_trails.c.trail_id, articles.c.published, articles.c.published_at, articles.c.outlet,
    articles.c.key.label("article"), articles.c.title.label("article_title"), articles.c.source,
    speakers.c.name.label("speaker"), quotes.c.speaker_id, quotes.c.speaker.label("named"), quotes.c.title,
    quotes.c.kind, quotes.c.text,
).select_from(quotes.join(quote_trails, quote_trails.c.quote_id == quotes.c.id)
              .join(articles, quotes.c.article_id == articles.c.id)
              .outerjoin(speakers, quotes.c.speaker_id == speakers.c.id))

# time order: by date (undated last), by time where known, then as stored
_TIME_ORDER = (articles.c.published.is_(None), articles.c.published, articles.c.published_at.is_(None),
               articles.c.published_at, articles.c.id, quotes.c.position)


def _appearance(row: sa.RowMapping) -> Appearance:
    fields = dict(row)
    moment = fields.pop("published_at")
    local = moment.replace(tzinfo=dt.timezone.utc).astimezone(WIB) if moment is not None else None
    return Appearance(**fields, published_at=local, time=local.strftime("%H:%M WIB") if local else None)


def trail(conn: sa.Connection, quote_id: int) -> list[Appearance]:
    """Every appearance of the statement that quote ``quote_id`` is a copy of, in time order."""
    trail_id = sa.select(quote_trails.c.trail_id).where(quote_trails.c.quote_id == quote_id).scalar_subquery()
    query = _APPEARANCE.where(quote_trails.c.trail_id == trail_id).order_by(*_TIME_ORDER)
    return [_appearance(row) for row in conn.execute(query).mappings()]


# Built once, their id lists bound as one expanding parameter: a page of search results asks
# for 300 quotes' trails, and building the IN list value by value cost more than the query
_TRAILS_OF = sa.select(quote_trails.c.quote_id, quote_trails.c.trail_id).where(
    quote_trails.c.quote_id.in_(sa.bindparam("ids", expanding=True)))
_REACH = sa.select(trail_outlets.c.trail_id, sa.func.sum(trail_outlets.c.copies),
                   sa.func.count().filter(trail_outlets.c.outlet_key != "")) \
    .where(trail_outlets.c.trail_id.in_(sa.bindparam("ids", expanding=True))).group_by(trail_outlets.c.trail_id)


def summaries(conn: sa.Connection, quote_ids: Iterable[int], shown: int | None = None) -> dict[int, TrailSummary]:
    """quote id -> the summary of its statement's trail, for each of ``quote_ids``: its kept
    counts and first ``shown`` (SHOWN) appearances, read from indexes however many copies it has."""
    shown = SHOWN if shown is None else shown
    trail_of = trails_of(conn, list(quote_ids))
    counts: dict[int, tuple[int, int]] = {}
    for part in chunks(sorted(set(trail_of.values()))):
        counts.update((t, (n, o)) for t, n, o in conn.execute(_REACH, {"ids": part}))
    by_trail = {t: TrailSummary(t, *counts[t], tuple(first_appearances(conn, t, shown))) for t in counts}
    return {q: by_trail[t] for q, t in trail_of.items() if t in by_trail}


# quotes.sort_key orders by date, newest first, and puts undated quotes after every dated one
_UNDATED_KEY = order_key(None, 0, 0)


def _copy_keys(dialect: str, trail_id: int) -> tuple[sa.ColumnElement[int], sa.ColumnElement[bool]]:
    """The sort keys of a trail's copies, in an index in search order, and the condition that
    selects them there: SQLite's trail tags (schema 11), PostgreSQL's quote_trails_trail_order."""
    if dialect == "sqlite":
        return quote_tags.c.rowid, quote_tags.c.quote_tags.op("MATCH")(trail_tag(trail_id))
    return quote_trails.c.sort_key, quote_trails.c.trail_id == trail_id


def first_appearances(conn: sa.Connection, trail_id: int, shown: int) -> list[Appearance]:
    """A trail's first ``shown`` appearances in time order, read from its copies' keys in
    search order (_copy_keys): the ``shown``-th oldest dated copy's key gives the last day
    that can be shown, and only the days up to it are read and put in time order; then
    undated copies if too few are dated. A bounded read however many copies the trail has."""
    key, of_trail = _copy_keys(conn.dialect.name, trail_id)
    copies = sa.select(key).where(of_trail)
    # sort_key puts older days higher: the days shown start at the shown-th oldest copy's day
    last = copies.where(key < _UNDATED_KEY).order_by(key.desc()).limit(1).offset(shown - 1).scalar_subquery()
    first_key = sa.func.coalesce(order_key_day(last).op("<<")(sa.literal_column(str(DAY_SHIFT))), 0)
    days = copies.where(key >= first_key, key < _UNDATED_KEY)
    query = _APPEARANCE.where(quotes.c.sort_key.in_(days)).order_by(*_TIME_ORDER).limit(shown)
    found = [_appearance(row) for row in conn.execute(query).mappings()]
    if len(found) < shown:  # undated copies: in order of their keys (article, position)
        undated = copies.where(key >= _UNDATED_KEY).order_by(key).limit(shown - len(found))
        query = _APPEARANCE.where(quotes.c.sort_key.in_(undated)).order_by(quotes.c.sort_key)
        found += [_appearance(row) for row in conn.execute(query).mappings()]
    return found


def trails_of(conn: sa.Connection, quote_ids: Sequence[int]) -> dict[int, int]:
    """quote id -> its trail id, for those of ``quote_ids`` that are grouped."""
    found: dict[int, int] = {}
    for part in chunks(sorted(set(quote_ids))):
        found.update(conn.execute(_TRAILS_OF, {"ids": part}).all())
    return found


def by_statement(conn: sa.Connection, rows: Sequence[QuoteRow]) -> list[tuple[QuoteRow, int]]:
    """Search results one per statement, in the order of each one's first (newest) copy
    among ``rows``, with how many of ``rows`` are its copies."""
    trail_of = trails_of(conn, [r.quote_id for r in rows])
    first: dict[object, QuoteRow] = {}
    count: dict[object, int] = {}
    for row in rows:
        key = trail_of.get(row.quote_id, ("quote", row.quote_id))
        first.setdefault(key, row)
        count[key] = count.get(key, 0) + 1
    return [(row, count[key]) for key, row in first.items()]


def hits(conn: sa.Connection, grouped: Sequence[tuple[QuoteRow, int]]) -> list[StatementHit]:
    """StatementHits for some of by_statement()'s results, each with its trail's reach and
    first LISTED appearances."""
    found = summaries(conn, [row.quote_id for row, _ in grouped], LISTED)
    return [StatementHit(row, matching, found.get(row.quote_id)) for row, matching in grouped]


@attrs.frozen
class ReachRow(_Row):
    """A statement among the most widely reported: its reach and its first appearance."""

    quote_id: int  # its first copy
    copies: int
    outlets: int
    published: dt.date | None
    time: str | None
    outlet: str | None
    speaker: str | None
    text: str


def most_reported(conn: sa.Connection, top: int = 20) -> list[ReachRow]:
    """The statements carried by the most outlets (then copies), each with its first copy."""
    reach = (sa.select(trail_outlets.c.trail_id, sa.func.sum(trail_outlets.c.copies).label("copies"),
                       sa.func.count().filter(trail_outlets.c.outlet_key != "").label("outlets"))
             .group_by(trail_outlets.c.trail_id)
             .order_by(sa.desc("outlets"), sa.desc("copies"), trail_outlets.c.trail_id).limit(top))
    out = []
    for r in conn.execute(reach).all():
        first = first_appearances(conn, r.trail_id, 1)[0]
        out.append(ReachRow(first.quote_id, r.copies, r.outlets, first.published, first.time, first.outlet,
                            first.speaker, first.text))
    return out


def find_quote(conn: sa.Connection, given: str) -> int:
    """A quote named by its id, or by words of its statement (the newest quote that has them)."""
    if given.strip().isdigit():
        found = conn.execute(sa.select(quotes.c.id).where(quotes.c.id == int(given))).scalar_one_or_none()
        if found is None:
            raise QueryError(f"no quote {given.strip()} in the database")
        return found
    rows = search(conn, given, limit=1)
    if not rows:
        raise QueryError(f"no quote holds the words {given!r}")
    return rows[0].quote_id


def statement_counts(conn: sa.Connection, speaker_ids: Iterable[int]) -> dict[int, int]:
    """speaker id -> how many different statements (trails) of theirs are stored: their
    rows of trail_speakers, read from its index by speaker."""
    counts = {}
    for part in chunks(sorted(set(speaker_ids))):
        counts.update(conn.execute(
            sa.select(trail_speakers.c.speaker_id, sa.func.count())
            .where(trail_speakers.c.speaker_id.in_(part)).group_by(trail_speakers.c.speaker_id)).all())
    return counts
