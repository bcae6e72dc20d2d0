"""SQLite's index of adjacent word pairs (schema 7): each quote's pairs as tokens, so that a
phrase is first looked up as pairs ("kami bersama" -> kami_bersama) and only the quotes
holding all of them are checked against FTS5's word positions.

The pairs are a prefilter, never the answer: every quote FTS5 finds for a phrase must hold
the phrase's pairs here, or the search would miss it. So the words are split as FTS5's
unicode61 tokenizer (remove_diacritics 2) splits them, which Python can match exactly only
for ASCII words: a quote with any other letter, digit or mark that could be part of an FTS5
word gets ANY_QUOTE instead of being trusted, and is always checked; a phrase with such a
character is not looked up by pairs at all. Pure functions, no database: SQLite calls
index_tokens() through its triggers (quotes.db.store registers it), a search phrase_pairs().
"""
from __future__ import annotations

import re
import unicodedata

# the token of quotes whose words Python cannot split as FTS5 does: every pair search reads them
ANY_QUOTE = "_any"
# combining diacritics, which FTS5's remove_diacritics drops from a word (after decomposition)
_DIACRITICS = re.compile("[\u0300-\u036f]+")
_WORD = re.compile("[a-z0-9]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _may_be_in_a_word(c: str) -> bool:
    """A letter, digit, mark or unassigned character: part of an FTS5 word, perhaps."""
    category = unicodedata.category(c)
    return category[0] in "LNMC" and category not in ("Cc", "Cf")


def _words(text: str) -> list[str] | None:
    """text's words as FTS5 folds them, or None when a character may be split otherwise."""
    if not text.isascii():
        text = _DIACRITICS.sub("", unicodedata.normalize("NFD", text))
        if any(_may_be_in_a_word(c) for c in _NON_ASCII.findall(text)):
            return None
    # ASCII: FTS5 splits at anything but a letter or a digit; any other character left is a
    # punctuation mark, symbol or space, which splits words in both
    return _WORD.findall(text.lower())


def _pairs(words: list[str]) -> list[str]:
    return list(dict.fromkeys(f"{a}_{b}" for a, b in zip(words, words[1:])))


def index_tokens(text: str) -> str:
    """What a quote's text puts in the pair index: its distinct adjacent pairs, or ANY_QUOTE."""
    words = _words(text)
    return ANY_QUOTE if words is None else " ".join(_pairs(words))


def phrase_pairs(term: str) -> list[str]:
    """The pairs a quote holds when FTS5 finds the phrase ``term`` in it (none: a single word,
    or a phrase whose words are not ASCII, which the pair index cannot answer)."""
    words = _words(term)
    return [] if words is None else _pairs(words)
