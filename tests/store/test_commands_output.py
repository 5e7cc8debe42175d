"""What the store commands print: stored text as plain text (no markup, no terminal
escapes), values with direction and unit, options bounded like the API's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from vn_policy_nlp.cli import app
from vn_policy_nlp.cli.store import value_text

DATA = Path(__file__).resolve().parents[1] / "data" / "store"
VALUES = yaml.safe_load((DATA / "value_text.yaml").read_text(encoding="utf-8"))["cases"]
runner = CliRunner()

HOSTILE = ["[/]", "[link=https://example.invalid/x]bấm vào[/link]", "\x1b[31mđỏ\x1b[0m", "\x1b]8;;https://example.invalid\x1b\\x",
           "[bold red]đậm[/]", ":smile: \u202etrái"]


@pytest.mark.parametrize("case", VALUES, ids=[c["want"] for c in VALUES])
def test_value_text(case: dict[str, Any]) -> None:
    assert value_text(case["item"]) == case["want"]


def hostile_store(tmp_path: Path) -> str:
    """Targets whose indicators are markup and escapes, each with a result that links to it."""
    def records(kind: str, value: float) -> list[dict[str, Any]]:
        return [{"span": [0, 1], "text": "x", "kind": kind, "indicator": f"thu ngân sách {ind}", "value": value, "unit": "%",
                 "location": "huyện Đông Sơn", "deadline": "2025"} for ind in HOSTILE]

    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps({"id": "h[/]1", "date": "2024-01", "targets": records("target", 1.5)}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "h[/]2", "date": "2025-12", "targets": records("result", 1.7)}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    db = str(tmp_path / "h.db")
    assert runner.invoke(app, ["ingest", str(path), "--db", db]).exit_code == 0
    return db


@pytest.mark.parametrize("command", [["targets"], ["targets", "--links"], ["links"]])
def test_stored_text_is_printed_as_plain_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    db = hostile_store(tmp_path)
    monkeypatch.setenv("FORCE_COLOR", "1")  # print as to a terminal: hyperlinks and colours would be emitted
    monkeypatch.setenv("COLUMNS", "400")
    result = runner.invoke(app, [*command, "--db", db])
    assert result.exit_code == 0, result.output
    assert "h[/]1:t0" in result.stdout, "the hostile rows are in the table"
    for shown in ("[/]", "[link=https://example.invalid/x]bấm vào[/link]", "[bold red]đậm[/]", ":smile:", "\\x1b[31mđỏ"):
        assert shown in result.stdout, shown
    assert "\x1b]8;" not in result.stdout, "no hyperlink"
    assert "\x1b[31m" not in result.stdout and "\u202e" not in result.stdout


def test_file_name_with_markup(tmp_path: Path) -> None:
    (tmp_path / "tệp[").mkdir()
    bad = tmp_path / "tệp[" / "]lạ.bin"  # the path reads ".../tệp[/]lạ.bin"
    bad.write_bytes(b"\x00\x01" * 100)
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 2, result.output
    assert "tệp[/]lạ.bin" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("year", ["1899", "2201", "1000000"])
def test_year_is_bounded_as_in_the_api(tmp_path: Path, year: str) -> None:
    result = runner.invoke(app, ["targets", "--year", year, "--db", str(tmp_path / "y.db")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
