"""Server-side HTML: the Jinja environment and the helpers every page uses."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from quotes.model import Quote
from quotes.web.highlight import describe, how_found, segments

HERE = Path(__file__).parent

# Autoescape on for every template, whatever its name: all text shown comes from articles or
# requests, and must print as text (a quote holding <script> shows as "<script>").
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=_env)


def with_query(request: Request, **changes: Any) -> str:
    """The current URL's query string with some parameters replaced (None drops one).

    Repeated parameters (kind=direct&kind=mixed) are kept, all of them.
    """
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
    return "?" + urlencode(params)


_env.globals["with_query"] = with_query


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def article_view(text: str, quotes: Sequence[Quote]) -> dict[str, Any]:
    """What templates/_article.html needs to show ``text`` with its quotes highlighted."""
    return {"segments": segments(text, quotes), "tips": [describe(q) for q in quotes],
            "how": [how_found(q) for q in quotes], "quotes": list(quotes)}
