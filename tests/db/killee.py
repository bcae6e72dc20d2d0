"""Run by test_db_kill.py and test_db_concurrent.py: ingest a JSONL file as `quotes db ingest`
would, printing a line after each committed batch.

usage: killee.py DB JSONL BATCH
"""
import sys

from dbhelp import fake_extractor
from quotes.db.ingest import ingest
from quotes.db.sources import read_articles
from quotes.db.store import open_db


def main(db: str, jsonl: str, batch: str) -> None:
    engine = open_db(db, create=True, write=True)

    def committed(counts):
        print(counts.articles, flush=True)
    ingest(engine, read_articles([jsonl]), fake_extractor, on_progress=committed, batch_size=int(batch))
    print("done", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
