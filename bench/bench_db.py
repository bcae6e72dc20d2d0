"""Quote database benchmark: ingest a synthetic archive into SQLite and PostgreSQL, then time
what a newsroom clicks, through the API, the CLI and the web UI.

    .venv/bin/python bench/bench_db.py [--articles 50000] [--backend sqlite postgresql]
                                       [--mode db|full|both] [--jobs N] [--no-web] [--append N]

The archive is generated from samples/*.txt: their quoted statements and their plain
paragraphs, recombined into new articles with speakers drawn from a pool of made-up names
(with titles, and sometimes by surname only, so speaker merging has work to do). It is
generated as it is ingested, so a million articles need no more memory than a thousand.

mode db:   the generator's own quotes (it knows where it put them) go straight to ingest:
           the database's cost alone. Its databases are kept in bench/out and reused by later
           runs while they hold --articles articles and this schema version.
--append N (SQLite): the rate of N new articles appended to a copy of the archive, then
           stop: the ingest rate at the archive's size, comparable between checkouts. The
           kept archive's full-text segments are merged by levels first (settle()).
mode full: the real extractor (quotes.parallel.map_extract on --jobs processes) plus the
           database: what `quotes db ingest` costs end to end (SQLite, timed ingest only).

PostgreSQL runs on the bench's own throwaway server (scripts/pg-test-server.sh, named
"bench"), started when needed and left running for the next run (stop it with
`bash scripts/pg-test-server.sh stop bench`).
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import sqlalchemy as sa  # noqa: E402

from quotes import parallel  # noqa: E402
from quotes.cli import default_jobs  # noqa: E402
from quotes.db import query  # noqa: E402
from quotes.db.compact import TEXT_INDEXES, merge_levels, segments  # noqa: E402
from quotes.db.ingest import IngestCounts, ingest  # noqa: E402
from quotes.db.schema import SCHEMA_VERSION, articles, metadata  # noqa: E402
from quotes.db.sources import parse_record  # noqa: E402
from quotes.db.store import engine_for, open_db  # noqa: E402
from quotes.model import Quote, Span  # noqa: E402
from quotes.web import lookups  # noqa: E402
from helpers import child_pids  # noqa: E402 - the tests' /proc reader

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
WORD = re.compile(r"\w+")
SPEAKER = f"{FIRST[0]} {LAST[0]}"  # one of the 120 most quoted people
ABSENT = "zamrudkatulistiwa"  # in no statement
FIRST_DAY = dt.date(2015, 1, 1).toordinal()
DAILY = 300  # articles a day of a national outlet


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


def spread_day(i: int) -> int:
    """Article i's day: ten years of days, so that dates are as spread as a real archive's."""
    return FIRST_DAY + (i * 7919) % 3650


def new_day(start: int) -> Callable[[int], int]:
    """Days after every spread_day, DAILY articles a day from article ``start`` on: what an
    archive that grows every day receives."""
    return lambda i: FIRST_DAY + 3650 + (i - start) // DAILY


def generate(n: int, seed: int = 7, start: int = 0,
             day: Callable[[int], int] = spread_day) -> Iterator[tuple[dict, list[Quote]]]:
    """n JSONL records, one at a time, each with the quotes the generator put in it; the
    articles numbered from ``start`` (later ones: appended to an archive of ``start``), article
    i published on ``day(i)``."""
    rng = random.Random(seed)
    statements, plain = load_samples()
    people = [f"{f} {s}" for f in FIRST for s in LAST]  # 500 people; surnames shared by 20 each
    for i in range(start, start + n):
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
        published = dt.date.fromordinal(day(i)).isoformat()
        yield ({"id": f"bench-{i:07d}", "url": f"https://example.org/bench/{i}", "title": f"Laporan {i}",
                "outlet": OUTLETS[i % len(OUTLETS)], "published": published, "text": text}, quotes)


def make_archive(n: int, seed: int = 7) -> tuple[list[dict], list[list[Quote]]]:
    """n JSONL records and, for each, the quotes the generator put in it."""
    pairs = list(generate(n, seed))
    return [r for r, _ in pairs], [q for _, q in pairs]


class Planted:
    """The generator's records as ingest's input, and its quotes as ingest's extractor: each
    text's quotes are held only from its generation to its extraction."""

    def __init__(self, n: int, start: int = 0, day: Callable[[int], int] = spread_day):
        self.n, self.start, self.day = n, start, day
        self.pending: dict[str, list[Quote]] = {}

    def articles(self):
        for record, quotes in generate(self.n, seed=7 + self.start, start=self.start, day=self.day):
            self.pending[record["text"]] = quotes  # each text is unique ("Laporan i")
            yield parse_record(json.dumps(record))

    def extract(self, texts: Sequence[str]) -> list[list[Quote]]:
        return [self.pending.pop(t) for t in texts]


def reset(location: str) -> None:
    if location.startswith("postgresql"):
        engine = engine_for(location)
        metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS schema_version, counters")
        engine.dispose()
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{location}{suffix}").unlink(missing_ok=True)


def stored_articles(location: str) -> int | None:
    """How many articles the database at location holds, if it is one of this schema."""
    if not location.startswith("postgresql") and not Path(location).exists():
        return None
    engine = engine_for(location)
    try:
        with engine.connect() as conn:
            if conn.execute(sa.text("SELECT version FROM schema_version")).scalar() != SCHEMA_VERSION:
                return None
            return conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()
    except sa.exc.DBAPIError:
        return None
    finally:
        engine.dispose()


def build(location: str, n: int, extract: Callable | None = None, as_is: bool = False) -> None:
    """The archive of n articles at location (reused when there already, or with as_is when
    it holds any), with the ingest rate per tenth of the run and the size on disk."""
    stored = stored_articles(location)
    if extract is None and (stored == n or (as_is and stored)):
        print(f"  database: reusing {location} ({stored:,} articles)")
        return
    reset(location)
    planted = Planted(n)
    engine = open_db(location, create=True, write=True)  # as `quotes db ingest` opens it
    started, cpu = time.perf_counter(), time.process_time()
    marks: list[tuple[int, float, float]] = [(0, started, cpu)]
    step = max(n // 10, 1)

    def progress(counts: IngestCounts) -> None:
        if counts.articles >= marks[-1][0] + step or counts.articles == n:
            now, used = time.perf_counter(), time.process_time()
            done = counts.articles - marks[-1][0]
            # the writer's CPU too: on a shared machine the wall-clock rate follows its load
            print(f"  ingest {counts.articles:>9,}: {done / (now - marks[-1][1]):,.0f} articles/s over the last "
                  f"{done:,} ({done / max(used - marks[-1][2], 1e-9):,.0f} per CPU-second of the writer)", flush=True)
            marks.append((counts.articles, now, used))

    counts = ingest(engine, planted.articles(), extract or planted.extract, on_progress=progress)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if location.startswith("postgresql"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
    engine.dispose()
    print(f"  ingest: {n / elapsed:,.0f} articles/s overall ({elapsed:,.0f} s wall; {n / cpu:,.0f} articles per "
          f"CPU-second of the writer; {counts.quotes:,} quotes); size {size_mb(location):,.0f} MB", flush=True)


def append(location: str, stored: int, n: int, new_dates: bool = False) -> None:
    """Ingest rate of n new articles appended to a copy of the SQLite archive at location
    (which holds ``stored``): the rate at that size, without building a bigger archive. Taking
    turns with another checkout on the same copies compares two versions at one size.
    new_dates: the articles are dated after every stored one (new_day), else spread as the
    archive's own."""
    settle(location)
    copy = OUT / "append-copy.db"
    reset(str(copy))
    for suffix in ("", "-wal"):
        if Path(f"{location}{suffix}").exists():
            shutil.copyfile(f"{location}{suffix}", f"{copy}{suffix}")
            # on disk before the clock starts: the ingest's first checkpoint would otherwise
            # wait for the whole copy to be written (0.8 s at a million articles)
            with open(f"{copy}{suffix}", "rb+") as written:
                os.fsync(written.fileno())
    planted = Planted(n, start=stored, day=new_day(stored) if new_dates else spread_day)
    engine = open_db(str(copy), write=True)
    written = _written_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    ingest(engine, planted.articles(), planted.extract)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    reset(str(copy))
    print(f"  append {n:,} articles{' of new dates' if new_dates else ''} to {stored:,}: {n / elapsed:,.0f} articles/s ({n / cpu:,.0f} per CPU-second "
          f"of the writer), {(_written_bytes() - written) / n / 1024:,.0f} KB written an article", flush=True)


def settle(location: str) -> None:
    """Merge the kept archive's full-text segments by levels (compact.merge_levels), once.
    A build may end with up to MAX_SEGMENTS segments, several of one level: the first ingest
    that adds to such an archive merges them (quote_tags at a million: 1.15 s), later ones
    mostly their own new segments, as each level's are about twice the size of the level
    below. Every timed append of an unsettled copy paid that first merge again."""
    engine = engine_for(location, write=True)
    started = time.perf_counter()
    with engine.begin() as conn:
        before = {table: segments(conn, table) for table in TEXT_INDEXES}
        for table in TEXT_INDEXES:
            merge_levels(conn, table)
        after = {table: segments(conn, table) for table in TEXT_INDEXES}
    engine.dispose()
    if before != after:
        merged = ", ".join(f"{t} {before[t]} to {after[t]}" for t in TEXT_INDEXES)
        print(f"  settled the kept archive's full-text segments ({merged}; "
              f"{time.perf_counter() - started:.1f} s)", flush=True)


def _written_bytes() -> int:
    """Bytes this process has written to storage so far (Linux /proc; 0 elsewhere)."""
    try:
        return next(int(line.split()[1]) for line in Path("/proc/self/io").read_text().splitlines()
                    if line.startswith("write_bytes"))
    except (OSError, StopIteration):
        return 0


def size_mb(location: str) -> float:
    if not location.startswith("postgresql"):
        return sum(Path(f"{location}{s}").stat().st_size for s in ("", "-wal") if Path(f"{location}{s}").exists()) / 2**20
    engine = engine_for(location)
    with engine.connect() as conn:
        size = conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
    engine.dispose()
    return size / 2**20


def word_mix() -> dict[str, str]:
    """Searches by how often their words occur: the most common word, one that only one
    statement has, an absent one; a phrase of two common words that never stand side by side,
    and two common words that never share a statement."""
    statements, _ = load_samples()
    words = [set(WORD.findall(s.lower())) for s in statements]
    freq = collections.Counter(w for ws in words for w in ws)
    common = [w for w, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:40] if len(w) > 3]
    rare = min((w for w in freq if len(w) > 7), key=lambda w: (freq[w], w))
    joined = " ".join(" ".join(WORD.findall(s.lower())) for s in statements)
    phrase = next(f"{a} {b}" for a in common for b in common if a != b and f" {a} {b} " not in f" {joined} ")
    apart = next(f"{a} {b}" for a in common for b in common if a < b and not any(a in ws and b in ws for ws in words))
    return {"common": common[0], "rare": rare, "absent": ABSENT, "phrase": f'"{phrase}"', "apart": apart}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """cpu_seconds of a process and of its children alive now (a server's worker processes)."""
    return cpu_seconds(pid) + sum(map(cpu_seconds, child_pids(pid)))


def timed(action: Callable[[], object], runs: int, server_pid: int | None = None) -> tuple[float, float, float]:
    """(median, p95) milliseconds of action, and its mean CPU milliseconds: this process's
    and (PostgreSQL) its server process's. On a shared machine the wall-clock figures include
    waiting for a core; the CPU is the work itself."""
    times = []
    cpu = time.process_time() + (cpu_seconds(server_pid) if server_pid else 0)
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    cpu = time.process_time() + (cpu_seconds(server_pid) if server_pid else 0) - cpu
    times.sort()
    return (statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
            1000 * cpu / runs)


def measure(location: str, runs: int) -> dict[str, tuple[float, float]]:
    """Every API row of the issue's table: (median, p95) ms."""
    mix = word_mix()
    engine = open_db(location)
    rows: dict[str, tuple[float, float, float]] = {}
    with engine.connect() as conn:
        speaker_id = query.speaker_ids(conn, SPEAKER)[0]
        server = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar() if conn.dialect.name == "postgresql" else None
        actions = {
            f"word, common ({mix['common']})": lambda: query.search(conn, mix["common"]),
            f"word, rare ({mix['rare']})": lambda: query.search(conn, mix["rare"]),
            f"word, absent ({mix['absent']})": lambda: query.search(conn, mix["absent"]),
            f"phrase with no hits ({mix['phrase']})": lambda: query.search(conn, mix["phrase"]),
            f"two words with no hits ({mix['apart']})": lambda: query.search(conn, mix["apart"]),
            f"common word + speaker full name ({SPEAKER})": lambda: query.search(conn, mix["common"], speaker=SPEAKER),
            f"rare word + speaker full name": lambda: query.search(conn, mix["rare"], speaker=SPEAKER),
            "common word + outlet (Tempo)": lambda: query.search(conn, mix["common"], outlet="Tempo"),
            "rare word + outlet (Tempo)": lambda: query.search(conn, mix["rare"], outlet="Tempo"),
            "outlet alone (Tempo)": lambda: query.search(conn, None, outlet="Tempo"),
            "common word + an outlet with no quotes": lambda: query.search(conn, mix["common"], outlet=ABSENT),
            "speakers --top 20": lambda: query.list_speakers(conn, 20),
            "stats": lambda: query.stats(conn),
            "speaker page": lambda: lookups.speaker(conn, speaker_id),
            "speaker page, statements and months not yet kept": lambda: (lookups.TALLIES.entries.clear(),
                                                          lookups.speaker(conn, speaker_id)),
        }
        for label, action in actions.items():
            action()  # warm the caches: the figures are for a database in use
            rows[label] = timed(action, runs, server)
            show(label, rows[label])
    engine.dispose()
    cli = [str(Path(sys.executable).with_name("quotes")), "db", "search", mix["common"], "--db", location]
    started = os.times()
    wall = timed(lambda: subprocess.run(cli, check=True, stdout=subprocess.DEVNULL), 10)
    ended = os.times()  # the children's CPU: the CLI processes (PostgreSQL's server not counted)
    rows["CLI search, end to end"] = wall[:2] + (100 * (ended.children_user + ended.children_system
                                                        - started.children_user - started.children_system),)
    show("CLI search, end to end", rows["CLI search, end to end"])
    return rows


def show(label: str, row: tuple[float, float, float]) -> None:
    print(f"  {label:60} median {row[0]:8.1f} ms, p95 {row[1]:8.1f} ms, CPU {row[2]:7.1f} ms", flush=True)


def pg_server() -> str:
    """The bench's own throwaway PostgreSQL server's URL: started again on the data it kept
    when it is not running (after a reboot its million articles are still there), or fresh."""
    script = ROOT / "scripts" / "pg-test-server.sh"
    return subprocess.run(["bash", str(script), "resume", "bench"], capture_output=True, text=True,
                          check=True).stdout.strip()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--backend", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite"])
    ap.add_argument("--mode", choices=("db", "full", "both"), default="db")
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--runs", type=int, default=30, help="timed runs of each API row (default 30)")
    ap.add_argument("--build-only", action="store_true", help="build (or check) the databases, time nothing")
    ap.add_argument("--as-is", action="store_true",
                    help="time the database of --articles as it is, even if its ingest was cut short")
    ap.add_argument("--no-web", dest="web", action="store_false", help="skip the web UI under load")
    ap.add_argument("--web-duration", type=float, default=10.0, help="seconds of load per web page kind")
    ap.add_argument("--web-workers", type=int, default=1, help="server processes for the web rows (quotes serve --workers)")
    ap.add_argument("--append", type=int, metavar="N",
                    help="SQLite: time appending N new articles to a copy of the archive, then stop")
    ap.add_argument("--new-dates", action="store_true",
                    help=f"with --append: the new articles are dated after every stored one, {DAILY} a day "
                         "(an archive growing daily), rather than spread over its ten years")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if args.mode != "db":
        print(f"ingest, full extraction on {args.jobs} jobs, SQLite:")
        build(str(OUT / "bench-full.db"), args.articles,
              lambda texts: parallel.map_extract(texts, (), args.jobs))
        if args.mode == "full":
            return 0
    for backend in args.backend:
        location = (str(OUT / f"bench-{args.articles}-v{SCHEMA_VERSION}.db") if backend == "sqlite"
                    else pg_server())
        print(f"{backend}, {args.articles:,} articles:", flush=True)
        build(location, args.articles, as_is=args.as_is)
        print(f"  size: {size_mb(location):,.0f} MB", flush=True)
        if args.append and backend == "sqlite":
            append(location, args.articles, args.append, args.new_dates)
            continue
        if args.build_only:
            continue
        measure(location, args.runs)
        if args.web:
            from bench_web import page_load  # bench_web imports this module
            page_load(location, args.web_duration, workers=args.web_workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
