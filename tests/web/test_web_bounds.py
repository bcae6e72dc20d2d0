"""No web request holds the database longer than its time limit: a look-up cut off is a 503
with a reason, and the connection serves the next request as usual."""
from __future__ import annotations

import time

import pytest
from starlette.exceptions import HTTPException

from quotes.web.database import LOOKUP_SECONDS, lookup_bound, open_readonly

# counts without end: only the time limit stops it
ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


def test_a_lookup_over_the_limit_is_cut_off(db_location):
    engine = open_readonly(db_location)
    try:
        with engine.connect() as conn:
            started = time.monotonic()
            with pytest.raises(HTTPException) as cut:
                with lookup_bound(conn, seconds=0.2):
                    conn.exec_driver_sql(ENDLESS).scalar()
            # SQLite: this call's 0.2 s; PostgreSQL: the session's statement_timeout
            assert time.monotonic() - started < LOOKUP_SECONDS + 2
            assert cut.value.status_code == 503 and "too long" in cut.value.detail
            conn.rollback()
            with lookup_bound(conn, seconds=0.2):
                assert conn.exec_driver_sql("SELECT count(*) FROM quotes").scalar() > 0
    finally:
        engine.dispose()


def test_a_speakers_tallies_are_kept_while_their_counts_stand(tmp_path):
    import attrs
    import sqlalchemy as sa

    from quotes.db import browse, query, trails
    from quotes.web.lookups import TalliesCache, every_month
    from webtest_helpers import build_db

    engine = open_readonly(build_db(str(tmp_path / "quotes.db")))
    statements = []
    try:
        with engine.connect() as conn:
            sa.event.listen(conn, "before_cursor_execute", lambda *a: statements.append(a[2]))
            found = browse.get_speaker(conn, query.list_speakers(conn, top=1)[0].speaker_id)
            expected = (trails.statement_counts(conn, [found.speaker_id])[found.speaker_id],
                        every_month(browse.quotes_per_month(conn, found.speaker_id)))
            assert expected[0] > 0 and expected[1]
            cache, counted = TalliesCache(seconds=60), len(statements)
            assert cache.tallies(conn, found) == expected and len(statements) == counted + 2
            assert cache.tallies(conn, found) == expected and len(statements) == counted + 2  # kept
            one_more = attrs.evolve(found, quotes=found.quotes + 1)  # a new quote: counted again
            assert cache.tallies(conn, one_more) == expected and len(statements) == counted + 4
            stale = TalliesCache(seconds=0)
            stale.tallies(conn, found)
            stale.tallies(conn, found)
            assert len(statements) == counted + 8
    finally:
        engine.dispose()


def test_a_speakers_tallies_are_counted_once_for_requests_at_the_same_time(monkeypatch):
    import threading
    import types

    from quotes.db import browse, trails
    from quotes.web import lookups

    counted, gate = [], threading.Event()

    def statement_counts(conn, ids):
        counted.append(ids)
        gate.wait(5)  # the others arrive while this one counts
        return {ids[0]: 7}
    monkeypatch.setattr(trails, "statement_counts", statement_counts)
    monkeypatch.setattr(browse, "quotes_per_month", lambda conn, speaker_id: [("2024-01", 2), ("2024-03", 1)])
    cache = lookups.TalliesCache(seconds=60)
    conn = types.SimpleNamespace(engine=types.SimpleNamespace(url="sqlite:///arsip.db"))
    found = types.SimpleNamespace(speaker_id=4, quotes=3, articles=2)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(cache.tallies(conn, found))) for _ in range(8)]
    for t in threads:
        t.start()
    while not counted:
        threading.Event().wait(0.01)
    threading.Event().wait(0.3)  # every request is in by now: counting, or waiting for it
    gate.set()
    for t in threads:
        t.join(5)
    assert counted == [[4]]
    assert answers == [(7, [("2024-01", 2), ("2024-02", 0), ("2024-03", 1)])] * 8
