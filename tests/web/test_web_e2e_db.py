"""End to end in headless Chromium over the test database: search, a quote in context, a speaker.

Screenshots go to $QUOTES_SCREENSHOTS when set (the README's come from there), else to a
temporary folder; each is checked not to be blank.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from quotes.web.app import create_app
from webtest_helpers import LiveServer, screenshot


@pytest.fixture(scope="module")
def server(db_location: str) -> Iterator[LiveServer]:
    with LiveServer(create_app(db_location)) as s:
        yield s


def test_search_then_context_then_speaker(server, page, shots):
    page.goto(server.url + "/search")
    page.get_by_label('Words or "phrases" in the quote').fill("kedaulatan")
    page.get_by_label("direct", exact=True).check()
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=kedaulatan*kind=direct*")
    results = page.locator("ol.results > li")
    assert results.count() == 1  # one statement, in twelve articles
    assert "kedaulatan" in results.first.inner_text()
    screenshot(page, shots, "search")

    results.first.get_by_role("link", name="in context").click()
    page.wait_for_url("**/quotes/*")
    focus = page.locator(".article .q.focus")
    assert "kedaulatan" in focus.first.inner_text()
    # how the speaker was resolved is on every highlight, for hover
    assert "speaker found via “Ratna” (alias)" in focus.first.get_attribute("title")
    mention = page.locator(".article .mention", has_text="ujarnya")
    assert "(pronoun)" in mention.get_attribute("title")
    # markup in a quote is shown as text, never run
    assert page.locator(".article script").count() == 0
    assert "<script>alert('x')</script>" in page.locator(".article").inner_text()
    focus.first.hover()
    screenshot(page, shots, "context")

    page.locator("figure").get_by_role("link", name="Ratna Wulandari").click()
    page.wait_for_url("**/speakers/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Ratna Wulandari"
    # the chart really drew: Chart.js knows the canvas and has a bar for each month
    bars = page.evaluate("Chart.getChart('per-month').data.datasets[0].data.length")
    assert bars == 12
    screenshot(page, shots, "speaker")


def test_stats_page_and_keyboard_navigation(server, page, shots):
    page.goto(server.url + "/stats")
    assert page.evaluate("Chart.getChart('top-speakers').data.labels") == ["Ratna Wulandari", "Dimas Pratama", "Bayu Santoso"]
    screenshot(page, shots, "stats")
    page.goto(server.url + "/search")
    # the search box has focus on arrival; typing and Enter searches, no mouse needed
    # (wait for the focus itself: on a loaded machine it can land after the load event)
    page.wait_for_function("document.activeElement && document.activeElement.name === 'q'")
    page.keyboard.type("ancaman")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=ancaman*")
    assert page.locator("ol.results > li").count() == 1
    # the first Tab from the top of a page reaches the skip link
    page.goto(server.url + "/stats")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
