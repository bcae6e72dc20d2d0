"""What grouping quotes into trails costs at ingest: the same archive stored with and without it.

    .venv/bin/python bench/bench_trails.py [--articles 10000]

The archive is bench_db.py's generator (the statements of samples/*.txt recombined, 2-4 quotes
an article), with every other quote edited as outlets edit them (a word swapped, the last
clause cut, one sentence kept), so that both the exact-copy path and the MinHash LSH path of
quotes.db.trails run. Quotes go straight to ingest (no extraction): the database's cost alone.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402

from bench_db import FIRST, LAST, OUTLETS, load_samples  # noqa: E402
from quotes.db import ingest as ingest_module  # noqa: E402
from quotes.db.schema import quote_trails  # noqa: E402
from quotes.db.sources import parse_record  # noqa: E402
from quotes.db.store import open_db  # noqa: E402
from quotes.model import Quote, Span  # noqa: E402


def edited(said: str, rng: random.Random) -> str:
    """The statement as another outlet may print it."""
    words = said.split(" ")
    choice = rng.random()
    if choice < 0.35 and len(words) > 6:
        i = rng.randrange(len(words))
        words[i] = rng.choice(["juga", "pun", "tetap", "sudah", "akan"])
        return " ".join(words)
    if choice < 0.7 and "," in said[len(said) // 2:]:
        return said[:said.rfind(",")]
    sentences = [s for s in said.split(". ") if len(s.split()) >= 5]
    return rng.choice(sentences).rstrip(".") if sentences else said


def archive(n: int, seed: int = 11) -> tuple[list[dict], list[list[Quote]]]:
    rng = random.Random(seed)
    statements, plain = load_samples()
    people = [f"{f} {s}" for f in FIRST for s in LAST]
    records, truth = [], []
    for i in range(n):
        parts, quotes = [f"Laporan {i}: {rng.choice(plain)}"], []
        offset = len(parts[0]) + 2
        for _ in range(rng.randint(2, 4)):
            said = rng.choice(statements)
            if rng.random() < 0.5:
                said = edited(said, rng)
            name = rng.choice(people[:120])
            para = f'"{said}," kata {name}.'
            mention_at = offset + len(said) + 9
            quotes.append(Quote("direct", said, offset + 1, offset + 1 + len(said), speaker=name,
                                mention=Span(mention_at, mention_at + len(name), name), resolution="name",
                                cue=Span(mention_at - 5, mention_at - 1, "kata"), confidence=0.9))
            parts.append(para)
            offset += len(para) + 2
        records.append({"id": f"trail-{i:06d}", "outlet": OUTLETS[i % len(OUTLETS)],
                        "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "text": "\n\n".join(parts)})
        truth.append(quotes)
    return records, truth


def timed(db: Path, records: list[dict], truth: list[list[Quote]]) -> tuple[float, int]:
    """(articles per second, trails) of one ingest into a new SQLite file."""
    engine = open_db(str(db), create=True)
    by_text = {r["text"]: q for r, q in zip(records, truth)}
    articles = [parse_record(json.dumps(r)) for r in records]
    started = time.perf_counter()
    ingest_module.ingest(engine, articles, lambda texts: [by_text[t] for t in texts])
    elapsed = time.perf_counter() - started
    with engine.connect() as conn:
        statements = conn.execute(sa.select(sa.func.count(sa.distinct(quote_trails.c.trail_id)))).scalar_one()
    engine.dispose()
    return len(records) / elapsed, statements


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    args = ap.parse_args()
    records, truth = archive(args.articles)
    quotes = sum(map(len, truth))
    with tempfile.TemporaryDirectory() as tmp:
        with_trails, statements = timed(Path(tmp) / "with.db", records, truth)
        grouping = ingest_module.assign_trails
        ingest_module.assign_trails = lambda conn, ids: None
        try:
            without, _ = timed(Path(tmp) / "without.db", records, truth)
        finally:
            ingest_module.assign_trails = grouping
    print(f"{args.articles:,} articles, {quotes:,} quotes grouped into {statements:,} statements")
    print(f"ingest with trails:    {with_trails:,.0f} articles/s")
    print(f"ingest without trails: {without:,.0f} articles/s  (trails cost {1 - with_trails / without:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
