"""Canonical places in the store: one place however it is written, filtered and grouped;
abbreviated organisation names in queries (tests/data/store/places.yaml), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from vn_policy_nlp.store import TargetQuery, ingest_paths, place_groups, search_targets

GROUPS = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "store" / "places.yaml").read_text(encoding="utf-8"))


def _record(doc_id: str, location: str, org: str) -> dict[str, Any]:
    text = f"{org} phấn đấu đạt 10% tại {location}."
    return {"id": doc_id, "date": "2023-05", "text": text,
            "organisations": [{"span": [0, len(org)], "text": org, "name": org.replace("UBND", "Ủy ban nhân dân")}],
            "targets": [{"span": [0, len(text) - 1], "text": text[:-1], "kind": "target", "value": 10.0, "unit": "%",
                         "location": location}]}


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    records = [_record(f"d{i}-{j}", written, "UBND tỉnh Thanh Hóa" if i == 1 else "Sở Y tế")
               for i, group in enumerate(GROUPS) for j, written in enumerate(group["written"])]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    ingest_paths(engine, [path], relink=False)
    return engine


def test_groups_one_row_per_canonical_place(store: Engine) -> None:
    got = {g["place"]: g for g in place_groups(store, TargetQuery())}
    for group in GROUPS:
        row = got[group["canonical"]]
        assert (row["code"], row["targets"], row["results"]) == (group["code"], len(group["written"]), 0)
        assert row["written"] == sorted(group["written"])


@pytest.mark.parametrize("group", GROUPS, ids=[g["canonical"] for g in GROUPS])
def test_any_written_form_finds_every_form(store: Engine, group: dict[str, Any]) -> None:
    for written in group["written"]:
        page = search_targets(store, TargetQuery(place=written, limit=100))
        assert sorted(i["location"] for i in page.items) == sorted(group["written"]), written
        assert {(i["place_canonical"], i["place_code"]) for i in page.items} == {(group["canonical"], group["code"])}


def test_organisation_query_expands_abbreviations(store: Engine) -> None:
    page = search_targets(store, TargetQuery(organisation="UBND tỉnh", limit=100))
    assert page.total == len(GROUPS[1]["written"])
    assert search_targets(store, TargetQuery(organisation="Ủy ban nhân dân tỉnh", limit=100)).total == page.total
