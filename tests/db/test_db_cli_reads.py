"""`quotes db search`, `show`, `speakers` and `stats` as commands (child processes), on SQLite and
PostgreSQL: they read on the database driver alone, without importing SQLAlchemy or checking
the schema beyond its version, and answer what the web app's SQLAlchemy connection answers."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest

from dbhelp import fake_extractor, make_records
from test_db_schema import make_version_5
from quotes.db import query
from quotes.db.ingest import ingest
from quotes.db.render import write_rows
from quotes.db.sources import parse_record

# Runs the command as the `quotes` script does, then reports what it imported (on stderr)
CHILD = ("import sys\n"
         "from quotes.cli import main\n"
         "code = main(sys.argv[1:])\n"
         "print('imported:', ' '.join(sorted(m for m in ('sqlalchemy', 'psycopg', 'shutil', 'quotes.nlp.loader', 'regex')\n"
         "                                   if m in sys.modules)),\n"
         "      file=sys.stderr)\n"
         "sys.exit(code)\n")


def command(db_url: str, *args: str) -> tuple[str, set[str]]:
    """(stdout, the modules of interest it imported) of `quotes db ARGS --db db_url`."""
    env = {k: v for k, v in os.environ.items() if k != "QUOTES_LIBPQ"}  # libpq where it loads
    done = subprocess.run([sys.executable, "-c", CHILD, "db", *args, "--db", db_url],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    imported = done.stderr.strip().splitlines()[-1]
    assert imported.startswith("imported:"), done.stderr
    return done.stdout, set(imported.split()[1:])


@pytest.fixture
def stored(engine, db_url):
    records = make_records(24)
    records[5]["published"] = None  # an undated article sorts last
    ingest(engine, [parse_record(json.dumps(r)) for r in records], fake_extractor)
    return db_url


def jsonl(rows) -> str:
    out = io.StringIO()
    write_rows(out, rows, "jsonl", ())
    return out.getvalue()


@pytest.mark.parametrize("args, lookup", [
    (("search", "tenang", "--limit", "7"), lambda c: query.search(c, "tenang", limit=7)),
    (("search", '"dengan tenang" kita', "--speaker", "Retno", "--outlet", "TEMPO"),
     lambda c: query.search(c, '"dengan tenang" kita', speaker="Retno", outlet="TEMPO")),
    # two dense words (schema 12): their bitmaps read on the driver alone
    (("search", "kita dengan", "--limit", "5"), lambda c: query.search(c, "kita dengan", limit=5)),
    (("search", "--since", "2024-05-03", "--until", "2024-05-09", "--kind", "direct"),
     lambda c: query.search(c, None, kinds=["direct"], since=dt.date(2024, 5, 3), until=dt.date(2024, 5, 9))),
    (("show", "art-00005"), lambda c: query.article_quotes(c, query.find_article(c, "art-00005").article_id)),
    (("speakers", "--top", "3"), lambda c: query.list_speakers(c, 3)),
])
def test_reads_need_no_sqlalchemy_and_answer_as_the_web_app(stored, engine, args, lookup):
    out, imported = command(stored, *args, "--format", "jsonl")
    # neither SQLAlchemy nor psycopg: PostgreSQL is read on libpq alone; nor what only help
    # (shutil), stanza (its loader) or extraction (regex) need; `show` finds an article by its
    # path as ingest names files (quotes.inputs, with regex)
    assert not imported - ({"regex"} if args[0] == "show" else set())
    with engine.connect() as conn:
        expected = jsonl(lookup(conn))
    assert out == expected and out.strip()


def test_an_export_reads_every_row_on_the_driver(stored, engine, db_url):
    out, imported = command(stored, "export", "--format", "jsonl")
    # psycopg decodes millions of rows in C, faster than libpq's values one by one in Python
    assert imported & {"sqlalchemy", "psycopg"} == ({"psycopg"} if db_url.startswith("postgresql") else set())
    with engine.connect() as conn:
        assert out == jsonl(query.export(conn)) and len(out.splitlines()) == 48  # 2 an article


def test_stats_need_no_sqlalchemy(stored, engine):
    out, imported = command(stored, "stats", "--format", "jsonl")
    assert not imported
    with engine.connect() as conn:
        assert json.loads(out) == json.loads(json.dumps(query.stats(conn).as_dict()))
    assert json.loads(out)["articles"] == 24


def test_an_older_database_is_migrated_through_sqlalchemy_then_read(stored, engine):
    with engine.begin() as conn:  # what an older quotes left
        make_version_5(conn)
    out, imported = command(stored, "search", "tenang", "--format", "jsonl")
    assert "sqlalchemy" in imported and len(out.splitlines()) == 24
    out, imported = command(stored, "search", "tenang", "--format", "jsonl")
    assert "sqlalchemy" not in imported and len(out.splitlines()) == 24
