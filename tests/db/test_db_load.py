"""`quotes db load`: an engine's Parquet output gives the database that `db ingest` of the
same articles gives (trails included), on SQLite and PostgreSQL; `db export --format parquet`."""
from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dbhelp import dump, trail_groups
from engine_data import make_articles, write_jsonl, write_shards
from quotes.cli import main
from quotes.db.schema import metadata
from quotes.db.store import engine_for


@pytest.fixture(scope="module")
def engine_output(tmp_path_factory) -> dict:
    """The generated articles as JSONL, and `quotes extract --format parquet` of them as shards."""
    root = tmp_path_factory.mktemp("load")
    articles = make_articles(120)
    out = root / "quotes"
    assert main(["extract", str(write_shards(root / "articles", articles)), "--format", "parquet",
                 "-o", str(out), "--jobs", "1"]) == 0
    return {"jsonl": write_jsonl(root / "articles.jsonl", articles), "quotes": out}


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def emptied(db_url: str) -> str:
    """An empty database to load into: PostgreSQL's emptied, a new SQLite file beside."""
    if db_url.startswith("postgresql"):
        engine = engine_for(db_url)
        metadata.drop_all(engine)
        engine.dispose()
        return db_url
    return str(Path(db_url).with_name("loaded.db"))


def test_load_gives_the_database_ingest_gives(db_url, engine_output, capsys):
    code, err = run(capsys, "db", "ingest", str(engine_output["jsonl"]), "--db", db_url, "--jobs", "1")
    assert code == 0, err
    ingested, trails = dump(db_url), trail_groups(db_url)
    assert len(ingested["articles"]) == 120 and len(ingested["quotes"]) > 150
    # every quote is in one trail, and paragraphs the generator reused are copies of one statement
    assert sorted(q for g in trails for q in g) == sorted((q[0], q[1]) for q in ingested["quotes"])
    assert max(len(g) for g in trails) > 2 and len(trails) < len(ingested["quotes"])

    # the same articles, already stored, are all skipped
    code, err = run(capsys, "db", "load", str(engine_output["quotes"]), "--db", db_url)
    assert code == 0 and "0 articles added, 0 replaced, 120 unchanged, 0 quotes stored" in err, err
    assert dump(db_url) == ingested and trail_groups(db_url) == trails

    # into an empty database: the same contents, speakers merged alike
    db_url = emptied(db_url)
    code, err = run(capsys, "db", "load", str(engine_output["quotes"]), "--db", db_url, "--batch", "50")
    assert code == 0 and f"120 articles added, 0 replaced, 0 unchanged, {len(ingested['quotes'])} quotes stored" in err
    assert dump(db_url) == ingested and trail_groups(db_url) == trails


def test_export_parquet_holds_what_jsonl_export_holds(db_url, engine_output, tmp_path, capsys):
    assert run(capsys, "db", "load", str(engine_output["quotes"]), "--db", db_url)[0] == 0
    assert main(["db", "export", "--db", db_url, "--format", "jsonl"]) == 0
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    target = tmp_path / "quotes.parquet"
    assert run(capsys, "db", "export", "--db", db_url, "--format", "parquet", "-o", str(target))[0] == 0
    rows = pq.read_table(target).to_pylist()
    assert [{**r, "published": r["published"].isoformat()} for r in rows] == expected


def test_load_problems_are_messages(tmp_path, capsys):
    db = str(tmp_path / "q.db")
    code, err = run(capsys, "db", "load", str(tmp_path / "tidak-ada"), "--db", db)
    assert code == 1 and f"{tmp_path / 'tidak-ada'}: no such folder" in err
    assert not Path(db).exists()
    (tmp_path / "bukan").mkdir()
    (tmp_path / "bukan" / "a.parquet").write_bytes(b"bukan parquet")
    code, err = run(capsys, "db", "load", str(tmp_path / "bukan"), "--db", db)
    assert code == 1 and "a.parquet: cannot read as Parquet" in err and "Traceback" not in err
    code, err = run(capsys, "db", "export", "--db", db, "--format", "parquet")
    assert code == 2 and "give it with -o FILE" in err


def extracted(root: Path, articles: list[dict]) -> Path:
    """``articles`` through `quotes extract --format parquet`: the engine's output folder."""
    out = root / "quotes"
    assert main(["extract", str(write_shards(root / "articles", articles, shards=1)), "--format", "parquet",
                 "-o", str(out), "--jobs", "1"]) == 0
    return out


def test_an_article_the_database_refuses_is_reported_and_the_others_loaded(db_url, tmp_path, capsys):
    # PostgreSQL indexes at most ~2,700 bytes a key, after compression: a long random id
    long_id = "".join(random.Random(3).choices(string.ascii_letters, k=3_000))
    found = make_articles(3)
    found[1] = {**found[1], "id": long_id}
    code, err = run(capsys, "db", "load", str(extracted(tmp_path, found)), "--db", db_url, "--batch", "10")
    assert code == 0 and "Traceback" not in err
    if db_url.startswith("postgresql"):
        assert "2 articles added" in err and "1 records skipped" in err
        assert f"{long_id}: cannot be stored (index row" in err
        assert [a[0] for a in dump(db_url)["articles"]] == ["gen-0000", "gen-0002"]
    else:  # SQLite has no such limit
        assert "3 articles added" in err


def test_a_corrected_version_right_after_the_first_is_loaded_as_ingest_stores_it(db_url, tmp_path, capsys):
    first, other = make_articles(2)
    corrected = {**first, "text": first["text"] + "\n\n" + other["text"]}
    found = [first, corrected, other]
    jsonl = write_jsonl(tmp_path / "a.jsonl", found)
    assert run(capsys, "db", "ingest", str(jsonl), "--db", db_url, "--jobs", "1")[0] == 0
    ingested, trails = dump(db_url), trail_groups(db_url)
    db_url = emptied(db_url)
    code, err = run(capsys, "db", "load", str(extracted(tmp_path, found)), "--db", db_url)
    assert code == 0 and "2 articles added, 1 replaced, 0 unchanged" in err, err
    assert dump(db_url) == ingested and trail_groups(db_url) == trails
