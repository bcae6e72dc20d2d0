"""Storing articles and their quotes: idempotent, whole articles only, in input order.

Extraction may run on many processes, but every write happens here, in one process, in
input order, so the database does not depend on the number of jobs. Each batch of articles
is one transaction: an ingest killed in the middle leaves whole articles only, and running
it again skips what is stored (same content hash) and completes the rest.
"""
from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

import attrs
import sqlalchemy as sa

from quotes.db.counts import Tally, article_quotes
from quotes.db.edit import load_index
from quotes.db.schema import MAX_QUOTES_PER_ARTICLE, articles, order_key, quotes
from quotes.db.sources import Article
from quotes.db.speakers import SpeakerIndex
from quotes.db.trails import assign as assign_trails
from quotes.inputs import Problem
from quotes.model import Quote

# texts -> quotes of each, in order (quotes.parallel.map_extract with the user's options)
Extractor = Callable[[Sequence[str]], Iterable[list[Quote]]]

# Mentions that name the speaker; a pronoun ("ujarnya") or a role is no alias of anyone.
NAMING_RESOLUTIONS = frozenset({"name", "alias"})


@attrs.define
class IngestCounts:
    """Running totals of one ingest, updated as each batch commits."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    quotes: int = 0
    problems: int = 0

    @property
    def articles(self) -> int:
        return self.added + self.replaced + self.unchanged


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _stored_hashes(conn: sa.Connection, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
    """key -> (id, content hash) of the stored articles among ``keys``."""
    found = {}
    for part in _chunks(keys, 500):  # bounded IN lists
        query = sa.select(articles.c.key, articles.c.id, articles.c.content_hash).where(articles.c.key.in_(part))
        found.update({key: (id_, digest) for key, id_, digest in conn.execute(query)})
    return found


def quote_row(index: SpeakerIndex, article: Article, article_id: int, position: int, q: Quote) -> dict:
    """The quotes table's row for one extracted quote, its speaker resolved (and created)."""
    alias = q.mention.text if q.mention and q.resolution in NAMING_RESOLUTIONS else None
    return dict(
        article_id=article_id, position=position, sort_key=order_key(article.published, article_id, position),
        kind=q.kind, text=q.text, start=q.start, end=q.end,
        speaker_id=index.resolve(q.speaker, q.title, alias), speaker=q.speaker,
        mention=q.mention.text if q.mention else None,
        mention_start=q.mention.start if q.mention else None,
        mention_end=q.mention.end if q.mention else None,
        title=q.title, resolution=q.resolution,
        cue=q.cue.text if q.cue else None,
        cue_start=q.cue.start if q.cue else None,
        cue_end=q.cue.end if q.cue else None,
        confidence=q.confidence,
    )


_DELETE_QUOTES = quotes.delete().where(quotes.c.article_id == sa.bindparam("of"))
_UPDATE_ARTICLE = articles.update().where(articles.c.id == sa.bindparam("of"))


def write_article(conn: sa.Connection, index: SpeakerIndex, article: Article, found: list[Quote],
                  stored_id: int | None, tally: Tally) -> int:
    """Store one article with its quotes, replacing the stored version's quotes if any; its id.
    What it adds and removes goes into ``tally``.

    An article's first MAX_QUOTES_PER_ARTICLE quotes are kept (no news article has more).
    """
    values = dict(key=article.key, source=article.source, title=article.title, outlet=article.outlet,
                  published=article.published, published_at=article.published_at, content_hash=article.content_hash, text=article.text,
                  meta=article.meta)
    # values as parameters, not in the statement: one compiled statement serves every article
    if stored_id is None:
        article_id = conn.execute(articles.insert(), values).inserted_primary_key[0]
    else:
        article_id = stored_id
        tally.article(article_quotes(conn, article_id), sign=-1)
        conn.execute(_DELETE_QUOTES, {"of": article_id})
        conn.execute(_UPDATE_ARTICLE, {**values, "of": article_id})
    rows = [quote_row(index, article, article_id, position, q)
            for position, q in enumerate(found[:MAX_QUOTES_PER_ARTICLE])]
    if rows:
        conn.execute(quotes.insert(), rows)
    tally.article([(r["kind"], r["speaker_id"]) for r in rows], new=stored_id is None)
    return article_id


def write_batch(engine: sa.Engine, batch: Sequence[tuple[Article, list[Quote] | None]],
                counts: IngestCounts) -> None:
    """One transaction: every article of the batch is stored, or none is.

    An article paired with None was found stored unchanged before extraction and is skipped
    (if another writer changed it since, that writer's version stands).
    """
    with engine.begin() as conn:
        # Read in the transaction: a rolled-back batch must not leave stale speaker ids behind.
        tally = Tally()
        index = load_index(conn, tally)
        stored = _stored_hashes(conn, [a.key for a, _ in batch])
        added = replaced = unchanged = found_quotes = 0
        written = []
        for article, found in batch:
            previous = stored.get(article.key)
            if found is None or (previous and previous[1] == article.content_hash):
                unchanged += 1
                continue
            article_id = write_article(conn, index, article, found, previous[0] if previous else None, tally)
            stored[article.key] = (article_id, article.content_hash)
            written.append(article_id)
            added, replaced = (added, replaced + 1) if previous else (added + 1, replaced)
            found_quotes += len(found)
        tally.flush(conn)
        assign_trails(conn, written)
    # counted only once committed, so the report never claims what a rollback undid
    counts.added += added
    counts.replaced += replaced
    counts.unchanged += unchanged
    counts.quotes += found_quotes


ATTEMPTS = 3


def write_retrying(engine: sa.Engine, batch: Sequence[tuple[Article, list[Quote] | None]],
                   counts: IngestCounts) -> None:
    """write_batch, again when another writer got in the way (PostgreSQL: a speaker or an
    article it created meanwhile, a deadlock; SQLite: the lock wait timed out). The batch
    was rolled back whole, so it is simply redone against what is stored now."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            write_batch(engine, batch, counts)
            return
        except (sa.exc.IntegrityError, sa.exc.OperationalError):
            if attempt == ATTEMPTS:
                raise


def ingest(engine: sa.Engine, items: Iterable[Article | Problem], extract: Extractor, *,
           on_problem: Callable[[Problem], None] = lambda p: None,
           on_progress: Callable[[IngestCounts], None] = lambda c: None,
           batch_size: int = 500, chunk_size: int = 10_000) -> IngestCounts:
    """Store every article of ``items``; Problems are counted, passed on and skipped.

    Articles are read ``chunk_size`` at a time; those already stored with the same content
    are not extracted again. Each ``batch_size`` articles are one transaction.
    """
    counts = IngestCounts()
    articles_only = _report_problems(items, counts, on_problem)
    for chunk in _chunks(articles_only, chunk_size):
        with engine.connect() as conn:
            stored = {key: digest for key, (_, digest) in _stored_hashes(conn, [a.key for a in chunk]).items()}
        changed = []  # per article: is it new or changed (and so to be extracted)?
        for article in chunk:
            changed.append(stored.get(article.key) != article.content_hash)
            stored[article.key] = article.content_hash
        texts = [a.text for a, new in zip(chunk, changed) if new]
        extracted = iter(extract(texts) if texts else ())
        batch: list[tuple[Article, list[Quote] | None]] = []
        for article, new in zip(chunk, changed):
            batch.append((article, next(extracted) if new else None))
            if len(batch) == batch_size:
                write_retrying(engine, batch, counts)
                on_progress(counts)
                batch = []
        if batch:
            write_retrying(engine, batch, counts)
            on_progress(counts)
    return counts


def _report_problems(items: Iterable[Article | Problem], counts: IngestCounts,
                     on_problem: Callable[[Problem], None]) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Problem):
            counts.problems += 1
            on_problem(item)
        else:
            yield item
