"""Words with their offsets: the small vocabulary the other stages share."""
from __future__ import annotations

import bisect
import math
from itertools import accumulate, chain, repeat
from operator import attrgetter, itemgetter
from typing import Iterable, NamedTuple

from quotes import regexcache
from quotes.memo import last_call

# A word: letters/digits, with inner hyphens or apostrophes (Mu'ti, Jum'at, bahu-membahu).
WORD = regexcache.compile(r"[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*")
SPLIT = regexcache.compile(f"({WORD.pattern})")  # text between words, then a word, and so on


class Token(NamedTuple):
    """A word and its offsets. A named tuple rather than an attrs class: an article has
    thousands, and building them is the tokeniser's whole cost."""

    start: int
    end: int
    text: str
    lower: str    # precomputed: the stages compare lower-case words constantly
    is_cap: bool  # starts with an upper-case letter

    @property
    def is_acronym(self) -> bool:
        if not self.text.isupper():  # a lower-case letter, or no cased one: most words, at once
            return False
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


# a Token's lower-case text, for map() over many words at C speed
lower_of = attrgetter("lower")
_first = itemgetter(0)


@last_call
def _all_words(text: str) -> tuple[list[Token], list[int], list[str], list[str], list[bool]]:
    # split, offsets summed from the pieces' lengths, Tokens built by map: no Python code
    # runs per word (a quarter faster than a comprehension)
    pieces = SPLIT.split(text)
    at = list(accumulate(map(len, pieces), initial=0))
    found = pieces[1::2]
    starts = at[1::2]
    lowers = list(map(str.lower, found))
    caps = list(map(str.isupper, map(_first, found)))
    # tuple.__new__(Token, fields) per word, called by map itself (a partial costs a call more)
    toks = list(map(tuple.__new__, repeat(Token), zip(starts, at[2::2], found, lowers, caps)))
    return toks, starts, lowers, found, caps


def lower_words(text: str) -> list[str]:
    """The lower-case text of each word of the whole article, in the order of words(text):
    for look-ups over every word in C, without reading each Token again."""
    return _all_words(text)[2]


def word_columns(text: str, spans: Iterable[tuple[int, int]]) -> tuple[list[Token], list[str], list[str], list[bool]]:
    """The words inside the given spans of ``text`` (in order, not overlapping), with their
    texts, lower-case texts and capitals as lists of their own: for passes over many words in
    C. An article read whole shares the tokeniser's lists."""
    toks, starts, lowers, texts, caps = _all_words(text)
    ranges = [_word_range(toks, starts, s, e) for s, e in spans]
    # (the spans do not overlap, so neither do their words: as many words as the article's
    # are all of them)
    if sum(j - i for i, j in ranges) == len(toks):
        return toks, texts, lowers, caps  # every word, in the tokeniser's own lists
    toks, texts, lowers, caps = (list(chain.from_iterable(column[i:j] for i, j in ranges))
                                 for column in (toks, texts, lowers, caps))
    return toks, texts, lowers, caps


def _word_range(toks: list[Token], starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The positions i:j in ``toks`` of the whole words inside text[start:end]."""
    i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    if j > i and toks[j - 1].end > end:
        j -= 1
    return i, j


def words(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The whole words inside text[start:end], with offsets into ``text``. The article is
    tokenised once; every stage asks for windows of it."""
    toks, starts, _, _, _ = _all_words(text)
    i, j = _word_range(toks, starts, start, len(text) if end is None else end)
    return toks[i:j]


def strip_span(text: str, start: int, end: int, chars: str = " \t\r\n\u00a0") -> tuple[int, int]:
    """(start, end) narrowed so that text[start:end] has no leading/trailing ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Is ``pos`` inside one of ``spans`` (sorted, disjoint (start, end) pairs)?"""
    k = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def first_start(spans: list[tuple[int, int]], lo: int, hi: int) -> int | None:
    """The first span start in [lo, hi), or None (spans sorted)."""
    k = bisect.bisect_left(spans, (lo, -1))
    return spans[k][0] if k < len(spans) and spans[k][0] < hi else None


def last_end(spans: list[tuple[int, int]], lo: int, hi: int) -> int:
    """The end of the last span that ends in (lo, hi], or lo (spans sorted)."""
    k = bisect.bisect_right(spans, (hi, math.inf)) - 1
    while k >= 0 and spans[k][1] > hi:
        k -= 1
    return spans[k][1] if k >= 0 and spans[k][1] > lo else lo


def has_words(text: str, start: int, end: int, n: int) -> bool:
    """Does text[start:end] hold at least n words? (stops counting at n)"""
    count = 0
    for _ in WORD.finditer(text, start, end):
        count += 1
        if count >= n:
            return True
    return False


def skip_space(text: str, pos: int, limit: int) -> int:
    """The first position at or after ``pos`` (before ``limit``) that is not a space."""
    while pos < limit and text[pos] in " \t\u00a0":
        pos += 1
    return pos


def last_match(pattern, text: str, lo: int, hi: int):
    """The last match of a compiled pattern in text[lo:hi], or None."""
    found = None
    for found in pattern.finditer(text, lo, hi):
        pass
    return found
