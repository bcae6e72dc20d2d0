"""The dense words' bitmaps (schema 12): every quote the full-text index matches has its bits,
and a search answered from them finds exactly what the full-text index finds."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import sqlalchemy as sa
from hypothesis import given, settings, strategies as st

from dbhelp import fake_extractor, make_records
from quotes.db import bitmaps, dense, query, schema
from quotes.db.ingest import ingest
from quotes.db.sources import parse_record
from quotes.db.store import open_db
from quotes.rules import shipped_list


def fts5_terms(texts: list[str]) -> list[set[str]]:
    """The words SQLite's full-text index (as the schema makes it) finds in each text."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(t, tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    db.executemany("INSERT INTO f(rowid, t) VALUES (?, ?)", list(enumerate(texts)))
    found: list[set[str]] = [set() for _ in texts]
    for term, doc in db.execute("SELECT term, doc FROM v"):
        found[doc].add(term)
    return found


def test_fts_words_hold_every_plain_word_fts5_finds_beside_any_character():
    """Each character between two letters and alone: every word of letters a-z and digits
    that FTS5 finds, fts_words finds (a dense word's bit is never missing)."""
    chars = [chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000]
    texts = [f"Ka{c}mi {c}" for c in chars]
    for text, terms in zip(texts, fts5_terms(texts)):
        plain = {t for t in terms if t.isascii() and t.isalnum()}
        assert plain <= bitmaps.fts_words(text), (text, plain - bitmaps.fts_words(text))


WORDISH = st.text(st.sampled_from(list("kamiLEBIH yg-_'’.,") + ["é", "\u0301", "ß", "İ", "ø", "\u19b0", "™",
                                                                  "ﬁ", "\u200b", "Ａ", "١"]), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDISH, min_size=1, max_size=20))
def test_fts_words_hold_every_plain_word_fts5_finds(texts):
    for text, terms in zip(texts, fts5_terms(texts)):
        assert {t for t in terms if t.isascii() and t.isalnum()} <= bitmaps.fts_words(text), text


def test_fts_words_fold_as_fts5():
    assert bitmaps.fts_words("KAMI lebih-baik, yang_2") == {"kami", "lebih", "baik", "yang", "2"}
    assert {"kami", "lebih"} <= bitmaps.fts_words("Kámi LÉBIH, ka\u0300mi")
    assert bitmaps.fts_words("") == set()


def test_candidates_and_their_limit():
    def row(word, ids):
        bits = 0
        for i in ids:
            bits |= 1 << (i % dense.BLOCK)
        return word, ids[0] >> dense.BLOCK_BITS, bits.to_bytes(dense.BLOCK // 8, "little")
    far = 3 * dense.BLOCK + 5
    rows = [row("kami", [1, 2, 9]), row("kami", [far]), row("lebih", [2, 9, 10]), row("lebih", [far])]
    assert dense.candidates(rows) == [2, 9, far]
    assert dense.candidates(rows, limit=2) is None
    assert dense.candidates(rows + [("yang", None, None)]) == []  # a dense word in no quote
    # bits as a driver may leave PostgreSQL's bytea: its hex text
    as_text = [(w, b, "\\x" + bits.hex()) for w, b, bits in rows]
    assert dense.candidates(as_text) == [2, 9, far]
    assert dense.candidates(rows[:2]) is None  # one dense word: its matches are read in order
    assert dense.search_words(["Kami lebih", "kami", "2024", "lébih"]) == ["kami", "lebih"]


def bitmap_ids(conn: sa.Connection, word: str) -> set[int]:
    rows = conn.execute(sa.select(schema.word_blocks.c.block, schema.word_blocks.c.bits)
                        .where(schema.word_blocks.c.word == word)).all()
    out = set()
    for block, bits in rows:
        value = int.from_bytes(bits, "little")
        out.update((block << dense.BLOCK_BITS) + i for i in range(dense.BLOCK) if value >> i & 1)
    return out


def matched_ids(conn: sa.Connection, word: str) -> set[int]:
    """The quotes the full-text index matches for word."""
    if conn.dialect.name == "sqlite":
        found = conn.exec_driver_sql("SELECT quotes.id FROM quotes_fts JOIN quotes ON quotes.sort_key = "
                                     "quotes_fts.rowid WHERE quotes_fts MATCH ?", (f'"{word}"',))
    else:
        found = conn.exec_driver_sql("SELECT id FROM quotes WHERE text_vector @@ to_tsquery('simple', %(w)s)",
                                     {"w": word})
    return set(found.scalars())


ODD_TEXTS = ['"KAMI lebih siap," kata Budi Santoso.', '"Kámi—lebih-lebih lagi," ujar Sri Wahyuni.',
             '"Kita tidak akan kalah," kata Agus Salim.\n"Bukan kami yang mulai," katanya.']


def archive(engine) -> None:
    records = make_records(40)
    for i, text in enumerate(ODD_TEXTS):
        records[i]["text"] += text
    ingest(engine, [parse_record(json.dumps(r)) for r in records], fake_extractor, batch_size=7)
    # an article changed: its quotes are written again, with new ids
    records[3]["text"] = '"Lebih baik kami diam," kata Budi Santoso.\n'
    ingest(engine, [parse_record(json.dumps(records[3]))], fake_extractor)


def test_bitmaps_hold_every_quote_the_index_matches(engine):
    archive(engine)
    with engine.connect() as c:
        stored = c.execute(sa.select(schema.dense_words.c.word)).scalars().all()
        assert sorted(stored) == sorted(shipped_list("dense_words"))
        for word in ("kami", "lebih", "kita", "dengan", "bukan", "tidak", "yang"):
            assert word in stored
            assert matched_ids(c, word) <= bitmap_ids(c, word), word
        assert matched_ids(c, "kami") and matched_ids(c, "lebih")
        # the replaced article's old quotes are gone; their bits may stay, matching nothing
        assert bitmap_ids(c, "harus") >= matched_ids(c, "harus")


SEARCHES = [("kita bukan", {}), ("kami lebih", {}), ("kita dengan", {}), ("kita dengan", {"offset": 7}),
            ('"kita harus" dengan', {}), ("kita tenang", {"speaker": "Blinken"}),
            ("kita dengan", {"outlet": "Tempo"}), ("kita dengan", {"kinds": ["direct"]}),
            ("kita dengan", {"since": dt.date(2024, 5, 3), "until": dt.date(2024, 5, 9)}),
            ("lebih kami", {"limit": None}), ("yang tidak", {})]


def test_searches_of_dense_words_find_what_the_index_finds(engine, db_url, monkeypatch):
    archive(engine)
    with engine.connect() as c:
        with_bitmaps = [query.search(c, text, limit=5, **options) if "limit" not in options
                        else query.search(c, text, **options) for text, options in SEARCHES]
        # more candidates than the limit: the full-text index answers, as without bitmaps
        monkeypatch.setattr(dense, "MAX_CANDIDATES", 3)
        assert query.search(c, "kita dengan", limit=5) == with_bitmaps[2]
        monkeypatch.undo()
        c.execute(sa.delete(schema.dense_words))
        c.commit()
        without = [query.search(c, text, limit=5, **options) if "limit" not in options
                   else query.search(c, text, **options) for text, options in SEARCHES]
    assert with_bitmaps == without
    assert with_bitmaps[0] == [] and len(with_bitmaps[1]) >= 2 and len(with_bitmaps[2]) == 5


def make_version_11(conn: sa.Connection) -> None:
    """Turn a current database back into what version 11 stored: no bitmaps."""
    schema.word_blocks.drop(conn)
    schema.dense_words.drop(conn)
    conn.execute(schema.schema_version.update().values(version=11))


def test_version_11_database_gets_its_bitmaps(engine, db_url):
    archive(engine)
    with engine.connect() as c:
        before = {w: bitmap_ids(c, w) for w in ("kami", "lebih", "kita")}
        found = query.search(c, "kami lebih", limit=None)
    with engine.begin() as c:
        make_version_11(c)
    engine.dispose()
    migrated = open_db(db_url)
    with migrated.connect() as c:
        # the quotes as stored now: the replaced article's old quotes have no bits any more
        for word, ids in before.items():
            assert matched_ids(c, word) <= bitmap_ids(c, word) <= ids, word
        assert query.search(c, "kami lebih", limit=None) == found
        assert c.execute(sa.select(schema.schema_version.c.version)).scalar_one() == schema.SCHEMA_VERSION
    migrated.dispose()
