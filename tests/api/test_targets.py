"""The target routes in the service's app: search with paging, one target's history,
links and evidence, ingest, and the target view page (HTML)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

LINKING = Path(__file__).resolve().parents[2] / "corpus" / "linking" / "articles.jsonl"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from vn_policy_api.app import create_app
    from vn_policy_api.routes.targets import get_engine
    from vn_policy_api.settings import Settings
    from vn_policy_nlp.store import ingest_paths, open_engine, relink

    engine = open_engine(tmp_path_factory.mktemp("store") / "t.db")
    ingest_paths(engine, [LINKING], relink=False)
    relink(engine, as_of=date(2024, 3, 31))
    app = create_app(Settings(executor="thread", warm_up=False))
    app.dependency_overrides[get_engine] = lambda: engine
    with TestClient(app, base_url="http://localhost") as c:
        yield c
    engine.dispose()


def test_search_with_paging(client: TestClient) -> None:
    r = client.get("/v1/targets", params={"place": "Đông Sơn", "year": 2023, "kind": "target", "limit": 4})
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == 9 and len(page["items"]) == 4 and page["offset"] == 0
    rest = client.get("/v1/targets", params={"place": "dong son", "year": 2023, "kind": "target", "limit": 10, "offset": 4}).json()
    ids = [i["id"] for i in page["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 9
    first = page["items"][0]
    assert first["href"].startswith("/v1/targets/") and first["sentence_url"].startswith("/targets/articles/")


def test_target_detail_history_links_evidence(client: TestClient) -> None:
    r = client.get("/v1/targets/dongson-2023-01:t0")
    assert r.status_code == 200
    d = r.json()
    assert d["status"] == "met"
    assert [h["document_id"] for h in d["history"]] == ["dongson-2023-01", "dongson-2023-02"]
    (link,) = d["links"]
    assert link["status"] == "met" and link["record"]["value"] == 10.7
    page = client.get(link["record"]["sentence_url"])
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert '<mark id="evidence">Năm 2023, giá trị sản xuất tăng 10,7%, vượt kế hoạch đề ra.</mark>' in page.text


def test_unknown_target_and_bad_filters(client: TestClient) -> None:
    assert client.get("/v1/targets/no-such:t9").status_code == 404
    assert client.get("/v1/targets", params={"kind": "goal"}).status_code == 422
    assert client.get("/v1/targets", params={"limit": 0}).status_code == 422
    assert client.get("/targets/articles/nope").status_code == 404


def test_ingest_records_then_find_them(client: TestClient) -> None:
    text = "Năm 2023, huyện Vĩnh Lộc phấn đấu tỷ lệ che phủ rừng đạt 40%."
    rec = {"id": "api-vinhloc", "date": "2023-01-20", "text": text, "targets": [{
        "span": [10, len(text) - 1], "text": text[10:-1], "kind": "target", "indicator": "tỷ lệ che phủ rừng",
        "value": 40, "unit": "%", "deadline": "2023", "location": "huyện Vĩnh Lộc"}]}
    r = client.post("/v1/ingest", json=rec)
    assert r.status_code == 200 and r.json()["new"] == 1 and r.json()["targets"] == 1
    again = client.post("/v1/ingest", json=[rec])
    assert again.json()["unchanged"] == 1
    found = client.get("/v1/targets", params={"place": "Vinh Loc"}).json()
    assert [i["id"] for i in found["items"]] == ["api-vinhloc:t0"]
    assert client.post("/v1/ingest", json=[]).status_code == 422


def test_ingest_documents_through_the_worker_pool(client: TestClient) -> None:
    doc = {"id": "api-thachthanh", "date": "2024-01-15",
           "text": "Năm 2024, huyện Thạch Thành phấn đấu tỷ lệ hộ nghèo giảm còn dưới 3%."}
    bad = {"id": "api-empty", "text": "   "}
    r = client.post("/v1/ingest", json=[doc, bad])
    assert r.status_code == 200
    stats = r.json()
    assert stats["new"] == 1 and stats["targets"] >= 1
    (error,) = stats["errors"]
    assert error.startswith("api:2: invalid document")
    found = client.get("/v1/targets", params={"document": "api-thachthanh"}).json()
    (item,) = found["items"]
    assert item["kind"] == "target" and item["value"] == 3 and item["comparator"] == "lt"


def test_target_view_page(client: TestClient) -> None:
    r = client.get("/targets")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "/static/targets.js" in r.text and 'id="search"' in r.text
    assert "/v1/targets" in client.get("/static/targets.js").text
    assert client.get("/").status_code == 200  # the extraction page is still there


@pytest.fixture(scope="module")
def targets_schema(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    import schemathesis

    from vn_policy_api.app import create_app
    from vn_policy_api.routes.targets import get_engine
    from vn_policy_api.settings import Settings
    from vn_policy_nlp.store import ingest_paths, open_engine

    engine = open_engine(tmp_path_factory.mktemp("fuzz") / "t.db")
    ingest_paths(engine, [LINKING])
    app = create_app(Settings(executor="thread", warm_up=False, allowed_hosts="testserver"))  # schemathesis's name
    app.dependency_overrides[get_engine] = lambda: engine
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _fuzz() -> object:
    import schemathesis

    return schemathesis.pytest.from_fixture("targets_schema").include(path_regex="^/v1/targets", method="GET")


@_fuzz().parametrize()
def test_target_routes_never_fail_on_odd_queries(case) -> None:  # type: ignore[no-untyped-def]
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance])
