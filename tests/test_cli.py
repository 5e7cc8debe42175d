"""The command line: output shape and exit codes (0 ok, 1 error records, 2 unreadable path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vn_policy_nlp.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_688f0dc97b67917a.txt"
runner = CliRunner()


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_seed_percentages() -> None:
    result = runner.invoke(app, ["extract", str(SEED)])
    assert result.exit_code == 0, result.output
    (doc,) = records(result.stdout)
    text = SEED.read_text(encoding="utf-8").split("\n", 2)[2]
    assert doc["id"] == SEED.stem and doc["date"] == "2023-01"
    assert [p["text"] for p in doc["percentages"]] == ["10,51%", "91,5%", "92,6%", "85%", "100%"]
    for p in doc["percentages"]:
        assert text[p["span"][0] : p["span"][1]] == p["text"]


def test_jsonl_bad_line_gives_error_record_and_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"id": "a", "text": "Tỷ lệ đạt 50%."}, ensure_ascii=False) + "\n{oops\n"
        + json.dumps({"id": "c", "text": "Tăng 3%."}) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 1
    out = records(result.stdout)
    assert [o.get("id") for o in out] == ["a", None, "c"]
    assert out[1]["line"] == 2 and "not JSON" in out[1]["error"]


@pytest.mark.parametrize("bad", ["missing.txt", "binary.bin"])
def test_unreadable_path_exit_2_no_traceback(tmp_path: Path, bad: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Tỷ lệ đạt 50%.", encoding="utf-8")
    if bad == "binary.bin":
        (tmp_path / bad).write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["extract", str(tmp_path / bad), str(good)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert bad in result.stderr
    error, good_record = records(result.stdout)  # the unreadable file keeps its place as an error record
    assert error["source"] == str(tmp_path / bad) and bad in error["error"] and "percentages" not in error
    assert good_record["id"] == "good"


def test_directory_and_output_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"{i}.txt").write_text(f"Mức tăng {i + 1},5%.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 0
    docs = records(out.read_text(encoding="utf-8"))
    assert [d["percentages"][0]["value"] for d in docs] == [1.5, 2.5, 3.5]


def test_stdin() -> None:
    result = runner.invoke(app, ["extract", "-"], input="Giảm 2 điểm phần trăm.")
    assert result.exit_code == 0
    (doc,) = records(result.stdout)
    assert doc["percentages"][0]["value"] == 2


def test_bad_format_option() -> None:
    assert runner.invoke(app, ["extract", "--format", "xml", str(SEED)]).exit_code == 2


def test_schema_is_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) >= {"id", "percentages", "targets", "legal_references", "time_expressions"}
