"""The same quote rows from every engine: `quotes extract --format jsonl`, the local Parquet
path, a 2-worker Dask LocalCluster and Spark local[2], on the same generated articles."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine_data import jsonl_form, make_articles, sort_key, write_jsonl, write_shards
from quotes.batch import Options, extract_batch, output_schema, rules_hash

ROOT = Path(__file__).resolve().parents[2]


def quotes_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotes.cli", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=300)


def parquet_rows(folder: Path) -> list[dict]:
    return pq.read_table(folder).to_pylist()


def quote_rows(rows: list[dict]) -> list[dict]:
    """The quotes, in JSONL form, sorted (engines finish shards in any order)."""
    return sorted((jsonl_form(r) for r in rows if r["kind"] is not None), key=sort_key)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> dict:
    """The ~200 articles as 4 Parquet shards, and what `quotes extract --format jsonl` gives."""
    root = tmp_path_factory.mktemp("engines")
    articles = make_articles()
    shards = write_shards(root / "articles", articles)
    write_jsonl(root / "articles.jsonl", articles)
    result = quotes_cli("extract", str(shards), "--format", "jsonl", "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    expected = sorted((json.loads(line) for line in result.stdout.decode().splitlines()), key=sort_key)
    assert len(expected) > 300, "the generated articles should hold a few hundred quotes"
    return {"root": root, "articles": articles, "shards": shards, "expected": expected}


def test_batch_function_exact() -> None:
    """Hand-written articles through the batch function: every field, the passed-through
    column, an article without quotes and a row that is no article."""
    text = 'Banjir datang lagi.\n\n"Kami siap membantu," kata Budi Santoso.'
    batch = pa.RecordBatch.from_pylist([
        {"id": 7, "url": "https://example.org/7", "title": "Banjir", "outlet": "Antara",
         "published": "2025-03-14T09:30:00+07:00", "text": text, "lang": "id"},
        {"id": 8, "url": None, "title": None, "outlet": None, "published": None,
         "text": "Tidak ada yang berbicara hari ini.", "lang": "id"},
        {"id": 9, "url": None, "title": None, "outlet": None, "published": None, "text": "  ", "lang": None},
    ])
    rows = extract_batch(batch, Options()).to_pylist()
    assert len(rows) == 3
    quote, quiet, empty = rows
    start = text.index("Kami")
    assert quote == {
        "doc": "7", "kind": "direct", "text": "Kami siap membantu,", "start": start, "end": start + 19,
        "speaker": "Budi Santoso",
        "speaker_mention": {"text": "Budi Santoso", "start": text.index("Budi"), "end": text.index("Budi") + 12},
        "title": None, "resolution": "name",
        "cue": {"text": "kata", "start": text.index("kata"), "end": text.index("kata") + 4},
        "confidence": quote["confidence"], "position": 0,
        "article_id": "7", "article_url": "https://example.org/7", "article_title": "Banjir",
        "article_outlet": "Antara", "article_published": dt.date(2025, 3, 14), "article_text": text,
        "article_lang": "id", "problem": None, "quotes_version": "0.1.0", "rules_hash": rules_hash(()),
    }
    assert 0 < quote["confidence"] <= 1
    assert quiet["doc"] == "8" and quiet["kind"] is None and quiet["problem"] is None
    assert quiet["article_text"] == "Tidak ada yang berbicara hari ini."
    assert empty["kind"] is None and empty["problem"] == 'no "text" (a non-empty string)'
    assert re.fullmatch(r"[0-9a-f]{16}", quote["rules_hash"])


def test_rules_hash_names_the_rules(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('after_quote = ["sergah"]\n', encoding="utf-8")
    assert rules_hash((str(extra),)) != rules_hash(())
    batch = pa.RecordBatch.from_pylist([{"id": "a", "text": '"Tidak benar," sergah Budi.'}])
    rows = extract_batch(batch, Options(rule_files=(str(extra),))).to_pylist()
    assert [(r["speaker"], r["rules_hash"]) for r in rows] == [("Budi", rules_hash((str(extra),)))]


@given(st.lists(st.tuples(st.text(max_size=300), st.sampled_from(["a", "b", "", None])), max_size=6))
def test_every_row_accounted_for(items) -> None:
    """Whatever the rows hold, each gives its quotes (spans exact) or one row saying why not."""
    batch = pa.RecordBatch.from_pylist([{"id": key, "text": text} for text, key in items],
                                       schema=pa.schema([("id", pa.string()), ("text", pa.string())]))
    rows = extract_batch(batch, Options()).to_pylist()
    assert pa.Table.from_pylist(rows, schema=output_schema(batch.schema)).num_rows == len(rows)
    per_input = []
    for row in rows:
        if row["position"] in (None, 0):
            per_input.append(row)
        if row["kind"] is not None:
            assert row["article_text"][row["start"]:row["end"]] == row["text"]
    assert len(per_input) == len(items)
    for (text, key), row in zip(items, per_input):
        usable = text.strip() and "\x00" not in text and key
        assert (row["problem"] is None) == bool(usable), (text, key, row["problem"])


def test_local_parquet_gives_the_jsonl_rows(data, tmp_path: Path) -> None:
    out = tmp_path / "quotes"
    result = quotes_cli("extract", str(data["shards"]), "--format", "parquet", "-o", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr.decode()
    assert sorted(p.name for p in out.iterdir()) == [f"part-{i:05d}.parquet" for i in range(4)]
    rows = parquet_rows(out)
    assert quote_rows(rows) == data["expected"]
    # every article is there, in input order across the files, once without quotes if it has none
    firsts = [r["doc"] for r in rows if r["position"] in (None, 0)]
    assert firsts == [a["id"] for a in data["articles"]]
    assert {r["article_section"] for r in rows} == {"nasional", "daerah"}
    assert "200 articles" in result.stderr.decode()


def test_jsonl_input_gives_the_same_rows(data, tmp_path: Path) -> None:
    out = tmp_path / "quotes"
    result = quotes_cli("extract", str(data["root"] / "articles.jsonl"), "--format", "parquet", "-o", str(out),
                        "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    assert quote_rows(parquet_rows(out)) == data["expected"]


def test_dask_local_cluster_gives_the_jsonl_rows(data, tmp_path: Path) -> None:
    out = tmp_path / "quotes"
    result = quotes_cli("extract", str(data["shards"]), "--format", "parquet", "-o", str(out),
                        "--engine", "dask", "--jobs", "2")
    assert result.returncode == 0, result.stderr.decode()
    assert quote_rows(parquet_rows(out)) == data["expected"]
    assert "on dask" in result.stderr.decode()


def test_dask_existing_cluster(data, tmp_path: Path) -> None:
    """--scheduler: a cluster that was already running (here a LocalCluster of this test)."""
    from distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
        out = tmp_path / "quotes"
        result = quotes_cli("extract", str(data["shards"]), "--format", "parquet", "-o", str(out),
                            "--engine", "dask", "--scheduler", cluster.scheduler_address)
        assert result.returncode == 0, result.stderr.decode()
        assert quote_rows(parquet_rows(out)) == data["expected"]
        # the cluster is the caller's: it is still there, still working
        assert len(cluster.scheduler_info["workers"]) == 2


def java_17() -> str | None:
    """Why Spark cannot run here, or None."""
    if shutil.which("java") is None:
        return "no Java: scripts/test.sh installs openjdk-17-jre-headless"
    version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    found = re.search(r'version "(\d+)', version)
    if not found or int(found[1]) < 17:
        return f"Spark needs Java 17 or newer; found {version.splitlines()[0] if version else 'none'}"
    return None


@pytest.fixture(scope="module")
def spark():
    if (why := java_17()) is not None:
        if os.environ.get("CI"):  # scripts/test.sh has installed it there
            pytest.fail(why)
        pytest.skip(why)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers need this venv's packages
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[2]").appName("quotes-tests")
               .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    yield session
    session.stop()


def test_spark_gives_the_jsonl_rows(data, spark) -> None:
    from quotes.spark import extract_quotes
    quotes = extract_quotes(spark.read.parquet(str(data["shards"])))
    rows = [r.asDict(recursive=True) for r in quotes.collect()]
    assert quote_rows(rows) == data["expected"]
    assert len({r["article_id"] for r in rows}) == len(data["articles"])


def test_parquet_problems_are_reported_not_fatal(tmp_path: Path) -> None:
    pq.write_table(pa.Table.from_pylist([{"id": "a", "text": '"Kami siap," kata Budi.'}, {"id": "b", "text": None}]),
                   tmp_path / "in.parquet")
    (tmp_path / "rusak.parquet").write_bytes(b"bukan parquet")
    out = tmp_path / "out"
    result = quotes_cli("extract", str(tmp_path / "in.parquet"), str(tmp_path / "rusak.parquet"),
                        "--format", "parquet", "-o", str(out), "--jobs", "1")
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert f'{tmp_path / "in.parquet"}: b: no "text" (a non-empty string)' in stderr
    assert f'{tmp_path / "rusak.parquet"}: cannot read as Parquet' in stderr
    assert "Traceback" not in stderr
    rows = parquet_rows(out)
    assert [(r["doc"], r["speaker"], r["problem"]) for r in rows] == [
        ("a", "Budi", None), ("b", None, 'no "text" (a non-empty string)')]
    # the same rows through the classic writer: row numbers name the bad one
    result = quotes_cli("extract", str(tmp_path / "in.parquet"), "--format", "jsonl")
    assert [json.loads(line)["doc"] for line in result.stdout.decode().splitlines()] == ["a"]
    assert f'{tmp_path / "in.parquet"}: row 2: no "text"' in result.stderr.decode()


def test_parquet_output_refuses_what_it_cannot_do(data, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.parquet").write_bytes(b"x")
    cases = [
        (["--format", "parquet", "-o", str(out)], "already holds Parquet files; choose a new or empty folder"),
        (["--format", "parquet"], "--format parquet writes a folder of files: give it with -o DIR"),
        (["--engine", "dask", "-o", str(tmp_path / "x")], "--engine and --scheduler write Parquet"),
    ]
    for args, message in cases:
        result = quotes_cli("extract", str(data["shards"]), *args)
        assert result.returncode == 2 and message in result.stderr.decode(), (args, result.stderr.decode())
    result = quotes_cli("extract", "-", "--format", "parquet", "-o", str(tmp_path / "y"), stdin=b"teks")
    assert result.returncode == 2 and "not stdin" in result.stderr.decode()


def test_spark_submit_example_writes_the_jsonl_rows(data, spark, tmp_path: Path) -> None:
    """examples/spark_submit.py as spark-submit runs it (here in the test's Spark session)."""
    import runpy
    example = runpy.run_path(str(ROOT / "examples" / "spark_submit.py"))
    out = tmp_path / "quotes"
    assert example["main"]([str(data["shards"]), str(out)]) == 0
    assert quote_rows(parquet_rows(out)) == data["expected"]


def test_urls_in_and_out(data, tmp_path: Path) -> None:
    """fsspec URLs (file:// here; s3:// and others with their driver) for input and output."""
    out = f"file://{tmp_path}/quotes"
    result = quotes_cli("extract", f"file://{data['shards']}", "--format", "parquet", "-o", out, "--jobs", "1")
    assert result.returncode == 0, result.stderr.decode()
    assert quote_rows(parquet_rows(tmp_path / "quotes")) == data["expected"]
    result = quotes_cli("db", "load", out, "--db", str(tmp_path / "q.db"))
    assert result.returncode == 0 and "200 articles added" in result.stderr.decode(), result.stderr.decode()
