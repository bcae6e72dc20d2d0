"""Quote trails: which quotes are copies of one statement, across articles and outlets.

Indonesian news repeats a statement in many outlets within hours, each copy a little
different: other quote marks and case, a word changed, a clause cut, a longer or shorter
excerpt. This module decides, with no database code, which copies are one statement:

- two quotes with the same words (case, punctuation and quote marks aside) are one;
- otherwise candidates come from MinHash signatures (datasketch) of word pairs, banded for
  locality-sensitive hashing: the whole quote and each of its sentences get band keys, so
  an excerpt of one sentence still meets the long quote it came from;
- a candidate is the same statement only when the shorter quote's words and word pairs
  are nearly all in the longer one (containment), so two statements of one speaker that
  share a phrase ("Kami akan terus mendukung …") stay two;
- a quote shorter than MIN_WORDS words ("Tidak benar,") joins only exact copies by the
  same speaker: short phrases are said by many people.
"""
from __future__ import annotations

import functools
import hashlib
import zlib
from typing import Callable, Iterable, Sequence

import attrs
import numpy as np
import regex
from datasketch import MinHash

MIN_WORDS = 5  # shorter quotes group by exact words (and speaker) only
WORD_CONTAINMENT = 0.8  # of the shorter quote's distinct words, in the longer one
PAIR_CONTAINMENT = 0.6  # of its word pairs

# LSH banding: BANDS bands of ROWS hash values each. Two texts whose word pairs have Jaccard
# similarity s share a band key with probability 1 - (1 - s**ROWS)**BANDS: 0.98 at s = 0.6,
# 0.88 at 0.5, 0.30 at 0.3.
BANDS, ROWS = 16, 3
_SEED = 20240501
_PROTOTYPE = MinHash(num_perm=BANDS * ROWS, seed=_SEED)

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*")
# sentence ends inside a quote: an excerpt is usually whole sentences of the statement
_SENTENCE_END = regex.compile(r"[.!?;…]+(?=\s|$)")


def words(text: str) -> tuple[str, ...]:
    """The words of a quote, case-folded: quote marks and punctuation are not words."""
    return tuple(w.replace("’", "'") for w in _WORD.findall(text.casefold()))


@attrs.frozen
class Statement:
    """What trails need to know about one quote."""

    words: tuple[str, ...]
    exact: str  # equal for copies with the same words (and, when short, the same speaker)
    pieces: tuple[tuple[str, ...], ...]  # its sentences that could be excerpts, as words

    @property
    def short(self) -> bool:
        return len(self.words) < MIN_WORDS

    @functools.cached_property
    def keys(self) -> frozenset[int]:
        """LSH band keys of the whole and of each piece; none for short quotes. Made only
        when asked: an exact copy of a stored quote needs none."""
        if self.short:
            return frozenset()
        return frozenset(set().union(_band_keys(self.words), *(_band_keys(p) for p in self.pieces)))


def _pairs(ws: Sequence[str]) -> set[str]:
    return {f"{a} {b}" for a, b in zip(ws, ws[1:])}


def _band_keys(ws: Sequence[str]) -> set[int]:
    # crc32: a fast deterministic hash of each word pair, in C (datasketch's default is sha1)
    signature = MinHash(num_perm=BANDS * ROWS, seed=_SEED, permutations=_PROTOTYPE.permutations,
                        scheme=_PROTOTYPE.scheme, hashfunc=zlib.crc32)
    signature.update_batch([p.encode("utf-8") for p in _pairs(ws)])
    bands = np.asarray(signature.hashvalues, dtype=np.uint32).reshape(BANDS, ROWS)
    keys = set()
    for band, values in enumerate(bands):
        digest = hashlib.blake2b(values.tobytes(), digest_size=8, person=band.to_bytes(2, "big")).digest()
        keys.add(int.from_bytes(digest, "big") >> 1)  # 63 bits: a signed BIGINT everywhere
    return keys


def statement(text: str, speaker: int | str | None = None) -> Statement:
    """A quote's words, exact key and pieces (speaker: who said it, for short quotes)."""
    ws = words(text)
    joined = " ".join(ws)
    if len(ws) < MIN_WORDS:
        exact = hashlib.blake2b(f"{speaker}\n{joined}".encode("utf-8"), digest_size=16).hexdigest()
        return Statement(ws, exact, ())
    pieces, start = [], 0
    for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        piece = words(text[start:end])
        if MIN_WORDS <= len(piece) < len(ws):
            pieces.append(piece)
        start = end
    return Statement(ws, hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest(), tuple(pieces))


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """How much of the shorter word sequence the longer one holds: 0 (not the same
    statement) to 1, the share of its word pairs held when enough of its words and pairs are."""
    if tuple(a) == tuple(b):
        return 1.0
    if len(a) == len(b):
        return min(_held(a, b), _held(b, a))
    return _held(a, b) if len(a) < len(b) else _held(b, a)


@functools.lru_cache(maxsize=4096)
def _shape(ws: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """A quote's distinct words and word pairs, made once for a quote compared many times."""
    return frozenset(ws), frozenset(_pairs(ws))


def _held(short: Sequence[str], long: Sequence[str]) -> float:
    if len(short) < MIN_WORDS:
        return 0.0
    short_words, short_pairs = _shape(tuple(short))
    long_words, long_pairs = _shape(tuple(long))
    if len(short_words & long_words) < WORD_CONTAINMENT * len(short_words):
        return 0.0
    held = len(short_pairs & long_pairs) / len(short_pairs)
    return held if held >= PAIR_CONTAINMENT else 0.0


@attrs.frozen
class Assignment:
    """Where add() put a quote: its trail, whether its band keys are to be stored (an exact
    copy's are not: the first copy's keys already find it), and the trails that it showed
    to be one statement with ``trail`` and that are now part of it."""

    trail: int
    new_keys: bool
    absorbed: tuple[int, ...] = ()


class Grouper:
    """Assigns quotes to trails, one at a time in the order they are added.

    It holds the quotes it has been told of (``know``: stored ones, with the band keys by
    which they were found) and the ones it has assigned. A new quote joins the trail of its
    exact copy, else of its candidates that are the same statement (two excerpts of one
    statement seen before the whole of it are then one trail), else starts a trail of its
    own (``new_trail`` makes its id).
    """

    def __init__(self, new_trail: Callable[[], int]):
        self.new_trail = new_trail
        self.exact: dict[str, int] = {}
        self.by_key: dict[int, set[int]] = {}
        self.members: dict[int, tuple[int, tuple[str, ...]]] = {}  # quote -> (trail, words)
        self.merged: dict[int, int] = {}  # an absorbed trail -> the trail it is part of

    def trail(self, trail: int) -> int:
        """The trail that ``trail`` is now part of."""
        while trail in self.merged:
            trail = self.merged[trail]
        return trail

    def know_exact(self, exact: str, trail: int) -> None:
        self.exact.setdefault(exact, trail)

    def know(self, quote_id: int, trail: int, ws: tuple[str, ...], keys: Iterable[int]) -> None:
        self.members[quote_id] = (trail, ws)
        for key in keys:
            self.by_key.setdefault(key, set()).add(quote_id)

    def add(self, quote_id: int, st: Statement) -> Assignment:
        exact = self.exact.get(st.exact)
        if exact is not None:
            trail = self.trail(exact)
            self.members[quote_id] = (trail, st.words)
            return Assignment(trail, False)
        matches = self._matches(st)
        trail = matches[0] if matches else self.new_trail()
        for other in matches[1:]:
            self.merged[other] = trail
        self.exact[st.exact] = trail
        self.know(quote_id, trail, st.words, st.keys)
        return Assignment(trail, True, tuple(matches[1:]))

    def _matches(self, st: Statement) -> list[int]:
        """The trails of the candidates that are the same statement, most similar first."""
        if not st.keys:
            return []
        candidates = set().union(*(self.by_key.get(k, ()) for k in st.keys))
        scores: dict[int, float] = {}
        for quote_id in candidates:
            trail, ws = self.members[quote_id]
            score = similarity(st.words, ws)
            if score > 0:
                trail = self.trail(trail)
                scores[trail] = max(scores.get(trail, 0.0), score)
        # ties to the older trail: the same choice on every run
        return sorted(scores, key=lambda t: (-scores[t], t))
