"""Queries over the annotated linking set, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from vn_policy_nlp.store import TargetQuery, document, ingest_paths, list_links, relink, search_targets, target_detail

LINKING = Path(__file__).resolve().parents[2] / "corpus" / "linking" / "articles.jsonl"


@pytest.fixture
def store(engine: Engine) -> Engine:
    ingest_paths(engine, [LINKING], relink=False)
    relink(engine, as_of=date(2024, 3, 31))
    return engine


def ids(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {i["id"] for i in page.items}


@pytest.mark.parametrize("place", ["Đông Sơn", "dong son", "ĐÔNG SƠN", "huyện Đông Sơn", "Dong Son"])
def test_place_is_accent_and_case_insensitive(store: Engine, place: str) -> None:
    page = search_targets(store, TargetQuery(place=place, kind="target", limit=100))
    assert page.total == 13
    assert {i["document_id"].split("-")[0] for i in page.items} == {"dongson"}


def test_place_with_level_excludes_other_levels(store: Engine) -> None:
    any_level = search_targets(store, TargetQuery(place="Đông Sơn", kind="result", limit=100))
    ward = search_targets(store, TargetQuery(place="phường Đông Sơn", kind="result", limit=100))
    assert ward.total == 2 and ids(ward) < ids(any_level)


def test_year_matches_deadline_or_publication(store: Engine) -> None:
    page = search_targets(store, TargetQuery(place="Đông Sơn", year=2023, kind="target", limit=100))
    deadlines = {i["deadline"] for i in page.items}
    assert deadlines == {"2023", None}  # 2024 and 2025 targets are out, undated 2023 plans in
    assert "dongson-2023-01:t6" not in ids(page)


def test_indicator_fuzzy(store: Engine) -> None:
    page = search_targets(store, TargetQuery(indicator="ho ngheo", limit=100))
    assert page.total >= 10
    assert all("nghèo" in i["indicator"] for i in page.items)
    assert all(i["indicator_score"] >= 85 for i in page.items)


def test_kind_deadline_status_and_dates(store: Engine) -> None:
    assert {i["kind"] for i in search_targets(store, TargetQuery(kind="result", limit=200)).items} == {"result"}
    assert {i["deadline"] for i in search_targets(store, TargetQuery(deadline="2025", limit=200)).items} == {"2025"}
    pending = search_targets(store, TargetQuery(status="pending", limit=200))
    assert pending.total == 5
    jan = search_targets(store, TargetQuery(date_from=date(2023, 1, 1), date_to=date(2023, 1, 31), limit=200))
    assert jan.total and all(i["document_date"].startswith("2023-01") for i in jan.items)


def test_organisation(store: Engine) -> None:
    page = search_targets(store, TargetQuery(organisation="Hội Nông dân", limit=100))
    assert {i["document_id"] for i in page.items} == {"dongson-2023-02"}


def test_paging(store: Engine) -> None:
    full = search_targets(store, TargetQuery(limit=1000))
    pages = [search_targets(store, TargetQuery(limit=10, offset=o)) for o in range(0, full.total, 10)]
    assert [i["id"] for p in pages for i in p.items] == [i["id"] for i in full.items]
    assert all(p.total == full.total for p in pages)


def test_detail_history_links_and_evidence(store: Engine) -> None:
    d = target_detail(store, "dongson-2023-01:t0")
    assert d is not None
    assert d["status"] == "met"
    assert [h["document_id"] for h in d["history"]] == ["dongson-2023-01", "dongson-2023-02"]
    (link,) = d["links"]
    assert link["record"]["id"] == "dongson-2023-12:t0" and link["status"] == "met"
    assert link["record"]["sentence"] == "Năm 2023, giá trị sản xuất tăng 10,7%, vượt kế hoạch đề ra."
    assert d["record"]["sentence"].startswith("Năm 2023, huyện Đông Sơn phấn đấu")
    assert target_detail(store, "nope") is None


def test_links_listing(store: Engine) -> None:
    page = list_links(store, TargetQuery(place="Triệu Sơn", limit=100))
    pairs = {(i["target"]["id"], i["result"]["id"], i["status"]) for i in page.items}
    assert ("trieuson-2023-01:t1", "trieuson-2023-12:t1", "missed") in pairs
    assert ("trieuson-2023-07:t2", "trieuson-2023-12:t1", "met") in pairs


def test_document_by_id(store: Engine) -> None:
    doc = document(store, "dongson-2023-01")
    assert doc is not None and set(doc) == {"id", "title", "date", "text"}
    assert doc["id"] == "dongson-2023-01" and "Đông Sơn" in doc["text"]
    assert document(store, "no-such-document") is None
