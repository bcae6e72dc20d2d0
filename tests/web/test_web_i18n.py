"""The interface's languages (quotes.web.i18n), marked search words and page numbers
(quotes.web.matches): exact values on small examples."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from starlette.requests import Request

from quotes.web import i18n
from quotes.web.matches import marked, page_numbers

WEB = Path(i18n.__file__).parent


def test_every_text_of_the_interface_has_an_indonesian_translation():
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    texts = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            WEB, method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
            options_map={"templates/**.html": options}, keywords={**DEFAULT_KEYWORDS, "N_": None}):
        texts.add(message if isinstance(message, str) else message[0])
    with open(WEB / "locale" / "id" / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = read_po(f, locale="id")
    untranslated = sorted(t for t in texts if not (catalogue.get(t) and catalogue.get(t).string))
    assert len(texts) > 100 and untranslated == []


def request(query: str = "", cookie: str = "", language: str = "") -> Request:
    headers = [(b"accept-language", language.encode()), (b"cookie", cookie.encode())]
    return Request({"type": "http", "query_string": query.encode(), "headers": headers})


@pytest.mark.parametrize("query, cookie, language, chosen", [
    ("", "", "", "id"),
    ("", "", "en-US,en;q=0.9", "en"),
    ("", "", "fr-FR, en;q=0.4, id;q=0.8", "id"),
    ("", "", "fr, de", "id"),
    ("", "lang=en", "id", "en"),
    ("lang=id", "lang=en", "en", "id"),
    ("lang=xx", "", "en;q=0.5", "en"),
    ("", "", "en;q=abc, id;q=0.1", "id"),  # a q that is no number: not wanted
])
def test_the_language_chosen(query, cookie, language, chosen):
    assert i18n.choose(request(query, cookie, language)) == chosen


def test_texts_follow_the_language_in_use():
    assert i18n.gettext("Search quotes") == "Search quotes"  # outside a request: as written
    with i18n.using("id"):
        assert i18n.gettext("Search quotes") == "Cari kutipan"
        assert i18n.ngettext("%(num)d copy", "%(num)d copies", 3) % {"num": 3} == "3 salinan"
    assert i18n.current() == "en"


def test_search_words_are_marked_and_the_rest_escaped():
    assert marked("Kedaulatan <b>tidak</b> bisa ditawar", '"tidak bisa" kedaulatan') == (
        "<mark>Kedaulatan</mark> &lt;b&gt;<mark>tidak</mark>&lt;/b&gt; <mark>bisa</mark> ditawar")
    assert marked("Harga naïk lagi", "naik") == "Harga <mark>naïk</mark> lagi"
    assert marked("a < b", None) == "a &lt; b"


@pytest.mark.parametrize("current, last, numbers", [
    (1, 1, [1]),
    (1, 5, [1, 2, 3, None, 5]),
    (4, 5, [1, 2, 3, 4, 5]),
    (10, 30, [1, None, 8, 9, 10, 11, 12, None, 30]),
    (30, 30, [1, None, 28, 29, 30]),
])
def test_page_numbers(current, last, numbers):
    assert page_numbers(current, last) == numbers
