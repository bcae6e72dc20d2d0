"""Plain values passed between pipeline stages.

Every span is a (start, end) pair of character offsets into the original text, and its
``text`` is always ``original[start:end]``: nothing in the pipeline rewrites the text.
"""
from __future__ import annotations

from typing import Any

import attrs

KINDS = ("direct", "mixed", "indirect")
RESOLUTIONS = ("name", "alias", "pronoun", "role", "organisation", "none")


@attrs.frozen
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> "Span":
        return cls(start, end, source[start:end])

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@attrs.frozen
class Quote:
    """One attributed statement.

    kind:            direct (a whole quoted statement), mixed (a quoted fragment inside the
                     writer's sentence) or indirect (reported speech without quote marks).
    text/start/end:  the statement itself, without enclosing quote marks.
    speaker:         the fullest name the article gives for who said it, or None.
    mention:         where the speaker is named at this quote ("Blinken", "ujarnya", "dia").
    title:           the speaker's title or role when the article gives one.
    resolution:      how mention became speaker: name|alias|pronoun|role|organisation|none.
    cue:             the reporting cue ("kata", "ujarnya", "menurut", "mengatakan").
    confidence:      0..1, the extractor's belief that speaker is right (calibrated: see
                     quotes/confidence.py).
    evidence:        how the speaker was found, the key of its confidence (not written out).
    """

    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    text: str
    start: int
    end: int
    speaker: str | None = None
    mention: Span | None = None
    title: str | None = None
    resolution: str = attrs.field(default="none", validator=attrs.validators.in_(RESOLUTIONS))
    cue: Span | None = None
    confidence: float = 0.0
    evidence: str = attrs.field(default="none", eq=False)

    def as_dict(self, doc: str | None = None) -> dict[str, Any]:
        """The JSON record written by ``--format jsonl`` (and read by the scorer)."""
        row: dict[str, Any] = {} if doc is None else {"doc": doc}
        row.update(
            kind=self.kind,
            text=self.text,
            start=self.start,
            end=self.end,
            speaker=self.speaker,
            speaker_mention=self.mention.as_dict() if self.mention else None,
            title=self.title,
            resolution=self.resolution,
            cue=self.cue.as_dict() if self.cue else None,
            confidence=round(self.confidence, 3),
        )
        return row


@attrs.frozen
class Failed:
    """Extraction of one document raised; ``why`` names the error for the user."""

    why: str
