"""Two ingests into one database at once (a newsroom sharing PostgreSQL, or one SQLite file)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dbhelp import dump, make_records, write_jsonl
from quotes.db.store import open_db

KILLEE = str(Path(__file__).with_name("killee.py"))


def ingest_in(db: str, *archives: Path) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, KILLEE, db, str(a), "10"], stdout=subprocess.PIPE, text=True)
            for a in archives]


def test_concurrent_ingests_both_complete_without_duplicate_speakers(db_url, tmp_path):
    first = write_jsonl(tmp_path / "first.jsonl", make_records(300))
    second = write_jsonl(tmp_path / "second.jsonl", make_records(300, start=300))
    open_db(db_url, create=True).dispose()  # both start on a database that exists
    procs = ingest_in(db_url, first, second)
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert all(out.splitlines()[-1] == "done" for out in outputs)

    reference = str(tmp_path / "one-after-the-other.db")
    for archive in (first, second):
        ingest_in(reference, archive)[0].communicate(timeout=120)
    together, apart = dump(db_url), dump(reference)
    assert len(together["articles"]) == 600 and len(together["quotes"]) == 1200
    assert together == apart
