"""Engine benchmark: the same generated archive through the local engine and Dask.

    .venv/bin/python bench/bench_engines.py [--articles 100000] [--shard 2000] [--spark]

The archive is bench_db.py's (samples/ recombined: about 1,600 characters and 2-4 quotes an
article), written as Parquet shards of --shard articles. Each run extracts it into a new
folder of Parquet files, as `quotes extract --format parquet` does:

  local    one process (--jobs 1): the per-core rate
  dask-1   a LocalCluster of 1 worker process
  dask-2   a LocalCluster of 2 worker processes: the scaling ratio is its rate over dask-1's

Start-up is measured apart: each engine's run over one shard of 10 articles (a cluster's
start and stop, or Spark's session and first job with --spark). Rates are articles per
wall-clock second of the whole run, start-up included, and per CPU-second of the workers.

A shared machine's speed drifts by several percent from minute to minute, so with --repeat N
the Dask runs take turns (dask-1, dask-2, dask-1, ...) N times each: every pair gives a
ratio, and the scaling reported is the ratio of the median rates.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_db import make_archive  # noqa: E402

from quotes.batch import Options  # noqa: E402
from quotes.engines import run  # noqa: E402
from quotes.parquet import ShardResult, prepare_output  # noqa: E402
from quotes.shards import find_shards  # noqa: E402


def write_archive(folder: Path, n: int, shard: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    records, _ = make_archive(n)
    folder.mkdir(parents=True)
    for k in range(0, n, shard):
        pq.write_table(pa.Table.from_pylist(records[k:k + shard]), folder / f"part-{k // shard:05d}.parquet")


def timed(engine: str, source: Path, out: Path, jobs: int) -> dict:
    """One run: wall seconds, articles, quotes, the workers' CPU seconds."""
    shutil.rmtree(out, ignore_errors=True)
    prepare_output(str(out))
    shards, _ = find_shards([str(source)])
    results: list[ShardResult] = []
    started = time.perf_counter()
    run(engine, shards, str(out), Options(), results.append, jobs=jobs)
    wall = time.perf_counter() - started
    return {"wall": wall, "articles": sum(r.articles for r in results), "quotes": sum(r.quotes for r in results),
            "cpu": sum(r.cpu_seconds for r in results)}


def spark_startup(source: Path, out: Path) -> float:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    started = time.perf_counter()
    from pyspark.sql import SparkSession

    from quotes.spark import extract_quotes
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1").getOrCreate())
    extract_quotes(spark.read.parquet(str(source))).write.parquet(str(out))
    spark.stop()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--shard", type=int, default=2_000, help="articles per input Parquet file")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each Dask engine, taking turns (default 1)")
    ap.add_argument("--spark", action="store_true", help="also time Spark's start-up (needs quotes[spark], Java 17)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="quotes-bench-") as tmp:
        work = Path(tmp)
        write_archive(work / "tiny", 10, 10)
        write_archive(work / "archive", args.articles, args.shard)
        print(f"archive: {args.articles:,} articles in {-(-args.articles // args.shard)} Parquet shards")
        print("| engine | start-up s | wall s | articles/s (wall) | articles per worker CPU-s | quotes |")
        print("| --- | --- | --- | --- | --- | --- |")
        rates: dict[str, list[float]] = {}
        runs = [("local", "local", 1)] + [("dask-1", "dask", 1), ("dask-2", "dask", 2)] * max(1, args.repeat)
        for name, engine, jobs in runs:
            startup = timed(engine, work / "tiny", work / "out", jobs)["wall"]
            r = timed(engine, work / "archive", work / "out", jobs)
            rates.setdefault(name, []).append(r["articles"] / r["wall"])
            print(f"| {name} | {startup:.1f} | {r['wall']:.1f} | {rates[name][-1]:,.0f} | "
                  f"{r['articles'] / max(r['cpu'], 1e-9):,.0f} | {r['quotes']:,} |", flush=True)
        if args.spark:
            print(f"| spark local[2] | {spark_startup(work / 'tiny', work / 'spark'):.1f} | | | | |")
        pairs = [two / one for one, two in zip(rates["dask-1"], rates["dask-2"])]
        if len(pairs) > 1:
            print("scaling of each pair: " + ", ".join(f"{x:.2f}x" for x in pairs))
        scaling = statistics.median(rates["dask-2"]) / statistics.median(rates["dask-1"])
        print(f"scaling, dask 2 workers over 1: {scaling:.2f}x (target >= 1.8x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
