"""k-fold cross-validation of the targets stage over documents, scored by the shared scorer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...targets.assemble import TargetModels, by_kind, decide
from ...targets.time_roles import deadline_flags, governing_times
from ..evaluate import Report, score
from ..folds import document_folds
from .examples import AllExamples
from .fit import fit_all
from .readings import Reading

ROWS = ("deadlines", "targets", "results")


def predictions(readings: Iterable[Reading], models: TargetModels, min_confidence: float | None = None) -> dict[str, Any]:
    """Target records per document id, spans in the caller's offsets (what the scorer reads)."""
    thresholds = models.thresholds
    out: dict[str, Any] = {}
    for r in readings:
        recs = []
        found = decide(r.analysis, models)
        governing = governing_times([m for m in found if m.confidence >= thresholds[m.attrs["kind"]]])
        for m in found:
            if m.confidence < (thresholds[m.attrs["kind"]] if min_confidence is None else min_confidence):
                continue
            s, e = r.offsets.to_input(m.start, m.end)
            recs.append({"span": [s, e], **{k: v for k, v in m.attrs.items() if not k.startswith("_")},
                         "confidence": m.confidence})
        view = r.analysis.view
        flags = deadline_flags(view, [c.cand.start for c in r.analysis.contexts], models.time_role, governing)
        times = [{"span": list(r.offsets.to_input(t.start, t.end)), "value": t.value, "deadline": flags[(t.start, t.end)]}
                 for t in view.times]
        out[r.gold["id"]] = {"id": r.gold["id"], "targets": recs, "time_expressions": times}
    return out


def cross_validate(readings: list[Reading], examples: AllExamples, params: dict[str, Any] | None = None,
                   k: int = 5, seed: int = 0, extra: Iterable[str] = ()) -> tuple[Report, dict[str, Any]]:
    """The pooled report of k folds over `readings` and the pooled predictions (for threshold search and error
    lists). `extra`: ids of further labelled documents, always on the training side."""
    by_id = {r.gold["id"]: r for r in readings}
    pred: dict[str, Any] = {}
    for train_ids, test_ids in document_folds(list(by_id), k, seed):
        models = fit_all(examples.subset(set(train_ids) | set(extra)), params)
        pred.update(predictions([by_id[i] for i in test_ids], models, min_confidence=0.0))
    params = params or {}
    return score([r.gold for r in readings], _above(pred, params.get("kind_threshold"), params.get("result_threshold"))), pred


def _above(pred: dict[str, Any], threshold: float | None, result_threshold: float | None = None) -> dict[str, Any]:
    """The predictions without the records below their kind's threshold (a result's is `threshold` too
    unless `result_threshold` is given)."""
    from .fit import DEFAULTS

    least = by_kind(DEFAULTS["kind_threshold"] if threshold is None else threshold, result_threshold)
    return {i: {**p, "targets": [r for r in p["targets"] if r["confidence"] >= least[r["kind"]]]} for i, p in pred.items()}


def best_threshold(readings: list[Reading], pred: dict[str, Any], grid: Iterable[float]) -> tuple[float, Report]:
    """The confidence threshold with the best mean of target and result F1 over the pooled predictions."""
    gold = [r.gold for r in readings]
    best: tuple[float, float, Report] | None = None
    for t in grid:
        rep = score(gold, _above(pred, t))
        f = (rep["targets"]["f1"] + rep["results"]["f1"]) / 2
        if best is None or f > best[1]:
            best = (t, f, rep)
    assert best is not None
    return best[0], best[2]


def best_result_threshold(readings: list[Reading], pred: dict[str, Any], threshold: float, grid: Iterable[float],
                          tie: float) -> tuple[float | None, Report]:
    """A results' own threshold, targets' staying at `threshold`, where it beats the shared one by more than
    `tie` in the mean of target and result F1 over the pooled predictions (None: the shared one)."""
    gold = [r.gold for r in readings]
    shared = score(gold, _above(pred, threshold))
    best: tuple[float | None, float, Report] = (None, (shared["targets"]["f1"] + shared["results"]["f1"]) / 2, shared)
    for t in grid:
        rep = score(gold, _above(pred, threshold, t))
        f = (rep["targets"]["f1"] + rep["results"]["f1"]) / 2
        if f > best[1] + tie:
            best = (t, f, rep)
    return best[0], best[2]
