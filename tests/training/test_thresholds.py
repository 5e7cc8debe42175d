"""Each kind's confidence threshold is chosen by its own F1, one data case a document."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from vn_policy_nlp.training.targets.crossval import best_thresholds

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "training" / "thresholds.yaml")
                       .read_text(encoding="utf-8"))["cases"]


def _record(kind: str, value: float, span: list[int]) -> dict[str, Any]:
    return {"span": span, "kind": kind, "indicator": None, "value": value, "value_high": None, "unit": None,
            "comparator": "eq", "direction": None, "deadline": None, "location": None}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_best_thresholds(scorer_available: None, case: dict[str, Any]) -> None:
    spans = {value: [10 * i, 10 * i + 5] for i, (_, value) in enumerate(case["gold"])}
    gold = {"id": "d", "date": None, "text": "x" * 400, "targets": [_record(k, v, spans[v]) for k, v in case["gold"]]}
    apart = iter(range(200, 400, 10))
    pred = {"d": {"id": "d", "time_expressions": [], "targets": [
        {**_record(k, v, spans.get(v) or [(s := next(apart)), s + 5]), "confidence": c} for k, v, c in case["pred"]]}}
    target, result, report = best_thresholds([SimpleNamespace(gold=gold)], pred, case["grid"],  # type: ignore[arg-type]
                                             case.get("tie", 0.0))
    assert [target, result] == case["expect"]
    assert report["targets"]["f1"] > 0 and report["results"]["f1"] > 0
