"""The OpenAPI description: a Vietnamese example on every route, examples that are true,
and a schemathesis run against the app's own schema (no 5xx, responses as documented)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from vn_policy_nlp.records import RECORD_KEYS, DocumentRecords

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def _examples(op: dict[str, Any]) -> list[Any]:
    found: list[Any] = []
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    found += [e["value"] for e in content.get("examples", {}).values()]
    ok = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
    found += [ok["example"]] if "example" in ok else []
    return found


#: Every route of the service. /v1/health describes the service itself: its example has no Vietnamese to show.
ALL_PATHS = ("/v1/extract", "/v1/extract/batch", "/v1/health", "/v1/schema", "/v1/targets",
             "/v1/targets/{target_id}", "/v1/ingest", "/v1/places")
NOT_VIETNAMESE = {"/v1/health"}


def _parameter_examples(op: dict[str, Any]) -> list[Any]:
    return [e for p in op.get("parameters", []) for e in p.get("schema", {}).get("examples", []) + p.get("examples", [])
            if not isinstance(e, dict)]


def test_every_route_has_a_vietnamese_example(client) -> None:
    spec = client.get("/openapi.json").json()
    ops = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
           if path.startswith("/v1/")]
    assert {p for p, _, _ in ops} == set(ALL_PATHS)
    for path, method, op in ops:
        examples = _examples(op)
        assert examples, f"{method.upper()} {path} has no example"
        if path not in NOT_VIETNAMESE:
            shown = examples + _parameter_examples(op)
            assert any(VIETNAMESE.search(str(e)) for e in shown), f"{method.upper()} {path}: no Vietnamese example"
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("examples", {})
        assert all(VIETNAMESE.search(str(e["value"])) for e in body.values()), f"{method.upper()} {path}: body example"


def test_query_routes_show_vietnamese_parameter_examples(client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/v1/targets", "/v1/targets/{target_id}"):
        examples = _parameter_examples(spec["paths"][path]["get"])
        assert examples, f"GET {path}: no parameter example"
    assert any(VIETNAMESE.search(str(e)) for e in _parameter_examples(spec["paths"]["/v1/targets"]["get"]))


def test_target_examples_are_what_the_routes_return(client) -> None:
    """The detail example has the keys the route returns for a real target (the fixture's store)."""
    from vn_policy_api.models import EXAMPLE_INGEST_STATS, EXAMPLE_TARGET_DETAIL, EXAMPLE_TARGET_PAGE
    from vn_policy_nlp.store import IngestStats

    assert set(EXAMPLE_INGEST_STATS) == set(IngestStats().as_dict())
    assert set(EXAMPLE_TARGET_PAGE) == {"items", "total", "limit", "offset"}
    assert {"record", "status", "history", "links"} <= set(EXAMPLE_TARGET_DETAIL)


def test_get_routes_document_a_vietnamese_example_through_descriptions(client) -> None:
    # /v1/health and /v1/schema describe the service; their example is the records example they point to
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert VIETNAMESE.search(str(schemas["ExtractRequest"].get("examples")))
    assert VIETNAMESE.search(str(schemas["BatchRequest"].get("examples")))


def test_response_example_spans_index_the_request_example() -> None:
    from vn_policy_api.models import EXAMPLE_DOCUMENT, EXAMPLE_RECORDS

    DocumentRecords.model_validate(EXAMPLE_RECORDS)
    text = EXAMPLE_DOCUMENT["text"]
    for key in RECORD_KEYS:
        for rec in EXAMPLE_RECORDS[key]:
            assert text[rec["span"][0]:rec["span"][1]] == rec["text"], (key, rec["text"])


def test_the_example_request_is_accepted(client) -> None:
    from vn_policy_api.models import EXAMPLE_DOCUMENT, EXAMPLE_SECOND_DOCUMENT

    assert client.post("/v1/extract", json=EXAMPLE_DOCUMENT).status_code == 200
    r = client.post("/v1/extract/batch", json={"documents": [EXAMPLE_DOCUMENT, EXAMPLE_SECOND_DOCUMENT]})
    assert r.status_code == 200 and r.json()["n_errors"] == 0


def test_schema_route_is_the_records_schema(client) -> None:
    assert client.get("/v1/schema").json() == DocumentRecords.model_json_schema()


def test_health_reports_versions_and_models(client) -> None:
    import vn_policy_nlp
    from vn_policy_nlp.pipeline import STAGES

    client.post("/v1/extract", json={"text": "Đạt 5%."})  # the workers have loaded by now
    h = client.get("/v1/health").json()
    assert h["version"] == vn_policy_nlp.__version__
    assert h["status"] == "ok"
    assert [c["factory"] for c in h["pipeline"]] == STAGES
    assert h["limits"]["max_text_bytes"] == 1_000_000 and h["limits"]["max_batch"] == 100


@pytest.fixture(scope="module")
def api_schema() -> Any:
    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    # Threads share the pipeline this process already loaded; limits as served. Schemathesis
    # calls the app as "testserver".
    app = create_app(Settings(executor="thread", workers=1, time_limit=60, allowed_hosts="testserver"))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema").include(path_regex="^/v1/(extract|health|schema)")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_schemathesis(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
