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
#: Scores closer than this are a tie: one record more or less moves an F1 by about 1e-3, and a setting that wins
#: by less has shown nothing (kind_C 0.3 beat 0.1 by 0.0004 on fold seed 0 after the time stage learned
#: 'tháng 7.2017', and lost by 0.0047 on fold seed 1; the results threshold 0.6 beat 0.55 by 0.0002 there, and
#: lost 0.005 on fold seeds 1 and 2).
TIE = 1e-3


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


def best_thresholds(readings: list[Reading], pred: dict[str, Any], grid: Iterable[float],
                    tie: float = TIE) -> tuple[float, float, Report]:
    """Each kind's confidence threshold, by its own F1 over the pooled predictions (the lowest of those within
    `tie` of the best), and the report at both: a record of one kind does not change the other's F1, and a
    threshold shared first and split after stayed where the mean of the two F1 put it (with
    `kind.SENTENCE_LIFT`, 0.55 for both: targets F1 0.781 -> 0.770)."""
    gold = [r.gold for r in readings]
    grid = sorted(grid)
    reports = [score(gold, _above(pred, t)) for t in grid]

    def lowest_best(row: str) -> float:
        top = max(r[row]["f1"] for r in reports)
        return next(t for t, r in zip(grid, reports, strict=True) if r[row]["f1"] >= top - tie)

    target, result = lowest_best("targets"), lowest_best("results")
    return target, result, score(gold, _above(pred, target, result))
