"""Bitmaps of the quotes that hold each dense word (schema 12), in plain Python.

A word such as 'kami' or 'lebih' is in a large share of all quotes: at a million articles its
list of matches holds a million quotes, and to find that two such words share no quote, FTS5
and PostgreSQL's GIN index both walk both lists (50–80 ms). So the database keeps, for each
word of rules/lists/dense_words.txt (the list it was made with, in its table dense_words), one
bit per quote id, in rows of BLOCK ids (word_blocks, written by quotes.db.bitmaps). A search
for two dense words or more ANDs their bitmaps: no bit left is no match, found in a few
milliseconds at a million articles; a few left are the only quotes the full-text index checks.

The bits are a superset of what the full-text index matches: a deleted quote's bits stay (its
id matches nothing), and each quote's words are those the index finds (SQLite:
quotes.db.bitmaps.fts_words(); PostgreSQL: its stored words). Nothing here imports SQLAlchemy
or regex: `quotes db search` reads the bitmaps on the bare driver and starts light.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

BLOCK_BITS = 13
BLOCK = 1 << BLOCK_BITS  # quote ids per stored row: 1 KB of bits
# A search whose bitmaps leave more quotes than this is left to the full-text index, which
# finds a page of so many matches quickly in search order
MAX_CANDIDATES = 2000

# a word that may be dense: the list holds words of letters a-z (quotes.build_wordlists keeps
# only such words), and only such search words are looked up
DENSE_FORM = re.compile(r"[a-z]+")


def bitmaps(pairs: Iterable[tuple[int, str]]) -> dict[tuple[str, int], int]:
    """(word, block) -> the block's bits, of (quote id, word) pairs."""
    out: dict[tuple[str, int], int] = {}
    for quote_id, word in pairs:
        key = (word, quote_id >> BLOCK_BITS)
        out[key] = out.get(key, 0) | 1 << (quote_id & (BLOCK - 1))
    return out


def search_words(terms: Sequence[str]) -> list[str]:
    """The words of a search's terms that may be dense, each once: every term's words must be
    in a matching quote, a phrase's too."""
    return list(dict.fromkeys(w for t in terms for w in t.lower().split() if DENSE_FORM.fullmatch(w)))


def candidates(rows: Iterable[Sequence], limit: int = MAX_CANDIDATES) -> list[int] | None:
    """The ids of the quotes that may hold every word, from (word, block, bits) rows of the
    dense words among a search's words (block and bits None: a dense word in no quote; bits
    as bytes, or as PostgreSQL's hex text where a driver leaves them so). None when fewer than
    two of the words are dense (one word's matches are read in search order and stop at a
    page), or when more than ``limit`` quotes are left."""
    blocks: dict[str, dict[int, bytes]] = {}
    for word, block, bits in rows:
        held = blocks.setdefault(word, {})
        if block is not None:
            held[block] = bytes.fromhex(bits[2:]) if isinstance(bits, str) else bits
    if len(blocks) < 2:
        return None
    left = -1
    for held in sorted(blocks.values(), key=len):
        left &= _bitmap(held)
        if not left:
            return []
    if left.bit_count() > limit:
        return None
    # the set bits, found in C: the bitmap's non-zero bytes, then the bits of each
    data = left.to_bytes((left.bit_length() + 7) // 8, "little")
    return [at * 8 + bit for at in (m.start() for m in _NONZERO.finditer(data))
            for bit in range(8) if data[at] >> bit & 1]


_NONZERO = re.compile(rb"[^\x00]")


def _bitmap(blocks: dict[int, bytes]) -> int:
    """One word's bits as one integer (bit i: quote id i)."""
    if not blocks:
        return 0
    size = BLOCK // 8
    whole = bytearray(size * (max(blocks) + 1))
    for block, bits in blocks.items():
        whole[block * size:block * size + len(bits)] = bits
    return int.from_bytes(whole, "little")
