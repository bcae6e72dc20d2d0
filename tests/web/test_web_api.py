"""The JSON API and the pages over a real database (SQLite and PostgreSQL), via TestClient."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

import web_article
from quotes.db import trails
from quotes.web.database import open_readonly
from quotes.web.lookups import every_month

RATNA_QUOTES = 3 * web_article.COPIES


def test_search_finds_every_copy_newest_first(client):
    r = client.get("/api/quotes", params={"q": "kedaulatan", "per_page": 100})
    assert r.status_code == 200
    body = r.json()
    assert len(body["quotes"]) == web_article.COPIES and not body["has_next"]
    dates = [q["published"] for q in body["quotes"]]
    assert dates == sorted(dates, reverse=True)
    assert {q["speaker"] for q in body["quotes"]} == {"Ratna Wulandari"}


@pytest.mark.parametrize("params, expected", [
    ({"speaker": "Bayu"}, web_article.COPIES),
    ({"speaker": "menteri luar negeri"}, RATNA_QUOTES),
    ({"kind": ["mixed", "indirect"]}, 2 * web_article.COPIES),
    ({"outlet": "kompas"}, 4 * web_article.COPIES // 2 + (web_article.STATEMENTS + 1) // 2),
    ({"since": "2024-03-01", "until": "2024-04-30"}, 8),
    ({"q": '"duduk bersama"', "outlet": "Tempo"}, web_article.COPIES // 2),
    ({"q": "tidak ada kata ini"}, 0),
])
def test_search_filters(client, params, expected):
    r = client.get("/api/quotes", params={**params, "per_page": 100})
    assert r.status_code == 200, r.text
    assert len(r.json()["quotes"]) == expected


def test_search_pages_through_results(client):
    seen = []
    for page in (1, 2, 3):
        body = client.get("/api/quotes", params={"q": "kedaulatan", "per_page": 5, "page": page}).json()
        seen += [q["quote_id"] for q in body["quotes"]]
        assert body["has_next"] == (page < 3)
    assert len(seen) == len(set(seen)) == web_article.COPIES


@pytest.mark.parametrize("params", [{"q": "!!!"}, {"speaker": "???"}])
def test_searches_for_nothing_find_nothing_and_say_why(client, params):
    r = client.get("/api/quotes", params=params)
    assert r.status_code == 200
    body = r.json()
    assert body["quotes"] == [] and ("no letters or digits" in body["problem"] or "no words" in body["problem"])


@pytest.mark.parametrize("params, status", [
    ({"since": "2024-02-31"}, 422),
    ({"since": "yesterday"}, 422),
    ({"kind": "quoted"}, 422),
    ({"per_page": 0}, 422),
    ({"per_page": 1000}, 422),
    ({"page": 10_000}, 422),
    ({"q": "x" * 300}, 422),
    ({"q": "a\x00b"}, 422),
])
def test_bad_searches_are_client_errors(client, params, status):
    r = client.get("/api/quotes", params=params)
    assert r.status_code == status, r.text
    assert isinstance(r.json()["detail"], list)


def test_search_words_are_data_not_syntax(client):
    for q in ['kedaulatan" OR "x', "kedaulatan'; DROP TABLE quotes; --", "NEAR(a b)", "*", "ancaman AND"]:
        r = client.get("/api/quotes", params={"q": q})
        assert r.status_code == 200, (q, r.text)
    assert client.get("/api/stats").json()["quotes"] == 4 * web_article.COPIES + web_article.STATEMENTS


def test_speakers_and_one_speaker(client):
    speakers = client.get("/api/speakers").json()
    assert [(s["name"], s["quotes"]) for s in speakers] == [
        ("Ratna Wulandari", RATNA_QUOTES), ("Dimas Pratama", web_article.STATEMENTS),
        ("Bayu Santoso", web_article.COPIES)]
    ratna = speakers[0]
    assert "Ratna" in ratna["aliases"] and "Menteri Luar Negeri" in ratna["titles"]
    detail = client.get(f"/api/speakers/{ratna['speaker_id']}").json()
    assert detail["speaker"] == ratna
    assert detail["per_month"] == [{"month": f"2024-{m:02d}", "quotes": 3} for m in range(1, 13)]
    assert detail["latest"][0]["published"] == "2024-12-03"


def test_article_has_text_and_quote_spans(client):
    hit = client.get("/api/quotes", params={"q": "ancaman", "per_page": 1}).json()["quotes"][0]
    quote = client.get(f"/api/quotes/{hit['quote_id']}").json()
    assert quote["quote"] == hit
    article = client.get(f"/api/articles/{quote['article_id']}").json()
    assert article["article"]["title"] == hit["article_title"]
    text = article["text"]
    for q in article["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
        assert text[q["speaker_mention"]["start"]:q["speaker_mention"]["end"]] == q["speaker_mention"]["text"]
        assert text[q["cue"]["start"]:q["cue"]["end"]] == q["cue"]["text"]
    assert [q["resolution"] for q in article["quotes"]] == ["name", "alias", "pronoun", "name"]


@pytest.mark.parametrize("path", ["/api/articles/{}", "/api/speakers/{}", "/api/quotes/{}",
                                  "/articles/{}", "/speakers/{}", "/quotes/{}"])
@pytest.mark.parametrize("ident", [0, -1, 999_999, 2**31 - 1, -(2**31)])
def test_unknown_ids_are_404(client, path, ident):
    assert client.get(path.format(ident)).status_code == 404


@pytest.mark.parametrize("path", ["/api/articles/abc", "/api/articles/1.5", f"/api/articles/{2**31}", f"/quotes/{2**64}"])
def test_non_ids_are_422(client, path):
    assert client.get(path).status_code == 422


def test_stats(client):
    stats = client.get("/api/stats").json()
    ports = web_article.STATEMENTS  # each an article with one direct quote, dated in 2023
    assert stats == {"articles": web_article.COPIES + 1 + ports, "quotes": 4 * web_article.COPIES + ports,
                     "speakers": 3, "outlets": 2, "first_published": "2023-01-01", "last_published": "2024-12-03",
                     "by_kind": {"direct": 2 * web_article.COPIES + ports, "indirect": web_article.COPIES,
                                 "mixed": web_article.COPIES},
                     "unattributed": 0}


def test_pages_escape_markup_from_the_database(client):
    hit = client.get("/api/quotes", params={"q": "ancaman", "per_page": 1}).json()["quotes"][0]
    for url in ("/search?q=ancaman", f"/quotes/{hit['quote_id']}"):
        html = client.get(url).text
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    plain = client.get("/api/quotes", params={"q": "kedaulatan", "per_page": 1}).json()["quotes"][0]
    assert plain
    stats_html = client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").text
    assert "<script>alert(1)" not in stats_html and "&lt;script&gt;alert(1)&lt;/script&gt;" in stats_html


def test_search_page_works_without_javascript(client):
    html = client.get("/search", params={"q": "pelabuhan", "per_page": 5, "since": "", "until": "",
                                         "speaker": "", "outlet": ""}).text
    assert html.count('class="result q-direct"') == 5
    assert 'rel="next"' in html and "<script" not in html
    for field in ("q", "speaker", "outlet", "since", "until"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    # the total, and pages by number: 25 statements, 5 a page
    assert f"{web_article.STATEMENTS} pernyataan ditemukan" in html
    assert '<span aria-current="page" class="current">1</span>' in html
    assert [f'page={n}"' in html for n in range(2, 7)] == [True, True, False, True, False]
    # the searched word is marked in every result
    assert html.count("<mark>Pelabuhan</mark>") == 5


def test_next_page_link_keeps_every_filter(client):
    html = client.get("/search", params=[("kind", "direct"), ("kind", "mixed"), ("per_page", 5),
                                         ("outlet", "Tempo")]).text
    link = html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert link == "?kind=direct&kind=mixed&per_page=5&outlet=Tempo&page=2"
    assert client.get("/search" + link).status_code == 200


def test_search_rows_are_statements_with_their_trail(client):
    html = client.get("/search", params={"q": "kedaulatan"}).text
    # twelve copies in two outlets: one row, which opens onto the first ten and counts the rest
    assert html.count('class="result q-direct"') == 1 and "1 pernyataan ditemukan" in html
    assert "Diberitakan 2 media, pertama oleh Kompas pada 3 Jan 2024 · 12 salinan" in html
    listed = html[html.index('class="trail-list"'):html.index("</ol>", html.index('class="trail-list"'))]
    assert listed.count("<li") == 10 and f"dan {web_article.COPIES - 10} salinan lain" in html
    # the English interface, by the switch or by the browser's language
    english = client.get("/search", params={"q": "kedaulatan", "lang": "en"})
    remembered = client.get("/stats").text
    client.cookies.clear()  # the client is shared: the other tests get the default language
    assert "Reported by 2 outlets, first by Kompas on 3 Jan 2024 · 12 copies" in english.text
    assert english.cookies.get("lang") == "en" and '<html lang="en">' in english.text
    assert "Top speakers" in remembered
    by_header = client.get("/search", headers={"Accept-Language": "en-GB,en;q=0.9,id;q=0.5"}).text
    assert "Search quotes" in by_header
    assert "Cari kutipan" in client.get("/search", headers={"Accept-Language": "fr, id;q=0.8, en;q=0.5"}).text


def test_no_results_say_what_to_change(client):
    html = client.get("/search", params={"q": "kedaulatan", "speaker": "Dimas", "outlet": "Kompas"}).text
    assert "Tidak ada kutipan yang cocok" in html
    assert 'href="?q=kedaulatan&amp;outlet=Kompas">tanpa saringan pembicara' in html
    assert 'href="?q=kedaulatan&amp;speaker=Dimas">tanpa saringan media' in html


def test_api_statements_and_trails(client):
    body = client.get("/api/statements", params={"q": "kedaulatan"}).json()
    assert (body["total"], body["capped"], len(body["statements"])) == (1, False, 1)
    hit = body["statements"][0]
    assert hit["matching"] == web_article.COPIES and hit["quote"]["published"] == "2024-12-03"
    trail = hit["trail"]
    assert (trail["copies"], trail["outlets"]) == (web_article.COPIES, 2)
    # a search result lists the first ten copies; the trail itself, all of them (up to 100)
    assert [a["published"] for a in trail["appearances"]] == [f"2024-{m:02d}-03" for m in range(1, 11)]
    assert {a["named"] for a in trail["appearances"]} == {"Ratna Wulandari"}
    whole = client.get(f"/api/quotes/{trail['appearances'][5]['quote_id']}/trail").json()
    assert whole["appearances"][:10] == trail["appearances"] and len(whole["appearances"]) == web_article.COPIES
    assert {**whole, "appearances": None} == {**trail, "appearances": None}
    assert client.get("/api/quotes/999999/trail").status_code == 404
    body = client.get("/api/statements", params={"q": "pelabuhan", "per_page": 10, "page": 3}).json()
    assert len(body["statements"]) == 5 and not body["has_next"] and body["total"] == web_article.STATEMENTS


def test_a_long_trail_shows_its_first_copies(client, monkeypatch):
    monkeypatch.setattr(trails, "SHOWN", 5)
    hit = client.get("/api/quotes", params={"q": "kedaulatan", "per_page": 1}).json()["quotes"][0]
    trail = client.get(f"/api/quotes/{hit['quote_id']}/trail").json()
    assert trail["copies"] == web_article.COPIES
    assert [a["published"] for a in trail["appearances"]] == [f"2024-{m:02d}-03" for m in range(1, 6)]
    assert "dan 7 salinan lain" in client.get(f"/quotes/{hit['quote_id']}").text


def test_speaker_counts_statements_not_copies(client):
    ratna = client.get("/api/speakers").json()[0]
    assert (ratna["name"], ratna["quotes"]) == ("Ratna Wulandari", 3 * web_article.COPIES)
    detail = client.get(f"/api/speakers/{ratna['speaker_id']}").json()
    assert detail["statements"] == 3
    html = client.get(f"/speakers/{ratna['speaker_id']}").text
    assert "3 pernyataan" in html and f"{3 * web_article.COPIES} kutipan" in html


def test_quote_page_shows_the_trail(client):
    hit = client.get("/api/quotes", params={"q": "kedaulatan", "outlet": "Kompas", "per_page": 1}).json()["quotes"][0]
    html = client.get(f"/quotes/{hit['quote_id']}").text
    assert "Jejak kutipan" in html and "Diberitakan 2 media, pertama oleh Kompas pada 3 Jan 2024." in html
    assert html.count('aria-current="true"') == 1


def test_page_errors_are_pages(client):
    r = client.get("/search", params={"q": "!!!"})
    assert r.status_code == 200 and 'role="alert"' in r.text and "no words" in r.text
    assert "tidak bisa dijalankan" in r.text
    r = client.get("/search", params={"since": "nope"})
    assert r.status_code == 422 and "<!doctype html>" in r.text


def test_detail_pages_render(client):
    ratna = client.get("/api/speakers").json()[0]
    html = client.get(f"/speakers/{ratna['speaker_id']}").text
    assert "Ratna Wulandari" in html and '<canvas id="per-month"' in html
    html = client.get("/stats").text
    assert "Pembicara teratas" in html and "Bayu Santoso" in html  # Indonesian by default
    plain = client.get("/api/quotes", params={"q": "kedaulatan", "per_page": 1}).json()["quotes"][0]
    article_id = client.get(f"/api/quotes/{plain['quote_id']}").json()["article_id"]
    html = client.get(f"/articles/{article_id}").text
    assert html.count('class="q q-') >= 4 and 'class="mention"' in html


def test_queries_run_on_a_read_only_connection(db_location):
    engine = open_readonly(db_location)
    try:
        with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError):
            conn.execute(sa.text("DELETE FROM quotes"))
    finally:
        engine.dispose()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=60), speaker=st.text(max_size=30), outlet=st.text(max_size=30))
def test_search_page_answers_any_text_and_escapes_it(client, q, speaker, outlet):
    r = client.get("/search", params={"q": q, "speaker": speaker, "outlet": outlet})
    assert r.status_code in (200, 422)
    if r.status_code == 200 and q.strip():
        # the query is echoed in the form, escaped: no raw angle bracket or quote of it survives
        assert f'value="{escape(q.strip())}"' in r.text


def test_months_without_quotes_are_plotted_as_zero():
    assert every_month([("2023-11", 2), ("2024-02", 1)]) == [
        ("2023-11", 2), ("2023-12", 0), ("2024-01", 0), ("2024-02", 1)]
    assert every_month([]) == []


@pytest.mark.parametrize("path", ["/search", "/api/stats", "/no/such/page"])
def test_responses_forbid_inline_scripts(client, path):
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_statements_are_grouped_over_the_newest_matches_only(client, monkeypatch):
    from quotes.web import lookups
    monkeypatch.setattr(lookups, "MAX_GROUPED", 4)
    body = client.get("/api/statements", params={"q": "pelabuhan"}).json()
    assert (body["total"], body["capped"]) == (4, True)
    html = client.get("/search", params={"q": "pelabuhan"}).text
    assert "4 pernyataan ditemukan (dari 4 kutipan pertama yang cocok)" in html
