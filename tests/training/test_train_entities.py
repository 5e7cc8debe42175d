"""`vn-policy-nlp train entities` without the shared gold sets: a clear refusal, nothing written or removed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vn_policy_nlp.cli import app


def test_refuses_without_shared_data_and_keeps_the_released_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "models"
    released = models / "entities_20000101" / "crf.json"
    released.parent.mkdir(parents=True)
    released.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("VNP_SHARED", str(tmp_path / "nowhere"))
    result = CliRunner().invoke(app, ["train", "entities", "--out", str(models), "--no-cv"])
    assert result.exit_code == 2
    assert "no training data" in result.output and "nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in models.iterdir()) == ["entities_20000101"]
    assert released.read_text(encoding="utf-8") == "{}"
