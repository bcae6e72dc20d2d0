"""Input a stranger can send (/extract needs no token) costs time linear in its length:
runs of punctuation, thousands of distinct people, shared surnames, thousands of quotes."""
from __future__ import annotations

import tracemalloc
from typing import Callable

import pytest

from quotes import extract
from quotes.document import LINE
from helpers import made_up_word as name
from test_properties import assert_linear_in, watchdog  # noqa: F401 - a fixture


def numbered(unit: Callable[[int], str]) -> Callable[[int], str]:
    """An article of about ``chars`` characters made of unit(0), unit(1), …"""
    def make(chars: int) -> str:
        parts, size, i = [], 0, 0
        while size < chars:
            parts.append(unit(i))
            size += len(parts[-1])
            i += 1
        return "".join(parts)
    return make


ARTICLES = {
    # the sentence boundary pattern backtracked over each run of marks: 17.6 s at 16,000
    "a run of '?' after a cue": lambda chars: "Kata dia " + "?" * chars,
    "runs of mixed marks": lambda chars: "Kata dia " + "?!." * (chars // 3) + " Lalu",
    "marks and closing quotes": lambda chars: ('."”' * (chars // 3)) + "x",
    # resolving a name scanned every person known: 41 s for 4,000 people
    "thousands of distinct people": numbered(lambda i: f'"Kami siap {i}," kata Menteri {name(i)} {name(i + 7)}.\n\n'),
    "thousands of people who share a surname": numbered(
        lambda i: f'"Kami siap," kata {name(i)} Santoso. "Ya," kata Santoso.\n\n'),
    "thousands of people, then pronouns": numbered(
        lambda i: f'Kepala Dinas {name(i)} {name(i + 3)} hadir. "Kami siap," ujarnya.\n\n'),
    "thousands of people in reported speech": numbered(
        lambda i: f"{name(i)} {name(i + 5)} mengatakan bahwa harga naik.\n\n"),
    "thousands of capitalised words": numbered(lambda i: f"{name(i)} "),
    "thousands of quotes": numbered(lambda i: '"Kami siap," kata dia. '),
}


@pytest.mark.parametrize("what", ARTICLES)
def test_the_whole_pipeline_is_linear_on(what: str, watchdog) -> None:
    assert_linear_in(ARTICLES[what], extract, what)


def test_a_paragraph_of_millions_of_characters_takes_no_memory_to_find() -> None:
    # the line pattern kept backtracking state for each character: 256 MiB for this one
    # paragraph, MemoryError at 4.5 M characters
    text = "Budi Santoso mengatakan bahwa harga beras naik lagi minggu ini " * 20_000
    tracemalloc.start()
    try:
        assert [m.span() for m in LINE.finditer(text)] == [(0, len(text))]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000, f"{peak:,} bytes to find one line of {len(text):,} characters"
