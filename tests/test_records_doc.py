"""docs/records.md is what scripts/build_records_doc.py makes of the models, `vn-policy-nlp schema`
and docs/records.yaml: regenerate it with `python3 scripts/build_records_doc.py`."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from vn_policy_nlp.cli import app

ROOT = Path(__file__).resolve().parents[1]


def builder() -> Any:
    spec = importlib.util.spec_from_file_location("build_records_doc", ROOT / "scripts" / "build_records_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_records_doc_is_up_to_date() -> None:
    built = builder().build()
    current = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    assert current == built, "docs/records.md is out of date: run python3 scripts/build_records_doc.py"


def test_doc_shows_the_schema_the_command_prints() -> None:
    printed = json.loads(CliRunner().invoke(app, ["schema"]).stdout)
    doc = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    block = doc.split("## JSON Schema", 1)[1].split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(block) == printed


@pytest.mark.parametrize(("change", "says"), [
    (lambda spec: spec["kinds"]["targets"]["fields"].pop("kind"), "Target.kind is described nowhere"),
    (lambda spec: spec["kinds"]["percentages"]["examples"][0]["records"][0].update(span=[0, 5]), "gives"),
    (lambda spec: spec["kinds"]["targets"]["examples"][0]["records"][0].update(kind="goal"), "kind"),
])
def test_build_refuses_what_does_not_agree_with_the_models(tmp_path: Path, change: Any, says: str) -> None:
    module = builder()
    spec = yaml.safe_load(module.SOURCE.read_text(encoding="utf-8"))
    change(spec)
    module.SOURCE = tmp_path / "records.yaml"
    module.SOURCE.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(Exception, match=says):
        module.build()
