"""text -> quotes: the stages wired together."""
from __future__ import annotations

from quotes.model import Quote


def extract(text: str, rules=None) -> list[Quote]:
    """Every quotation in ``text`` with its speaker, in text order."""
    return []
