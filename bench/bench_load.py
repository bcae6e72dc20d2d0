"""`quotes db load` benchmark: an engine's Parquet output into SQLite and PostgreSQL.

    nice -n 19 .venv/bin/python bench/bench_load.py [--articles 20000] [--backend sqlite postgresql]

The archive is bench_db.py's (samples/ recombined: about 1,600 characters and 4.6 quotes an
article), extracted once by the local engine into bench/out/load-N/ (reused by later runs).
Each load goes into an empty database (PostgreSQL: the bench's own throwaway server,
`scripts/pg-test-server.sh resume bench`) and is timed whole: reading the Parquet files,
merging speakers, storing articles and quotes, grouping trails. A second load of the same
files then times the skipping of what is stored.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_db import pg_server, reset  # noqa: E402
from bench_engines import timed, write_archive  # noqa: E402

from quotes.db.parquet import load, stored_articles  # noqa: E402
from quotes.db.store import open_db  # noqa: E402


def engine_output(n: int) -> Path:
    """bench/out/load-N/quotes: the local engine's Parquet output for n generated articles."""
    folder = ROOT / "bench" / "out" / f"load-{n}"
    if (folder / "done").exists():
        return folder / "quotes"
    shutil.rmtree(folder, ignore_errors=True)
    write_archive(folder / "articles", n, 2_000)
    r = timed("local", folder / "articles", folder / "quotes", 1)
    print(f"  extracted {r['articles']:,} articles, {r['quotes']:,} quotes in {r['wall']:,.0f} s", flush=True)
    (folder / "done").touch()
    return folder / "quotes"


def timed_load(location: str, folder: Path) -> tuple[float, int, int]:
    engine = open_db(location, create=True, write=True)
    try:
        started = time.perf_counter()
        counts = load(engine, stored_articles(str(folder)))
        return time.perf_counter() - started, counts.added, counts.quotes
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--backend", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"])
    args = ap.parse_args(argv)
    folder = engine_output(args.articles)
    for backend in args.backend:
        location = pg_server() if backend == "postgresql" else str(ROOT / "bench" / "out" / "load.db")
        reset(location)
        wall, added, stored = timed_load(location, folder)
        again, _, _ = timed_load(location, folder)
        print(f"{backend}: {added:,} articles, {stored:,} quotes in {wall:,.1f} s: {added / wall:,.0f} articles/s; "
              f"loading the same files again (all skipped): {args.articles / again:,.0f} articles/s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
