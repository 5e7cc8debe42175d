"""The seed article end to end: agreement with its gold, and a snapshot of every record.

Two golden files, two purposes. `corpus/000_688f0dc97b67917a.gold.json` is the
annotators' truth; the floors in `data/golden/seed_thresholds.yaml` say how
close the pipeline must stay to it. `data/golden/seed_records.json` is the
pipeline's own output, checked exactly so that any change in what it emits is
seen in review; rewrite it with `pytest --update-golden` after a deliberate
change.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from vn_policy_nlp import extract

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpus" / "000_688f0dc97b67917a.gold.json"
DATA = Path(__file__).parent / "data" / "golden"
FLOORS: dict[str, dict[str, Any]] = yaml.safe_load((DATA / "seed_thresholds.yaml").read_text("utf-8"))
SNAPSHOT = DATA / "seed_records.json"

NUMERIC = {"value", "value_high"}


def _fold(v: Any) -> Any:
    if isinstance(v, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", v).lower()).strip()
    return v


def _syllables(v: Any) -> list[str]:
    return re.findall(r"\w+", _fold(v) or "")


def _agree(field: str, a: Any, b: Any) -> float:
    if field in ("indicator", "location"):
        ta, tb = _syllables(a), _syllables(b)
        common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
        return 1.0 if ta == tb else (2 * common / (len(ta) + len(tb)) if common else 0.0)
    if field in NUMERIC and not isinstance(a, str) and not isinstance(b, str):
        return float((a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-3))
    return float(_fold(a) == _fold(b))


def _pairs(gold: list[dict], pred: list[dict], kind: str) -> list[tuple[dict, dict]]:
    """Greedy one-to-one by largest overlap; values must agree where the kind has one."""
    used: set[int] = set()
    out = []
    for g in gold:
        best, best_ov = None, 0
        for j, p in enumerate(pred):
            ov = min(g["span"][1], p["span"][1]) - max(g["span"][0], p["span"][0])
            if j in used or ov <= 0:
                continue
            if kind in ("percentages", "targets") and _agree("value", g["value"], p["value"]) < 1:
                continue
            if ov > best_ov:
                best, best_ov = j, ov
        if best is not None:
            used.add(best)
            out.append((g, pred[best]))
    return out


@pytest.fixture(scope="module")
def seed_output(nlp: Any, seed_document: Any) -> dict[str, Any]:
    return extract(seed_document, nlp=nlp).model_dump(mode="json")


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_seed_agrees_with_gold(seed_output: dict[str, Any], kind: str) -> None:
    gold = json.loads(GOLD.read_text("utf-8"))[kind]
    pred = seed_output[kind]
    pairs = _pairs(gold, pred, kind)
    floors = FLOORS[kind]
    precision = len(pairs) / len(pred) if pred else 1.0
    recall = len(pairs) / len(gold) if gold else 1.0
    unmatched = [p["text"] for p in pred if all(p is not b for _, b in pairs)]
    missed = [g["text"] for g in gold if all(g is not a for a, _ in pairs)]
    assert precision >= floors["precision"], f"{kind}: precision {precision:.3f}; extra {unmatched}"
    assert recall >= floors["recall"], f"{kind}: recall {recall:.3f}; missed {missed}"
    for field, floor in floors.get("fields", {}).items():
        checked = [(g, p) for g, p in pairs if field in g and (g[field] is not None or field in NUMERIC | {"deadline"})]
        if not checked:
            continue
        score = sum(_agree(field, g[field], p.get(field)) for g, p in checked) / len(checked)
        wrong = [(g["text"], g[field], p.get(field)) for g, p in checked if _agree(field, g[field], p.get(field)) < 1]
        assert score >= floor, f"{kind}.{field}: {score:.3f} < {floor}; {wrong}"


def _snapshot(output: dict[str, Any]) -> dict[str, Any]:
    """Records without confidences, which move with every retraining of a model."""
    def strip(r: Any) -> Any:
        if isinstance(r, dict):
            return {k: strip(v) for k, v in r.items() if k != "confidence"}
        if isinstance(r, list):
            return [strip(x) for x in r]
        return r
    return strip(output)


def test_seed_snapshot(seed_output: dict[str, Any], request: pytest.FixtureRequest) -> None:
    got = _snapshot(seed_output)
    if request.config.getoption("--update-golden"):
        SNAPSHOT.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert SNAPSHOT.exists(), "no snapshot yet: run pytest --update-golden"
    want = json.loads(SNAPSHOT.read_text("utf-8"))
    for kind in want:
        assert got.get(kind) == want[kind], f"seed output changed in {kind!r}; if intended, pytest --update-golden"
