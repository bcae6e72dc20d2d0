"""Writing the dense words' bitmaps (quotes.db.dense): the list a database is made with, the
bits of the quotes each ingest batch writes, and all of them for a database made before v12.

A batch's bits are merged into the stored rows inside the batch's transaction; writers take
turns (SQLite's write lock, PostgreSQL's advisory lock: quotes.db.ingest), so reading a row
and writing it back loses no other writer's bits.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Sequence

import regex
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from quotes.db import dense
from quotes.db.bulk import chunks
from quotes.db.layout import PG_TEXT_VECTOR
from quotes.db.schema import dense_words, quotes, word_blocks
from quotes.rules import shipped_list


def track(conn: sa.Connection) -> None:
    """Give a new database the shipped list of dense words (a database keeps its own list:
    bitmaps exist for the words it was made with, whatever a later release ships)."""
    if conn.execute(sa.select(sa.func.count()).select_from(dense_words)).scalar_one():
        return
    conn.execute(dense_words.insert(), [{"word": w} for w in shipped_list("dense_words")])


def record(conn: sa.Connection, article_ids: Sequence[int]) -> None:
    """Set the bits of the quotes of these articles (just written in this transaction)."""
    for part in chunks(article_ids):
        _merge(conn, dense.bitmaps(_pairs(conn, quotes.c.article_id.in_(part))))


def backfill(conn: sa.Connection) -> None:
    """Set the bits of every stored quote, a block of ids at a time."""
    low, high = conn.execute(sa.select(sa.func.min(quotes.c.id), sa.func.max(quotes.c.id))).one()
    if low is None:
        return
    for block in range(low >> dense.BLOCK_BITS, (high >> dense.BLOCK_BITS) + 1):
        first = block << dense.BLOCK_BITS
        _merge(conn, dense.bitmaps(_pairs(conn, quotes.c.id.between(first, first + dense.BLOCK - 1))))


# SQLite's unicode61 tokenizer: a word is a run of letters, numbers and private-use characters;
# the combining marks it removes as diacritics ('ka\u0300mi') are inside words, others separate
# them, so both readings are taken (a few letters of newer Unicode versions separate words to
# it too: the ASCII runs of each word cover them)
_PIECES = (regex.compile(r"[\p{L}\p{N}\p{Co}\p{Mn}]+"), regex.compile(r"[\p{L}\p{N}\p{Co}]+"))
_MARKS = regex.compile(r"\p{Mn}+")
_ASCII_RUN = regex.compile(r"[a-z0-9]+")


def fts_words(text: str) -> set[str]:
    """The words of ``text`` as SQLite's full-text index (unicode61, remove_diacritics 2)
    finds them, and more: a word it finds that folds to plain ASCII is always here. Folded
    as it folds them: lower case, diacritics removed ('Kámi' -> 'kami')."""
    if text.isascii():  # most quotes: a word is then a run of ASCII letters and digits
        return set(_ASCII_RUN.findall(text.lower()))
    found = set()
    for pieces in _PIECES:
        for piece in pieces.findall(text):
            folded = _MARKS.sub("", unicodedata.normalize("NFKD", piece.casefold()))
            found.add(folded)
            found.update(_ASCII_RUN.findall(folded))
    found.discard("")
    return found


def _pairs(conn: sa.Connection, which: sa.ColumnElement[bool]) -> Iterable[tuple[int, str]]:
    """(quote id, dense word) of each dense word in each of ``which`` quotes, as the database's
    full-text index finds the words."""
    if conn.dialect.name == "postgresql":
        # its own stored words, as its searches match them
        words = sa.func.unnest(sa.literal_column(f"quotes.{PG_TEXT_VECTOR}")).table_valued("lexeme").alias("words")
        return conn.execute(sa.select(quotes.c.id, words.c.lexeme)
                            .join(words, sa.true())
                            .join(dense_words, dense_words.c.word == words.c.lexeme)
                            .where(which)).all()
    tracked = set(conn.execute(sa.select(dense_words.c.word)).scalars())
    return [(quote_id, word) for quote_id, text in conn.execute(sa.select(quotes.c.id, quotes.c.text).where(which))
            for word in fts_words(text) & tracked]


def _merge(conn: sa.Connection, bits: dict[tuple[str, int], int]) -> None:
    """OR ``bits`` into the stored rows."""
    if not bits:
        return
    # the rows of these words and blocks, by the primary key (SQLite scans the whole table for
    # a list of (word, block) pairs); a batch's new quotes have ids next to each other, so its
    # bits lie in a block or two
    blocks = sorted({block for _, block in bits})
    for words in chunks(sorted({word for word, _ in bits})):
        stored = conn.execute(sa.select(word_blocks.c.word, word_blocks.c.block, word_blocks.c.bits)
                              .where(word_blocks.c.word.in_(words), word_blocks.c.block.in_(blocks)))
        for word, block, old in stored:
            if (word, block) in bits:
                bits[word, block] |= int.from_bytes(old, "little")
    insert = (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(word_blocks)
    upsert = insert.on_conflict_do_update(index_elements=["word", "block"], set_={"bits": insert.excluded.bits})
    size = dense.BLOCK // 8
    conn.execute(upsert, [{"word": w, "block": b, "bits": v.to_bytes(size, "little")} for (w, b), v in bits.items()])
