"""The HTML pages over the database, rendered on the server: they work without JavaScript."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from quotes.db import query
from quotes.web import lookups
from quotes.web.database import read
from quotes.web.params import Id, SearchParams, search_params
from quotes.web.render import article_view, page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
TOP_SPEAKERS = 15


@router.get("/search")
async def search_page(request: Request, p: Annotated[SearchParams, Depends(search_params)]) -> HTMLResponse:
    return page(request, "search.html", p=p, found=await read(request, lookups.statements, p),
                max_grouped=lookups.MAX_GROUPED)


@router.get("/quotes/{quote_id}")
async def quote_page(request: Request, quote_id: Id) -> HTMLResponse:
    detail, index = await read(request, lookups.quote_in_context, quote_id)
    return page(request, "quote.html", detail=detail, index=index, quote=detail.quotes[index],
                view=article_view(detail.text, detail.marked), trail=await read(request, lookups.trail, quote_id))


@router.get("/articles/{article_id}")
async def article_page(request: Request, article_id: Id) -> HTMLResponse:
    detail = await read(request, lookups.article, article_id)
    return page(request, "article.html", detail=detail, view=article_view(detail.text, detail.marked))


@router.get("/speakers/{speaker_id}")
async def speaker_page(request: Request, speaker_id: Id) -> HTMLResponse:
    return page(request, "speaker.html", s=await read(request, lookups.speaker, speaker_id))


@router.get("/stats")
async def stats_page(request: Request) -> HTMLResponse:
    return page(request, "stats.html", stats=await read(request, query.stats),
                top=await read(request, query.list_speakers, TOP_SPEAKERS))
