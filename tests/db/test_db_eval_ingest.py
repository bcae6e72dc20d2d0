"""Every article of the shared evaluation sets is stored: real news that once stopped an ingest.

The texts are read where they lie in ../shared and stored only in a throwaway database,
deleted when the test ends (pfsa-dev is for evaluation only: no copy of it is kept).
"""
from __future__ import annotations

import functools
import glob
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from quotes import parallel
from quotes.db.ingest import ingest
from quotes.db.schema import articles, metadata, quotes
from quotes.db.sources import read_articles

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
FOLDERS = [EVAL / "dev" / "docs", EVAL / "pfsa-dev" / "docs"]

pytestmark = pytest.mark.skipif(not all(f.is_dir() for f in FOLDERS),
                                reason=f"shared evaluation data not found at {EVAL}")


@functools.cache
def extracted() -> dict[str, list]:
    """Each text's quotes, extracted once for both databases."""
    texts = [p.read_text(encoding="utf-8").removeprefix("\ufeff") for f in FOLDERS for p in sorted(f.glob("*.txt"))]
    return dict(zip(texts, parallel.map_extract(texts, jobs=2)))


def test_every_article_of_dev_and_pfsa_dev_is_stored(engine, tmp_path):
    found = extracted()
    problems = []
    try:
        counts = ingest(engine, read_articles([str(f) for f in FOLDERS]), lambda texts: [found[t] for t in texts],
                        on_problem=problems.append)
        files = sum(1 for f in FOLDERS for _ in f.glob("*.txt"))
        assert problems == []
        assert (counts.added, counts.unchanged) == (files, 0)
        with engine.connect() as c:
            assert c.execute(sa.select(sa.func.count()).select_from(articles)).scalar() == files
            assert c.execute(sa.select(sa.func.count()).select_from(quotes)).scalar() == counts.quotes \
                == sum(len(q) for q in found.values())
    finally:
        metadata.drop_all(engine)
        engine.dispose()
        if engine.url.get_backend_name() == "sqlite":  # the file too, not only its tables
            for path in glob.glob(glob.escape(engine.url.database) + "*"):
                os.remove(path)
