"""Quote database benchmark: ingest a synthetic archive into SQLite, then time searches.

    .venv/bin/python bench/bench_db.py [--articles 50000] [--mode db|full|both] [--jobs N]

The archive is generated from samples/*.txt: their quoted statements and their plain
paragraphs, recombined into new articles with speakers drawn from a pool of made-up names
(with titles, and sometimes by surname only, so speaker merging has work to do).

mode db:   the generator's own quotes (it knows where it put them) go straight to ingest:
           the database's cost alone.
mode full: the real extractor (quotes.parallel.map_extract on --jobs processes) plus the
           database: what `quotes db ingest` costs end to end.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quotes import parallel  # noqa: E402
from quotes.cli import default_jobs  # noqa: E402
from quotes.db import query  # noqa: E402
from quotes.db.ingest import ingest  # noqa: E402
from quotes.db.sources import parse_record  # noqa: E402
from quotes.db.store import open_db  # noqa: E402
from quotes.model import Quote, Span  # noqa: E402

OUT = ROOT / "bench" / "out"
FIRST = ["Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hendra", "Indah", "Joko", "Kartika",
         "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rudi", "Sari", "Taufik", "Wulan"]
LAST = ["Santoso", "Wijaya", "Saputra", "Hidayat", "Kusuma", "Pratama", "Nugroho", "Siregar", "Lubis",
        "Harahap", "Simanjuntak", "Wibowo", "Setiawan", "Gunawan", "Halim", "Tanjung", "Rahman",
        "Sitompul", "Marpaung", "Pohan", "Sembiring", "Ginting", "Tarigan", "Purba", "Nasution"]
TITLES = ["Menteri Keuangan", "Juru Bicara Kementerian Luar Negeri", "Gubernur", "Ekonom", "Kepala BPBD",
          "Ketua DPR", "Pengamat politik"]
OUTLETS = ["Kompas", "Tempo", "Antara", "Detik", "Republika"]
QUOTED = re.compile(r'"([^"]{20,}?)[,.]?"')


def load_samples() -> tuple[list[str], list[str]]:
    """(quoted statements, paragraphs without quotes) of samples/*.txt."""
    statements, plain = [], []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            para = para.strip()
            found = QUOTED.findall(para)
            statements.extend(found)
            if para and not found and '"' not in para:
                plain.append(para)
    if not statements or not plain:
        sys.exit("bench: samples/*.txt hold no quoted statements or no plain paragraphs")
    return statements, plain


def make_archive(n: int, seed: int = 7) -> tuple[list[dict], list[list[Quote]]]:
    """n JSONL records and, for each, the quotes the generator put in it."""
    rng = random.Random(seed)
    statements, plain = load_samples()
    people = [f"{f} {s}" for f in FIRST for s in LAST]  # 500 people; surnames shared by 20 each
    records, truth = [], []
    for i in range(n):
        parts, quotes = [f"Laporan {i}: {rng.choice(plain)}"], []
        offset = len(parts[0]) + 2
        for _ in range(rng.randint(2, 4)):
            name, title = rng.choice(people[:120] if rng.random() < 0.8 else people), rng.choice(TITLES)
            said = rng.choice(statements)
            named = rng.choice([name, f"{title} {name}"])
            para = f'"{said}," kata {named}.'
            mention_at = offset + len(said) + 9
            quotes.append(Quote("direct", said, offset + 1, offset + 1 + len(said), speaker=name,
                                mention=Span(mention_at, mention_at + len(named), named),
                                title=title if named != name else None, resolution="name",
                                cue=Span(mention_at - 5, mention_at - 1, "kata"), confidence=0.9))
            parts.append(para)
            offset += len(para) + 2
            if rng.random() < 0.5:
                filler = rng.choice(plain)
                parts.append(filler)
                offset += len(filler) + 2
        text = "\n\n".join(parts)
        assert all(text[q.start:q.end] == q.text for q in quotes)
        records.append({"id": f"bench-{i:06d}", "url": f"https://example.org/bench/{i}",
                        "title": f"Laporan {i}", "outlet": OUTLETS[i % len(OUTLETS)],
                        "published": f"{2023 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}", "text": text})
        truth.append(quotes)
    return records, truth


def timed_ingest(db: Path, records: list[dict], extractor) -> tuple[float, float, int]:
    """(wall seconds, this process's CPU seconds, quotes stored) of one ingest into a new file.

    CPU seconds tell the writer's cost on a machine busy with other work; in mode full the
    extraction workers' CPU is not in them."""
    db.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = open_db(str(db), create=True)
    articles = [parse_record(json.dumps(r)) for r in records]
    started, cpu = time.perf_counter(), time.process_time()
    counts = ingest(engine, articles, extractor)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return elapsed, cpu, counts.quotes


def latency(db: Path, text: str, speaker: str | None, runs: int = 30) -> tuple[float, float, int]:
    """(median ms, worst ms, rows) of one search, repeated on one connection."""
    engine = open_db(str(db))
    times = []
    with engine.connect() as conn:
        for _ in range(runs):
            started = time.perf_counter()
            rows = query.search(conn, text, speaker=speaker)
            times.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return statistics.median(times), max(times), len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--mode", choices=("db", "full", "both"), default="both")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--words", nargs="+", default=["kami", "perundingan"],
                    help="search words to time (default: a very common one and a rarer one)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    records, truth = make_archive(args.articles)
    print(f"archive: {len(records):,} articles, {sum(map(len, truth)):,} quotes generated from samples/")

    planted = {r["text"]: q for r, q in zip(records, truth)}  # each text is unique ("Laporan i")

    def known_quotes(texts: Sequence[str]):
        return [planted[t] for t in texts]

    runs = {"db": [("db", known_quotes)],
            "full": [("full", lambda texts: parallel.map_extract(texts, (), args.jobs))]}
    plan = runs["db"] + runs["full"] if args.mode == "both" else runs[args.mode]
    for name, extractor in plan:
        db = OUT / f"bench-{name}.db"
        elapsed, cpu, stored = timed_ingest(db, records, extractor)
        print(f"ingest ({name}{', jobs ' + str(args.jobs) if name == 'full' else ''}): "
              f"{len(records) / elapsed:,.0f} articles/s ({elapsed:.1f} s wall; "
              f"{len(records) / cpu:,.0f} articles per CPU-second of the writer; {stored:,} quotes stored)")
    db = OUT / "bench-db.db" if args.mode != "full" else OUT / "bench-full.db"
    speaker = f"{FIRST[0]} {LAST[0]}"
    for word in args.words:
        for label, who in ((f"{word!r}", None), (f"{word!r} + speaker", speaker)):
            median, worst, rows = latency(db, word, who)
            print(f"search {label:24} median {median:6.1f} ms, worst {worst:6.1f} ms ({rows} rows, limit 50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
