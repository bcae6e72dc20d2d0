"""`quotes db …` end to end through main(), on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dbhelp import dump, fake_extract_nlp, make_records, write_jsonl
from quotes import pipeline
from quotes.cli import main


@pytest.fixture
def db(db_url, tmp_path, monkeypatch, capsys):
    """A database ingested through the CLI; returns a runner: args -> (exit code, stdout, stderr)."""
    monkeypatch.setattr(pipeline, "extract_nlp", fake_extract_nlp)  # --jobs 1 extracts in this process

    def quotes_db(*args):
        code = main(["db", *args, "--db", db_url])
        out, err = capsys.readouterr()
        return code, out, err
    path = write_jsonl(tmp_path / "arsip.jsonl", make_records(20) + ["{broken"])
    code, out, err = quotes_db("ingest", str(path), "--jobs", "1")
    assert code == 0 and out == ""
    assert "skipped" in err and "arsip.jsonl:21" in err
    assert "20 articles added" in err and "40 quotes stored" in err
    assert "\r" not in err  # no progress line when stderr is not a terminal
    return quotes_db


def test_search_formats(db):
    code, out, _ = db("search", "tenang", "--speaker", "Retno", "--limit", "3")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["published", "outlet", "speaker", "kind", "text"]
    assert len(lines) == 4 and all("Retno Marsudi" in line for line in lines[1:])
    _, out, _ = db("search", "tenang", "--format", "jsonl", "--outlet", "Antara")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["outlet"] == "Antara" and "tenang" in r["text"] for r in rows)
    _, out, _ = db("search", "--since", "2024-05-10", "--until", "2024-05-10", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and {r["published"] for r in rows} == {"2024-05-10"}


def test_search_errors_are_messages(db):
    code, out, err = db("search", "!!! ???")
    assert (code, out) == (1, "") and err.startswith("quotes: ") and "no words" in err
    with pytest.raises(SystemExit):
        db("search", "x", "--since", "kemarin")


def test_speakers_merge_and_rename(db, tmp_path):
    code, out, _ = db("speakers", "--top", "2", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["name"] for r in rows] == ["Antony Blinken", "Hadi Santoso"]
    assert rows[0]["aliases"] == ["Blinken"] and rows[0]["quotes"] == 8
    code, _, err = db("speakers", "merge", "Antony Blinken", "Hadi Santoso")
    assert code == 0 and "merged 'Hadi Santoso' into 'Antony Blinken'" in err
    code, _, err = db("speakers", "rename", "Blinken", "Antony J. Blinken")
    assert code == 0
    _, out, _ = db("speakers", "--format", "jsonl")
    top = json.loads(out.splitlines()[0])
    assert top["name"] == "Antony J. Blinken" and top["quotes"] == 16
    assert {"Antony Blinken", "Hadi Santoso", "Santoso"} <= set(top["aliases"])
    # corrections hold for later ingests: both old names now lead to the renamed speaker
    later = write_jsonl(tmp_path / "later.jsonl", [
        {"id": "later-1", "text": '"Baru," kata Hadi Santoso.'},
        {"id": "later-2", "text": '"Lagi," kata Antony Blinken.'}])
    assert db("ingest", str(later), "-j", "1")[0] == 0
    _, out, _ = db("show", "later-1", "--format", "jsonl")
    assert json.loads(out)["speaker"] == "Antony J. Blinken"
    _, out, _ = db("show", "later-2", "--format", "jsonl")
    assert json.loads(out)["speaker"] == "Antony J. Blinken"
    code, _, err = db("speakers", "merge", "Nobody", "Blinken")
    assert code == 1 and "no speaker named 'Nobody'" in err
    code, _, err = db("speakers", "rename", "Retno", "Sri Mulyani")
    assert code == 1 and "merge the two instead" in err


def test_show_stats_export(db, tmp_path):
    code, out, _ = db("show", "art-00004", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["position"] for r in rows] == [0, 1] and rows[0]["speaker"] == "Hadi Santoso"
    code, _, err = db("show", "no-such-article")
    assert code == 1 and "no article 'no-such-article'" in err
    _, out, _ = db("stats")
    assert "articles         20" in out and "quotes           40" in out
    _, out, _ = db("stats", "--format", "jsonl")
    assert json.loads(out)["by_kind"] == {"direct": 40}
    code, out, _ = db("export", "--format", "csv", "--output", str(tmp_path / "all.csv"))
    rows = list(csv.DictReader(open(tmp_path / "all.csv", encoding="utf-8")))
    assert (code, out, len(rows)) == (0, "", 40) and rows[0]["article"] == "art-00000"


def test_reading_a_missing_database_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "nope.db"
    assert main(["db", "search", "x", "--db", str(missing)]) == 1
    assert "no database at" in capsys.readouterr().err and not missing.exists()


def test_database_from_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QUOTES_DB", str(tmp_path / "env.db"))
    monkeypatch.setattr(pipeline, "extract_nlp", fake_extract_nlp)
    assert main(["db", "ingest", str(write_jsonl(tmp_path / "a.jsonl", make_records(2))), "-j", "1"]) == 0
    assert main(["db", "stats", "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["articles"] == 2


def test_unreachable_server_is_a_message_without_the_password(capsys):
    assert main(["db", "stats", "--db", "postgresql://quotes:s3cret@127.0.0.1:1/none"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("quotes: cannot open postgresql://quotes:***@127.0.0.1:1/none: ")
    assert "s3cret" not in err and "Traceback" not in err


def test_unsupported_database_url(capsys):
    assert main(["db", "stats", "--db", "mysql://x@localhost/q"]) == 1
    assert "unsupported database 'mysql'" in capsys.readouterr().err


def test_real_extraction_gives_the_same_database_on_any_number_of_jobs(tmp_path, capsys):
    samples = Path(__file__).parents[2] / "samples"
    dumps = []
    for jobs in ("1", "2"):
        db = str(tmp_path / f"jobs{jobs}.db")
        assert main(["db", "ingest", str(samples), "--db", db, "--jobs", jobs]) == 0
        dumps.append(dump(db))
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["articles"]) == len(list(samples.glob("*.txt"))) and dumps[0]["quotes"]


@pytest.mark.parametrize("data, key", [
    (b'{"id": "dari-stdin", "text": "\\"Siap,\\" kata Hadi Santoso."}\n', "dari-stdin"),
    ('Judul\n\n"Siap," kata Hadi Santoso.\n'.encode(), "stdin:"),
])
def test_stdin_is_jsonl_or_one_text_article(data, key, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pipeline, "extract_nlp", fake_extract_nlp)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    db = str(tmp_path / "stdin.db")
    assert main(["db", "ingest", "-", "--db", db, "-j", "1"]) == 0
    assert main(["db", "export", "--db", db]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["article"].startswith(key) and (row["text"], row["speaker"]) == ("Siap", "Hadi Santoso")
