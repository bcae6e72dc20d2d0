"""`quotes extract --format parquet -o DIR [--engine local|dask]`: articles in, Parquet shards out."""
from __future__ import annotations

import argparse
import sys
import time

import attrs

from quotes.parquet import ShardResult


@attrs.define
class Totals:
    """Running totals of an extraction run: what its shards read and found. (What a database
    write did with articles, added, replaced or unchanged, is quotes.db.ingest.IngestCounts.)"""

    articles: int = 0
    quotes: int = 0
    shards: int = 0
    problems: int = 0


def run_parquet(args: argparse.Namespace) -> int:
    """The handler of `quotes extract` when it writes Parquet (options checked by quotes.cli)."""
    from quotes.batch import Options
    from quotes.progress import Progress
    from quotes.engines import EngineError, run
    from quotes.parquet import OutputError, prepare_output
    from quotes.shards import find_shards

    shards, problems = find_shards(args.paths)
    if any("-" in s.paths for s in shards):
        print("quotes: Parquet output reads files, folders or URLs, not stdin", file=sys.stderr)
        return 2
    progress = Progress(len(shards), "shards")
    for problem in problems:
        progress.note(f"quotes: skipped {problem}")
    if not shards:
        print("quotes: nothing could be read", file=sys.stderr)
        return 1
    try:
        prepare_output(args.output)
    except (OutputError, OSError, ImportError) as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    options = Options(tuple(args.rules), args.nlp, args.stanza_dir, args.kinds)
    totals = Totals()
    started = time.perf_counter()

    def on_result(result: ShardResult) -> None:
        totals.shards += 1
        totals.articles += result.articles
        totals.quotes += result.quotes
        for problem in result.problems:
            totals.problems += 1
            progress.note(f"quotes: skipped {problem}")
        progress.advance(1, f"{totals.articles:,} articles, {totals.quotes:,} quotes")

    try:
        run(args.engine, shards, args.output, options, on_result, jobs=args.jobs, scheduler=args.scheduler)
    except EngineError as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    finally:
        progress.close()
    seconds = time.perf_counter() - started
    print(f"quotes: {args.output}: {totals.articles:,} articles, {totals.quotes:,} quotes in "
          f"{totals.shards:,} shards ({totals.articles / max(seconds, 1e-9):,.0f} articles/s on {args.engine})"
          + (f"; {totals.problems:,} records skipped" if totals.problems else ""), file=sys.stderr)
    return 1 if totals.articles == 0 else 0
