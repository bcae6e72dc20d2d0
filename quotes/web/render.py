"""Server-side HTML: the Jinja environment and the helpers every page uses."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlencode

import jinja2
from babel.dates import format_date
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from quotes.model import Quote
from quotes.web import i18n
from quotes.web.highlight import describe, how_found, segments
from quotes.web.matches import marked, page_numbers

HERE = Path(__file__).parent

# Autoescape on for every template, whatever its name: all text shown comes from articles or
# requests, and must print as text (a quote holding <script> shows as "<script>").
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                          extensions=["jinja2.ext.i18n"])
# the request's language is looked up as each text is translated (see page())
_env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
templates = Jinja2Templates(env=_env)


def with_query(request: Request, **changes: Any) -> str:
    """The current URL's query string with some parameters replaced (None drops one).

    Repeated parameters (kind=direct&kind=mixed) are kept, all of them.
    """
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, str(v)) for k, v in changes.items() if v is not None and v != ""]
    return "?" + urlencode(params)


def day(value: dt.date) -> str:
    """A date as people of the request's language write it ("2 Jun 2024")."""
    return format_date(value, "d MMM y", locale=i18n.current())


_env.globals.update(with_query=with_query, page_numbers=page_numbers)
_env.filters.update(marked=marked, day=day)


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered in the request's language."""
    locale = i18n.current()  # chosen for the request by the i18n.Locale middleware
    response = templates.TemplateResponse(request, name, {**context, "locale": locale}, status_code=status_code)
    if request.query_params.get("lang") == locale:  # the switch was used: remember it
        response.set_cookie(i18n.COOKIE, locale, max_age=365 * 24 * 3600, samesite="lax")
    response.headers["Vary"] = "Accept-Language, Cookie"
    response.headers["Content-Language"] = locale
    return response


def article_view(text: str, quotes: Sequence[Quote]) -> dict[str, Any]:
    """What templates/_article.html needs to show ``text`` with its quotes highlighted."""
    return {"segments": segments(text, quotes), "tips": [describe(q) for q in quotes],
            "how": [how_found(q) for q in quotes], "quotes": list(quotes)}
