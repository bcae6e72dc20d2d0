"""Parquet into and out of the quote database: `quotes db load` and `db export --format parquet`.

``load`` stores what an engine wrote (quotes.parquet: one row per quote, with its article's
columns) through the same writer as `quotes db ingest` (quotes.db.ingest.write_or_split):
an article already stored with the same content hash is skipped, a changed one replaced,
speakers are merged and quotes grouped into trails as ingest does it, each batch of articles
is one transaction (PostgreSQL: its rows written by COPY, quotes.db.bulk), and an article
that cannot be stored is reported and skipped.
Rows are read in file-name order (the engines name files in input order), so loading an
engine's output gives the database that ingesting its input gives.
"""
from __future__ import annotations

import datetime as dt
import types
from typing import IO, Any, Callable, Iterable, Iterator

import attrs
import sqlalchemy as sa

from quotes.batch import ARTICLE_TYPES, PREFIX, quote_of
from quotes.db.bulk import chunks
from quotes.db.ingest import IngestCounts, _report_problems, write_or_split
from quotes.db.query import QuoteRow
from quotes.db.sources import Article
from quotes.inputs import Problem
from quotes.model import Quote
from quotes.parquet import jsonable, read_quote_rows


def stored_articles(folder: str) -> Iterator[tuple[Article, list[Quote]] | Problem]:
    """Each article under ``folder`` with its quotes, in order; rows that an engine marked
    as problems (no text, no id) come back as Problems."""
    group: list[dict[str, Any]] = []
    where = ""
    for item in read_quote_rows(folder):
        if isinstance(item, Problem):
            yield item
            continue
        path, row = item
        # an article's rows start at position 0 (or are its one row without a quote): two
        # articles of one id in a row (a corrected version) stay two, as ingest reads them
        if group and (path != where or row[PREFIX + "id"] != group[0][PREFIX + "id"] or not row["position"]):
            yield _article(group)
            group = []
        if row["problem"] is not None:
            yield Problem(f"{path}: {row[PREFIX + 'id'] or 'a row'}", row["problem"])
            continue
        where = path
        group.append(row)
    if group:
        yield _article(group)


def _article(rows: list[dict[str, Any]]) -> tuple[Article, list[Quote]]:
    first = rows[0]
    meta = {name[len(PREFIX):]: jsonable(value) for name, value in first.items()
            if name.startswith(PREFIX) and name[len(PREFIX):] not in ARTICLE_TYPES and value is not None}
    article = Article(key=first[PREFIX + "id"], text=first[PREFIX + "text"], source=first[PREFIX + "url"],
                      title=first[PREFIX + "title"], outlet=first[PREFIX + "outlet"],
                      published=first[PREFIX + "published"], meta=meta or None)
    found = sorted((r for r in rows if r["kind"] is not None), key=lambda r: r["position"])
    return article, [quote_of(r) for r in found]


def load(engine: sa.Engine, items: Iterable[tuple[Article, list[Quote]] | Problem], *,
         on_problem: Callable[[Problem], None] = lambda p: None,
         on_progress: Callable[[IngestCounts], None] = lambda c: None,
         batch_size: int = 500) -> IngestCounts:
    """Store every (article, quotes) of ``items`` as ingest stores them; Problems are counted,
    passed on and skipped, and so is an article that cannot be stored."""
    counts = IngestCounts()

    def problem(found: Problem) -> None:
        counts.problems += 1
        on_problem(found)

    for batch in chunks(_report_problems(items, problem), batch_size):
        write_or_split(engine, batch, counts, problem)
        on_progress(counts)
    return counts


def _arrow_type(annotation: Any):
    """The Arrow type of a QuoteRow field's type (``int``, ``str | None``, …)."""
    import pyarrow as pa
    kinds = {int: pa.int64(), str: pa.string(), float: pa.float64(), dt.date: pa.date32()}
    if isinstance(annotation, types.UnionType):  # X | None
        annotation = next(a for a in annotation.__args__ if a is not type(None))
    return kinds[annotation]


def export_parquet(out: IO[bytes], rows: Iterable[QuoteRow], chunk: int = 10_000) -> int:
    """Write ``rows`` (query.export) as one Parquet file, ``chunk`` rows a row group; how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    # the field types as classes, whether or not something resolved them before
    schema = pa.schema([(f.name, _arrow_type(f.type)) for f in attrs.fields(attrs.resolve_types(QuoteRow))])
    written = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for part in chunks(rows, chunk):
            writer.write_table(pa.Table.from_pylist([attrs.asdict(r) for r in part], schema=schema))
            written += len(part)
    return written

