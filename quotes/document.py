"""Paragraphs, page chrome and sentences, as offsets into the untouched text."""
from __future__ import annotations

import bisect
import math

import attrs

from quotes import regexcache
from quotes.rules import Rules
from quotes.text import strip_span


@attrs.frozen
class Paragraph:
    start: int
    end: int
    chrome: bool  # page furniture ("Baca juga: …", "Editor: …"), not article text
    headline: bool = False  # Title Case Words Without A Full Stop


@attrs.frozen
class Layout:
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[tuple[int, int], ...]  # (start, end) of each sentence in article text
    # sentences that are page furniture glued into a paragraph ('…2022.Baca: Putin Tarik …')
    glued_chrome: tuple[tuple[int, int], ...] = ()

    def sentence_at(self, pos: int) -> tuple[int, int] | None:
        """The sentence holding ``pos``."""
        k = bisect.bisect_right(self.sentences, (pos, math.inf)) - 1
        return self.sentences[k] if k >= 0 and pos < self.sentences[k][1] else None

    def sentence_before(self, pos: int) -> tuple[int, int] | None:
        """The last sentence that ends at or before ``pos``."""
        k = bisect.bisect_right(self.sentences, (pos, pos)) - 1
        while k >= 0 and self.sentences[k][1] > pos:
            k -= 1
        return self.sentences[k] if k >= 0 else None

    def previous_paragraph(self, k: int) -> int | None:
        """The article paragraph before paragraph k, skipping page chrome."""
        return next((j for j in range(k - 1, -1, -1) if not self.paragraphs[j].chrome), None)

    def next_paragraph(self, k: int) -> int | None:
        """The article paragraph after paragraph k, skipping page chrome."""
        return next((j for j in range(k + 1, len(self.paragraphs)) if not self.paragraphs[j].chrome), None)

    def paragraph_index(self, pos: int) -> int:
        """The paragraph holding ``pos`` (or the next one after it)."""
        return bisect.bisect_right(self.paragraphs, pos, key=lambda p: p.end)


# A paragraph is a line; one-line exports glue paragraphs with a comma after the full
# stop ('…kata dia.,Menurut dia, …'), which also starts a new paragraph.
# Possessive: a paragraph of millions of characters keeps no backtracking state.
LINE = regexcache.compile(r"(?:[^\n\r.!?]++|[.!?](?!,[\p{Lu}\"“]))++[.!?]?")
# A sentence ends at . ! ? (possibly several, possibly followed by closing quotes or
# brackets) before white space and an upper-case letter, a digit or an opening quote,
# or glued to an upper-case word ("2022.Baca", "mereka.\"Tawaran"). Not after a single
# capital (initials: "H. Maming") or a short abbreviation (dr., No., Jl.). A run of marks
# is tried once, from its start, and never given back: a run of 16,000 "?" costs 16,000 steps.
BOUNDARY = regexcache.compile(
    r"""(?<![\s.][\p{Lu}](?=\.))(?<!\b(?:dr|Dr|No|no|Jl|jl|Rp|St|Prof|prof|dll|dsb|tsb|Bpk|Ny|Sdr|Hj|vs|Mr|Mrs|Ms)(?=\.))"""
    r"""(?<![.!?])[.!?]++(?:["”’'»)\]]++(?=\s))?(?:\s++(?=["“„«‘(]?[\p{Lu}\p{N}"“„«‘])|(?=["“„«]?\p{Lu}\p{Ll}))"""
)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in BOUNDARY.finditer(text, start, end):
        # keep closing quotes/brackets with the sentence they close
        e = m.start() + len(m.group().rstrip())
        if e > s:
            out.append(strip_span(text, s, e))
        s = m.end()
    if s < end:
        out.append(strip_span(text, s, end))
    return [x for x in out if x[1] > x[0]]


def _is_headline(line: str) -> bool:
    if line.rstrip().endswith((".", ",")):  # most lines: decided before tokenising
        return False
    ws = [w for w in WORDS.findall(line) if w[:1].isalpha()]
    if len(ws) < 4 or len(ws) > 25:
        return False
    return sum(w[:1].isupper() for w in ws) >= 0.7 * len(ws)


WORDS = regexcache.compile(r"\w[\w'’-]*")


def layout(text: str, rules: Rules) -> Layout:
    paragraphs: list[Paragraph] = []
    sentences: list[tuple[int, int]] = []
    for m in LINE.finditer(text):
        s, e = strip_span(text, m.start(), m.end(), " \t\u00a0,")
        if s == e:
            continue
        chrome = bool(rules.chrome.fullmatch(text, s, e))
        paragraphs.append(Paragraph(s, e, chrome, _is_headline(text[s:e])))
        if not chrome:
            sentences.extend(_sentences(text, s, e))
    return mark_glued_chrome(text, Layout(tuple(paragraphs), tuple(sentences)), rules)


def mark_glued_chrome(text: str, lay: Layout, rules: Rules) -> Layout:
    """The layout with its sentences that match a chrome pattern whole set apart."""
    # most sentences are a whole paragraph, which layout() found to be no chrome already
    article = {(p.start, p.end) for p in lay.paragraphs if not p.chrome}
    glued = tuple((s, e) for s, e in lay.sentences if (s, e) not in article and rules.chrome.fullmatch(text, s, e))
    return attrs.evolve(lay, glued_chrome=glued)
