"""The rows of the numbers, time and legal stages never fall below their floors on the gold sets.

Runs only where the shared gold sets are (a checkout beside ../shared); the
floors are data (tests/data/quality/floors.yaml).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vn_policy_nlp.training import data

FLOORS = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "quality" / "floors.yaml").read_text("utf-8"))
CHECKS = [(gold_set, row, metric, floor) for gold_set, rows in FLOORS.items() if gold_set != "meta"
          for row, metrics in rows.items() for metric, floor in metrics.items()]


@pytest.fixture(scope="module")
def reports(nlp: Any) -> dict[str, Any]:
    try:
        data.shared_dir()
    except data.MissingDataError:
        pytest.skip("the shared gold sets (../shared/eval) are not here")
    from vn_policy_nlp.training import evaluate

    out = {}
    for gold_set in {c[0] for c in CHECKS}:
        docs = data.gold_docs(gold_set)
        out[gold_set] = evaluate.score(docs, evaluate.predict(docs, nlp))
    return out


@pytest.mark.parametrize(("gold_set", "row", "metric", "floor"), CHECKS, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CHECKS])
def test_floor(reports: dict[str, Any], gold_set: str, row: str, metric: str, floor: float) -> None:
    got = reports[gold_set][row][metric]
    assert got >= floor - 1e-9, f"{gold_set} {row} {metric}: {got} < floor {floor}"
