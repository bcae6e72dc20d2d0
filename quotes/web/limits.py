"""Request size limits, enforced before a body reaches any handler."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# An article pasted into /extract is well under 100 KB; 1 MiB leaves room for long reports
# while keeping one request from holding the extractor (or memory) for long.
MAX_BODY_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 500_000
MAX_QUERY_CHARS = 200
MAX_PAGE_SIZE = 100
# Deep OFFSET pages cost a scan of everything before them; nobody reads page 500 of a search.
MAX_PAGE = 500
# No database here stores NUL in text, and PostgreSQL refuses it outright: text fields that
# reach a database carry this pattern, so NUL is a 422 rather than a failed query.
NO_NUL = "^[^\x00]*$"


def too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"request body too large (limit {limit:,} bytes)")


class BodyLimit:
    """ASGI middleware refusing a body over ``limit`` bytes with 413, declared or streamed.

    The refusal is raised from ``receive``, inside whatever handler reads the body, so the
    app's own exception handlers answer it: an error page for a form, JSON for the API. A
    declared Content-Length over the limit is refused before a byte of the body is read.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        refused = declared is not None and (not declared.isdigit() or int(declared) > self.limit)
        received = 0

        async def counted() -> Message:
            nonlocal received
            if refused:
                raise too_large(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise too_large(self.limit)
            return message

        await self.app(scope, counted, send)
