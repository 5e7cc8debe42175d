"""CSV and Parquet: the flat tables round-trip, and agree with the JSONL records of the same run."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from vn_policy_nlp.batch import BatchOptions, run_batch
from vn_policy_nlp.batch.output import TABLE_COLUMNS, write_chunk

from .conftest import read_jsonl_dir, write_docs

PROV = {"source": "rule", "rules": ["cue.phan_dau", "percent.sign"], "model": None, "confidence": 0.9}
RECORD: dict[str, Any] = {
    "id": "r1",
    "schema_version": "1.0",
    "date": "2023-01",
    "percentages": [{"span": [30, 35], "text": "2,5%", "value": 2.5, "value_high": None, "provenance": PROV}],
    "organisations": [{"span": [0, 4], "text": "UBND", "name": "Ủy ban nhân dân huyện Đông Sơn", "level": "district",
                       "type": "state", "provenance": PROV}],
    "locations": [],
    "time_expressions": [{"span": [10, 18], "text": "năm 2025", "value": "2025", "deadline": True, "mod": "by", "provenance": PROV}],
    "targets": [
        {
            "span": [5, 35], "text": "phấn đấu tỷ lệ hộ nghèo giảm 2,5%", "kind": "target", "indicator": "tỷ lệ hộ nghèo",
            "value": 2.5, "value_high": None, "unit": "%", "comparator": "eq", "direction": "decrease",
            "deadline": "2025", "location": "huyện Đông Sơn", "cue": "phấn đấu", "provenance": PROV, "baseline": 4.1,
        }
    ],
    "legal_references": [{"span": [40, 60], "text": "Nghị quyết 15/NQ-CP", "type": "Nghị quyết", "number": "15/NQ-CP",
                          "issuer": "Chính phủ", "provenance": PROV}],
    "warnings": ["converted from TCVN3"],
}
ERROR = {"id": "bad", "source": "in.jsonl", "line": 3, "error": "line 3 is not JSON"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_round_trip(tmp_path: Path) -> None:
    assert write_chunk(tmp_path, "csv", "000000", [RECORD], [ERROR], ["in.jsonl"]) == {
        "documents": 1, "targets": 1, "mentions": 4, "errors": 1
    }
    assert (tmp_path / "targets" / "part-000000.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    (t,) = read_csv(tmp_path / "targets" / "part-000000.csv")
    assert list(t) == list(TABLE_COLUMNS["targets"])
    want = RECORD["targets"][0]
    assert (t["doc_id"], t["doc_date"], int(t["span_start"]), int(t["span_end"]), t["text"]) == ("r1", "2023-01", 5, 35, want["text"])
    assert (t["indicator"], float(t["value"]), t["value_high"], t["unit"], t["direction"], t["location"]) == (
        "tỷ lệ hộ nghèo", 2.5, "", "%", "decrease", "huyện Đông Sơn"
    )
    assert (t["rules"], float(t["confidence"]), json.loads(t["extra"])) == ("cue.phan_dau; percent.sign", 0.9, {"baseline": 4.1})
    (d,) = read_csv(tmp_path / "documents" / "part-000000.csv")
    assert (d["doc_id"], d["source"], d["n_targets"], d["n_organisations"], d["warnings"]) == \
        ("r1", "in.jsonl", "1", "1", "converted from TCVN3")
    mentions = read_csv(tmp_path / "mentions" / "part-000000.csv")
    assert [(m["kind"], m["value"]) for m in mentions] == [
        ("percentage", "2.5"), ("organisation", "Ủy ban nhân dân huyện Đông Sơn"), ("time_expression", "2025"),
        ("legal_reference", "15/NQ-CP"),
    ]
    assert json.loads(mentions[2]["attrs"]) == {"value": "2025", "deadline": True, "mod": "by"}
    (e,) = read_csv(tmp_path / "errors" / "part-000000.csv")
    assert e == {"id": "bad", "source": "in.jsonl", "line": "3", "error": "line 3 is not JSON"}


def test_parquet_round_trip(tmp_path: Path) -> None:
    write_chunk(tmp_path, "parquet", "000000", [RECORD], [ERROR], ["in.jsonl"])
    write_chunk(tmp_path, "parquet", "000001", [{**RECORD, "id": "r2", "targets": []}], [], ["in.jsonl"])
    targets = ds.dataset(tmp_path / "targets").to_table().to_pylist()
    want = RECORD["targets"][0]
    assert targets == [
        {
            "doc_id": "r1", "doc_date": "2023-01", "span_start": 5, "span_end": 35, "text": want["text"], "kind": "target",
            "indicator": "tỷ lệ hộ nghèo", "value": 2.5, "value_high": None, "unit": "%", "comparator": "eq",
            "direction": "decrease", "deadline": "2025", "location": "huyện Đông Sơn", "cue": "phấn đấu",
            "rules": "cue.phan_dau; percent.sign", "confidence": 0.9, "extra": '{"baseline": 4.1}',
        }
    ]
    docs = ds.dataset(tmp_path / "documents").to_table()
    assert sorted(docs.column("doc_id").to_pylist()) == ["r1", "r2"]
    assert docs.schema.field("n_targets").type == "int64"
    assert ds.dataset(tmp_path / "errors").to_table().to_pylist() == [ERROR]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_flat_tables_agree_with_jsonl_records(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "docs.jsonl"
    write_docs(src, 9, sentences=3)
    run_batch(BatchOptions(inputs=[str(src)], out=tmp_path / "jsonl", chunk_size=4, progress="none"))
    run_batch(BatchOptions(inputs=[str(src)], out=tmp_path / fmt, fmt=fmt, chunk_size=4, progress="none"))
    records = read_jsonl_dir(tmp_path / "jsonl" / "records")

    def table(name: str) -> list[dict[str, Any]]:
        if fmt == "parquet":
            return ds.dataset(tmp_path / fmt / name).to_table().to_pylist() if (tmp_path / fmt / name).exists() else []
        return [row for part in sorted((tmp_path / fmt / name).glob("*.csv")) for row in read_csv(part)]

    assert sorted(str(d["doc_id"]) for d in table("documents")) == sorted(r["id"] for r in records)
    spans = sorted(
        (r["id"], m["span"][0], m["span"][1], m["text"]) for r in records
        for k in ("percentages", "time_expressions", "organisations", "locations", "legal_references") for m in r[k]
    )
    assert spans and sorted((m["doc_id"], int(m["span_start"]), int(m["span_end"]), m["text"]) for m in table("mentions")) == spans
    targets = sorted((r["id"], t["span"][0], t["span"][1]) for r in records for t in r["targets"])
    assert sorted((t["doc_id"], int(t["span_start"]), int(t["span_end"])) for t in table("targets")) == targets
