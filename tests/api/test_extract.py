"""Routes of the service with FastAPI's TestClient: records, batches, every limit, the worker pool."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from vn_policy_nlp.records import DocumentRecords

from .conftest import expand, load_cases

OWN_TEXT = ("Năm 2024, UBND huyện Yên Thành phấn đấu có thêm 5 xã đạt chuẩn nông thôn mới, "
            "tỷ lệ hộ nghèo giảm còn dưới 3%. Năm 2023, thu ngân sách đạt 420 tỷ đồng.")


def test_extract_returns_the_records_of_the_package(client, nlp) -> None:
    import vn_policy_nlp

    r = client.post("/v1/extract", json={"id": "yt", "date": "2024-02-01", "title": "Yên Thành", "text": OWN_TEXT})
    assert r.status_code == 200, r.text
    got = DocumentRecords.model_validate(r.json())
    want = vn_policy_nlp.extract(vn_policy_nlp.Document(id="yt", date="2024-02-01", text=OWN_TEXT), nlp=nlp)
    assert got.model_dump(mode="json") == want.model_dump(mode="json")
    assert got.id == "yt" and got.percentages, "the example must give at least its percentage"
    for key in ("percentages", "organisations", "locations", "time_expressions", "targets", "legal_references"):
        for rec in getattr(got, key):
            assert OWN_TEXT[rec.span[0]:rec.span[1]] == rec.text


def test_seed_article_through_the_api(client, seed_document) -> None:
    body = {"id": seed_document.id, "date": seed_document.date, "text": seed_document.text}
    r = client.post("/v1/extract", json=body)
    assert r.status_code == 200
    data = r.json()
    assert data["id"] == seed_document.id and data["date"] == "2023-01"
    assert any(p["text"] == "10,51%" and p["value"] == 10.51 for p in data["percentages"])


def test_default_id_and_charset_parameter(client) -> None:
    r = client.post("/v1/extract", content='{"text": "Tăng 5%."}'.encode(),
                    headers={"Content-Type": "application/json; charset=UTF-8"})
    assert r.status_code == 200 and r.json()["id"] == "doc"


@pytest.mark.parametrize("case", load_cases("limits"))
def test_limits(client, case: dict[str, Any]) -> None:
    headers = {}
    if "json" in case:
        r = client.post(case["path"], json=expand(case["json"]))
    else:
        ctype = case.get("content_type", "application/json")
        if ctype is not None:
            headers["Content-Type"] = ctype
        raw = expand(case["raw"]).encode("utf-8") if "raw" in case else expand(case["raw_bytes"]).encode("latin-1")
        r = client.post(case["path"], content=raw, headers=headers)
    assert r.status_code == case["status"], r.text[:300]
    body = r.json()
    assert body["status"] == case["status"]
    assert body["error"] == case["error"]
    assert body["detail"], "an error must say what was wrong"


def test_text_limit_boundary(make_client) -> None:
    c = make_client(max_text_bytes=12)
    assert c.post("/v1/extract", json={"text": "Tăng 5% ạ"}).status_code == 200  # 12 bytes
    r = c.post("/v1/extract", json={"text": "Tăng 5% ạạ"})  # 15 bytes
    assert r.status_code == 413 and "15 bytes" in r.json()["detail"]


def test_batch_limit_boundary(make_client) -> None:
    c = make_client(max_batch=3)
    assert c.post("/v1/extract/batch", json={"documents": [{"text": "Đạt 5%."}] * 3}).status_code == 200
    assert c.post("/v1/extract/batch", json={"documents": [{"text": "Đạt 5%."}] * 4}).status_code == 413


def test_batch_body_limit(make_client) -> None:
    c = make_client(max_batch_body_bytes=1000)
    r = c.post("/v1/extract/batch", json={"documents": [{"text": "Đạt 5%. " * 200}]})
    assert r.status_code == 413 and r.json()["error"] == "payload_too_large"


@pytest.mark.parametrize("case", load_cases("batch"))
def test_batch_errors_in_place(make_client, case: dict[str, Any]) -> None:
    c = make_client(max_text_bytes=80)
    r = c.post("/v1/extract/batch", json={"documents": case["documents"]})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["n_documents"] == len(case["documents"])
    assert data["n_errors"] == sum(s != 200 for s in case["statuses"])
    for i, (doc, want, got) in enumerate(zip(case["documents"], case["statuses"], data["results"], strict=True)):
        if want == 200:
            rec = DocumentRecords.model_validate(got)
            assert rec.id == str(doc.get("id", i))
        else:
            assert got["index"] == i and got["status"] == want and got["error"]


def test_batch_keeps_order_with_the_real_pipeline(client) -> None:
    texts = [f"Năm {2020 + i} tỷ lệ đô thị hóa đạt {30 + i}%." for i in range(6)]
    r = client.post("/v1/extract/batch", json={"documents": [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)]})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["id"] for x in results] == [f"d{i}" for i in range(6)]
    assert [x["percentages"][0]["value"] for x in results] == [30.0 + i for i in range(6)]


# ---------------------------------------------------------------- the worker pool


@pytest.fixture()
def blocked(monkeypatch) -> Any:
    """Replace extraction by a job that waits until the test lets it go."""
    import vn_policy_api.workers as workers

    started, release = threading.Event(), threading.Event()

    def run_document(payload: dict[str, Any]) -> tuple[bool, Any]:
        started.set()
        release.wait(30)
        return True, DocumentRecords(id=payload.get("id", "doc")).model_dump(mode="json")

    monkeypatch.setattr(workers, "run_document", run_document)
    yield started, release
    release.set()


def test_health_answers_while_a_document_is_processed(make_client, blocked) -> None:
    started, release = blocked
    c = make_client(time_limit=30)
    result: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: result.update(r=c.post("/v1/extract", json={"text": "Đạt 5%."})))
    worker.start()
    assert started.wait(10), "the extraction never started"
    h = c.get("/v1/health")
    assert worker.is_alive(), "health must answer before the extraction ends"
    assert h.status_code == 200 and h.json()["pool"]["running"] == 1
    release.set()
    worker.join(10)
    assert result["r"].status_code == 200


def test_over_the_time_limit_is_503(make_client, blocked) -> None:
    _started, _release = blocked
    c = make_client(time_limit=0.2)
    r = c.post("/v1/extract", json={"text": "Đạt 5%."})
    assert r.status_code == 503
    assert r.json()["error"] == "extraction_timeout" and "0.2" in r.json()["detail"]
    assert c.get("/v1/health").json()["pool"]["timed_out"] == 1


def test_no_free_worker_is_503_and_batch_errors_in_place(make_client, blocked) -> None:
    _started, _release = blocked
    c = make_client(time_limit=0.2, queue_time_limit=0.2)
    r = c.post("/v1/extract/batch", json={"documents": [{"text": "Đạt 5%."}, {"text": "Đạt 6%."}]})
    assert r.status_code == 200
    statuses = [x["status"] for x in r.json()["results"]]
    assert statuses == [503, 503], "the first goes over the time limit, the second finds no free worker"
    assert "time limit" in r.json()["results"][0]["error"]
    assert "no extraction worker" in r.json()["results"][1]["error"]


def test_pipeline_failure_is_500_with_a_json_body(make_client, monkeypatch) -> None:
    import vn_policy_api.workers as workers

    monkeypatch.setattr(workers, "run_document", lambda payload: (False, "RuntimeError: boom"))
    r = make_client().post("/v1/extract", json={"text": "Đạt 5%."})
    assert r.status_code == 500 and r.json()["error"] == "extraction_failed" and "boom" in r.json()["detail"]
