"""Score predictions with the shared scorer (`../shared/eval/score.py`), the yardstick itself.

The scorer is imported from the shared folder, not copied, so training
and the reports measure exactly what the judges measure.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from .data import GoldDoc, MissingDataError, shared_dir

Report = dict[str, dict[str, Any]]
ROWS = ("percentages", "organisations", "organisations_exact", "locations", "locations_exact", "time_expressions",
        "deadlines", "targets", "results", "legal_references")


@cache
def scorer(shared: Path | None = None) -> ModuleType:
    path = shared_dir(shared) / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("vnp_shared_score", path)
    if spec is None or spec.loader is None:
        raise MissingDataError(f"{path}: cannot import the shared scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(docs: Iterable[GoldDoc], nlp: Any) -> dict[str, dict[str, Any]]:
    """Records for gold documents (their text and date only), by id."""
    from .. import make_doc
    from ..documents import Document

    out: dict[str, dict[str, Any]] = {}
    for g in docs:
        document = Document(id=g["id"], text=g["text"], date=g.get("date"), title=g.get("title"))
        out[g["id"]] = nlp(make_doc(nlp, document))._.records.model_dump(mode="json")
    return out


def score(gold: Iterable[GoldDoc], pred: dict[str, dict[str, Any]]) -> Report:
    gold_by_id = {g["id"]: g for g in gold}
    return scorer().score(gold_by_id, pred)


def merge(reports: Iterable[Report]) -> Report:
    """Pool several reports (the folds of a cross-validation) as one: counts add, shares are re-weighted by matches."""
    tallies: dict[str, dict[str, Any]] = {}
    for rep in reports:
        for row, r in rep.items():
            if row.startswith("_"):
                continue
            t = tallies.setdefault(row, {"tp": 0, "fp": 0, "fn": 0, "extra": {}})
            for c in ("tp", "fp", "fn"):
                t[c] += r[c]
            for key, value in r.items():
                if key not in ("precision", "recall", "f1", "tp", "fp", "fn") and value is not None:
                    hit, n = t["extra"].get(key, (0.0, 0))
                    t["extra"][key] = (hit + value * r["tp"], n + r["tp"])
    return {row: _report(t) for row, t in tallies.items()}


def _report(t: dict[str, Any]) -> dict[str, Any]:
    tp, fp, fn = t["tp"], t["fp"], t["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    out: dict[str, Any] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}
    out.update({k: round(h / n, 4) for k, (h, n) in sorted(t["extra"].items()) if n})
    return out


def table(report: Report, rows: Iterable[str] = ROWS, title: str = "") -> str:
    """The score.py table: P, R, F1 and the extra shares of each row."""
    lines = [f"{title:22}{'P':>7}{'R':>7}{'F1':>7}   extra"]
    for row in rows:
        r = report.get(row)
        if r is None:
            continue
        cells = "".join(f"{r[c]:7.3f}" if r.get(c) is not None else f"{'-':>7}" for c in ("precision", "recall", "f1"))
        extra = "  ".join(f"{k}={v}" for k, v in r.items()
                          if k not in ("precision", "recall", "f1", "tp", "fp", "fn") and v is not None)
        lines.append(f"{row:22}{cells}   {extra}")
    return "\n".join(lines)


def cross_validate(docs: list[GoldDoc], fit_predict: Callable[[list[GoldDoc], list[GoldDoc]], dict[str, dict[str, Any]]],
                   k: int = 5, seed: int = 0) -> Report:
    """k-fold cross-validation over documents: `fit_predict(train_docs, test_docs)` returns predictions for the test docs.

    The folds' predictions are scored together, as one prediction file would be.
    """
    from .folds import document_folds

    by_id = {d["id"]: d for d in docs}
    pred: dict[str, dict[str, Any]] = {}
    for train_ids, test_ids in document_folds(list(by_id), k, seed):
        pred.update(fit_predict([by_id[i] for i in train_ids], [by_id[i] for i in test_ids]))
    return score(docs, pred)
