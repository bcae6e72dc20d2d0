"""Queries on SQLite and PostgreSQL: words, phrases, filters, and hostile search text."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from dbhelp import fake_extractor, make_records
from quotes.db import query
from quotes.db.ingest import ingest
from quotes.db.query import QueryError
from quotes.db.schema import quotes
from quotes.db.sources import parse_record


@pytest.fixture
def filled(engine):
    """50 articles from make_records: two quotes each, 5 speakers, 3 outlets, May 2024."""
    ingest(engine, [parse_record(json.dumps(r)) for r in make_records(50)], fake_extractor)
    with engine.connect() as conn:
        yield conn


def test_words_match_whole_words_in_any_case_and_order(filled):
    found = query.search(filled, "TENANG diplomasi", limit=None)
    assert len(found) == 10 and all("diplomasi kawasan" in q.text for q in found)
    assert query.search(filled, "diplom") == []  # words, not prefixes


def test_phrases_must_appear_as_written(filled):
    assert len(query.search(filled, '"anggaran negara"', limit=None)) == 10
    assert query.search(filled, '"negara anggaran"') == []


def test_newest_first_and_limit(filled):
    found = query.search(filled, "tenang", limit=5)
    assert len(found) == 5
    dates = [q.published for q in found]
    assert dates == sorted(dates, reverse=True) and dates[0] == dt.date(2024, 5, 28)


def test_speaker_filter_by_surname_full_name_or_alias(filled):
    by_surname = query.search(filled, None, speaker="blinken", limit=None)
    assert by_surname and {q.speaker for q in by_surname} == {"Antony Blinken"}
    assert len(by_surname) == 20  # 10 as "kata Antony Blinken", 10 as "ujar Blinken"
    assert query.search(filled, None, speaker="Antony Blinken", limit=None) == by_surname
    words = query.search(filled, "tenang", speaker="Blinken", limit=None)
    assert len(words) == 10 and all(q.speaker == "Antony Blinken" for q in words)
    assert query.search(filled, "tenang", speaker="Nobody Here") == []


def test_outlet_kind_and_date_filters(filled):
    found = query.search(filled, None, outlet="tempo", since=dt.date(2024, 5, 10),
                         until=dt.date(2024, 5, 20), kinds=["direct"], limit=None)
    assert found and all(q.outlet == "Tempo" and dt.date(2024, 5, 10) <= q.published <= dt.date(2024, 5, 20)
                         for q in found)
    assert query.search(filled, None, kinds=["indirect"]) == []


def test_words_and_an_outlet_read_either_way_alike(filled, monkeypatch):
    """SQLite reads a small outlet's quotes and looks each up in the full-text index, a big
    one's through the matches: the same quotes either way (PostgreSQL's planner chooses)."""
    everything = [q for q in query.search(filled, "tenang", limit=None) if q.outlet == "Tempo"]
    few = [query.search(filled, "tenang", outlet="TEMPO", limit=None),
           query.search(filled, "tenang", outlet="TEMPO", limit=3, offset=2)]
    monkeypatch.setattr(query, "_SAMPLE", 0)  # every outlet counts as big
    many = [query.search(filled, "tenang", outlet="TEMPO", limit=None),
            query.search(filled, "tenang", outlet="TEMPO", limit=3, offset=2)]
    assert len(everything) == 17 and few == many == [everything, everything[2:5]]


HOSTILE = [
    "'; DROP TABLE quotes; --", 'tenang" OR "1"="1', "tenang OR diplomasi", "NEAR(tenang diplomasi)",
    "tenang*", "-tenang", "^tenang", "text:tenang", "tenang AND", '"', '"""', "(tenang", "tenang)",
    "%", "_", "\\", "tenang\x00", "\u201ctenang\u201d", "tenang & diplomasi | !x", "tenang:* <-> x",
]


def test_search_text_is_data(filled):
    for hostile in HOSTILE:  # one database for all: each query only reads
        try:
            found = query.search(filled, hostile, limit=None)
        except QueryError as exc:  # a clear refusal is fine; anything else is not
            assert "no words" in str(exc), hostile
        else:
            assert all("tenang" in q.text for q in found), hostile
    assert filled.execute(sa.select(sa.func.count()).select_from(quotes)).scalar() == 100


def test_operators_are_words_not_syntax(filled):
    # "OR" is a word a quote must contain, so nothing matches, rather than everything
    assert query.search(filled, "tenang OR diplomasi") == []
    assert len(query.search(filled, "tenang* diplomasi", limit=None)) == 10


def test_speaker_filter_is_data(filled):
    for speaker in ["%", "_", "' OR 1=1 --", "\\", "Nobody%"]:
        try:
            assert query.search(filled, None, speaker=speaker) == [], speaker
        except QueryError as exc:
            assert "no letters" in str(exc), speaker


def test_speakers_show_stats_export(filled):
    people = query.list_speakers(filled)
    assert [p.quotes for p in people] == [20] * 5
    assert [p.name for p in query.list_speakers(filled, top=2)] == ["Antony Blinken", "Hadi Santoso"]
    article = query.find_article(filled, "art-00007")
    assert (article.title, article.outlet, article.quotes) == ("Berita 7", "Tempo", 2)
    assert [q.position for q in query.article_quotes(filled, article.article_id)] == [0, 1]
    assert query.find_article(filled, "art-99999") is None
    stats = query.stats(filled)
    assert (stats.articles, stats.quotes, stats.speakers, stats.outlets, stats.by_kind, stats.unattributed) == \
        (50, 100, 5, 3, {"direct": 100}, 0)
    assert (stats.first_published, stats.last_published) == (dt.date(2024, 5, 1), dt.date(2024, 5, 28))
    exported = list(query.export(filled, batch=7))
    assert len(exported) == 100 and len({q.quote_id for q in exported}) == 100
    assert exported[0].as_dict()["published"] == "2024-05-01"
