"""Best effort on HTML: tags are blanked out, so that their attribute quotes and names
are not read as quotations or speakers, while every offset stays that of the original."""
from __future__ import annotations

import functools

import regex

from quotes import regexcache


@functools.cache
def _patterns() -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    """(markup, block tags, tag hints), compiled at the first '<': most articles have none."""
    return (
        # script and style bodies, comments, and tags (a bounded attribute run keeps it linear)
        regexcache.compile(r"(?is)<(script|style)\b[^>]{0,2000}>.{0,20000}?</\1\s*>|<!--.{0,20000}?-->"
                      r"|</?[a-z][a-z0-9]*(?:\s[^<>]{0,2000})?/?>"),
        # tags that end a block of text: their first character becomes a line break
        regexcache.compile(r"(?i)</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|table|section|article|blockquote|header|footer)\b"),
        regexcache.compile(r"(?i)</?(?:html|body|head|p|div|br|span|a|script|meta)\b"),
    )


def looks_like_html(text: str) -> bool:
    """Several HTML tags: the input is a web page rather than article text."""
    if "<" not in text:
        return False
    hits = 0
    for _ in _patterns()[2].finditer(text):
        hits += 1
        if hits >= 3:
            return True
    return False


def blank_markup(text: str) -> str:
    """``text`` with each tag replaced by spaces of the same length (a block tag by a line
    break and spaces); ``text`` itself when it does not look like HTML."""
    if not looks_like_html(text):
        return text
    markup, block, _ = _patterns()
    parts: list[str] = []
    last = 0
    for m in markup.finditer(text):
        parts.append(text[last:m.start()])
        blank = " " * (m.end() - m.start())
        parts.append("\n" + blank[1:] if block.match(m.group()) else blank)
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)
