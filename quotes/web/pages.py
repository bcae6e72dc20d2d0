"""The HTML pages over the database, rendered on the server: they work without JavaScript."""
from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from quotes.db import query
from quotes.web import lookups
from quotes.web.database import connection
from quotes.web.params import Id, SearchParams, search_params
from quotes.web.render import article_view, page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Conn = Annotated[sa.Connection, Depends(connection)]
TOP_SPEAKERS = 15


@router.get("/search")
def search_page(request: Request, conn: Conn,
                p: Annotated[SearchParams, Depends(search_params)]) -> HTMLResponse:
    return page(request, "search.html", p=p, found=lookups.search(conn, p))


@router.get("/quotes/{quote_id}")
def quote_page(request: Request, conn: Conn, quote_id: Id) -> HTMLResponse:
    detail, index = lookups.quote_in_context(conn, quote_id)
    return page(request, "quote.html", detail=detail, index=index, quote=detail.quotes[index],
                view=article_view(detail.text, detail.marked))


@router.get("/articles/{article_id}")
def article_page(request: Request, conn: Conn, article_id: Id) -> HTMLResponse:
    detail = lookups.article(conn, article_id)
    return page(request, "article.html", detail=detail, view=article_view(detail.text, detail.marked))


@router.get("/speakers/{speaker_id}")
def speaker_page(request: Request, conn: Conn, speaker_id: Id) -> HTMLResponse:
    return page(request, "speaker.html", s=lookups.speaker(conn, speaker_id))


@router.get("/stats")
def stats_page(request: Request, conn: Conn) -> HTMLResponse:
    return page(request, "stats.html", stats=query.stats(conn),
                top=query.list_speakers(conn, top=TOP_SPEAKERS))
