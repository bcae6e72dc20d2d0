"""POST /api/ingest: the one write, there only with `quotes serve --allow-ingest` and a token."""
from __future__ import annotations

import json
import secrets
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from quotes.db.ingest import ingest
from quotes.db.sources import Article, one_type_per_id, parse_record
from quotes.inputs import Problem
from quotes.parallel import map_extract
from quotes.web.limits import MAX_TEXT_CHARS, NO_NUL
from quotes.web.schemas import BODY_ERRORS, ErrorOut

# Extraction runs inside the request: keep one request's work bounded.
MAX_ARTICLES = 100
Credentials = Annotated[
    HTTPAuthorizationCredentials | None,
    Depends(HTTPBearer(auto_error=False, description="the token in $QUOTES_INGEST_TOKEN of `quotes serve`"))]


NoNul = Annotated[str, Field(pattern=NO_NUL)]


class ArticleIn(BaseModel):
    """One article, as a line of the JSONL that `quotes db ingest` reads."""

    # strict: JSON types as declared (no true for an id); other keys are the article's metadata
    model_config = ConfigDict(extra="allow", strict=True)
    id: NoNul | int | None = Field(None, description="what identifies the article; else its url")
    url: NoNul | None = None
    title: NoNul | None = None
    outlet: NoNul | None = None
    published: NoNul | None = Field(None, description="ISO date (or date-time)")
    text: NoNul = Field(max_length=MAX_TEXT_CHARS)


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)


class IngestOut(BaseModel):
    added: int
    replaced: int
    unchanged: int
    quotes: int
    problems: list[str] = Field(description="articles that were skipped, and why")


def _articles(body: IngestIn) -> list[Article | Problem]:
    """Each record checked exactly as `quotes db ingest` checks a JSONL line."""
    items: list[Article | Problem] = []
    for number, record in enumerate(body.articles, 1):
        try:
            items.append(parse_record(json.dumps(record.model_dump(exclude_unset=True)), f"article {number}"))
        except ValueError as exc:
            items.append(Problem(f"article {number}", str(exc)))
    return list(one_type_per_id(items))


def router(engine: sa.Engine, token: str) -> APIRouter:
    """The ingest route, writing through ``engine`` when the bearer token is ``token``."""
    def authorised(credentials: Credentials) -> None:
        given = credentials.credentials if credentials else ""
        # compare_digest: the time taken does not tell how much of a guess was right
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid bearer token is needed to ingest",
                                headers={"WWW-Authenticate": "Bearer"})

    api = APIRouter(prefix="/api", tags=["ingest"])

    @api.post("/ingest", response_model=IngestOut, dependencies=[Depends(authorised)],
              responses={**BODY_ERRORS, 401: {"model": ErrorOut, "description": "No or wrong token"}})
    def api_ingest(body: IngestIn) -> dict:
        """Extract and store articles: new ones are added, changed ones replaced."""
        problems: list[str] = []
        counts = ingest(engine, _articles(body), map_extract, on_problem=lambda p: problems.append(str(p)))
        return {"added": counts.added, "replaced": counts.replaced, "unchanged": counts.unchanged,
                "quotes": counts.quotes, "problems": problems}

    return api
