"""Properties that hold for any input: no crash, exact offsets, ordered spans, linear time.

Timing tests compare the CPU time of the same input at two sizes (n and 8n) instead of
checking wall-clock limits, so that a slow or busy machine cannot fail them; a quadratic
stage shows as ~64x, far beyond the allowed factor.
"""
from __future__ import annotations

import collections
import faulthandler
import gc
import importlib
import pkgutil
import re
import time
from pathlib import Path
from typing import Callable, Iterator

import attrs
import hypothesis.strategies as st
import pytest
import regex
from hypothesis import given

import quotes
from helpers import assert_quote_exact
from quotes import Quote, Span, extract
from quotes.rules import LISTS, load_rules

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))

# The material real articles are made of, and what breaks naive quote pairing.
WORDS = [
    "kata", "ujar", "ujarnya", "katanya", "lanjutnya", "dia", "ia", "Ia", "beliau",
    "mengatakan", "bahwa", "menegaskan", "menambahkan", "seraya", "Menurut", "Menurutnya",
    "kepada", "wartawan", "juga", "Budi", "Santoso", "Menteri", "Luar", "Negeri", "AS",
    "Menlu", "sang", "menteri", "terakhir", "Gedung", "Putih", "Kementerian", "pemerintah",
    "Seorang", "pejabat", "senior", "dikutip", "dari", "Sputnik", "melaporkan",
    "Baca juga:", "Advertisement", "Scroll to see content", "Editor:", "Oleh:", "Bagikan:",
    "Jum'at", "Mi’raj", "'kan", "(3/3)", "Rp 1.500", "<p>", "</p>", "&quot;", '<a href="/x">',
    "&nbsp;", "<br/>",
]
MARKS = ['"', "“", "”", "„", "‟", "«", "»", "‘", "’", "'", "‚", "‹", "›"]
PUNCT = [",", ".", "?", "!", ":", ";", "-", "—", "(", ")", "…", "/"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\r\n", "\t", "\u00a0", "\u200b", ""]

newsy_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(PUNCT),
              st.sampled_from(SEPARATORS), st.text(max_size=3)),
    max_size=250,
).map("".join)


def check_invariants(source: str, found: list[Quote]) -> None:
    for quote in found:
        assert_quote_exact(source, quote)
        # a speaker and "how it resolved" come together: none means no speaker
        assert (quote.speaker is None) == (quote.resolution == "none"), quote
        assert quote.text.strip() == quote.text, f"untrimmed quote {quote.text!r}"
    starts = [q.start for q in found]
    assert starts == sorted(starts), "quotes are not in text order"


@given(newsy_text)
def test_newsy_text_never_crashes_and_offsets_are_exact(source: str) -> None:
    check_invariants(source, extract(source))


@given(st.text(max_size=400))
def test_any_unicode_never_crashes_and_offsets_are_exact(source: str) -> None:
    check_invariants(source, extract(source))


@given(newsy_text)
def test_extraction_is_deterministic(source: str) -> None:
    assert extract(source) == extract(source)


# Plain content and full names around a cue: whatever the words, the quote is the content
# and the speaker is the name. The words hold no cue, pronoun, title or chrome word.
CONTENT_WORDS = ["air", "mulai", "surut", "warga", "desa", "posko", "dibuka", "sejak", "pagi",
                 "bantuan", "tiba", "besok", "jalan", "rusak", "sekolah", "libur", "harga", "beras",
                 "naik", "kami", "siap", "membantu", "semua", "tim", "bekerja", "keras", "malam",
                 "dua", "tiga", "ribu", "orang", "lebih", "cepat", "baik", "untuk", "di", "ke"]
FULL_NAMES = ["Budi Santoso", "Dewi Anggraini", "Rizky Pratama", "Sari Wulandari", "Hendra Wijaya",
              "Lestari Handayani", "Maya Kusuma", "Yohanes Sinaga", "I Made Sudarsana", "Andi Mallarangeng"]
content = st.lists(st.sampled_from(CONTENT_WORDS), min_size=3, max_size=12).map(" ".join)
# (template, expected kind, expected text): {c} is the content, {C} the same capitalised
TEMPLATES = [
    ('"{C}," kata {N}.', "direct", "{C},"),
    ('{N} mengatakan, "{C}."', "direct", "{C}."),
    ("{N} mengatakan bahwa {c}.", "indirect", "{c}"),
    ("Menurut {N}, {c}.", "indirect", "{c}"),
    ("{C}, kata {N}.", "indirect", "{C}"),
]


@given(st.sampled_from(TEMPLATES), content, st.sampled_from(FULL_NAMES))
def test_any_content_around_a_cue_is_the_quote(template: tuple[str, str, str], words: str,
                                               name: str) -> None:
    pattern, kind, expected = template
    fill = {"c": words, "C": words[0].upper() + words[1:], "N": name}
    source = "Hujan turun sejak Kamis malam.\n\n" + pattern.format(**fill) + "\n"
    found = extract(source)
    check_invariants(source, found)
    assert [(q.kind, q.text, q.speaker) for q in found] == [(kind, expected.format(**fill), name)]


CHROME_LINES = ["Advertisement", "Baca juga: Harga Cabai Naik di Pasar Induk", "Scroll to see content",
                "Editor: Rina Kartika", "Bagikan: Facebook Twitter WhatsApp"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_a_chrome_line_between_paragraphs_changes_nothing(sample: Path) -> None:
    """Web chrome is skipped: inserting a line of it moves later offsets and nothing else.

    Every paragraph start after the headline is tried (few enough to be exhaustive, where
    random draws missed the one that broke)."""
    source = sample.read_text(encoding="utf-8")
    before = extract(source)
    starts = [m.end() for m in re.finditer(r"\n\n", source)][1:]
    broken = []
    for i, at in enumerate(starts):
        inserted = CHROME_LINES[i % len(CHROME_LINES)] + "\n\n"
        after = [comparable(q) for q in extract(source[:at] + inserted + source[at:])]
        if after != [comparable(shifted(q, at, len(inserted))) for q in before]:
            broken.append(f"{inserted.strip()!r} at {at} (before {source[at:at + 30]!r})")
    assert not broken, "quotes changed when a chrome line was inserted:\n" + "\n".join(broken)


def comparable(quote: Quote) -> Quote:
    """The quote without its confidence, which may fairly depend on distances in the text."""
    return attrs.evolve(quote, confidence=0.0)


def shifted(quote: Quote, at: int, shift: int) -> Quote:
    """``quote`` as it reads after ``shift`` characters were inserted at offset ``at``."""
    def move(span: Span | None) -> Span | None:
        if span is None or span.start < at:
            return span
        return attrs.evolve(span, start=span.start + shift, end=span.end + shift)

    moved = move(Span(quote.start, quote.end, quote.text))
    return attrs.evolve(quote, start=moved.start, end=moved.end,
                        mention=move(quote.mention), cue=move(quote.cue))


# --- linear time ---------------------------------------------------------------------

# Repeated, each of these has tripped a quote extractor somewhere: runs of unpaired marks,
# endless capitalised "names", cue chains, long words, blank lines, unclosed paragraphs.
ADVERSARIAL = [
    '"', "“", "”", "„x ", "«", "'a ", "’", '"a," kata ', "kata dia. ", "ujarnya ",
    "Menurut ", "Budi Santoso ", "A ", "Menteri Luar Negeri ", "mengatakan bahwa ",
    "a", " ", "\n", "\n\n", ". ", ", ", "(", "Baca juga: ", "“a\n\n", "Ia menambahkan, ",
    '"x" ', "dikutip dari ", "<p>",
]
GROWTH = 8
# Linear time grows 8x; allow 3x that for noise on a shared machine (quadratic is 64x).
ALLOWED_FACTOR = 3
# The small input is made long enough to take this long, so that timer noise is small
# against it; inputs that stay faster than that even at MAX_CHARS are fast enough anyway.
MIN_SECONDS = 0.002
START_CHARS = 1_000
MAX_CHARS = 256_000
# A single regex scans fast; one that is quadratic is already slow at this size, and the
# cap keeps (patterns x chunks) runs within seconds.
REGEX_MAX_CHARS = 8_000
SLACK_SECONDS = 0.002
WATCHDOG_SECONDS = 120


def best_time(run: Callable[[], object], repeat: int) -> float:
    """Least CPU time of ``repeat`` runs: CPU time, not wall time, so that other processes
    on a shared machine do not count; the collector off, so that its pauses do not either."""
    best = float("inf")
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            began = time.process_time()
            run()
            best = min(best, time.process_time() - began)
    finally:
        if gc_was_enabled:
            gc.enable()
    return best


@pytest.fixture
def watchdog() -> Iterator[None]:
    """An exponential regex would hang the suite: dump the stack and exit instead."""
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def repeated(chunk: str, chars: int) -> str:
    return chunk * max(1, chars // len(chunk))


def assert_linear(run: Callable[[str], object], chunk: str, max_chars: int = MAX_CHARS) -> None:
    """run(chunk * n) takes time ~ n."""
    chars = START_CHARS
    while True:
        small = repeated(chunk, chars)
        t_small = best_time(lambda: run(small), repeat=3)
        if t_small >= MIN_SECONDS or chars >= max_chars:
            break
        chars *= 2
    big = small * GROWTH
    limit = GROWTH * ALLOWED_FACTOR * t_small + SLACK_SECONDS
    # the big run is the costly one: a second try only to rule out a one-off pause
    t_big = best_time(lambda: run(big), repeat=1)
    if t_big > limit:
        t_big = min(t_big, best_time(lambda: run(big), repeat=1))
    assert t_big <= limit, (
        f"{chunk!r}: {len(small)} chars in {t_small * 1000:.1f} ms but {len(big)} chars in "
        f"{t_big * 1000:.1f} ms: worse than linear")


@pytest.mark.parametrize("chunk", ADVERSARIAL)
def test_extract_time_is_linear(chunk: str, watchdog: None) -> None:
    assert_linear(extract, chunk)


@pytest.mark.skipif(not SAMPLES, reason="samples/ is empty")
def test_extract_time_is_linear_on_articles(watchdog: None) -> None:
    article = "\n\n".join(p.read_text(encoding="utf-8") for p in SAMPLES) + "\n\n"
    assert_linear(extract, article)


# --- every compiled regex of the engine, fuzzed on its own -----------------------------

Pattern = re.Pattern | regex.Pattern


def _patterns_in(value: object) -> Iterator[Pattern]:
    if isinstance(value, Pattern):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item)
    elif isinstance(value, (list, tuple, frozenset, set)):
        for item in value:
            yield from _patterns_in(item)


def compiled_patterns() -> dict[str, Pattern]:
    """Module-level patterns of every quotes module, and those the Rules object holds.

    Patterns built inside functions are not reachable here; the whole-pipeline linear-time
    tests above cover them.
    """
    found: dict[str, Pattern] = {}
    for info in pkgutil.iter_modules(quotes.__path__):
        try:
            module = importlib.import_module(f"quotes.{info.name}")
        except ImportError:  # an optional layer (NLP, database, web) whose extra is not installed
            continue
        for name, value in vars(module).items():
            for i, pattern in enumerate(_patterns_in(value)):
                found[f"quotes.{info.name}.{name}[{i}]"] = pattern
    rules = load_rules()
    for field in attrs.fields(type(rules)):
        for i, pattern in enumerate(_patterns_in(getattr(rules, field.name))):
            found[f"Rules.{field.name}[{i}]"] = pattern
    return found


# For single patterns: one chunk per character class a pattern may loop on (marks, names,
# words, space, line breaks, punctuation, markup), kept short because every pattern
# is scanned with every chunk.
REGEX_CHUNKS = ['"', "“a\n\n", "'a ", '"a," kata ', "Budi Santoso ", "A ", "a", " ", "\n",
                ". ", ", ", "<p>"]


def fuzz_chunks() -> list[str]:
    """REGEX_CHUNKS plus the rules' own phrases, which are what the patterns are made of."""
    rules = load_rules()
    # (the long word lists of rules/lists/ feed no pattern)
    phrases = sorted({p for key, values in getattr(rules, "phrases", {}).items() if key not in LISTS
                      for p in values})
    third = len(phrases) // 3 + 1
    return REGEX_CHUNKS + [" ".join(phrases[i:i + third]) + " " for i in range(0, len(phrases), third)]


def test_the_engine_has_compiled_patterns_to_fuzz() -> None:
    assert compiled_patterns(), "no compiled regex found in quotes.* or Rules: the fuzz test checks nothing"


@pytest.mark.parametrize("name", sorted(compiled_patterns()))
def test_no_regex_backtracks_catastrophically(name: str, watchdog: None) -> None:
    """Scanned over a whole long text, every pattern stays linear: each alternative starts
    at a mark or a word, so no search rescans a run of white space (and no exponential
    backtracking hits the timeout)."""
    pattern = compiled_patterns()[name]

    def scan(text: str) -> None:
        if isinstance(pattern, regex.Pattern):
            matches = pattern.finditer(text, timeout=10)  # raises TimeoutError when exponential
        else:
            matches = pattern.finditer(text)
        collections.deque(matches, maxlen=0)  # consume without keeping every match alive

    for chunk in fuzz_chunks():
        assert_linear(scan, chunk, REGEX_MAX_CHARS)
