"""The JSON API's request and response shapes: they make the OpenAPI document."""
from __future__ import annotations

from typing import Any, Literal

import attrs
from pydantic import BaseModel, Field, create_model

from quotes.db.query import ArticleRow, QuoteRow, SpeakerRow, Stats
from quotes.db.trails import Appearance
from quotes.model import KINDS, RESOLUTIONS, Quote
from quotes.web.limits import MAX_TEXT_CHARS

Kind = Literal[KINDS]


class ErrorOut(BaseModel):
    detail: str


# Errors the framework answers before a handler runs, declared so that clients (and the
# schema-driven fuzz) know them.
BODY_ERRORS: dict[int | str, dict] = {
    400: {"model": ErrorOut, "description": "The body is not valid JSON"},
    413: {"model": ErrorOut, "description": "The body is over the size limit"},
}
NOT_FOUND: dict[int | str, dict] = {404: {"model": ErrorOut, "description": "No such item"}}


class SpanOut(BaseModel):
    text: str
    start: int
    end: int


class QuoteOut(BaseModel):
    """One quote as ``quotes extract --format jsonl`` writes it."""

    kind: Kind
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_mention: SpanOut | None
    title: str | None
    resolution: Literal[RESOLUTIONS]
    cue: SpanOut | None
    confidence: float

    @classmethod
    def of(cls, q: Quote) -> "QuoteOut":
        return cls(**q.as_dict())


class ExtractIn(BaseModel):
    text: str = Field(max_length=MAX_TEXT_CHARS, description="the article, plain text")


class ExtractOut(BaseModel):
    quotes: list[QuoteOut]


def model_of(row_class: type) -> type[BaseModel]:
    """A response model with the fields of a quotes.db row class.

    The API returns the very rows the db package's queries make; deriving its schema from
    them keeps the OpenAPI document and the data from drifting apart.
    """
    attrs.resolve_types(row_class)
    fields: dict[str, Any] = {f.name: (f.type, ...) for f in attrs.fields(row_class)}
    return create_model(row_class.__name__, **fields)


QuoteRowOut = model_of(QuoteRow)
SpeakerRowOut = model_of(SpeakerRow)
ArticleRowOut = model_of(ArticleRow)
StatsOut = model_of(Stats)
AppearanceOut = model_of(Appearance)


class TrailOut(BaseModel):
    """A statement's copies: how many, in how many outlets, and the first 100 in time order
    (undated last)."""

    trail_id: int | None = Field(description="null for a quote not yet grouped (see `quotes db trails`)")
    copies: int
    outlets: int = Field(description="how many different outlets carried it")
    appearances: list[AppearanceOut]  # type: ignore[valid-type]


class StatementHitOut(BaseModel):
    quote: QuoteRowOut = Field(description="the statement's newest copy that matches")  # type: ignore[valid-type]
    matching: int = Field(description="how many of its copies match the search")
    trail: TrailOut | None


class StatementPage(BaseModel):
    statements: list[StatementHitOut]
    total: int = Field(description="statements found (among the first 300 matching quotes)")
    capped: bool = Field(description="more quotes matched than were grouped: total is a lower bound")
    page: int
    per_page: int
    has_next: bool
    problem: str | None = Field(description="why the search could not look for anything, if so")


class QuotePage(BaseModel):
    quotes: list[QuoteRowOut]  # type: ignore[valid-type]
    page: int
    per_page: int
    has_next: bool
    problem: str | None = Field(description="why the search could not look for anything, if so")


class QuoteInArticleOut(BaseModel):
    quote: QuoteRowOut  # type: ignore[valid-type]
    article_id: int


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM")
    quotes: int


class SpeakerDetailOut(BaseModel):
    speaker: SpeakerRowOut  # type: ignore[valid-type]
    statements: int = Field(description="different statements: the copies of one count once")
    per_month: list[MonthCount]
    latest: list[QuoteRowOut]  # type: ignore[valid-type]


class ArticleQuoteOut(QuoteOut):
    quote_id: int
    speaker_id: int | None = Field(description="the merged speaker (see /api/speakers/{id})")


class ArticleDetailOut(BaseModel):
    article: ArticleRowOut  # type: ignore[valid-type]
    text: str
    quotes: list[ArticleQuoteOut] = Field(description="with their spans, in text order")
