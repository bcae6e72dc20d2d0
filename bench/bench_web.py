"""Web search benchmark: 20 concurrent clients against `quotes serve` on loopback.

    .venv/bin/python bench/bench_web.py [--articles 50000] [--clients 20] [--duration 15] [--words-only]

Builds (once; reused while it holds --articles articles) a database of bench_db.py's
synthetic archive, starts `quotes serve` on it on 127.0.0.1 as its own process, then has
--clients clients search /api/quotes back to back for --duration seconds: words from the
archive's statements, a quarter of them with a speaker, outlet or date filter (none with
--words-only), pages 1-3.
Reports requests/s and the latency percentiles. Bounded in time and count; loopback only.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence
from urllib.parse import urlencode
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_db import LAST, OUT, OUTLETS, SPEAKER, build, load_samples, tree_cpu_seconds, word_mix  # noqa: E402

from quotes.db import query  # noqa: E402
from quotes.db.schema import SCHEMA_VERSION  # noqa: E402
from quotes.db.store import open_db  # noqa: E402

# Per client; with the duration this bounds the run even on a very fast machine.
MAX_REQUESTS = 100_000


def searches(count: int, filters: bool = True, seed: int = 11) -> list[dict[str, str | int]]:
    """A fixed mix of searches: mostly words, some filtered (unless not ``filters``), a few
    deeper pages."""
    rng = random.Random(seed)
    statements, _ = load_samples()
    words = sorted({w for s in statements for w in re.findall(r"\w{5,}", s.lower())})
    mix = []
    for _ in range(count):
        params: dict[str, str | int] = {"q": rng.choice(words)}
        roll = rng.random() if filters else 1.0
        if roll < 0.1:
            params["speaker"] = rng.choice(LAST)
        elif roll < 0.2:
            params["outlet"] = rng.choice(OUTLETS)
        elif roll < 0.25:
            params.update(since="2023-03-01", until="2023-09-30")
        if rng.random() < 0.1:
            params["page"] = rng.randint(2, 3)
        mix.append(params)
    return mix


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path | str, port: int, workers: int = 1, cache_mb: int | None = None) -> subprocess.Popen:
    """`quotes serve` on ``db``; cache_mb: its --page-cache-mb (None: the default)."""
    quotes = Path(sys.executable).with_name("quotes")
    cache = [] if cache_mb is None else ["--page-cache-mb", str(cache_mb)]
    # no access log: it would be written per request, and it is not what is measured
    server = subprocess.Popen([str(quotes), "serve", "--db", str(db), "--port", str(port),
                               "--workers", str(workers), "--log-level", "warning", *cache],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("bench: `quotes serve` did not answer within 30 s")


async def client(port: int, paths: list[str], start: int, until: float, latencies: list[float],
                 errors: list[int]) -> None:
    """One client: requests back to back on one keep-alive connection.

    A bare HTTP/1.1 exchange rather than an HTTP library: on a two-core machine the load
    generator shares the CPU with the server, and every cycle it spends is counted against
    the server's latency.
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for i in range(MAX_REQUESTS):
            if time.perf_counter() >= until:
                return
            began = time.perf_counter()
            # the server answers only to its own names (no DNS rebinding): a loopback Host
            writer.write(f"GET {paths[(start + i) % len(paths)]} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - began)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(int(head.split()[1]))
    finally:
        writer.close()


async def load(port: int, clients: int, duration: float, filters: bool = True,
               paths: list[str] | None = None) -> tuple[list[float], list[int], float]:
    paths = paths or ["/api/quotes?" + urlencode(params) for params in searches(2000, filters)]
    latencies: list[float] = []
    errors: list[int] = []
    began = time.perf_counter()
    await asyncio.gather(*(client(port, paths, i * 97, began + duration, latencies, errors)
                           for i in range(clients)))
    return latencies, errors, time.perf_counter() - began


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=15.0, help="seconds of load (default 15)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (quotes serve --workers)")
    ap.add_argument("--page-cache-mb", type=int, metavar="MB",
                    help="the server's --page-cache-mb (default: its own; 0: every search made anew)")
    ap.add_argument("--words-only", dest="filters", action="store_false",
                    help="words alone: no speaker, outlet or date filters in the mix")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"bench-{args.articles}-v{SCHEMA_VERSION}.db"  # bench_db.py's
    build(str(db), args.articles)
    port = free_port()
    server = serve(db, port, args.workers, args.page_cache_mb)
    try:
        asyncio.run(load(port, args.clients, 2.0, args.filters))  # warm-up: caches, pools, compiles
        server_cpu, client_cpu = tree_cpu_seconds(server.pid), time.process_time()
        latencies, errors, elapsed = asyncio.run(load(port, args.clients, args.duration, args.filters))
        server_cpu, client_cpu = tree_cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
    finally:
        server.terminate()
        server.wait(timeout=10)
    ms = sorted(x * 1000 for x in latencies)
    pct = statistics.quantiles(ms, n=100)
    print(f"search{'' if args.filters else ' (words only)'}: {args.clients} clients, {args.workers} server "
          f"process(es), {elapsed:.1f} s, {len(ms):,} requests, {len(errors)} errors; "
          f"{len(ms) / elapsed:,.0f} requests/s; latency p50 {pct[49]:.1f} ms, p95 {pct[94]:.1f} ms, "
          f"p99 {pct[98]:.1f} ms, max {ms[-1]:.1f} ms")
    # On a shared machine the wall-clock figures depend on the neighbours; CPU per request
    # is the server's own cost.
    print(f"cpu: server {server_cpu:.1f} s ({1000 * server_cpu / len(ms):.2f} ms per request, "
          f"{len(ms) / server_cpu if server_cpu else 0:,.0f} requests per CPU-second), "
          f"clients {client_cpu:.1f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus")
    return 1 if errors else 0


def page_load(location: str, duration: float, clients: int = 20, workers: int = 1) -> dict[str, tuple[float, float]]:
    """(median, p95) ms of the web UI's pages under ``clients`` clients, one kind of page at
    a time: searches, a common word with a speaker, a speaker's page, the statistics; then
    the searches again with no page kept (--page-cache-mb 0), as if every search were new."""
    mix = word_mix()
    engine = open_db(location)
    with engine.connect() as conn:
        speaker_id = query.speaker_ids(conn, SPEAKER)[0]
    engine.dispose()
    words = sorted({w for s in load_samples()[0] for w in re.findall(r"\w{5,}", s.lower())})
    searched = ["/search?" + urlencode({"q": w}) for w in words]
    kinds = {
        "web: search page": searched,
        "web: word + speaker (full name)": ["/search?" + urlencode({"q": mix["common"], "speaker": SPEAKER})],
        "web: speaker page": [f"/speakers/{speaker_id}"],
        "web: stats page": ["/stats"],
    }
    rows = _load_pages(location, kinds, duration, clients, workers)
    rows.update(_load_pages(location, {"web: search page, no page kept": searched}, duration, clients,
                            workers, cache_mb=0))
    return rows


def _load_pages(location: str, kinds: dict[str, list[str]], duration: float, clients: int, workers: int,
                cache_mb: int | None = None) -> dict[str, tuple[float, float]]:
    port = free_port()
    server = serve(location, port, workers, cache_mb)
    rows = {}
    try:
        for label, paths in kinds.items():
            asyncio.run(load(port, clients, 1.0, paths=paths))  # warm-up
            cpu = tree_cpu_seconds(server.pid)
            latencies, errors, _ = asyncio.run(load(port, clients, duration, paths=paths))
            cpu = tree_cpu_seconds(server.pid) - cpu
            ms = sorted(x * 1000 for x in latencies)
            rows[label] = statistics.median(ms), statistics.quantiles(ms, n=100)[94]
            print(f"  {label:60} median {rows[label][0]:8.1f} ms, p95 {rows[label][1]:8.1f} ms "
                  f"({len(ms):,} requests, {len(errors)} errors, {clients} clients; server CPU "
                  f"{1000 * cpu / max(len(ms), 1):.1f} ms per request)", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return rows


if __name__ == "__main__":
    sys.exit(main())
