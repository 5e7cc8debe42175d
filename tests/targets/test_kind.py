"""The kind stage's reading of a sentence's figures together, one data line a case."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from vn_policy_nlp import make_doc
from vn_policy_nlp.documents import Document
from vn_policy_nlp.targets.analysis import analyse
from vn_policy_nlp.targets.kind import KindReading, lifted, names_plan_level

TABLE = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "targets" / "kind.yaml")
                       .read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TABLE["sentence_lift"], ids=[c["id"] for c in TABLE["sentence_lift"]])
def test_sentence_lift(case: dict[str, Any]) -> None:
    contexts = [SimpleNamespace(si=si) for si, _, _ in case["readings"]]
    readings = [KindReading(kind, conf, 0.0, 0.0) for _, kind, conf in case["readings"]]
    got = lifted(contexts, readings)  # type: ignore[arg-type]
    assert [k.kind for k in got] == [k.kind for k in readings]
    assert [round(k.confidence, 6) for k in got] == case["expect"]


@pytest.mark.parametrize("case", TABLE["plan_level"], ids=[c["id"] for c in TABLE["plan_level"]])
def test_plan_level(before_targets: Any, case: dict[str, Any]) -> None:
    doc = before_targets(make_doc(before_targets, Document(text=case["text"], date="2023-06")))
    found = [c for c in analyse(doc).contexts if abs(c.cand.value - case["value"]) < 1e-9]
    assert found, f"no candidate with value {case['value']}"
    assert names_plan_level(found[0]) is case["expect"]
