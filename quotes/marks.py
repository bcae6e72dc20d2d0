"""Pairing quotation marks into quoted spans, paragraph by paragraph.

Real news text mixes mark styles (straight, curly, low, guillemets), mismatches them
(“…"), loses closing marks, runs one quotation over several paragraphs (each new
paragraph reopens it, only the last one closes) and uses apostrophes inside words
(Mi’raj, Jum'at). A quote never runs past its paragraph, so an unclosed mark cannot
swallow the rest of the article.
"""
from __future__ import annotations

import attrs
import regex

from quotes import regexcache
from quotes.document import Layout
from quotes.text import strip_span

DOUBLE = '"“”„‟«»'
OPENERS = "“„‟«"   # marks that only ever open
CLOSERS = "”»"     # marks that usually close (some writers open with ” too)
SINGLE = "'‘’‚‹›"
SPACE = " \t\u00a0"
DOUBLE_MARK = regexcache.compile(f"[{DOUBLE}]")
SINGLE_MARK = regexcache.compile(f"[{SINGLE}]")
ANY_MARK = regexcache.compile(f"[{DOUBLE}{SINGLE}]")
INNER_TRIM = " \t\u00a0"


@attrs.frozen
class Quoted:
    open: int            # offset of the opening mark
    close: int | None    # offset of the closing mark, None when the paragraph ended first
    start: int           # the quotation itself, without marks or surrounding space
    end: int
    paragraph: int       # index into Layout.paragraphs
    single: bool = False  # 'single-quoted' (nested, or a headline)

    @property
    def outer_end(self) -> int:
        """Just past the closing mark (or the end of the quotation when unclosed)."""
        return self.close + 1 if self.close is not None else self.end


def _can_open(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return after not in SPACE and (before in SPACE or before in "([{-–—:;,./…" or before in DOUBLE + SINGLE)


def _can_close(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    # after a comma or a full stop a mark closes even when glued to the cue ('masuk,"kata')
    return before not in SPACE and (after in SPACE or not after.isalnum() or after.isupper()
                                     or before in ",.!?")


def _is_apostrophe(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return before.isalnum() and after.isalnum()


def _pair(text: str, lo: int, hi: int, marks: regex.Pattern, openers: str, closers: str) -> tuple[list[tuple[int, int | None]], int | None]:
    """(open, close) pairs of one mark family in text[lo:hi]; the open mark left dangling."""
    pairs: list[tuple[int, int | None]] = []
    opened: int | None = None
    for m in marks.finditer(text, lo, hi):
        i, c = m.start(), m.group()
        if opened is None:
            if c in closers and not _can_open(text, i, lo, hi):
                continue  # a stray closing mark (its opener was lost): opens nothing
            if c in openers or _can_open(text, i, lo, hi):
                opened = i
        elif c in closers or _can_close(text, i, lo, hi):
            pairs.append((opened, i))
            opened = None
        elif _can_open(text, i, lo, hi):
            opened = i  # the earlier mark never closed: a new quotation starts here
    return pairs, opened


def _single_pairs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    for m in SINGLE_MARK.finditer(text, lo, hi):
        i, c = m.start(), m.group()
        if _is_apostrophe(text, i, lo, hi):
            continue
        if opened is None:
            if c in "‘‚‹" or (c in "'’" and _can_open(text, i, lo, hi)):
                opened = i
        elif _can_close(text, i, lo, hi):
            if any(ch.isspace() for ch in text[opened:i]):  # 'kan, 'BPJS' are words, not quotations
                pairs.append((opened, i))
            opened = None
    return pairs


def _make(text: str, o: int, c: int | None, end: int, para: int, single: bool = False) -> Quoted | None:
    s, e = strip_span(text, o + 1, c if c is not None else end, INNER_TRIM)
    if e <= s:
        return None
    return Quoted(o, c, s, e, para, single)


def find_quotes(text: str, layout: Layout) -> list[Quoted]:
    """Every quoted span of the article's (non-chrome) paragraphs, in text order."""
    out: list[Quoted] = []
    paras = layout.paragraphs
    dangling: dict[int, int] = {}
    for k, p in enumerate(paras):
        if p.chrome or not ANY_MARK.search(text, p.start, p.end):
            continue  # (most paragraphs hold no mark: one search, not two scans)
        pairs, opened = _pair(text, p.start, p.end, DOUBLE_MARK, OPENERS, CLOSERS)
        spans = [q for o, c in pairs if (q := _make(text, o, c, p.end, k))]
        if opened is not None:
            dangling[k] = opened
        inside = [(q.open, q.outer_end) for q in spans]
        for o, c in _single_pairs(text, p.start, p.end):
            if not any(a <= o < b for a, b in inside) and (q := _make(text, o, c, p.end, k, single=True)):
                spans.append(q)
        out.extend(spans)
    for k, o in dangling.items():
        q = _make(text, o, None, _unclosed_end(text, layout, k, o), k)
        if q:
            out.append(q)
    out.sort(key=lambda q: q.open)
    return out


def _unclosed_end(text: str, layout: Layout, k: int, o: int) -> int:
    """Where a quotation that never closes ends.

    When the next paragraph reopens with a mark, this is one part of a multi-paragraph
    quotation and runs to its paragraph's end. Otherwise the closing mark was lost: take
    the rest of the sentence the mark opened in, or the paragraph if that is short.
    """
    p = layout.paragraphs[k]
    nxt = layout.next_paragraph(k)
    if nxt is not None and text[layout.paragraphs[nxt].start] in DOUBLE:
        return p.end
    sent = layout.sentence_at(o + 1)
    if sent is None or p.end - o < 400:
        return p.end
    return sent[1]
