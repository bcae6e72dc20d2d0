"""The quote desk in headless Chromium: a quote's trail, search by statement with counts and
marked words, the interface in Indonesian and English, keyboard-only use of a result's details,
and a phone-sized layout. Each test saves a screenshot and checks it is not blank
($QUOTES_SCREENSHOTS, as in test_web_e2e_db.py)."""
from __future__ import annotations

from typing import Iterator

import pytest

import web_article
from quotes.db.trails import LISTED
from quotes.web.app import create_app
from webtest_helpers import LiveServer, screenshot

INDONESIAN = {"Accept-Language": "id-ID,id;q=0.9"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


@pytest.fixture(scope="module")
def server(db_location: str) -> Iterator[LiveServer]:
    with LiveServer(create_app(db_location)) as s:
        yield s


@pytest.fixture
def desk(browser, server) -> Iterator:
    """A tab whose cookies are cleared after it, so that a language chosen does not stay."""
    p = browser.new_page()
    errors: list[str] = []
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield p
    p.close()
    browser.clear_cookies()
    assert not errors, errors


def test_quote_trail_page(server, desk, shots):
    desk.set_extra_http_headers(ENGLISH)
    desk.goto(server.url + "/search?q=kedaulatan&outlet=Tempo")
    desk.locator("ol.results > li").first.get_by_role("link", name="in context").click()
    desk.wait_for_url("**/quotes/*")
    trail = desk.locator("section.trail")
    assert trail.locator(".reach").inner_text() == "Reported by 2 outlets, first by Kompas on 3 Jan 2024."
    items = trail.locator(".trail-list > li")
    assert items.count() == web_article.COPIES
    assert items.first.locator("strong").inner_text() == "Kompas"
    # the copy on this page is the one marked in its trail, and it is Tempo's
    assert trail.locator('[aria-current="true"] strong').inner_text() == "Tempo"
    trail.scroll_into_view_if_needed()
    screenshot(desk, shots, "trail")


def test_search_shows_counts_marks_and_numbered_pages(server, desk, shots):
    desk.set_extra_http_headers(INDONESIAN)
    desk.goto(server.url + "/search")
    desk.get_by_label('Kata atau "frasa" dalam kutipan').fill("pelabuhan")
    desk.get_by_role("button", name="Cari", exact=True).click()
    desk.wait_for_url("**/search?q=pelabuhan*")
    assert desk.locator(".count").inner_text().startswith(f"{web_article.STATEMENTS} pernyataan ditemukan")
    results = desk.locator("ol.results > li")
    assert results.count() == 20
    assert desk.locator("ol.results mark").count() == 20
    assert [m.lower() for m in desk.locator("ol.results mark").all_inner_texts()] == ["pelabuhan"] * 20
    screenshot(desk, shots, "search-statements")
    desk.get_by_role("navigation", name="Halaman hasil").get_by_role("link", name="Halaman 2").click()
    desk.wait_for_url("**page=2*")
    assert results.count() == web_article.STATEMENTS - 20
    assert desk.locator(".pager .current").inner_text() == "2"


def test_interface_in_indonesian_and_english(server, desk, shots):
    desk.set_extra_http_headers(INDONESIAN)
    desk.goto(server.url + "/stats")
    assert desk.locator("html").get_attribute("lang") == "id"
    assert desk.get_by_role("heading", level=1).inner_text() == "Isi basis data"
    assert desk.get_by_role("link", name="Cari", exact=True).is_visible()
    # the switch: English, remembered on the next page
    desk.get_by_role("link", name="English").click()
    desk.wait_for_url("**lang=en*")
    assert desk.get_by_role("heading", level=1).inner_text() == "What the database holds"
    desk.get_by_role("link", name="Search", exact=True).click()
    desk.wait_for_url("**/search")
    assert desk.get_by_role("heading", level=1).inner_text() == "Search quotes"
    screenshot(desk, shots, "english")
    desk.get_by_role("link", name="Bahasa Indonesia").click()
    assert desk.get_by_role("heading", level=1).inner_text() == "Cari kutipan"
    # and a browser that asks for English gets it without the switch
    desk.context.clear_cookies()
    desk.set_extra_http_headers(ENGLISH)
    desk.goto(server.url + "/search?q=kedaulatan")
    assert desk.locator(".count").inner_text() == "1 statement found"


def test_keyboard_reaches_a_results_details(server, desk, shots):
    desk.set_extra_http_headers(INDONESIAN)
    desk.goto(server.url + "/search?q=kedaulatan")
    desk.keyboard.press("Tab")
    desk.keyboard.press("Tab")
    assert desk.evaluate("document.activeElement.textContent") == "Langsung ke hasil"
    desk.keyboard.press("Enter")
    first = desk.locator("ol.results > li").first
    presses = 0
    while desk.evaluate("document.activeElement.tagName") != "SUMMARY":
        desk.keyboard.press("Tab")
        presses += 1
        assert presses <= 4, "the first result's trail is more than four Tab presses past the skip link"
    trail = first.locator("details.trail")
    assert not trail.locator(".trail-list").is_visible()
    desk.keyboard.press("Enter")
    assert trail.locator(".trail-list").is_visible()
    listed = min(web_article.COPIES, LISTED)  # the first copies; the trail page has them all
    assert trail.locator(".trail-list > li").count() == listed
    # the next Tab stop is the trail's first link; then, past the trail, how the speaker was found
    how = first.locator("details.how")
    for _ in range(listed + 1):
        desk.keyboard.press("Tab")
    assert desk.evaluate("document.activeElement.parentElement.className") == "how"
    desk.keyboard.press("Space")
    assert "Disebut sebagai “Ratna” (alias)" in how.inner_text() and "penanda “kata”" in how.inner_text()
    screenshot(desk, shots, "keyboard")
    # in an article, a quote's details come on keyboard focus too, not only on hover
    first.get_by_role("link", name="dalam konteks").click()
    desk.wait_for_url("**/quotes/*")
    desk.locator(".article .q[tabindex='0']").first.focus()
    tip = desk.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert "pembicara dikenali lewat" in tip


def test_phone_layout_puts_results_before_filters(server, browser, shots):
    phone = browser.new_page()
    try:
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.set_extra_http_headers(INDONESIAN)
        phone.goto(server.url + "/search?q=pelabuhan")
        first = phone.locator("ol.results > li").first.bounding_box()
        filters = phone.locator("aside.filters").bounding_box()
        assert first["y"] < filters["y"] and first["y"] < 844, (first, filters)
        # nothing wider than the screen: no sideways scrolling
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(phone, shots, "phone")
    finally:
        phone.close()
