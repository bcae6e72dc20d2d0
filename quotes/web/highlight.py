"""An article cut into segments for display: which quote, speaker mention or cue covers each.

The cutting happens here, in Python, so that the template only ever prints plain text
through Jinja's autoescape: article text and quotes are user data and never become markup.
"""
from __future__ import annotations

from typing import Sequence

import attrs

from quotes.model import Quote
from quotes.web.i18n import _


@attrs.frozen
class Segment:
    text: str
    quote: int | None = None  # index into the quotes list of the quote whose text this is
    kind: str | None = None  # that quote's kind, for its colour
    mark: str | None = None  # "mention" or "cue" when this is a quote's speaker mention or cue
    owner: int | None = None  # index of the quote that the mention or cue belongs to


def how_found(q: Quote) -> str:
    """How the extractor came to its speaker: the mention, its resolution, the cue."""
    parts = []
    if q.mention is not None:
        parts.append(_("speaker found via “{mention}” ({resolution})").format(
            mention=q.mention.text, resolution=_(q.resolution)))
    if q.cue is not None:
        parts.append(_("cue “{cue}”").format(cue=q.cue.text))
    parts.append(_("confidence {confidence:.2f}").format(confidence=q.confidence))
    return "; ".join(parts)


def describe(q: Quote) -> str:
    """One line telling who said a quote and how the speaker was found: the hover text."""
    who = q.speaker or _("unknown speaker")
    if q.title and q.title not in who:
        who = f"{who}, {q.title}"
    return _("{kind} quote by {who}; {how}").format(kind=_(q.kind), who=who, how=how_found(q))


def segments(text: str, quotes: Sequence[Quote]) -> list[Segment]:
    """``text`` in order, split wherever a quote, mention or cue starts or ends.

    Spans out of range are clipped rather than trusted: the offsets may come from a
    database row written by an older extractor. Where spans overlap, a mention or cue wins
    over quote text (it is the smaller, more specific mark) and an earlier quote over a later.
    """
    n = len(text)

    def clip(a: int, b: int) -> tuple[int, int]:
        return max(0, min(a, n)), max(0, min(b, n))

    cuts = {0, n}
    quote_spans: list[tuple[int, int, int]] = []
    marks: list[tuple[int, int, str, int]] = []
    for i, q in enumerate(quotes):
        a, b = clip(q.start, q.end)
        if a < b:
            quote_spans.append((a, b, i))
            cuts.update((a, b))
        for name, span in (("mention", q.mention), ("cue", q.cue)):
            if span is not None:
                a, b = clip(span.start, span.end)
                if a < b:
                    marks.append((a, b, name, i))
                    cuts.update((a, b))
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(points, points[1:]):
        in_quote = next((i for qa, qb, i in quote_spans if qa <= a and b <= qb), None)
        mark = next(((name, i) for ma, mb, name, i in marks if ma <= a and b <= mb), None)
        out.append(Segment(
            text=text[a:b],
            quote=in_quote,
            kind=quotes[in_quote].kind if in_quote is not None else None,
            mark=mark[0] if mark else None,
            owner=mark[1] if mark else None,
        ))
    return out
