"""Records ingest refuses, each as one input, keeping the valid documents of the same batch
(tests/data/store/bad_records.yaml), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, select

from vn_policy_nlp.store import ingest_paths, schema_tables

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "store" / "bad_records.yaml").read_text(encoding="utf-8"))["cases"]
TEXT = "Tăng 90% so với năm trước."


def good(doc_id: str) -> str:
    return json.dumps({"id": doc_id, "date": "2023-05", "text": TEXT,
                       "percentages": [{"span": [5, 8], "text": "90%", "value": 90.0}]}, ensure_ascii=False)


def bad_line(case: dict[str, Any]) -> str:
    line = case["line"].replace("{TEXT}", TEXT).replace("{LONG_ID}", "x" * 300)
    return line * case.get("repeat", 1)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_records_are_one_error_and_the_rest_is_stored(engine: Engine, tmp_path: Path, case: dict[str, Any]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([good("before"), bad_line(case), good("after")]) + "\n", encoding="utf-8")
    stats = ingest_paths(engine, [path])
    assert (stats.new, stats.error_records, stats.store_errors) == (2, 1, []), stats.errors
    assert case["says"] in stats.errors[0]
    with engine.connect() as conn:
        ids = conn.execute(select(schema_tables.documents.c.id)).scalars().all()
    assert sorted(ids) == ["after", "before"]


def test_a_document_that_fails_in_the_database_is_isolated(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a document's write raises (not only database errors), its batch is kept."""
    from vn_policy_nlp.store import ingest as ingest_module

    real = ingest_module._rows

    def broken(item, content, now):  # type: ignore[no-untyped-def]
        if item.records.id == "middle":
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(item, content, now)

    monkeypatch.setattr(ingest_module, "_rows", broken)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([good("before"), good("middle"), good("after")]) + "\n", encoding="utf-8")
    stats = ingest_paths(engine, [path])
    assert stats.new == 2 and stats.error_records == 1 and "OverflowError" in stats.errors[0]
