"""Read-only queries for looking at one item: a quote in its article, an article, a speaker.

The web UI's detail pages need what query.py's lists leave out: an article's text, each
quote's mention and cue offsets (to highlight them), one speaker by id and their quotes per
month. Same rules as query.py: an open Connection in, frozen rows out, bound parameters only.
"""
from __future__ import annotations

from collections import Counter

import attrs
import sqlalchemy as sa

from quotes.db import sql
from quotes.db.layout import published_of
from quotes.db.query import ArticleRow, QuoteRow, SpeakerRow, article_row, quote_row, speaker_rows
from quotes.db.reader import reader
from quotes.db.schema import quotes
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
    db = reader(conn)
    found = db.rows(sql.article(db.dialect, "articles.id = {}", article_id, ", articles.text"))
    if not found:
        return None
    offsets = ", quotes.mention_start, quotes.mention_end, quotes.cue_start, quotes.cue_end"
    rows = db.rows(sql.quotes_where(db.dialect, "quotes.article_id = {}", article_id, 'quotes."position"',
                                    extra_columns=offsets))
    listed = tuple(quote_row(r) for r in rows)
    marked = tuple(
        Quote(kind=q.kind, text=q.text, start=q.start, end=q.end, speaker=q.speaker,
              mention=_span(q.mention, mention_start, mention_end), title=q.title,
              resolution=q.resolution, cue=_span(q.cue, cue_start, cue_end), confidence=q.confidence)
        for q, (mention_start, mention_end, cue_start, cue_end) in zip(listed, (r[-4:] for r in rows)))
    return ArticleDetail(article_row(found[0]), found[0][7], listed, marked)


def quote_article_id(conn: sa.Connection, quote_id: int) -> int | None:
    """The id of the article a quote is from, or None for an unknown quote."""
    return conn.execute(sa.select(quotes.c.article_id).where(quotes.c.id == quote_id)).scalar_one_or_none()


def get_speaker(conn: sa.Connection, speaker_id: int) -> SpeakerRow | None:
    """One speaker with their aliases, titles and (kept) counts, or None."""
    db = reader(conn)
    rows = db.rows(sql.speaker(db.dialect, speaker_id))
    return speaker_rows(db, rows)[0] if rows else None


def speaker_quotes(conn: sa.Connection, speaker_id: int, limit: int = 20) -> list[QuoteRow]:
    """A speaker's latest quotes in search order (newest article first): the first of them
    that a search of the speaker reads."""
    db = reader(conn)
    return [quote_row(r) for r in db.rows(sql.search_page(db.dialect, [], speaker_ids=[speaker_id], limit=limit))]


def quotes_per_month(conn: sa.Connection, speaker_id: int) -> list[tuple[str, int]]:
    """("YYYY-MM", count) for each month the speaker was quoted in a dated article, in order.

    Counted per day from the sort keys alone (no article is read, sql.speaker_days), then
    summed per month here.
    """
    db = reader(conn)
    months: Counter[str] = Counter()
    for key_day, n in db.rows(sql.speaker_days(db.dialect, speaker_id)):
        published = published_of(key_day)
        if published is not None:
            months[f"{published:%Y-%m}"] += n
    return sorted(months.items())
