"""/api: the database as JSON. Every route is read-only; see ingest_route.py for the one that is not."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from quotes.db import query
from quotes.web import lookups
from quotes.web.database import read
from quotes.web.limits import MAX_PAGE_SIZE
from quotes.web.params import Id, SearchParams, search_params
from quotes.web.schemas import (NOT_FOUND, ArticleDetailOut, ArticleQuoteOut, MonthCount, QuoteInArticleOut,
                                QuotePage, SpeakerDetailOut, SpeakerRowOut, StatementPage, StatsOut, TrailOut)

router = APIRouter(prefix="/api", tags=["database"])


@router.get("/quotes", response_model=QuotePage)
async def api_quotes(request: Request, p: Annotated[SearchParams, Depends(search_params)]) -> dict:
    """Full-text search with filters, newest first, a page at a time."""
    found = await read(request, lookups.search, p)
    return {"quotes": [q.as_dict() for q in found.quotes], "page": p.page, "per_page": p.per_page,
            "has_next": found.has_next, "problem": found.problem}


@router.get("/statements", response_model=StatementPage)
async def api_statements(request: Request, p: Annotated[SearchParams, Depends(search_params)]) -> dict:
    """The same search, one result per statement (its copies in other articles and outlets
    grouped), each with its trail."""
    found = await read(request, lookups.statements, p)
    return {"statements": [h.as_dict() for h in found.hits], "total": found.total, "capped": found.capped,
            "page": p.page, "per_page": p.per_page, "has_next": found.has_next, "problem": found.problem}


@router.get("/quotes/{quote_id}/trail", response_model=TrailOut, responses=NOT_FOUND)
async def api_trail(request: Request, quote_id: Id) -> dict:
    """Every appearance of the quote's statement, in time order: who carried it, when, and
    how each outlet named the speaker and worded it."""
    found = await read(request, lookups.trail, quote_id)
    if found is None:  # a quote never grouped: a statement of its own, with no trail yet
        return {"trail_id": None, "copies": 0, "outlets": 0, "appearances": []}
    return found.as_dict()


@router.get("/quotes/{quote_id}", response_model=QuoteInArticleOut, responses=NOT_FOUND)
async def api_quote(request: Request, quote_id: Id) -> dict:
    """One quote, and the id of its article (see /api/articles/{id} for the text)."""
    detail, index = await read(request, lookups.quote_in_context, quote_id)
    return {"quote": detail.quotes[index].as_dict(), "article_id": detail.article.article_id}


@router.get("/speakers", response_model=list[SpeakerRowOut])
async def api_speakers(request: Request,
                       top: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE * 10)] = 100) -> list[dict]:
    """The most quoted speakers, with their aliases and titles."""
    return [s.as_dict() for s in await read(request, query.list_speakers, top)]


@router.get("/speakers/{speaker_id}", response_model=SpeakerDetailOut, responses=NOT_FOUND)
async def api_speaker(request: Request, speaker_id: Id) -> dict:
    """One speaker: names, titles, quotes per month and the latest quotes."""
    found = await read(request, lookups.speaker, speaker_id)
    return {"speaker": found.speaker.as_dict(), "statements": found.statements,
            "per_month": [MonthCount(month=m, quotes=n) for m, n in found.per_month],
            "latest": [q.as_dict() for q in found.latest]}


@router.get("/articles/{article_id}", response_model=ArticleDetailOut, responses=NOT_FOUND)
async def api_article(request: Request, article_id: Id) -> dict:
    """One article: its text, and its quotes with the spans of their mention and cue."""
    found = await read(request, lookups.article, article_id)
    return {"article": found.article.as_dict(), "text": found.text,
            "quotes": [ArticleQuoteOut(quote_id=row.quote_id, speaker_id=row.speaker_id, **q.as_dict())
                       for row, q in zip(found.quotes, found.marked)]}


@router.get("/stats", response_model=StatsOut)
async def api_stats(request: Request) -> dict:
    """How many articles, quotes, speakers and outlets the database holds."""
    return (await read(request, query.stats)).as_dict()
