"""The queries behind search, speakers, stats and the speaker page use their indexes: every
statement they run is explained by the database itself (SQLite: EXPLAIN QUERY PLAN;
PostgreSQL: EXPLAIN, with sequential scans priced out so that the planner shows the index it
would use on a big table), and no plan reads the whole quotes or articles table.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Callable

import pytest
import sqlalchemy as sa

from dbhelp import fake_extractor, make_records
from quotes.db import browse, query, schema
from quotes.db.ingest import ingest
from quotes.db.sources import parse_record

BIG_TABLES = ("quotes", "articles")


@pytest.fixture
def conn(engine):
    records = make_records(60)
    records[7]["text"] += '"Kemarau panjang menguji petani," kata Retno Marsudi.\n'  # a rare word
    records[9]["text"] += '"Air bersih dulu, bank kemudian," kata Retno Marsudi.\n'  # two rare dense words
    ingest(engine, [parse_record(json.dumps(r)) for r in records], fake_extractor)
    with engine.connect() as c:
        if c.dialect.name == "postgresql":
            c.exec_driver_sql("ANALYZE")
            c.exec_driver_sql("SET enable_seqscan = off")
        yield c


def statements(conn: sa.Connection, action: Callable[[sa.Connection], object]) -> list[tuple[str, object]]:
    """The SQL statements (and parameters) that action runs."""
    seen = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))
    sa.event.listen(conn, "before_cursor_execute", record)
    try:
        action(conn)
    finally:
        sa.event.remove(conn, "before_cursor_execute", record)
    return seen


def plan_steps(conn: sa.Connection, statement: str, parameters) -> list[str]:
    """The plan of one statement as lines: SQLite's own, or PostgreSQL's nodes as
    'NODE TYPE on RELATION using INDEX where CONDITION…'."""
    verb = statement.lstrip().upper()
    if verb.startswith(("SET", "SAVEPOINT", "ROLLBACK TO", "RELEASE", "SELECT SET_CONFIG(")):
        conn.exec_driver_sql(statement, parameters)  # a setting for the next statements, as they had it
    if not verb.startswith(("SELECT", "WITH")) or verb.startswith("SELECT SET_CONFIG("):
        return []
    if conn.dialect.name == "sqlite":
        return [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar_one()
    steps = []

    def walk(node: dict) -> None:
        conditions = [node[key] for key in ("Index Cond", "Recheck Cond", "Filter") if key in node]
        steps.append(f"{node['Node Type']} on {node.get('Relation Name', '-')} using {node.get('Index Name', '-')}"
                     + "".join(f" where {c}" for c in conditions))
        for child in node.get("Plans", ()):
            walk(child)
    walk((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])
    return steps


def full_scans(steps: list[str]) -> list[str]:
    """Steps that read a whole big table (or the whole full-text index)."""
    tables = "|".join(BIG_TABLES)
    sqlite = re.compile(rf"^SCAN ({tables})$|^SCAN ({tables}) USING (COVERING )?INDEX (?!quotes_sort_key\b)"
                        r"|^SCAN (quotes_fts|quote_pairs|quote_tags) VIRTUAL TABLE INDEX \d+:(?!.*M)")
    postgres = re.compile(rf"^Seq Scan on ({tables}) ")
    return [s for s in steps if sqlite.search(s) or postgres.search(s)]


def without_dense_words(conn: sa.Connection) -> None:
    """Make the database one made with no dense words (schema 12): searches read the full-text
    indexes alone, as for words that no bitmap is kept of."""
    conn.execute(sa.delete(schema.dense_words))
    conn.commit()


def check(conn: sa.Connection, action: Callable[[sa.Connection], object], *indexes: str) -> list[str]:
    """Every statement of action free of full scans; the named indexes used; all steps."""
    steps = [step for statement, parameters in statements(conn, action)
             for step in plan_steps(conn, statement, parameters)]
    assert full_scans(steps) == [], steps
    for index in indexes:
        assert any(re.search(rf"\b{index}\b", s) for s in steps), (index, steps)
    return steps


def test_word_searches_read_the_full_text_index_in_order(conn):
    full_text = "quotes_fts" if conn.dialect.name == "sqlite" else "quotes_pg_fts"
    check(conn, lambda c: query.search(c, "kemarau"), full_text)  # in one quote of 122
    # a phrase: its pairs first (schema 7), then the full-text index (SQLite) or stored words;
    # SQLite reads a phrase beside a word from the full-text index alone
    check(conn, lambda c: query.search(c, '"kemarau panjang"'),
          *(["quote_pairs", "quotes_fts"] if full_text == "quotes_fts" else ["quotes_pg_(fts|pairs)"]))
    steps = check(conn, lambda c: query.search(c, '"kemarau panjang" petani'),
                  *(["quotes_fts"] if full_text == "quotes_fts" else []))
    assert not any("quote_pairs" in s for s in steps), steps
    for text in ("tenang", "zzzabsent"):  # common or absent: either reading is fine, no full scan
        check(conn, lambda c: query.search(c, text))
    check(conn, lambda c: query.search(c, "tenang", since=None, until=None, limit=5, offset=5))


def test_words_with_no_hits_read_the_full_text_index(conn):
    """Two common words that never share a quote: the full-text index finds that nothing
    matches, rather than a walk of the quotes in search order checking each one (words whose
    bitmaps are not kept: test_dense_words_with_no_hits_read_their_bitmaps)."""
    without_dense_words(conn)
    sqlite = conn.dialect.name == "sqlite"
    assert query.search(conn, "tenang angka") == []  # every first quote has "tenang", every second "angka"
    steps = check(conn, lambda c: query.search(c, "tenang angka"), "quotes_fts" if sqlite else "quotes_pg_fts")
    assert not any("quotes_sort_key" in s and "text_vector" in s for s in steps), steps
    if not sqlite:
        assert any(s.startswith("Bitmap Index Scan on - using quotes_pg_fts where (text_vector @@")
                   for s in steps), steps
        # left to choose (expecting many matches), the planner would scan every quote: the
        # page's plan, with the search's own settings, reads the index
        conn.exec_driver_sql("RESET enable_seqscan")
        page = [plan_steps(conn, statement, parameters)
                for statement, parameters in statements(conn, lambda c: query.search(c, "tenang angka"))]
        steps = page[-3]  # before rolling back to the savepoint and releasing it
        assert any("quotes_pg_fts" in s for s in steps) and full_scans(steps) == [], steps
        # nor workers, however cheap they are made: the index is read by one process anyway
        for setting in ("parallel_setup_cost", "parallel_tuple_cost", "min_parallel_table_scan_size",
                        "min_parallel_index_scan_size"):
            conn.exec_driver_sql(f"SET {setting} = 0")
        page = [plan_steps(conn, statement, parameters)
                for statement, parameters in statements(conn, lambda c: query.search(c, "tenang angka"))]
        assert not any(s.startswith("Gather") for s in page[-3]), page[-3]


def test_dense_words_with_no_hits_read_their_bitmaps(conn):
    """Two dense words (schema 12) that never share a quote: their bitmaps say so, and the
    search runs no other statement (PostgreSQL: after its look at the newest quotes); two that
    share a few quotes: those quotes alone are read, by their ids, and checked in the full-text
    index (SQLite) or against their stored words. On PostgreSQL, dense words common among the
    newest quotes fill a page from the full-text index without the bitmaps."""
    sqlite = conn.dialect.name == "sqlite"
    stored = set(conn.execute(sa.select(schema.dense_words.c.word)).scalars())
    assert {"kita", "bukan", "dengan", "air", "bank"} <= stored
    # every first quote has "kita" and "dengan", every second "bukan"
    seen = statements(conn, lambda c: query.search(c, "kita bukan"))
    assert query.search(conn, "kita bukan") == [] and len(seen) == (1 if sqlite else 2), seen
    assert re.search(r"\bdense_words\b.*\bword_blocks\b", seen[-1][0], re.S), seen
    check(conn, lambda c: query.search(c, "kita bukan"), "word_blocks")
    found = query.search(conn, "air bank")
    assert [q.text for q in found] == ["Air bersih dulu, bank kemudian"], found
    steps = check(conn, lambda c: query.search(c, "air bank"), "word_blocks")
    if sqlite:
        assert "SEARCH quotes USING INTEGER PRIMARY KEY (rowid=?)" in steps, steps
        assert any(re.match(r"SCAN quotes_fts VIRTUAL TABLE INDEX \d+:=M", s) for s in steps), steps
    else:
        assert any(re.match(r"(Bitmap )?Index Scan on \S+ using quotes_pkey where \(id = ANY", s)
                   for s in steps), steps
        assert any("text_vector @@" in s for s in steps), steps
        steps = check(conn, lambda c: query.search(c, "kita dengan"), "quotes_pg_fts|quotes_sort_key")
        assert not any("word_blocks" in s for s in steps), steps


def test_phrases_with_no_hits_read_the_pair_index(conn):
    """A phrase's adjacent word pairs are looked up first (schema 7): a phrase of two common
    words that never stand side by side ("tenang kita": every first quote has both) finds no
    candidates there, and no quote holding both words has their positions checked. A
    candidate's positions come from FTS5, or (PostgreSQL) its stored words, never the text
    parsed again. (Words whose bitmaps are not kept: with them, these are dense words, whose
    bitmaps are read first.)"""
    without_dense_words(conn)
    sqlite = conn.dialect.name == "sqlite"
    for text in ('"tenang kita"', '"kita harus membicarakan tenang"', '"tenang kita" "bukan sekadar"'):
        assert query.search(conn, text) == []
        steps = check(conn, lambda c: query.search(c, text), "quote_pairs" if sqlite else "quotes_pg_pairs")
        assert not any("quotes_sort_key" in s and "text_vector" in s for s in steps), steps
        if sqlite:  # the pair index drives, in search order; each candidate is looked up in FTS5
            page = [s for s in steps if "quote_pairs" in s or "quotes_fts" in s]
            assert re.match(r"SCAN quote_pairs VIRTUAL TABLE INDEX \d+:M", page[0]), steps
            assert all(re.match(r"SCAN quotes_fts VIRTUAL TABLE INDEX \d+:=M", s) for s in page[1:]), steps
        else:  # the phrase's pairs computed once, as a constant: no text parsed per quote
            assert any(s.startswith("Bitmap Index Scan on - using quotes_pg_pairs where (text_pairs @> '{")
                       for s in steps), steps
            assert any(s.startswith("Bitmap Heap Scan on quotes using - where (text_pairs @> ")
                       and "(text_vector @@ " in s for s in steps), steps
            assert not any("to_tsvector" in s for s in steps), steps

    if not sqlite:  # planned for its words every time, however often it runs: never a generic plan
        for _ in range(12):
            for text in ('"tenang kita"', "tenang", None):
                query.search(conn, text, outlet="Tempo")
        prepared = conn.exec_driver_sql("SELECT custom_plans, generic_plans FROM pg_prepared_statements "
                                        "WHERE strpos(statement, 'sort_key') > 0").all()
        assert len(prepared) >= 3 and all(p.custom_plans > 0 and p.generic_plans == 0 for p in prepared), prepared


def test_filters_use_their_indexes(conn):
    sqlite = conn.dialect.name == "sqlite"
    # a speaker's quotes in search order: SQLite's tags (schema 11), PostgreSQL's index
    speakers = "quote_tags VIRTUAL TABLE INDEX \\d+:M\\d" if sqlite else "quotes_speaker_order"
    # the speaker's quotes drive when they are fewer than the matches (SQLite decides)
    check(conn, lambda c: query.search(c, "tenang", speaker="Retno Marsudi"), *([speakers] if sqlite else []))
    check(conn, lambda c: query.search(c, "kemarau", speaker="Retno Marsudi"), *(["quotes_fts"] if sqlite else []))
    check(conn, lambda c: query.search(c, None, speaker="Blinken"), speakers)
    check(conn, lambda c: query.search(c, None, speaker="Blinken", since=dt.date(2024, 5, 3)), speakers)
    check(conn, lambda c: query.search(c, "tenang", outlet="tempo"))
    # an outlet's quotes in search order, whichever outlet: its tags (SQLite), one range of
    # its index (PostgreSQL)
    outlets = "quote_tags VIRTUAL TABLE INDEX \\d+:M\\d" if sqlite else "quotes_outlet_order"
    for outlet in ("tempo", "no such outlet"):
        check(conn, lambda c: query.search(c, None, outlet=outlet), outlets)
    check(conn, lambda c: query.search(c, None, speaker="Blinken", outlet="tempo"), *([speakers] if sqlite else []))
    # words and an outlet with few quotes: SQLite reads the outlet's quotes, each looked up in
    # the full-text index, rather than every match of a common word
    check(conn, lambda c: query.search(c, "tenang", outlet="no such outlet"), *([outlets] if sqlite else []))
    check(conn, lambda c: query.search(c, "tenang", since=dt.date(2024, 5, 3), until=dt.date(2024, 5, 9)))


def test_listings_and_stats_read_kept_counts(conn):
    reads_quotes = re.compile(r"\b(on|SCAN|SEARCH) quotes\b")
    steps = check(conn, lambda c: query.list_speakers(c, top=3), "speakers_by_quotes")
    assert not any(reads_quotes.search(s) for s in steps), steps
    steps = check(conn, query.stats, "articles_published", "articles_outlet")
    assert not any(reads_quotes.search(s) for s in steps), steps


def test_speaker_page_reads_the_speakers_index(conn):
    from quotes.web import lookups
    speaker_id = query.speaker_ids(conn, "Retno Marsudi")[0]
    lookups.TALLIES.entries.clear()  # counted here, not kept from another test's database
    speakers = "quote_tags VIRTUAL TABLE INDEX \\d+:M\\d" if conn.dialect.name == "sqlite" else "quotes_speaker_order"
    steps = check(conn, lambda c: lookups.speaker(c, speaker_id), speakers, "trail_speakers_speaker")
    assert not any("articles_published" in s for s in steps)  # months from the sort keys alone
    # statements counted from the kept copies per speaker, not by reading each quote's trail
    assert not any(re.search(r"quote_trails", s) for s in steps), steps
    check(conn, lambda c: browse.speaker_quotes(c, speaker_id), speakers)


def test_ingest_seeks_the_stored_copies_of_its_statements(conn):
    """Grouping a batch into trails finds each statement's stored trail, and each band key's
    oldest holders, by index seeks: a statement stored in thousands of copies costs no more
    than one stored once."""
    from quotes.db.trails import _know_stored
    from quotes.trails import Grouper, statement
    stored = conn.execute(sa.select(schema.quotes.c.text, schema.quotes.c.speaker_id).limit(3)).all()
    new = "Kemarau tahun ini lebih panjang dari perkiraan kami, jadi petani harus menunda masa tanam padi."
    found = [statement(text, speaker) for text, speaker in stored] + [statement(new, None)]
    grouper = Grouper(lambda: 0)
    steps = check(conn, lambda c: _know_stored(c, grouper, found),
                  "quote_trails_exact_trail", "sqlite_autoindex_trail_keys_1|trail_keys_pkey")
    scans = re.compile(r"^SCAN (quote_trails|trail_keys)\b|^Seq Scan on (quote_trails|trail_keys) ")
    assert not any(scans.search(s) for s in steps), steps
    assert {st.exact for st in found[:3]} <= set(grouper.exact)


def test_ingest_seeks_the_speakers_its_names_can_mean(conn):
    """A batch reads the speakers, aliases and titles that its names can mean by index seeks
    (speakers by key, by surname and by id; aliases by key; titles by speaker), never a
    whole table: its cost does not grow with the speakers stored."""
    from quotes.db.bulk import Rows
    from quotes.db.edit import load_index
    from quotes.db.speakers import lookup_keys
    retno = query.speaker_ids(conn, "Retno Marsudi")[0]
    conn.execute(schema.speaker_aliases.insert().values(speaker_id=retno, key="jeng retno", alias="Jeng Retno"))
    # many unrelated speakers, each with an alias and a title: the planner weighs a big archive
    others = conn.execute(schema.speakers.insert().returning(schema.speakers.c.id), [
        {"key": f"tokoh {i} warga{i}", "name": f"Tokoh {i} Warga{i}", "surname": f"warga{i}"} for i in range(3000)]
    ).scalars().all()
    for table, label in ((schema.speaker_aliases, "alias"), (schema.speaker_titles, "title")):
        conn.execute(table.insert(), [{"speaker_id": s, "key": f"{label} {s}", label: f"{label} {s}"} for s in others])
    conn.exec_driver_sql("ANALYZE")
    keys = lookup_keys("Menlu AS Antony Blinken") | lookup_keys("Widodo", alias="Jeng Retno")
    steps = check(conn, lambda c: load_index(Rows(c), keys), *(
        ["sqlite_autoindex_speakers_1", "speakers_surname", "INTEGER PRIMARY KEY", "speaker_aliases_key",
         "sqlite_autoindex_speaker_titles_1"] if conn.dialect.name == "sqlite" else
        ["speakers_key_key", "speakers_surname", "speakers_pkey", "speaker_aliases_key", "speaker_titles_pkey"]))
    tables = "speakers|speaker_aliases|speaker_titles"
    scans = re.compile(rf"^SCAN ({tables})\b|^Seq Scan on ({tables}) ")
    assert not any(scans.search(s) for s in steps), steps
    assert sorted(load_index(Rows(conn), keys).key_of.values()) == ["antony blinken", "joko widodo", "retno marsudi"]


def test_a_statements_reach_reads_kept_counts_and_its_index(conn):
    """The search page's trail summaries: copies and outlets from the kept counts, the first
    appearances from the trail's index in date order; no trail's copies are all read."""
    from quotes.db import trails
    quote_ids = [row.quote_id for row in query.search(conn, "tenang", limit=5)]
    copies = "quote_tags VIRTUAL TABLE INDEX \\d+:M\\d" if conn.dialect.name == "sqlite" else "quote_trails_trail_order"
    steps = check(conn, lambda c: trails.summaries(c, quote_ids), copies)
    assert any("trail_outlets" in s for s in steps), steps
    assert not any(re.search(r"^SCAN (quote_trails|trail_outlets)\b|^Seq Scan on (quote_trails|trail_outlets) ", s)
                   for s in steps), steps
