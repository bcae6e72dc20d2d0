"""Storing articles and their quotes: idempotent, whole articles only, in input order.

Extraction may run on many processes, but every write happens here, in one process, in
input order, so the database does not depend on the number of jobs. Each batch of articles
is one transaction: an ingest killed in the middle leaves whole articles only, and running
it again skips what is stored (same content hash) and completes the rest.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Sequence

import attrs
import sqlalchemy as sa

from quotes.db.bitmaps import record
from quotes.db.bulk import Rows, chunks
from quotes.db.compact import compact
from quotes.db.counts import Tally, article_quotes
from quotes.db.edit import load_index
from quotes.db.layout import MAX_QUOTES_PER_ARTICLE, order_key, outlet_key
from quotes.db.schema import articles, quotes
from quotes.db.sources import Article
from quotes.db.speakers import SpeakerIndex, lookup_keys
from quotes.db.store import first_line
from quotes.db.trails import assign as assign_trails, forget as forget_trails
from quotes.inputs import Problem
from quotes.model import Quote
from quotes.model import Failed

# texts -> quotes of each, in order, or Failed (quotes.parallel.map_extract with the user's options)
Extractor = Callable[[Sequence[str]], Iterable[list[Quote] | Failed]]

# The PostgreSQL advisory lock that every ingest holds while it writes a batch ("quot").
WRITER_LOCK = 0x71756F74

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


def _stored_hashes(conn: sa.Connection, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
    """key -> (id, content hash) of the stored articles among ``keys``."""
    found = {}
    for part in chunks(keys):
        query = sa.select(articles.c.key, articles.c.id, articles.c.content_hash).where(articles.c.key.in_(part))
        found.update({key: (id_, digest) for key, id_, digest in conn.execute(query)})
    return found


def quote_row(article: Article, article_id: int, position: int, q: Quote, speaker_id: int | None) -> dict:
    """The quotes table's row for one extracted quote of the article."""
    return dict(
        article_id=article_id, position=position, sort_key=order_key(article.published, article_id, position),
        outlet_key=outlet_key(article.outlet), kind=q.kind, text=q.text, start=q.start, end=q.end,
        speaker_id=speaker_id, speaker=q.speaker,
        mention=q.mention.text if q.mention else None,
        mention_start=q.mention.start if q.mention else None,
        mention_end=q.mention.end if q.mention else None,
        title=q.title, resolution=q.resolution,
        cue=q.cue.text if q.cue else None,
        cue_start=q.cue.start if q.cue else None,
        cue_end=q.cue.end if q.cue else None,
        confidence=q.confidence,
    )


def _naming(q: Quote) -> tuple[str | None, str | None, str | None]:
    """The quote's speaker as SpeakerIndex.resolve takes it: name, title, alias (the naming mention)."""
    return q.speaker, q.title, q.mention.text if q.mention and q.resolution in NAMING_RESOLUTIONS else None


def resolve_speaker(index: SpeakerIndex, q: Quote) -> int | None:
    """The quote's speaker id (created when new), its naming mention kept as an alias."""
    return index.resolve(*_naming(q))


def batch_keys(batch: Sequence[tuple[Article, list[Quote] | None]]) -> set[str]:
    """The name keys that resolving the speakers of a batch's quotes can look up."""
    return {key for _, found in batch for q in (found or [])[:MAX_QUOTES_PER_ARTICLE]
            for key in lookup_keys(*_naming(q))}


_DELETE_QUOTES = quotes.delete().where(quotes.c.article_id == sa.bindparam("of"))
_UPDATE_ARTICLE = articles.update().where(articles.c.id == sa.bindparam("of"))


def write_article(rows: Rows, index: SpeakerIndex, article: Article, found: list[Quote],
                  stored_id: int | None, tally: Tally) -> int:
    """Store one article with its quotes (through ``rows``), replacing the stored version's
    quotes if any; its id. What it adds and removes goes into ``tally``.

    An article's first MAX_QUOTES_PER_ARTICLE quotes are kept (no news article has more).
    """
    values = dict(key=article.key, source=article.source, title=article.title, outlet=article.outlet,
                  published=article.published, published_at=article.published_at, content_hash=article.content_hash, text=article.text,
                  meta=article.meta)
    # values as parameters, not in the statement: one compiled statement serves every article
    conn = rows.conn
    if stored_id is None:
        article_id = rows.insert(articles, values)
    else:
        article_id = stored_id
        rows.flush()  # the stored version may be one this batch holds back
        tally.article(article_quotes(conn, article_id), sign=-1)
        forget_trails(conn, article_id)
        conn.execute(_DELETE_QUOTES, {"of": article_id})
        conn.execute(_UPDATE_ARTICLE, {**values, "of": article_id})
    kept = found[:MAX_QUOTES_PER_ARTICLE]
    resolved = [resolve_speaker(index, q) for q in kept]
    # Every speaker first, then the rows: resolving a later quote may merge a bare name that
    # an earlier quote of this article was given into a fuller one, deleting its row.
    found_rows = [quote_row(article, article_id, position, q, index.current(speaker_id))
                  for position, (q, speaker_id) in enumerate(zip(kept, resolved))]
    rows.add(quotes, found_rows)
    tally.article([(r["kind"], r["speaker_id"]) for r in found_rows], new=stored_id is None)
    return article_id


def write_batch(engine: sa.Engine, batch: Sequence[tuple[Article, list[Quote] | None]],
                counts: IngestCounts) -> None:
    """One transaction: every article of the batch is stored, or none is.

    An article paired with None was found stored unchanged before extraction and is skipped
    (if another writer changed it since, that writer's version stands).
    """
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Writers take turns, as SQLite's BEGIN IMMEDIATE makes them: each batch sees every
            # speaker committed before it, so concurrent runs name speakers as one run would.
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITER_LOCK)))
        # Read in the transaction: a rolled-back batch must not leave stale speaker ids behind.
        tally, rows = Tally(), Rows(conn)

        def before_merge() -> None:  # a merge reads the stored quotes and counts
            rows.flush()
            tally.flush(conn)
        # only the stored speakers that the batch's names can mean: a batch costs the same
        # however many speakers the archive holds
        index = load_index(rows, batch_keys(batch), before_merge)
        stored = _stored_hashes(conn, [a.key for a, _ in batch])
        rows.reserve(articles, len({a.key for a, found in batch if found is not None and a.key not in stored}))
        added = replaced = unchanged = found_quotes = 0
        written = []
        for article, found in batch:
            previous = stored.get(article.key)
            if found is None or (previous and previous[1] == article.content_hash):
                unchanged += 1
                continue
            article_id = write_article(rows, index, article, found, previous[0] if previous else None, tally)
            stored[article.key] = (article_id, article.content_hash)
            written.append(article_id)
            added, replaced = (added, replaced + 1) if previous else (added + 1, replaced)
            found_quotes += min(len(found), MAX_QUOTES_PER_ARTICLE)
        rows.flush()
        record(conn, written)  # the bits of the dense words of the quotes just written
        tally.flush(conn)
        assign_trails(conn, written, rows)
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


def write_or_split(engine: sa.Engine, batch: Sequence[tuple[Article, list[Quote] | None]],
                   counts: IngestCounts, problem: Callable[[Problem], None]) -> None:
    """write_retrying, and when the batch cannot be stored, each of its articles alone: the
    one that cannot be stored (a database limit, a bug it provokes) is reported and skipped,
    the others are stored. When every article fails alone too, the database is at fault, not
    the articles: that error ends the run."""
    try:
        write_retrying(engine, batch, counts)
        return
    except Exception as exc:  # noqa: BLE001 - whatever it is, it is answered article by article
        if len(batch) == 1:
            problem(_unstored(batch[0][0], exc))
            return
    failures = []
    for item in batch:
        try:
            write_retrying(engine, [item], counts)
        except Exception as exc:  # noqa: BLE001
            failures.append((item[0], exc))
    if len(failures) == len(batch):
        raise failures[-1][1]
    for article, exc in failures:
        problem(_unstored(article, exc))


def _unstored(article: Article, exc: Exception) -> Problem:
    why = first_line(exc) if isinstance(exc, sa.exc.DBAPIError) else f"{type(exc).__name__}: {exc}"
    return Problem(article.where or article.key, f"cannot be stored ({why[:300]})")


def ingest(engine: sa.Engine, items: Iterable[Article | Problem], extract: Extractor, *,
           on_problem: Callable[[Problem], None] = lambda p: None,
           on_progress: Callable[[IngestCounts], None] = lambda c: None,
           on_article: Callable[[], None] = lambda: None,
           batch_size: int = 500, chunk_size: int = 10_000) -> IngestCounts:
    """Store every article of ``items``; Problems are counted, passed on and skipped, and so
    is an article that cannot be extracted or stored.

    Articles are read ``chunk_size`` at a time; those already stored with the same content
    are not extracted again. Each ``batch_size`` articles are one transaction, reported to
    ``on_progress`` once committed; ``on_article`` hears of each article as it is read. At
    the end, SQLite's full-text index is merged when it lies in too many pieces (compact()).
    """
    counts = IngestCounts()

    def problem(found: Problem) -> None:
        counts.problems += 1
        on_problem(found)

    for chunk in chunks(_report_problems(items, problem), chunk_size):
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
            found = next(extracted) if new else None
            on_article()
            if isinstance(found, Failed):
                problem(Problem(article.where or article.key, found.why))
                continue
            batch.append((article, found))
            if len(batch) == batch_size:
                write_or_split(engine, batch, counts, problem)
                on_progress(counts)
                batch = []
        if batch:
            write_or_split(engine, batch, counts, problem)
            on_progress(counts)
    if counts.added or counts.replaced:
        compact(engine)
    return counts


def _report_problems(items: Iterable[Any], problem: Callable[[Problem], None]) -> Iterator[Any]:
    """The items that are no Problem; each Problem goes to ``problem``."""
    for item in items:
        if isinstance(item, Problem):
            problem(item)
        else:
            yield item
