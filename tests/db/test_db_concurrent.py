"""Two ingests into one database at once (a newsroom sharing PostgreSQL, or one SQLite file)."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

from dbhelp import dump, fake_extractor, make_records, write_jsonl
from quotes.db.edit import SqlSpeakerStore
from quotes.db.ingest import ingest
from quotes.db.sources import Article
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



def test_a_writer_sees_the_speakers_another_committed_while_it_waited(db_url, monkeypatch):
    # One ingest is inside a batch that created the bare "Santoso"; another comes to store
    # "Hadi Santoso". It must wait and then see "Santoso", as one run would, and take it in:
    # resolved against what it read before the first committed, it made a second person.
    engine = open_db(db_url, create=True, write=True)
    created, release = threading.Event(), threading.Event()
    create = SqlSpeakerStore.create

    def create_then_hold(store, key, name):
        speaker_id = create(store, key, name)
        if threading.current_thread().name == "first":
            created.set()
            release.wait(30)
        return speaker_id
    monkeypatch.setattr(SqlSpeakerStore, "create", create_then_hold)

    def store(text: str, key: str) -> Callable[[], object]:
        return lambda: ingest(engine, [Article(key=key, text=text)], fake_extractor)
    first = threading.Thread(target=store('"Siap," kata Santoso.', "bare"), name="first")
    second = threading.Thread(target=store('"Ya," kata Hadi Santoso.', "full"), name="second")
    first.start()
    assert created.wait(30)
    second.start()
    second.join(1.0)  # as far as it gets while the first holds its batch open
    release.set()
    first.join(30)
    second.join(30)
    engine.dispose()
    assert dump(db_url)["speakers"] == [("hadi santoso", "Hadi Santoso", ["Santoso"], [])]
