"""/extract (paste an article, see its quotes) and /api/extract: no database needed."""
from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from quotes import extract
from quotes.model import Quote
from quotes.outputs import Writer
from quotes.web.limits import MAX_TEXT_CHARS
from quotes.web.render import article_view, page
from quotes.web.schemas import BODY_ERRORS, ExtractIn, ExtractOut, QuoteOut

router = APIRouter()
PastedText = Annotated[str, Form(max_length=MAX_TEXT_CHARS)]
# The name a pasted article gets in the JSONL's "doc" field.
PASTED_DOC = "pasted"


async def quotes_of(text: str) -> list[Quote]:
    # Extraction is CPU-bound; off the event loop, other requests keep being served.
    return await run_in_threadpool(extract, text)


@router.get("/extract", response_class=HTMLResponse, include_in_schema=False)
async def extract_form(request: Request) -> HTMLResponse:
    return page(request, "extract.html", text="", result=None)


@router.post("/extract", response_class=HTMLResponse, include_in_schema=False)
async def extract_page(request: Request, text: PastedText) -> HTMLResponse:
    quotes = await quotes_of(text)
    return page(request, "extract.html", text=text, result=article_view(text, quotes))


@router.post("/extract/quotes.jsonl", include_in_schema=False)
async def extract_download(text: PastedText) -> Response:
    """The pasted article's quotes as JSONL, exactly as `quotes extract -f jsonl` prints them."""
    out = io.StringIO()
    writer = Writer(out, "jsonl")
    writer.write(PASTED_DOC, await quotes_of(text))
    writer.close()
    return Response(out.getvalue(), media_type="application/x-ndjson",
                    headers={"Content-Disposition": 'attachment; filename="quotes.jsonl"'})


@router.post("/api/extract", tags=["extract"], responses=BODY_ERRORS)
async def api_extract(body: ExtractIn) -> ExtractOut:
    """Every quotation in a text, with its speaker."""
    return ExtractOut(quotes=[QuoteOut.of(q) for q in await quotes_of(body.text)])
