"""A schema-driven fuzz of the API: schemathesis generates requests from the app's own OpenAPI
document, valid and invalid, and checks every answer against it; no request may end in a
server error. Runs on both databases, with the ingest route on and the token given."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

import web_article
from quotes.web import extract_routes, ingest_route
from quotes.web.app import create_app

TOKEN = "fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# examples per operation and mode: enough to find the classic 500s, quick on two cores
EXAMPLES = 40


@pytest.fixture(scope="module")
def api_schema(db_location: str) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db_location, allow_ingest=True,
                                                                         token=TOKEN))
    # 413 (body over the size limit) is a rejection too: a body just over a field's maxLength
    # can be over the request limit as well.
    rejection = schema.config.checks.negative_data_rejection
    rejection.expected_statuses = [*rejection.expected_statuses, "413"]
    return schema


@pytest.fixture(autouse=True)
def quick_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fuzz is about the HTTP layer; the extractor's own tests live with the extractor.
    known = lambda text: web_article.quotes(text) if text == web_article.TEXT else []  # noqa: E731
    monkeypatch.setattr(extract_routes, "extract", known)
    monkeypatch.setattr(ingest_route, "map_extract", lambda texts: [known(t) for t in texts])


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_api_answers_every_request_as_documented(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def answers_as_documented(case) -> None:
            # valid requests carry the token; invalid ones are left as generated, missing
            # or wrong token included, and must be refused
            case.call_and_validate(headers=AUTH if mode == GenerationMode.POSITIVE else None)

        try:
            answers_as_documented()
        except Unsatisfiable:
            # an operation with nothing to get wrong (no parameters, no body) has no negative cases
            assert mode == GenerationMode.NEGATIVE, operation.label
