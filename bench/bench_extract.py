#!/usr/bin/env python3
"""Articles per second of `quotes` in rules mode, on a corpus made by repeating samples/.

    python bench/bench_extract.py                 # 2,000 articles on one core
    python bench/bench_extract.py --jobs 4        # the same on 4 worker processes
    python bench/bench_extract.py --min-rate 500  # exit 1 below the issue's target

With --jobs 1 (the default) extraction runs in this process, so on one core; the figure
to quote is "articles/s (CPU)", which other processes on a shared machine do not lower.
Not part of the test suite: timings belong to a quiet machine, not to CI.
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

from quotes.parallel import map_extract
from quotes.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(samples: Path, articles: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    if not texts:
        sys.exit(f"bench: no *.txt articles in {samples}")
    return list(itertools.islice(itertools.cycle(texts), articles))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", "-n", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1: in-process)")
    parser.add_argument("--samples", type=Path, default=ROOT / "samples", help="folder of *.txt articles")
    parser.add_argument("--min-rate", type=float, metavar="R",
                        help="exit 1 when fewer than R articles/s (CPU, one core; with --jobs 1)")
    args = parser.parse_args(argv)

    corpus = build_corpus(args.samples, args.articles)
    load_rules()  # compiled once, before the clock starts, as a long-running process would
    list(map_extract(corpus[:5], jobs=1))  # warm up: the first calls build per-rules caches

    wall, cpu = time.perf_counter(), time.process_time()
    quotes = sum(len(found) for found in map_extract(corpus, jobs=args.jobs))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    chars = sum(len(t) for t in corpus)
    print(f"corpus: {len(corpus)} articles, {chars:,} characters, {quotes:,} quotes "
          f"(repeating {args.samples})")
    print(f"jobs: {args.jobs}  wall: {wall:.2f} s  ->  {len(corpus) / wall:,.0f} articles/s (wall)")
    if args.jobs != 1:  # worker processes' CPU time is not counted by process_time
        return 0
    rate = len(corpus) / cpu
    print(f"cpu:  {cpu:.2f} s  ->  {rate:,.0f} articles/s (CPU, one core), {chars / cpu / 1e6:.2f} M chars/s")
    if args.min_rate is not None and rate < args.min_rate:
        print(f"bench: below the required {args.min_rate:,.0f} articles/s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
