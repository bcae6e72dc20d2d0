"""Counts kept up to date by the writers, so that listings and statistics read them instead of
counting every quote: quotes and articles per speaker (speakers.quotes, speakers.articles) and
the totals of `db stats` (the counters table).

A writer adds what it stores or removes to a Tally, which writes the sum in one statement per
table: once per ingest batch, and before any speaker merge (which reads the counts).
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

import sqlalchemy as sa

from quotes.db.layout import ARTICLES, COUNTER_NAMES, UNATTRIBUTED
from quotes.db.schema import articles, counters, quotes, speakers

_ADD_TO_SPEAKER = (speakers.update().where(speakers.c.id == sa.bindparam("of"))
                   .values(quotes=speakers.c.quotes + sa.bindparam("add_quotes"),
                           articles=speakers.c.articles + sa.bindparam("add_articles")))
_ADD_TO_COUNTER = (counters.update().where(counters.c.name == sa.bindparam("of"))
                   .values(value=counters.c.value + sa.bindparam("add")))


class Tally:
    """Changes to the counts not yet written."""

    def __init__(self) -> None:
        self.speaker_quotes: Counter[int] = Counter()
        self.speaker_articles: Counter[int] = Counter()
        self.totals: Counter[str] = Counter()

    def article(self, quoted: Iterable[tuple[str, int | None]], sign: int = 1, new: bool = False) -> None:
        """One article's quotes, as (kind, speaker id) pairs, stored (sign 1) or removed (-1);
        new: the article itself is new."""
        seen: set[int] = set()
        for kind, speaker_id in quoted:
            self.totals[f"quotes:{kind}"] += sign
            if speaker_id is None:
                self.totals[UNATTRIBUTED] += sign
                continue
            self.speaker_quotes[speaker_id] += sign
            if speaker_id not in seen:
                seen.add(speaker_id)
                self.speaker_articles[speaker_id] += sign
        if new:
            self.totals[ARTICLES] += 1

    def flush(self, conn: sa.Connection) -> None:
        """Write the changes in the caller's transaction, and start over. Rows are updated in
        key order, so that two writers (PostgreSQL) lock them in the same order."""
        touched = sorted(set(self.speaker_quotes) | set(self.speaker_articles))
        rows = [{"of": s, "add_quotes": self.speaker_quotes[s], "add_articles": self.speaker_articles[s]}
                for s in touched if self.speaker_quotes[s] or self.speaker_articles[s]]
        if rows:
            conn.execute(_ADD_TO_SPEAKER, rows)
        totals = [{"of": name, "add": n} for name, n in sorted(self.totals.items()) if n]
        if totals:
            conn.execute(_ADD_TO_COUNTER, totals)
        self.__init__()


def article_quotes(conn: sa.Connection, article_id: int) -> list[tuple[str, int | None]]:
    """(kind, speaker id) of a stored article's quotes: what removing them takes off."""
    return [(k, s) for k, s in conn.execute(sa.select(quotes.c.kind, quotes.c.speaker_id)
                                            .where(quotes.c.article_id == article_id))]


def after_merge(conn: sa.Connection, keep_id: int, moved_quotes: int) -> None:
    """keep_id took moved_quotes quotes over from a merged speaker; their articles may overlap
    with its own, so those are counted again (over keep_id's quotes only, by its index)."""
    in_articles = (sa.select(sa.func.count(sa.distinct(quotes.c.article_id)))
                   .where(quotes.c.speaker_id == keep_id).scalar_subquery())
    conn.execute(speakers.update().where(speakers.c.id == keep_id)
                 .values(quotes=speakers.c.quotes + moved_quotes, articles=in_articles))


def recount(conn: sa.Connection) -> None:
    """Every count from the stored rows (once, when a database gets counts: schema v4)."""
    per_speaker = (sa.select(quotes.c.speaker_id, sa.func.count().label("n"),
                             sa.func.count(sa.distinct(quotes.c.article_id)).label("a"))
                   .where(quotes.c.speaker_id.is_not(None)).group_by(quotes.c.speaker_id))
    rows = [{"of": s, "add_quotes": n, "add_articles": a} for s, n, a in conn.execute(per_speaker)]
    conn.execute(speakers.update().values(quotes=0, articles=0))
    if rows:
        conn.execute(_ADD_TO_SPEAKER, rows)
    totals = Counter({name: 0 for name in COUNTER_NAMES})
    totals[ARTICLES] = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    for kind, attributed, n in conn.execute(sa.select(quotes.c.kind, quotes.c.speaker_id.is_not(None), sa.func.count())
                                            .group_by(quotes.c.kind, quotes.c.speaker_id.is_not(None))):
        totals[f"quotes:{kind}"] += n
        if not attributed:
            totals[UNATTRIBUTED] += n
    conn.execute(counters.delete())
    conn.execute(counters.insert(), [{"name": name, "value": n} for name, n in totals.items()])
