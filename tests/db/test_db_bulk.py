"""One write transaction holds rows back for PostgreSQL's COPY (quotes.db.bulk): whatever a
batch does that reads them (a speaker merge, an article replaced, a trail absorbed), one
transaction gives what one transaction per article gives; on SQLite and PostgreSQL."""
from __future__ import annotations

import json
from pathlib import Path

from dbhelp import dump, fake_extract, trail_groups
from quotes.db.ingest import IngestCounts, write_batch
from quotes.db.schema import metadata
from quotes.db.sources import parse_record
from quotes.db.store import engine_for, open_db

FIRST = "Tim kami sudah membuka dapur umum sejak subuh di balai desa."
SECOND = "Warga yang demam atau diare bisa datang ke posko kapan saja."


def said(key: str, text: str) -> dict:
    return {"id": key, "outlet": "Kabar Pagi", "published": "2024-05-01", "text": text}


BATCH = [
    said("a", '"Siap," kata Budi.'),
    said("a", f'"{SECOND.replace("kapan saja", "kapan pun")}," kata Santoso.\n"Siap," kata Budi.'),  # replaced
    said("b", f'"{FIRST}," kata Hadi Santoso.'),  # the full name: the bare one is merged into it
    said("c", f'"{FIRST} {SECOND}," kata Hadi Santoso.'),  # joins b's new trail, which absorbs a's
]


def stored(url: str, batches: list[list[dict]]) -> tuple[dict, list, IngestCounts]:
    engine = open_db(url, create=True, write=True)
    counts = IngestCounts()
    try:
        for batch in batches:
            articles = [parse_record(json.dumps(r)) for r in batch]
            write_batch(engine, [(a, fake_extract(a.text)) for a in articles], counts)
        return dump(url), trail_groups(url), counts
    finally:
        metadata.drop_all(engine)
        engine.dispose()


def test_one_transaction_gives_what_one_per_article_gives(db_url):
    other = db_url if db_url.startswith("postgresql") else str(Path(db_url).with_name("each.db"))
    each = stored(other, [[r] for r in BATCH])
    one = stored(db_url, [BATCH])
    assert one[:2] == each[:2]
    assert (one[2].added, one[2].replaced, one[2].quotes) == (3, 1, 5)
    contents, trails, _ = one
    assert [s[1] for s in contents["speakers"]] == ["Budi", "Hadi Santoso"]
    assert trails == [[("a", 0), ("b", 0), ("c", 0)], [("a", 1)]]


def test_sqlite_writers_journal_statements_in_memory(tmp_path):
    """A batch's multi-row INSERTs journal each page they change for as long as they run (20 MB
    a batch at a million articles): a writer keeps that journal in memory, not in /var/tmp."""
    location = str(tmp_path / "quotes.db")
    for write, expected in ((True, 2), (False, 0)):  # 2: MEMORY; 0: the build's default (files)
        engine = engine_for(location, write=write)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA temp_store").scalar_one() == expected
        engine.dispose()
