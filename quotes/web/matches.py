"""Search words marked in a result's text, and the numbers of the result pages."""
from __future__ import annotations

import unicodedata

import regex
from markupsafe import Markup, escape

from quotes.db.query import search_terms

_WORD = regex.compile(r"\w+")


def _plain(word: str) -> str:
    """A word as the full-text index compares it: any case, without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


def marked(text: str, query: str | None) -> Markup:
    """``text``, escaped, with every word of the search ``query`` in <mark>."""
    wanted = {_plain(w) for term in search_terms(query or "") for w in term.split()}
    if not wanted:
        return escape(text)
    out, last = [], 0
    for m in _WORD.finditer(text):
        if _plain(m.group()) in wanted:
            out += [escape(text[last:m.start()]), Markup("<mark>"), escape(m.group()), Markup("</mark>")]
            last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """The page numbers to link: the first, the last, and those near ``current``; None
    where numbers are left out."""
    shown = sorted({1, last} | set(range(max(1, current - around), min(last, current + around) + 1)))
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] > 1:  # type: ignore[operator]
            out.append(None)
        out.append(n)
    return out
