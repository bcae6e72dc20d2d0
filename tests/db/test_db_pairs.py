"""The word pair index (schema 7): pairs as FTS5 splits words, a phrase found through them on
both back ends, and the index kept through replaced articles."""
from __future__ import annotations

import json

from dbhelp import fake_extractor, stored_pairs
from quotes.db import query
from quotes.db.ingest import ingest
from quotes.db.pairs import ANY_QUOTE, index_tokens, phrase_pairs
from quotes.db.sources import parse_record


def test_pairs_are_adjacent_words_as_fts5_folds_them():
    assert index_tokens("Kami, bersama-sama  KAMI bersama!") == "kami_bersama bersama_sama sama_kami"
    assert index_tokens("Café naïve İstanbul") == "cafe_naive naive_istanbul"  # diacritics dropped
    assert index_tokens("a_b “c” ™ d — 2024") == "a_b b_c c_d d_2024"  # symbols split words
    assert index_tokens("satu") == ""
    assert phrase_pairs("kami bersama sama") == ["kami_bersama", "bersama_sama"]
    assert phrase_pairs("kami") == []


def test_words_python_cannot_split_as_fts5_mark_the_quote():
    # ø and ß are no ASCII letter after decomposition: FTS5 may fold them otherwise
    assert index_tokens("Kata Bjørn kami bersama") == ANY_QUOTE
    assert index_tokens("Straße kami") == ANY_QUOTE
    assert phrase_pairs("bjørn kami") == []


def _article(key: str, said: str) -> dict:
    return {"id": key, "url": f"https://example.org/{key}", "title": key, "outlet": "Tempo",
            "published": "2024-05-01", "text": f'"{said}," kata Retno Marsudi.\n'}


def test_phrases_are_found_through_their_pairs(engine):
    said = ["Kami, bersama rakyat, bertahan", "Kami bertahan bersama rakyat", "Bjørn bilang kami bersama rakyat",
            "Kami bersama keluarga bertahan", "Café naïve kami"]
    ingest(engine, [parse_record(json.dumps(_article(f"a{i}", s))) for i, s in enumerate(said)], fake_extractor)
    with engine.connect() as c:
        def found(text: str) -> list[str]:
            return sorted(q.text for q in query.search(c, text, limit=None))
        assert found('"kami bersama"') == sorted([said[0], said[2], said[3]])
        assert found('"kami bersama rakyat"') == sorted([said[0], said[2]])  # punctuation splits words only
        assert found('"bersama rakyat bertahan"') == [said[0]]  # every pair, then the positions
        assert found('"bersama rakyat" bertahan') == sorted(said[:2])
        assert found('"rakyat kami"') == []
        assert found('"naïve kami"') == [said[4]]
        assert found('"KAMI, bersama" "bersama rakyat"') == sorted([said[0], said[2]])


def test_a_replaced_article_leaves_no_pairs_behind(engine):
    ingest(engine, [parse_record(json.dumps(_article("a", "Kami bersama rakyat")))], fake_extractor)
    with engine.connect() as c:
        assert (stored_pairs(c, "kami_bersama"), stored_pairs(c, "rakyat_kami")) == (1, 0)
    ingest(engine, [parse_record(json.dumps(_article("a", "Rakyat kami bertahan")))], fake_extractor)
    with engine.connect() as c:
        assert (stored_pairs(c, "kami_bersama"), stored_pairs(c, "rakyat_kami")) == (0, 1)
        assert query.search(c, '"kami bersama"') == []
        assert [q.text for q in query.search(c, '"rakyat kami"')] == ["Rakyat kami bertahan"]
