"""Linking rules, one target/result pair a case (tests/data/store/linking_cases.yaml),
and the precision/recall floor on the annotated article pairs in corpus/linking/."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from vn_policy_nlp.records import DocumentRecords
from vn_policy_nlp.store import ingest_items, open_engine, relink, schema_tables
from vn_policy_nlp.store.ingest import Incoming

ROOT = Path(__file__).resolve().parents[2]
CASES = yaml.safe_load((ROOT / "tests" / "data" / "store" / "linking_cases.yaml").read_text(encoding="utf-8"))["cases"]


def _record(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    text = spec.get("text", spec["indicator"])
    return {
        "span": [0, len(text)], "text": text, "kind": kind, "indicator": spec["indicator"], "value": spec["value"],
        "value_high": spec.get("value_high"), "unit": spec.get("unit", "%"), "comparator": spec.get("comparator", "eq"),
        "direction": spec.get("direction"), "deadline": spec.get("deadline"),
        "location": spec.get("location", "huyện Đông Sơn"),
    }


def _incoming(doc_id: str, day: str, kind: str, spec: dict[str, Any]) -> Incoming:
    rec = DocumentRecords(id=doc_id, date=day, targets=[_record(kind, spec)])  # type: ignore[list-item]
    return Incoming(rec, None, None, "test", "records", "test")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_link_case(case: dict[str, Any]) -> None:
    engine = open_engine("sqlite://")
    items = [
        _incoming("plan", case.get("target_date", "2023-01-12"), "target", case["target"]),
        _incoming("report", case.get("result_date", "2023-12-20"), "result", case["result"]),
    ]
    ingest_items(engine, items, relink=False)
    relink(engine, as_of=date.fromisoformat(case.get("as_of", "2024-03-31")))
    with engine.connect() as conn:
        links = conn.execute(select(schema_tables.links)).mappings().all()
        status = conn.execute(select(schema_tables.target_status.c.status)).scalar_one()
    assert bool(links) is case["expect"]["link"], [dict(r) for r in links]
    assert status == case["expect"]["status"]
    if links:
        assert links[0]["status"] == status
        assert 0.0 < links[0]["confidence"] <= 1.0


def test_mentions_of_one_target_are_grouped() -> None:
    engine = open_engine("sqlite://")
    spec = {"indicator": "tốc độ tăng giá trị sản xuất", "value": 10.5, "deadline": "2023"}
    items = [
        _incoming("a", "2023-01-12", "target", spec),
        _incoming("b", "2023-02-20", "target", {**spec, "indicator": "tốc độ tăng giá trị sản xuất toàn huyện"}),
        _incoming("c", "2023-03-01", "target", {**spec, "value": 11.0}),
        _incoming("d", "2023-12-20", "result", {"indicator": "giá trị sản xuất", "value": 10.7, "deadline": "2023"}),
    ]
    ingest_items(engine, items)
    with engine.connect() as conn:
        groups = {r[0]: r[1] for r in conn.execute(select(schema_tables.target_status.c.target_id, schema_tables.target_status.c.group_id))}
        linked = {r.target_id for r in conn.execute(select(schema_tables.links.c.target_id))}
    assert groups["a:t0"] == groups["b:t0"] == "a:t0"
    assert groups["c:t0"] == "c:t0"
    assert linked == {"a:t0", "b:t0", "c:t0"}


def test_linking_set_precision_and_recall() -> None:
    spec = importlib.util.spec_from_file_location("linking_eval", ROOT / "benchmarks" / "linking_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    r = module.evaluate()
    assert r["gold_links"] >= 25
    assert r["precision"] >= 0.9, r["false_links"]
    assert r["recall"] >= 0.8, r["missed_links"]


def test_full_relink_refreshes_stale_keys() -> None:
    from sqlalchemy import update

    engine = open_engine("sqlite://")
    spec = {"indicator": "thu ngân sách", "value": 300, "unit": "tỷ đồng", "deadline": "2023"}
    ingest_items(engine, [_incoming("a", "2023-01-12", "target", spec),
                          _incoming("b", "2023-12-20", "result", {**spec, "value": 310})])
    t = schema_tables.targets
    with engine.begin() as conn:  # keys as an older linking.yaml might have left them
        conn.execute(update(t).values(indicator_key="stale", place_key=None))
    relink(engine, as_of=date(2024, 3, 31))
    with engine.connect() as conn:
        assert set(conn.execute(select(t.c.indicator_key)).scalars()) == {"thu_ngan_sach_nha_nuoc"}
        assert conn.execute(select(schema_tables.links.c.status)).scalar_one() == "met"
