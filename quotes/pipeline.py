"""text -> quotes: the stages wired together, each a pure function."""
from __future__ import annotations

from quotes.attribute import attribute_quotes
from quotes.document import layout
from quotes.indirect import indirect_speech
from quotes.marks import find_quotes
from quotes.model import Quote
from quotes.resolve import resolve
from quotes.rules import Rules, load_rules


def extract(text: str, rules: Rules | None = None) -> list[Quote]:
    """Every quotation in ``text`` with its speaker, in text order."""
    rules = rules or load_rules()
    lay = layout(text, rules)
    quoted = find_quotes(text, lay)
    candidates = attribute_quotes(text, lay, quoted, rules) + indirect_speech(text, lay, quoted, rules)
    return resolve(text, candidates, lay, [(q.open, q.outer_end) for q in quoted], rules)
