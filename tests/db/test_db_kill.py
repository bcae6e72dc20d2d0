"""Kill an ingest at random points: whole articles only, and a rerun completes it exactly."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from dbhelp import dump, fake_extract, make_records, write_jsonl
from quotes.db.schema import articles, quotes
from quotes.db.store import engine_for

ARTICLES, BATCH, KILLS = 1500, 25, 4
KILLEE = str(Path(__file__).with_name("killee.py"))


def start(db: str, jsonl: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, KILLEE, db, str(jsonl), str(BATCH)],
                            stdout=subprocess.PIPE, text=True, cwd=os.getcwd())


def check_consistent(db: str, records: list[dict], why: str) -> int:
    """Stored articles are whole batches from the start of the input, each with all its quotes."""
    expected = {r["id"]: [q.text for q in fake_extract(r["text"])] for r in records}
    engine = engine_for(db)
    with engine.connect() as c:
        keys = sorted(c.execute(sa.select(articles.c.key)).scalars())
        stored: dict[str, list[str]] = {k: [] for k in keys}
        for key, text in c.execute(sa.select(articles.c.key, quotes.c.text)
                                   .join(quotes, quotes.c.article_id == articles.c.id)
                                   .order_by(articles.c.key, quotes.c.position)):
            stored[key].append(text)
        if c.dialect.name == "sqlite":
            assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok", why
            c.exec_driver_sql("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
    engine.dispose()
    assert keys == [r["id"] for r in records[:len(keys)]], why
    assert len(keys) % BATCH == 0 or len(keys) == len(records), why
    assert stored == {k: expected[k] for k in keys}, why
    return len(keys)


def test_killed_ingest_is_consistent_and_rerun_completes_it(db_url, tmp_path):
    seed = int(time.time())
    rng = random.Random(seed)
    records = make_records(ARTICLES)
    jsonl = write_jsonl(tmp_path / "archive.jsonl", records)
    partial = 0
    for attempt in range(KILLS):
        proc = start(db_url, jsonl)
        for _ in range(rng.randint(1, 8)):  # wait for a few committed batches …
            if proc.stdout.readline().strip() in ("", "done"):
                break
        time.sleep(rng.uniform(0, 0.03))  # … then kill inside the next one
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        stored = check_consistent(db_url, records, f"seed {seed}, kill {attempt}")
        partial += 0 < stored < ARTICLES
    assert partial, f"seed {seed}: no kill landed in the middle of the ingest"

    proc = start(db_url, jsonl)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0 and out.splitlines()[-1] == "done"
    assert check_consistent(db_url, records, f"seed {seed}, rerun") == ARTICLES

    reference = str(tmp_path / "uninterrupted.db")
    proc = start(reference, jsonl)
    proc.communicate(timeout=120)
    assert dump(db_url) == dump(reference)
