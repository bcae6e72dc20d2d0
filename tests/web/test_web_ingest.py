"""POST /api/ingest: absent by default; with --allow-ingest, only for the bearer token."""
from __future__ import annotations

from typing import Iterator

import pytest
from fastapi.testclient import TestClient

import web_article
from quotes.web import ingest_route
from quotes.web.app import create_app

TOKEN = "s3cret-token"
NEW = {"id": "baru-1", "title": "Menlu Tinjau Perundingan", "outlet": "Antara", "published": "2025-01-02",
       "text": web_article.TEXT}


@pytest.fixture(scope="module")
def ingesting(db_location: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_location, allow_ingest=True, token=TOKEN)) as c:
        yield c


@pytest.fixture(autouse=True)
def known_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_route, "map_extract", web_article.extractor)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_no_ingest_route_unless_allowed(client):
    assert client.post("/api/ingest", json={"articles": [NEW]}, headers=auth(TOKEN)).status_code in (404, 405)
    assert "/api/ingest" not in client.get("/openapi.json").json()["paths"]


def test_allow_ingest_needs_a_token(db_location):
    with pytest.raises(ValueError):
        create_app(db_location, allow_ingest=True, token=None)


@pytest.mark.parametrize("headers", [{}, auth("wrong"), auth(TOKEN + "x"), {"Authorization": TOKEN}])
def test_ingest_refuses_without_the_token(ingesting, headers):
    r = ingesting.post("/api/ingest", json={"articles": [NEW]}, headers=headers)
    assert r.status_code == 401
    assert ingesting.get("/api/quotes", params={"outlet": "Antara"}).json()["quotes"] == []


def test_ingest_stores_articles_and_reports_problems(ingesting):
    body = {"articles": [NEW, {"id": "kosong", "text": "  "}]}
    r = ingesting.post("/api/ingest", json=body, headers=auth(TOKEN))
    assert r.status_code == 200, r.text
    result = r.json()
    assert (result["added"], result["quotes"]) == (1, 4)
    assert len(result["problems"]) == 1 and "text" in result["problems"][0]
    found = ingesting.get("/api/quotes", params={"outlet": "Antara"}).json()["quotes"]
    assert len(found) == 4 and found[0]["published"] == "2025-01-02"
    again = ingesting.post("/api/ingest", json={"articles": [NEW]}, headers=auth(TOKEN)).json()
    assert (again["added"], again["unchanged"]) == (0, 1)


@pytest.mark.parametrize("body", [{}, {"articles": []}, {"articles": [{"id": "x"}]},
                                  {"articles": [NEW] * 101}, {"articles": [{**NEW, "text": "a\x00b"}]}])
def test_ingest_rejects_bad_bodies(ingesting, body):
    assert ingesting.post("/api/ingest", json=body, headers=auth(TOKEN)).status_code == 422


def test_ids_that_differ_only_in_type_are_reported_not_one_article(ingesting):
    body = {"articles": [{**NEW, "id": 41}, {**NEW, "id": "41", "text": NEW["text"] + " Lagi."}]}
    result = ingesting.post("/api/ingest", json=body, headers=auth(TOKEN)).json()
    assert result["added"] == 1 and result["replaced"] == 0
    assert result["problems"] == ['article 2: "id" "41" is article 1\'s "id" 41: a number and a string, '
                                  "one article cannot be both; skipped (give every id as a string)"]
