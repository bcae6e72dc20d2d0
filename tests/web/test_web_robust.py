"""Nothing a request holds makes a 500 or stalls the server (issue 10): lone surrogates,
articles that used to break ingest, foreign Host headers, thousands of quotes to highlight."""
from __future__ import annotations

from typing import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from quotes.model import Quote, Span
from quotes.web.app import allowed_hosts, create_app
from quotes.web.highlight import segments
from test_properties import assert_linear_in, watchdog  # noqa: F401 - a fixture

TOKEN = "s3cret-token"
JSON = {"content-type": "application/json"}
AUTH = {**JSON, "Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def ingesting(db_location: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_location, allow_ingest=True, token=TOKEN)) as c:
        yield c


@pytest.mark.parametrize("body", [b'{"text": "\\ud800"}', b'{"text": "\\"Siap\\udfff,\\" kata Budi."}'])
def test_a_lone_surrogate_is_a_422_not_a_500(body: bytes) -> None:
    with TestClient(create_app(None)) as c:
        r = c.post("/api/extract", content=body, headers=JSON)
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "string_unicode"


def test_the_article_that_stopped_every_ingest_is_stored(ingesting: TestClient) -> None:
    text = ('"Kami siap," kata H Sofrayani.\n\n'
            "Kepala Kantor Kemenag H Sofrayani mengatakan bahwa semua jemaah sehat.")
    r = ingesting.post("/api/ingest", json={"articles": [{"id": "kemenag-1", "text": text}]}, headers=AUTH)
    assert r.status_code == 200
    assert r.json() == {"added": 1, "replaced": 0, "unchanged": 0, "quotes": 2, "problems": []}


@pytest.mark.parametrize("extra, why", [
    ('"title": "\\ud800"', 422),
    ('"meta": ' + "[" * 340 + "]" * 340, "article 1: nested deeper than 32 levels"),
    ('"meta": ' + "[" * 100_000 + "]" * 100_000, 400),
    ('"id": "' + "x" * 10_000 + '"', 'article 1: "id" is 10,000 characters long; an article is identified by at most 500'),
    ('"ukuran": "' + "y" * 200_000 + '"', None),
])
def test_bad_articles_are_answered_never_a_500(ingesting: TestClient, extra: str, why) -> None:
    body = '{"articles": [{"text": "\\"Siap,\\" kata Hadi Santoso.", "url": "https://example.org/r", ' + extra + "}]}"
    r = ingesting.post("/api/ingest", content=body.encode(), headers=AUTH)
    if isinstance(why, int):
        assert r.status_code == why
    else:
        assert r.status_code == 200
        assert r.json()["problems"] == ([why] if why else [])


def test_only_the_servers_own_names_are_answered() -> None:
    app = create_app(None, hosts=allowed_hosts("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/extract").status_code == 200
        assert c.get("/extract", headers={"Host": "localhost:8000"}).status_code == 200
        # a page on attacker.example whose name now points at 127.0.0.1 (DNS rebinding)
        assert c.get("/extract", headers={"Host": "attacker.example:8000"}).status_code == 400
        assert c.post("/api/extract", json={"text": "x"}, headers={"Host": "attacker.example"}).status_code == 400


def test_allowed_hosts_follow_the_listening_address() -> None:
    assert allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.1"]
    assert allowed_hosts("192.0.2.7", ["berita.example"]) == ["192.0.2.7", "berita.example"]
    assert allowed_hosts("0.0.0.0") == ["*"]
    assert allowed_hosts("0.0.0.0", ["berita.example"]) == ["berita.example"]


# --- highlighting: the same cut as comparing every segment with every span, in n log n ----

def _reference(text: str, quotes: list[Quote]) -> list[tuple]:
    """The definition: each piece between cuts takes the first quote and mark holding it."""
    n = len(text)

    def clip(a, b):
        return max(0, min(a, n)), max(0, min(b, n))
    cuts, spans, marks = {0, n}, [], []
    for i, q in enumerate(quotes):
        a, b = clip(q.start, q.end)
        if a < b:
            spans.append((a, b, i))
            cuts |= {a, b}
        for name, s in (("mention", q.mention), ("cue", q.cue)):
            if s is not None and (m := clip(s.start, s.end))[0] < m[1]:
                marks.append((*m, name, i))
                cuts |= set(m)
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        quote = next((i for qa, qb, i in spans if qa <= a and b <= qb), None)
        mark = next(((name, i) for ma, mb, name, i in marks if ma <= a and b <= mb), (None, None))
        out.append((text[a:b], quote, mark[0], mark[1]))
    return out


spans = st.tuples(st.integers(-3, 40), st.integers(-3, 40))


@given(text=st.text(max_size=35), found=st.lists(st.tuples(spans, spans, st.one_of(st.none(), spans)), max_size=8))
def test_highlighting_cuts_as_the_definition_says(text, found):
    quotes = [Quote("direct", "x", qa, qb, mention=Span(ma, mb, "m"), cue=Span(*cue, "c") if cue else None)
              for (qa, qb), (ma, mb), cue in found]
    assert [(s.text, s.quote, s.mark, s.owner) for s in segments(text, quotes)] == _reference(text, quotes)


def _many_quotes(chars: int) -> tuple[str, list[Quote]]:
    unit = '"Kami siap," kata Budi. '
    text = unit * max(1, chars // len(unit))
    quotes = [Quote("direct", "Kami siap,", k + 1, k + 11, mention=Span(k + 18, k + 22, "Budi"),
                    cue=Span(k + 13, k + 17, "kata")) for k in range(0, len(text), len(unit))]
    return text, quotes


def test_highlighting_thousands_of_quotes_is_linear(watchdog) -> None:
    assert_linear_in(_many_quotes, lambda made: segments(*made), "quotes to highlight")
