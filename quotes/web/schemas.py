"""The JSON API's request and response shapes: they make the OpenAPI document."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from quotes.model import Quote
from quotes.web.limits import MAX_TEXT_CHARS


class SpanOut(BaseModel):
    text: str
    start: int
    end: int


class QuoteOut(BaseModel):
    """One quote as ``quotes extract --format jsonl`` writes it."""

    kind: Literal["direct", "mixed", "indirect"]
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: SpanOut | None
    title: str | None
    resolution: Literal["name", "alias", "pronoun", "role", "organisation", "none"]
    cue: SpanOut | None
    confidence: float

    @classmethod
    def of(cls, q: Quote) -> "QuoteOut":
        return cls(**q.as_dict())


class ExtractIn(BaseModel):
    text: str = Field(max_length=MAX_TEXT_CHARS, description="the article, plain text")


class ExtractOut(BaseModel):
    quotes: list[QuoteOut]
