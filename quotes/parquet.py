"""Parquet out (and back in): one output file per input shard, as any engine writes them.

``run_shard`` is what a worker does with one shard: read it, extract, write
``part-NNNNN.parquet`` (NNNNN: the shard's place in the input, so that the files sort in
input order). ``read_quote_rows`` reads such a folder back, in that order.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import Any, Iterator

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from quotes.batch import PREFIX, Options, extract_batch
from quotes.inputs import Problem
from quotes.shards import Shard, filesystem, open_input, read_shard


class OutputError(Exception):
    """The output folder cannot be used; the message says why, for a person."""


@attrs.frozen
class ShardResult:
    """What one shard gave: counts, and the problems to report (file, line or row: why)."""

    index: int
    articles: int = 0
    quotes: int = 0
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0  # wall-clock time on the worker
    cpu_seconds: float = 0.0  # of which the worker's process computed


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def prepare_output(out: str) -> None:
    """Make the output folder; refuse one that already holds Parquet files (mixing two runs'
    rows would duplicate quotes)."""
    fs, root = filesystem(out)
    if fs.exists(root) and not fs.isdir(root):
        raise OutputError(f"{out} is a file; --output needs a folder for the Parquet files")
    if fs.exists(root) and any(f.endswith(".parquet") for f in fs.find(root)):
        raise OutputError(f"{out} already holds Parquet files; choose a new or empty folder")
    fs.makedirs(root, exist_ok=True)


def run_shard(index: int, shard: Shard, out: str, options: Options) -> ShardResult:
    """Extract one shard into ``out``/part-<index>.parquet (nothing written when the shard
    held no article)."""
    started, cpu = time.perf_counter(), time.process_time()
    problems: list[Problem] = []
    batches: list[pa.RecordBatch] = []
    for item in read_shard(shard):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        rows = extract_batch(item, options)
        batches.append(rows)
        skipped = rows.filter(pc.is_valid(rows.column("problem")))
        problems.extend(Problem(f"{shard.name}: {doc or 'a row'}", why) for doc, why in
                        zip(skipped.column(PREFIX + "id").to_pylist(), skipped.column("problem").to_pylist()))
    if not batches:
        return ShardResult(index, problems=tuple(problems), seconds=time.perf_counter() - started,
                           cpu_seconds=time.process_time() - cpu)
    # one schema for the file: a JSONL key that only later records hold is null before them
    table = pa.concat_tables([pa.Table.from_batches([b]) for b in batches], promote_options="permissive")
    fs, root = filesystem(out)
    with fs.open(f"{root.rstrip('/')}/{part_name(index)}", "wb") as f:
        pq.write_table(table, f, compression="zstd")
    return ShardResult(index, articles=_articles(table),
                       quotes=pc.sum(pc.is_valid(table.column("kind"))).as_py() or 0,
                       problems=tuple(problems), seconds=time.perf_counter() - started,
                       cpu_seconds=time.process_time() - cpu)


def _articles(table: pa.Table) -> int:
    """Articles read: a quote row's position 0, or a row without quotes that is no problem."""
    first = pc.equal(table.column("position"), 0)
    empty = pc.and_(pc.is_null(table.column("kind")), pc.is_null(table.column("problem")))
    return pc.sum(pc.or_(pc.fill_null(first, False), empty)).as_py() or 0


def quote_files(folder: str) -> list[str]:
    """The Parquet files under ``folder`` (a path or URL), in name order: input order."""
    fs, root = filesystem(folder)
    if not fs.exists(root):
        raise OutputError(f"{folder}: no such folder")
    if not fs.isdir(root):
        return [folder]
    names = sorted(f for f in fs.find(root) if f.endswith(".parquet"))
    if not names:
        raise OutputError(f"{folder}: no *.parquet files")
    protocol = folder.split("://", 1)[0] + "://" if "://" in folder else ""
    return [protocol + n for n in names]


def read_quote_rows(folder: str) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    """(file, row) of every quote row under ``folder``, in order; an unreadable file or one
    that holds no quote rows is a Problem."""
    for path in quote_files(folder):
        try:
            with open_input(path) as f:
                pf = pq.ParquetFile(f)
                missing = {"doc", "kind", PREFIX + "id", PREFIX + "text", "problem"} - set(pf.schema_arrow.names)
                if missing:
                    yield Problem(path, f"not quote rows (no {', '.join(sorted(missing))} column)")
                    continue
                for batch in pf.iter_batches(batch_size=5_000):
                    for row in batch.to_pylist():
                        yield path, row
        except (OSError, pa.ArrowException) as exc:
            yield Problem(path, f"cannot read as Parquet: {exc}")


def jsonable(value: Any) -> Any:
    """A passed-through column's value as JSON holds it (dates as ISO strings)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value
