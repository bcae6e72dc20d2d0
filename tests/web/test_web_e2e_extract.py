"""End to end in headless Chromium: paste an article into /extract and see its quotes."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from webtest_helpers import LiveServer, assert_not_blank

import web_article as article
from quotes import extract
from quotes.web.app import create_app


def test_paste_an_article_into_extract(page, tmp_path: Path):
    expected = extract(article.TEXT)
    with LiveServer(create_app(None)) as server:
        page.goto(server.url + "/extract")
        page.get_by_label("Article text").fill(article.TEXT)
        page.get_by_role("button", name="Find quotes").click()
        heading = page.get_by_role("heading", level=2)
        assert heading.inner_text().startswith(f"{len(expected)} quote")
        # every quote the extractor finds is highlighted, and markup in the text stays text
        assert page.locator(".article").inner_text().strip() == article.TEXT.strip()
        assert page.locator(".article script").count() == 0
        marked = page.locator(".article .q").evaluate_all(
            "els => [...new Set(els.map(e => e.dataset.q))].length")
        assert marked == len([q for q in expected if q.end > q.start])
        with page.expect_download() as download:
            page.get_by_role("button", name="Download JSONL").click()
        assert download.value.suggested_filename == "quotes.jsonl"
        # the list of quotes comes before the highlighted article
        assert page.locator("table.quotes").bounding_box()["y"] < page.locator(".article").bounding_box()["y"]
        shot = Path(os.environ.get("QUOTES_SCREENSHOTS") or tmp_path) / "extract.png"
        page.screenshot(path=str(shot), full_page=True)
    assert_not_blank(shot)
