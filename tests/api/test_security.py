"""The service's bar: 405 for a wrong method, Retry-After on 503, the ingest token, the Host
check, security headers, the store it serves, and what the OpenAPI description says."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import load_cases

LINKING = Path(__file__).resolve().parents[2] / "corpus" / "linking" / "articles.jsonl"
RECORDS = [json.loads(line) for line in LINKING.read_text(encoding="utf-8").splitlines()[:3]]


@pytest.mark.parametrize("case", load_cases("methods"))
def test_wrong_method_is_405(make_client, case: dict[str, Any]) -> None:
    r = make_client().request(case["method"], case["path"])
    assert r.status_code == 405, r.text
    assert r.json()["error"] == "method_not_allowed"


@pytest.mark.parametrize("case", load_cases("hosts"))
def test_host_header(case: dict[str, Any]) -> None:
    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    app = create_app(Settings(executor="thread", warm_up=False, host=case["listen"], allowed_hosts=case.get("allowed", "")))
    with TestClient(app) as c:
        r = c.get("/v1/health", headers={"Host": case["host"]})
    assert (r.status_code == 200) == case["ok"], r.text
    if not case["ok"]:
        assert r.status_code == 400 and r.json()["error"] == "invalid_host"


def test_503_carries_retry_after(make_client) -> None:
    c = make_client(time_limit=0.001)
    r = c.post("/v1/extract", json={"text": "Năm 2023, huyện phấn đấu giảm tỷ lệ hộ nghèo xuống còn 2,5%. " * 300})
    assert r.status_code == 503 and r.json()["error"] == "extraction_timeout"
    assert int(r.headers["Retry-After"]) > 0


@pytest.mark.parametrize("path", ["/", "/targets", "/v1/health", "/v1/nowhere", "/static/page.js"])
def test_security_headers(make_client, path: str) -> None:
    r = make_client().get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(make_client) -> None:
    """What the page policy forbids must not be in the pages."""
    c = make_client()
    for path in ("/", "/targets"):
        html = c.get(path).text
        assert "<script>" not in html and "<style>" not in html and " style=" not in html and " on" + "click=" not in html


def test_docs_may_load_swagger_ui(make_client) -> None:
    csp = make_client().get("/docs").headers["Content-Security-Policy"]
    assert "https://cdn.jsdelivr.net" in csp and "frame-ancestors 'none'" in csp


@pytest.fixture
def store_client(make_client, tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(**settings: Any) -> TestClient:
        return make_client(db=str(tmp_path / "served.db"), **settings)

    return make


def test_ingest_token(store_client) -> None:
    c = store_client(token="s3cret-token")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret-token"}):
        r = c.post("/v1/ingest", json=RECORDS, headers=headers)
        assert r.status_code == 401 and r.json()["error"] == "unauthorized", headers
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    r = c.post("/v1/ingest", json=RECORDS, headers={"Authorization": "Bearer s3cret-token"})
    assert r.status_code == 200 and r.json()["new"] == 3
    assert c.get("/v1/health").json()["ingest_needs_token"] is True


def test_served_store_is_the_one_named(store_client, tmp_path: Path) -> None:
    """`serve --db`: /v1/targets reads it, /v1/health names it."""
    c = store_client()
    assert c.post("/v1/ingest", json=RECORDS).status_code == 200
    assert c.get("/v1/targets", params={"limit": 500}).json()["total"] == sum(len(r["targets"]) for r in RECORDS)
    h = c.get("/v1/health").json()
    assert h["store"] == f"sqlite:///{tmp_path / 'served.db'}" and h["ingest_needs_token"] is False


def test_empty_ingest_list_and_bad_records(store_client) -> None:
    c = store_client()
    assert c.post("/v1/ingest", json=[]).status_code == 422
    huge = {**RECORDS[0], "id": "huge", "percentages": [{"span": [10**30, 10**30 + 1], "text": "x", "value": 1}]}
    r = c.post("/v1/ingest", json=[RECORDS[1], huge, RECORDS[2]])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["new"] == 2 and body["error_records"] == 1 and "outside" in body["errors"][0]


def test_locked_store_answers_503(store_client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store locked past its timeout is the service's failure: 503 with Retry-After, not 200."""
    from vn_policy_nlp.store import db, open_engine

    monkeypatch.setattr(db, "BUSY_TIMEOUT", 0.2)
    monkeypatch.setattr(db, "ATTEMPTS", 2)
    c = store_client()
    c.get("/v1/targets")  # the service opens (and migrates) its store
    holder = open_engine(tmp_path / "served.db")
    locked = threading.Event()

    def hold() -> None:
        with db.write_transaction(holder):
            locked.set()
            time.sleep(3)

    t = threading.Thread(target=hold)
    t.start()
    locked.wait(10)
    r = c.post("/v1/ingest", json=RECORDS)
    reading = c.get("/v1/targets")
    t.join()
    assert r.status_code == 503 and r.json()["error"] == "store_unavailable", r.text
    assert int(r.headers["Retry-After"]) > 0
    assert reading.status_code == 200, "readers are not blocked by a writer"
    assert c.post("/v1/ingest", json=RECORDS).json()["new"] == 3, "the same request later stores everything"
    holder.dispose()


def test_openapi_says_what_is_refused(make_client) -> None:
    spec = make_client().get("/openapi.json").json()
    text = spec["components"]["schemas"]["ExtractRequest"]["properties"]["text"]
    assert text["minLength"] == 1 and text["pattern"] == r"\S"
    ingest = spec["paths"]["/v1/ingest"]["post"]
    body = ingest["requestBody"]["content"]["application/json"]
    array = next(s for s in body["schema"]["anyOf"] if s.get("type") == "array")
    assert array["minItems"] == 1 and array["maxItems"] == 1000
    assert body["examples"], "the examples stay"
    assert {"401", "413", "422", "503"} <= set(ingest["responses"])
    assert "405" in spec["paths"]["/v1/extract"]["post"]["responses"]


@pytest.mark.parametrize("token", ["mã-bí-mật", "two words", "tab\tbed"])
def test_a_token_no_header_can_carry_is_refused(token: str) -> None:
    from vn_policy_api.settings import Settings

    with pytest.raises(ValueError, match="TOKEN"):
        Settings.from_env({"VNP_API_TOKEN": token})
