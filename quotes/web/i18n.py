"""The interface's language: Indonesian by default, English by choice.

Texts are written in English in the templates and code (``_("…")``, ``{% trans %}``) and
translated by gettext catalogues: ``quotes/web/locale/<lang>/LC_MESSAGES/messages.po``,
made and updated with Babel (``babel.cfg``; see the README). The .po files are read
when first needed, so there is no compiled catalogue to forget to rebuild.

Which language a request gets: ``?lang=`` (the switch in the page header, remembered in a
cookie), else the cookie, else the browser's ``Accept-Language``, else Indonesian.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as gettext_module
import io
from pathlib import Path
from typing import Iterator

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

LOCALES = ("id", "en")  # English is the language the texts are written in
DEFAULT = "id"
COOKIE = "lang"
LOCALE_DIR = Path(__file__).parent / "locale"

# outside a request (the library, tests) texts stay as written; Locale sets it per request
_current: contextvars.ContextVar[str] = contextvars.ContextVar("locale", default="en")


@functools.cache
def translations(locale: str) -> gettext_module.NullTranslations:
    """The catalogue of ``locale`` (English: the texts as written)."""
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return gettext_module.NullTranslations()
    with open(po, "rb") as f:
        catalog = read_po(f, locale=locale)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext_module.GNUTranslations(mo)


def _accepted(header: str) -> Iterator[str]:
    """The languages of an Accept-Language header, most wanted first."""
    weighted = []
    for n, part in enumerate(header.split(",")):
        lang, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if lang:
            weighted.append((-q, n, lang.strip().lower().split("-")[0]))
    for q, _, lang in sorted(weighted):
        if q < 0:
            yield lang


def choose(request: Request) -> str:
    """The language for this request."""
    for asked in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if asked in LOCALES:
            return asked
    for lang in _accepted(request.headers.get("accept-language", "")):
        if lang in LOCALES:
            return lang
    return DEFAULT


@contextlib.contextmanager
def using(locale: str) -> Iterator[None]:
    token = _current.set(locale)
    try:
        yield
    finally:
        _current.reset(token)


class Locale:
    """ASGI middleware: every text made while a request is answered is in its language."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with using(choose(Request(scope))):
            await self.app(scope, receive, send)


def current() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Marks a text for the catalogue where it is written; it is translated where shown."""
    return message


# words that come from the data, shown translated (``_(kind)``): listed so that Babel finds them
DATA_WORDS = (N_("direct"), N_("mixed"), N_("indirect"),
              N_("name"), N_("alias"), N_("pronoun"), N_("role"), N_("organisation"), N_("none"))
