"""`vn-policy-nlp ingest`, `targets` and `links` on a SQLite store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vn_policy_nlp.cli import app

LINKING = Path(__file__).resolve().parents[2] / "corpus" / "linking" / "articles.jsonl"
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(LINKING), "--db", path])
    assert result.exit_code == 0, result.output
    assert "25 documents (25 new" in result.stdout
    return path


def test_ingest_again_is_unchanged(db: str) -> None:
    result = runner.invoke(app, ["ingest", str(LINKING), "--db", db, "--format", "json"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["unchanged"] == 25 and summary["new"] == 0


def test_ingest_error_records_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps({"id": "x", "error": "boom"}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--db", str(tmp_path / "e.db")])
    assert result.exit_code == 1
    assert "1 inputs skipped" in result.stdout


def test_targets_table(db: str) -> None:
    result = runner.invoke(app, ["targets", "--place", "Đông Sơn", "--year", "2023", "--kind", "target", "--db", db],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "tốc độ tăng giá trị sản xuất" in result.stdout
    assert "10,5 %" in result.stdout and "met" in result.stdout


def test_targets_json_and_csv(db: str) -> None:
    result = runner.invoke(app, ["targets", "--indicator", "thu ngân sách", "--format", "json", "--db", db])
    page = json.loads(result.stdout)
    assert page["total"] >= 8 and all("ngân sách" in i["indicator"] for i in page["items"])
    result = runner.invoke(app, ["targets", "--place", "Sầm Sơn", "--format", "csv", "--db", db])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["location"] for r in rows} == {"thành phố Sầm Sơn"}
    assert {"id", "indicator", "value_text", "status"} <= set(rows[0])


def test_links(db: str) -> None:
    for args in (["links"], ["targets", "--links"]):
        result = runner.invoke(app, [*args, "--place", "Hà Tĩnh", "--format", "json", "--db", db])
        assert result.exit_code == 0, result.output
        items = json.loads(result.stdout)["items"]
        assert {i["status"] for i in items} == {"met", "missed"}
        assert all(i["result"]["document_id"] == "hatinh-2024-01" for i in items)


@pytest.mark.parametrize("args", [["--format", "xml"], ["--kind", "goal"], ["--from", "2023/01/01"], ["--status", "done"]])
def test_bad_options_exit_2(db: str, args: list[str]) -> None:
    result = runner.invoke(app, ["targets", *args, "--db", db])
    assert result.exit_code == 2


def test_relink_as_of(db: str) -> None:
    early = runner.invoke(app, ["relink", "--as-of", "2023-06-30", "--db", db])
    assert early.exit_code == 0, early.output
    assert "37 targets" in early.stdout
    result = runner.invoke(app, ["targets", "--status", "pending", "--format", "json", "--db", db])
    assert json.loads(result.stdout)["total"] > 5  # before the 2023 deadlines, more is pending
    late = runner.invoke(app, ["relink", "--as-of", "2024-03-31", "--db", db])
    assert "5 pending" in late.stdout
