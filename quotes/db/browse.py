"""Read-only queries for looking at one item: a quote in its article, an article, a speaker.

The web UI's detail pages need what query.py's lists leave out: an article's text, each
quote's mention and cue offsets (to highlight them), one speaker by id and their quotes per
month. Same rules as query.py: an open Connection in, frozen rows out, bound parameters only.
"""
from __future__ import annotations

from collections import Counter

import attrs
import sqlalchemy as sa

from quotes.db.query import ArticleRow, QuoteRow, SpeakerRow, _grouped, _quote_select
from quotes.db.schema import (articles, order_key_day, published_of, quotes, speaker_aliases, speaker_titles,
                              speakers)
from quotes.model import Quote, Span


@attrs.frozen
class ArticleDetail:
    article: ArticleRow
    text: str
    quotes: tuple[QuoteRow, ...]  # text order
    marked: tuple[Quote, ...]  # the same quotes with their mention and cue spans, to highlight


def _span(text: str | None, start: int | None, end: int | None) -> Span | None:
    return Span(start, end, text) if text is not None and start is not None and end is not None else None


def article_detail(conn: sa.Connection, article_id: int) -> ArticleDetail | None:
    """The article with this id, its text and its quotes, or None."""
    count = sa.select(sa.func.count()).where(quotes.c.article_id == articles.c.id).scalar_subquery()
    row = conn.execute(sa.select(articles.c.id, articles.c.key, articles.c.title, articles.c.outlet,
                                 articles.c.published, articles.c.source, count, articles.c.text)
                       .where(articles.c.id == article_id)).first()
    if row is None:
        return None
    rows = conn.execute(_quote_select()
                        .add_columns(quotes.c.mention_start, quotes.c.mention_end, quotes.c.cue_start, quotes.c.cue_end)
                        .where(quotes.c.article_id == article_id).order_by(quotes.c.position)).mappings().all()
    listed = tuple(QuoteRow(**{name: r[name] for name in attrs.fields_dict(QuoteRow)}) for r in rows)
    marked = tuple(
        Quote(kind=r["kind"], text=r["text"], start=r["start"], end=r["end"], speaker=r["speaker"],
              mention=_span(r["mention"], r["mention_start"], r["mention_end"]), title=r["title"],
              resolution=r["resolution"], cue=_span(r["cue"], r["cue_start"], r["cue_end"]),
              confidence=r["confidence"])
        for r in rows)
    return ArticleDetail(ArticleRow(*row[:7]), row.text, listed, marked)


def quote_article_id(conn: sa.Connection, quote_id: int) -> int | None:
    """The id of the article a quote is from, or None for an unknown quote."""
    return conn.execute(sa.select(quotes.c.article_id).where(quotes.c.id == quote_id)).scalar_one_or_none()


def get_speaker(conn: sa.Connection, speaker_id: int) -> SpeakerRow | None:
    """One speaker with their aliases, titles and (kept) counts, or None."""
    row = conn.execute(sa.select(speakers.c.id, speakers.c.name, speakers.c.quotes, speakers.c.articles)
                       .where(speakers.c.id == speaker_id)).first()
    if row is None:
        return None
    aliases = _grouped(conn, speaker_aliases.c.alias, [speaker_id]).get(speaker_id, ())
    titles = _grouped(conn, speaker_titles.c.title, [speaker_id]).get(speaker_id, ())
    return SpeakerRow(row[0], row[1], aliases, titles, row[2], row[3])


def speaker_quotes(conn: sa.Connection, speaker_id: int, limit: int = 20) -> list[QuoteRow]:
    """A speaker's latest quotes in search order (newest article first): the first entries of
    quotes_speaker_order."""
    query = _quote_select().where(quotes.c.speaker_id == speaker_id).order_by(quotes.c.sort_key).limit(limit)
    return [QuoteRow(**row) for row in conn.execute(query).mappings()]


def quotes_per_month(conn: sa.Connection, speaker_id: int) -> list[tuple[str, int]]:
    """("YYYY-MM", count) for each month the speaker was quoted in a dated article, in order.

    Counted per day from the sort keys alone (quotes_speaker_order covers them: no article is
    read), then summed per month here.
    """
    day = order_key_day(quotes.c.sort_key)
    per_day = conn.execute(sa.select(day, sa.func.count()).where(quotes.c.speaker_id == speaker_id)
                           .group_by(day))
    months: Counter[str] = Counter()
    for key_day, n in per_day:
        published = published_of(key_day)
        if published is not None:
            months[f"{published:%Y-%m}"] += n
    return sorted(months.items())
