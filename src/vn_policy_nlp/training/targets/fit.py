"""Fitting each model of the targets stage (scikit-learn), saved as JSON linear models."""

from __future__ import annotations

from typing import Any

from ...ml.linear import LinearModel
from ...targets.assemble import TargetModels
from .examples import AllExamples, Examples

#: Regularisation (C of the logistic regression) and thresholds, chosen by cross-validation (`crossval.py`).
#: A grid value has to beat these to replace them (`command.better`); kind_C is the value released since
#: the kind model's features settled: 0.05 tied it on fold seed 0 (0.7700 both) and lost on seeds 1 and 2
#: (mean of target and result F1 +0.001 / -0.003, deadlines -0.002 / -0.003, target indicator -0.005).
DEFAULTS: dict[str, Any] = {
    "kind_C": 0.1, "kind_threshold": 0.5, "result_threshold": None,  # None: results keep the kind threshold
    "indicator_C": 0.3, "indicator_threshold": 0.5,
    "deadline_C": 0.5, "deadline_threshold": 0.3,
    "place_C": 0.5,
    "time_role_C": 0.3, "time_role_threshold": 0.5,
    "inherit_C": 0.3, "inherit_threshold": 0.35,
}
#: The previous figure's indicator is the better name when its token F1 with the gold is higher by this much.
INHERIT_MARGIN = 0.15


def logreg(ex: Examples, c: float, threshold: float, name: str, card: dict[str, Any] | None = None) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([f if isinstance(f, dict) else dict.fromkeys(f, 1.0) for f in ex.x])
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, ex.y, sample_weight=ex.sample_weights())
    classes = [str(k) for k in model.classes_]
    names = list(vec.get_feature_names_out())
    data = {"name": name, "threshold": threshold, "C": c, "n_examples": len(ex.y), "classes": classes,
            "features": names, "coef": model.coef_.tolist(), "intercept": model.intercept_.tolist(), **(card or {})}
    if len(classes) == 2:
        data["classes"] = ["0", "1"]
    return LinearModel.from_json(_compact(data), name=name)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    rows = data["coef"]
    keep = [i for i in range(len(data["features"])) if any(abs(r[i]) > 1e-6 for r in rows)]
    return {**data, "features": [data["features"][i] for i in keep],
            "coef": [[round(r[i], 5) for i in keep] for r in rows], "intercept": [round(b, 5) for b in data["intercept"]]}


def fit_all(ex: AllExamples, params: dict[str, Any] | None = None, name: str = "targets") -> TargetModels:
    p = {**DEFAULTS, **(params or {})}
    indicator_model = logreg(ex.indicator, p["indicator_C"], p["indicator_threshold"], "indicator")
    return TargetModels(
        kind=logreg(ex.kind, p["kind_C"], p["kind_threshold"], "kind", {"result_threshold": p["result_threshold"]}),
        indicator=indicator_model,
        inherit=logreg(inherit_examples(ex.inherit, indicator_model), p["inherit_C"], p["inherit_threshold"], "inherit"),
        deadline=logreg(ex.deadline, p["deadline_C"], p["deadline_threshold"], "deadline"),
        place=logreg(ex.place, p["place_C"], 0.0, "place"),
        time_role=logreg(ex.time_role, p["time_role_C"], p["time_role_threshold"], "time_role"),
        name=name,
    )


def inherit_examples(items: Examples, indicator_model: LinearModel) -> Examples:
    """Label each (figure, figure before) pair by which indicator is closer to the gold: the figure's own
    words as the fitted indicator model reads them, or the figure before's gold indicator."""
    from ...targets.fields.indicator import indicator
    from ...targets.fields.inherit import inherit_features
    from .examples import token_f1

    out = Examples(weights=dict(items.weights))
    for (ctx, prev), (gold, prev_gold), doc in zip(items.x, items.y, items.doc, strict=True):  # type: ignore[misc]
        own = indicator(ctx, indicator_model)
        better = token_f1(gold, prev_gold) > token_f1(gold, own.text if own else None) + INHERIT_MARGIN
        out.add(inherit_features(ctx, own, prev), int(better), doc)
    if len(set(out.y)) < 2:  # too few pairs to learn from: a model that never inherits
        out.add(["bias"], 0, "")
        out.add(["never"], 1, "")
    return out
