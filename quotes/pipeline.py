"""text -> quotes: the stages wired together, each a pure function."""
from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from quotes.attribute import attribute_quotes
from quotes.document import layout, mark_glued_chrome
from quotes.indirect import indirect_speech
from quotes.marks import find_quotes
from quotes.markup import blank_markup
from quotes.memo import forget
from quotes.model import Failed, Quote, Span
from quotes.resolve import resolve
from quotes.rules import Rules, load_rules

if TYPE_CHECKING:  # the NLP layer is optional: rules mode never imports it
    from quotes.nlp.hints import NlpHints


def extract(text: str, rules: Rules | None = None, nlp: "NlpHints | None" = None) -> list[Quote]:
    """Every quotation in ``text`` with its speaker, in text order.

    ``nlp``: stanza's analysis of ``text`` and how to use it (quotes.nlp.hints), or None for
    the rules alone. HTML is read with its tags blanked out; offsets and texts are still
    those of ``text``.
    """
    rules = rules or load_rules()
    plain = blank_markup(text)
    try:
        found = _extract(plain, rules, nlp)
    finally:
        forget()
    return found if plain is text else [_in_original(q, text) for q in found]


def _in_original(q: Quote, text: str) -> Quote:
    def span(s: Span | None) -> Span | None:
        return None if s is None else Span.of(text, s.start, s.end)
    return attrs.evolve(q, text=text[q.start:q.end], mention=span(q.mention), cue=span(q.cue))


def _extract(text: str, rules: Rules, nlp: "NlpHints | None") -> list[Quote]:
    lay = layout(text, rules)
    if nlp is not None and nlp.mode == "stanza":
        from quotes.nlp.hints import stanza_layout
        lay = mark_glued_chrome(text, stanza_layout(lay, nlp.analysis), rules)
    quoted = find_quotes(text, lay)
    spans = [(q.open, q.outer_end) for q in quoted]
    candidates = attribute_quotes(text, lay, quoted, rules) + indirect_speech(text, lay, quoted, rules)
    if nlp is not None:
        from quotes.nlp.hints import apply
        candidates = apply(text, lay, spans, candidates, nlp, rules)
    return resolve(text, candidates, lay, spans, rules)


def extract_nlp(text: str, rules: Rules | None, mode: str, stanza_dir: str | None = None) -> list[Quote]:
    """extract() with the NLP layer of ``mode`` (rules, stanza or both)."""
    if mode == "rules":
        return extract(text, rules)
    from quotes.nlp.analysis import analyse
    from quotes.nlp.hints import NlpHints
    return extract(text, rules, NlpHints(analyse(text, stanza_dir), mode))


def extract_guarded(text: str, rules: Rules | None, mode: str, stanza_dir: str | None = None) -> list[Quote] | Failed:
    """extract_nlp(), or a Failed naming the error: one document never stops the others."""
    from quotes.nlp import NlpUnavailable
    try:
        return extract_nlp(text, rules, mode, stanza_dir)
    except NlpUnavailable:
        raise  # the options are wrong, not the document: every document would fail
    except Exception as exc:  # noqa: BLE001 - any failure is this document's, reported by name
        return Failed(f"extraction failed ({type(exc).__name__}{': ' + str(exc)[:200] if str(exc) else ''})")
