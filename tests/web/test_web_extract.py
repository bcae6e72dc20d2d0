"""/extract and /api/extract through the framework's test client (no database)."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

import web_article as article
from quotes.web import extract_routes
from quotes.web.app import create_app
from quotes.web.limits import MAX_BODY_BYTES


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(None))


@pytest.fixture
def known_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extractor replaced by the article's hand-marked quotes, so that what is shown is known."""
    monkeypatch.setattr(extract_routes, "extract",
                        lambda text: article.quotes() if text == article.TEXT else [])


def test_api_extract_returns_the_extractors_quotes_as_jsonl_records(client, known_quotes):
    r = client.post("/api/extract", json={"text": article.TEXT})
    assert r.status_code == 200
    assert r.json() == {"quotes": [q.as_dict() for q in article.quotes()]}


def test_api_extract_runs_the_real_extractor(client):
    from quotes import extract

    r = client.post("/api/extract", json={"text": article.TEXT})
    assert r.status_code == 200
    assert r.json()["quotes"] == [q.as_dict() for q in extract(article.TEXT)]


def test_extract_page_highlights_each_quote_and_escapes_markup(client, known_quotes):
    r = client.post("/extract", data={"text": article.TEXT})
    assert r.status_code == 200
    html = r.text
    assert "4 kutipan ditemukan" in html
    for kind in ("direct", "mixed", "indirect"):
        assert f'class="q q-{kind}"' in html
    assert 'class="mention"' in html and 'class="cue"' in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; bukan ancaman" in html
    # the hover text tells how the speaker was resolved (in Indonesian, the default)
    assert "pembicara dikenali lewat “ujarnya” (kata ganti)" in html
    # the list of quotes comes first, then the highlighted article
    assert html.index('<table class="quotes">') < html.index('<div class="article"')


def test_extract_download_is_the_cli_jsonl(client, known_quotes):
    r = client.post("/extract/quotes.jsonl", data={"text": article.TEXT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in r.headers["content-disposition"]
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert rows == [q.as_dict(extract_routes.PASTED_DOC) for q in article.quotes()]


@pytest.mark.parametrize("body", [{}, {"text": 5}, {"text": "x" * 600_000}, [1]])
def test_api_extract_rejects_bad_bodies_with_422(client, body):
    assert client.post("/api/extract", json=body).status_code == 422


def test_oversized_bodies_are_refused_before_parsing(client):
    big = b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}'
    r = client.post("/api/extract", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_oversized_forms_get_an_error_page(client):
    r = client.post("/extract", data={"text": "a" * (MAX_BODY_BYTES + 1)})
    assert r.status_code == 413 and "<!doctype html>" in r.text and "Galat 413" in r.text


def test_oversized_streamed_bodies_are_refused(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(20):
            yield b"a" * 100_000
        yield b'"}'

    r = client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_unknown_paths_are_404_as_html_or_json(client):
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "Tidak ditemukan" in page.text
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


def test_the_openapi_document_describes_the_api(client):
    doc = client.get("/openapi.json").json()
    assert "/api/extract" in doc["paths"]
    assert "/api/ingest" not in doc["paths"]
