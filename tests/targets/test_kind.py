"""The kind stage's reading of a sentence's figures together, one data line a case."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from vn_policy_nlp.targets.kind import KindReading, lifted

TABLE = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "targets" / "kind.yaml")
                       .read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TABLE["sentence_lift"], ids=[c["id"] for c in TABLE["sentence_lift"]])
def test_sentence_lift(case: dict[str, Any]) -> None:
    contexts = [SimpleNamespace(si=si) for si, _, _ in case["readings"]]
    readings = [KindReading(kind, conf, 0.0, 0.0) for _, kind, conf in case["readings"]]
    got = lifted(contexts, readings)  # type: ignore[arg-type]
    assert [k.kind for k in got] == [k.kind for k in readings]
    assert [round(k.confidence, 6) for k in got] == case["expect"]
