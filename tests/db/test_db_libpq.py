"""quotes.db.libpq, the CLI's read-only PostgreSQL connection on libpq alone: it binds values
and reads them back as psycopg does, refuses writes, reports the server's errors, and lets
Ctrl-C cancel a running statement. On the tests' real PostgreSQL server."""
from __future__ import annotations

import datetime as dt
import signal
import time
from decimal import Decimal

import psycopg
import pytest

from pgserver import postgres_url
from quotes.db import libpq
from quotes.db.reader import DbError, DriverReader, _connect, reading


@pytest.fixture(autouse=True)
def libpq_allowed(monkeypatch):
    monkeypatch.delenv("QUOTES_LIBPQ", raising=False)


@pytest.fixture
def pq():
    conn = libpq.connect(postgres_url())
    assert conn is not None, "no libpq found: the CLI would fall back on psycopg"
    yield conn
    conn.close()


@pytest.fixture
def pg():
    with psycopg.connect(postgres_url(), autocommit=True) as conn:
        yield conn


VALUES = {"none": None, "yes": True, "small": 7, "int": 70_000, "big": 2**40, "huge": 2**70,
          "float": 0.1, "text": "kata dia, 'tenang' 100% — \u201cbenar\u201d", "empty": "",
          "day": dt.date(2024, 5, 3)}


@pytest.mark.parametrize("statement", [
    "SELECT %(none)s::text, %(yes)s, %(small)s, %(int)s, %(big)s, %(huge)s, %(float)s, %(text)s, %(empty)s",
    "SELECT %(day)s::date, %(day)s::date + 1, (%(day)s::date)::timestamp + interval '90 minutes 1.5 seconds'",
    "SELECT 1::int2, 2::int4, 3::int8, 1.5::float4, 1e300::float8, 'NaN'::float8, 12.50::numeric, "
    "sum(x) FROM (VALUES (2::int8), (3)) AS t(x)",
    "SELECT NULL::date, NULL::int4, ''::text, 'a''b%%c'::varchar, NOT %(yes)s, 42::oid",
    "SELECT n, n * %(small)s, repeat('\u00e9', n) FROM generate_series(1, 300) AS n WHERE n > %(small)s",
])
def test_values_come_back_as_psycopg_gives_them(pq, pg, statement):
    expected = pg.execute(statement, VALUES).fetchall()
    rows = pq.execute(statement, VALUES).fetchall()
    assert repr(rows) == repr(expected) and rows  # repr: NaN equals no NaN
    assert [[type(v) for v in row] for row in rows] == [[type(v) for v in row] for row in expected]


def test_placeholders_become_numbers_in_order_of_first_use():
    assert libpq._bind("a = %(x)s OR b = %(y)s OR c = %(x)s AND d LIKE 'x%%'", {"y": 2, "x": 1}) == (
        "a = $1 OR b = $2 OR c = $1 AND d LIKE 'x%'", [1, 2])
    with pytest.raises(KeyError, match="'z'"):
        libpq._bind("a = %(z)s", {})


def test_an_error_is_the_servers_message_and_the_connection_refuses_writes(pq, pg):
    with pytest.raises(psycopg.Error) as expected:
        pg.execute("SELECT no_such_column FROM pg_class")
    with pytest.raises(libpq.Error) as got:
        pq.execute("SELECT no_such_column FROM pg_class")
    assert str(got.value) == str(expected.value).splitlines()[0]
    other = libpq.connect(postgres_url())
    try:
        with pytest.raises(libpq.Error, match="read-only transaction"):
            other.execute("CREATE TABLE libpq_write (x int)")
    finally:
        other.close()


def test_a_failed_connection_is_a_db_error_without_the_password():
    with pytest.raises(DbError) as raised:
        with reading("postgresql://someone:secret@127.0.0.1:1/quotes"):
            pass
    message = str(raised.value)
    assert "secret" not in message and "someone:***@127.0.0.1:1" in message
    assert "127.0.0.1" in message.partition(": ")[2]  # libpq's own reason follows


def test_ctrl_c_cancels_the_running_statement_on_the_server(pq, pg):
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(KeyboardInterrupt):
            pq.execute("SELECT pg_sleep(30), 'libpq-cancel-test'")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 10
    for _ in range(50):  # the cancel request reaches the backend asynchronously
        running = pg.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                             "AND query LIKE %s AND pid <> pg_backend_pid()",
                             ("%libpq-cancel-test%",)).fetchone()[0]
        if not running:
            break
        time.sleep(0.1)
    assert running == 0


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_without_libpq_reads_go_through_psycopg(monkeypatch, engine, db_url):
    def driver(bulk: bool = False) -> type:
        reader = _connect(db_url, bulk)
        reader.conn.close()  # before asserting: an open transaction would block the next test
        assert isinstance(reader, DriverReader)
        return type(reader.conn)

    assert driver() is libpq.Connection
    assert driver(bulk=True) is psycopg.Connection
    monkeypatch.setenv("QUOTES_LIBPQ", "0")
    assert driver() is psycopg.Connection
