"""Bitmaps of the quotes that hold each dense word (schema 12), in plain Python.

A word such as 'kami' or 'lebih' is in a large share of all quotes: at a million articles its
list of matches holds a million quotes, and to find that two such words share no quote, FTS5
and PostgreSQL's GIN index both walk both lists (50–80 ms). So the database keeps, for each
word of rules/lists/dense_words.txt (the list it was made with, in its table dense_words), one
bit per quote id, in rows of BLOCK ids (word_blocks, written by quotes.db.bitmaps). A search
for two dense words or more ANDs their bitmaps: no bit left is no match, read in about a
millisecond; a few left are the only quotes the full-text index checks.

The bits are a superset of what the full-text index matches: a deleted quote's bits stay (its
id matches nothing), and each quote's words are those the index finds (SQLite: fts_words();
PostgreSQL: its stored words). Nothing here imports SQLAlchemy: `quotes db search` reads the
bitmaps on the bare driver.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Sequence

import regex

BLOCK_BITS = 13
BLOCK = 1 << BLOCK_BITS  # quote ids per stored row: 1 KB of bits
# A search whose bitmaps leave more quotes than this is left to the full-text index, which
# finds a page of so many matches quickly in search order
MAX_CANDIDATES = 2000

# SQLite's unicode61 tokenizer: a word is a run of letters, numbers and private-use characters;
# the combining marks it removes as diacritics ('ka\u0300mi') are inside words, others separate
# them, so both readings are taken (a few letters of newer Unicode versions separate words to
# it too: the ASCII runs of each word cover them)
_PIECES = (regex.compile(r"[\p{L}\p{N}\p{Co}\p{Mn}]+"), regex.compile(r"[\p{L}\p{N}\p{Co}]+"))
_MARKS = regex.compile(r"\p{Mn}+")
_ASCII_RUN = regex.compile(r"[a-z0-9]+")
# a search word that may be dense (the list holds words of letters a-z)
_DENSE_FORM = regex.compile(r"[a-z]+")


def fts_words(text: str) -> set[str]:
    """The words of ``text`` as SQLite's full-text index (unicode61, remove_diacritics 2)
    finds them, and more: a word it finds that folds to plain ASCII is always here. Folded
    as it folds them: lower case, diacritics removed ('Kámi' -> 'kami')."""
    if text.isascii():
        return set(_PIECES[1].findall(text.lower()))
    found = set()
    for pieces in _PIECES:
        for piece in pieces.findall(text):
            folded = _MARKS.sub("", unicodedata.normalize("NFKD", piece.casefold()))
            found.add(folded)
            found.update(_ASCII_RUN.findall(folded))
    found.discard("")
    return found


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
    return list(dict.fromkeys(w for t in terms for w in t.lower().split() if _DENSE_FORM.fullmatch(w)))


def candidates(rows: Iterable[Sequence], limit: int = MAX_CANDIDATES) -> list[int] | None:
    """The ids of the quotes that may hold every word, from (word, block, bits in hex) rows of
    the dense words among a search's words (block and bits None: a dense word in no quote).
    None when fewer than two of the words are dense (one word's matches are read in search
    order and stop at a page), or when more than ``limit`` quotes are left."""
    blocks: dict[str, dict[int, str]] = {}
    for word, block, bits in rows:
        held = blocks.setdefault(word, {})
        if block is not None:
            held[block] = bits
    if len(blocks) < 2:
        return None
    rarest, *others = sorted(blocks.values(), key=len)
    found: list[int] = []
    for block, bits in rarest.items():
        left = int.from_bytes(bytes.fromhex(bits), "little")
        for other in others:
            if not left:
                break
            more = other.get(block)
            left = 0 if more is None else left & int.from_bytes(bytes.fromhex(more), "little")
        if left:
            if len(found) + left.bit_count() > limit:
                return None
            base = block << BLOCK_BITS
            while left:
                low = left & -left
                found.append(base + low.bit_length() - 1)
                left ^= low
    return sorted(found)
