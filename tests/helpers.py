"""Shared by the test modules (and bench/): every span a Quote carries must be exact; made-up
names; the child processes of a server."""
from __future__ import annotations

import string
from pathlib import Path

from quotes import Quote, extract
from quotes.model import Span


def assert_span_exact(source: str, span: Span, what: str) -> None:
    assert 0 <= span.start <= span.end <= len(source), f"{what} {span} out of bounds"
    assert source[span.start:span.end] == span.text, (
        f"{what} text {span.text!r} != source[{span.start}:{span.end}] "
        f"{source[span.start:span.end]!r}")


def assert_quote_exact(source: str, quote: Quote) -> None:
    """text, mention and cue of ``quote`` are each ``source[start:end]``."""
    assert_span_exact(source, Span(quote.start, quote.end, quote.text), "quote")
    assert quote.start < quote.end, f"empty quote {quote}"
    if quote.mention is not None:
        assert_span_exact(source, quote.mention, "mention")
    if quote.cue is not None:
        assert_span_exact(source, quote.cue, "cue")
    assert 0.0 <= quote.confidence <= 1.0, quote


def exact_quotes(source: str) -> list[Quote]:
    """extract(source), after checking every span of every quote against the source."""
    quotes = extract(source)
    for quote in quotes:
        assert_quote_exact(source, quote)
    return quotes


def describe(quotes: list[Quote]) -> str:
    """A compact listing for failure messages: what the engine found instead."""
    return "\n".join(f"  {q.kind:8} {q.text!r} <- {q.speaker!r} ({q.resolution})" for q in quotes) or "  (none)"


def find_quote(source: str, text: str) -> Quote:
    """The one quote whose text is exactly ``text`` (spans checked)."""
    quotes = exact_quotes(source)
    found = [q for q in quotes if q.text == text]
    assert found, f"no quote with text {text!r}; found:\n{describe(quotes)}"
    assert len(found) == 1, f"{len(found)} quotes with text {text!r}:\n{describe(quotes)}"
    return found[0]


def made_up_word(i: int) -> str:
    """A different made-up capitalised word for each i: 'Bab', 'Bac', …"""
    letters = ""
    i += 26 * 27
    while i:
        i, r = divmod(i, 26)
        letters = string.ascii_lowercase[r] + letters
    return letters.capitalize()


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` now (Linux /proc; none elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return found
