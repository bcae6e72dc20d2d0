"""The web application: pages rendered on the server, and the same data as JSON under /api."""
from __future__ import annotations

import contextlib
import json
from typing import Any, AsyncIterator, Sequence

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.middleware.trustedhost import TrustedHostMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from quotes import __version__
from quotes.db.store import open_db
from quotes.web import api, extract_routes, ingest_route, pages
from quotes.web.cache import BUDGET_BYTES, Generation, PageCache
from quotes.web.database import open_readonly
from quotes.web.headers import SecurityHeaders
from quotes.web.i18n import Locale
from quotes.web.limits import BodyLimit
from quotes.web.render import HERE, page

API_DESCRIPTION = """Quotations and their speakers from Indonesian news.

Read-only, except `POST /api/ingest`, which exists only when the server was started with
`--allow-ingest` and needs the bearer token given then."""


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/openapi.json"


async def http_error(request: Request, exc: HTTPException) -> Response:
    if wants_html(request):
        return page(request, "error.html", status_code=exc.status_code,
                    status=exc.status_code, message=exc.detail)
    return await http_exception_handler(request, exc)


class AsciiJSONResponse(JSONResponse):
    """JSON with every non-ASCII character escaped: an error that echoes a request's lone
    surrogate ("\\ud800", no character of UTF-8) is still valid JSON this way, not a 500."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    if wants_html(request):
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()]
        return page(request, "error.html", status_code=422, status=422,
                    message="; ".join(problems) or "invalid request")
    return AsciiJSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)


# Names a server on this machine answers to: any other Host header is a page elsewhere
# reaching it through DNS rebinding.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def allowed_hosts(listen: str, extra: Sequence[str] = ()) -> list[str]:
    """Host header values to answer for a server listening on ``listen``: the loopback names
    for loopback, else that address; every name for all addresses (0.0.0.0, ::) unless
    ``extra`` names them."""
    if listen in ("0.0.0.0", "::", ""):
        return list(extra) or ["*"]
    if listen in LOOPBACK_NAMES or listen.startswith("127."):
        return [*LOOPBACK_NAMES, listen, *extra]
    return [listen, *extra]


def create_app(db_url: str | None, allow_ingest: bool = False, token: str | None = None,
               hosts: Sequence[str] = ("*",), page_cache_bytes: int = BUDGET_BYTES) -> FastAPI:
    """The app over the database at ``db_url`` (None: only /extract, which needs no database).

    The ingest endpoint exists only with ``allow_ingest`` and a non-empty ``token``; a
    request whose Host header is not one of ``hosts`` (see allowed_hosts()) is refused.
    Finished pages are kept up to ``page_cache_bytes`` until the database changes (cache.py;
    0 keeps none).
    """
    if allow_ingest and not (token and db_url):
        raise ValueError("ingest needs a database and a token (QUOTES_INGEST_TOKEN)")
    engine = open_readonly(db_url) if db_url else None
    # the one engine that may write, only for the ingest route
    writer = open_db(db_url, write=True) if allow_ingest and db_url else None
    generation = Generation(engine) if engine is not None and page_cache_bytes > 0 else None

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if generation is not None:
            generation.close()
        for opened in (engine, writer):
            if opened is not None:
                opened.dispose()

    # No Swagger UI: it loads its scripts from a CDN, and the app must work offline.
    app = FastAPI(title="quotes", version=__version__, description=API_DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.engine = engine
    if generation is not None:
        app.add_middleware(PageCache, generation=generation, budget=page_cache_bytes)  # innermost: inside Locale
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(Locale)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(extract_routes.router)
    if engine is not None:
        app.include_router(api.router)
        app.include_router(pages.router)
    if writer is not None and token:
        app.include_router(ingest_route.router(writer, token))

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/search" if engine is not None else "/extract")

    return app
