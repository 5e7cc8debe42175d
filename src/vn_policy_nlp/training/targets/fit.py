"""Fitting each model of the targets stage (scikit-learn), saved as JSON linear models."""

from __future__ import annotations

from typing import Any

from ...ml.linear import LinearModel
from ...targets.assemble import TargetModels
from .examples import AllExamples, Examples

#: Regularisation (C of the logistic regression) and thresholds, chosen by cross-validation (`crossval.py`).
DEFAULTS: dict[str, Any] = {
    "kind_C": 0.3, "kind_threshold": 0.5,
    "indicator_C": 0.3, "indicator_threshold": 0.5,
    "deadline_C": 0.5, "deadline_threshold": 0.3,
    "place_C": 0.5,
    "time_role_C": 0.3, "time_role_threshold": 0.5,
}


def logreg(ex: Examples, c: float, threshold: float, name: str) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([f if isinstance(f, dict) else dict.fromkeys(f, 1.0) for f in ex.x])
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, ex.y)
    classes = [str(k) for k in model.classes_]
    names = list(vec.get_feature_names_out())
    data = {"name": name, "threshold": threshold, "C": c, "n_examples": len(ex.y), "classes": classes,
            "features": names, "coef": model.coef_.tolist(), "intercept": model.intercept_.tolist()}
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
    return TargetModels(
        kind=logreg(ex.kind, p["kind_C"], p["kind_threshold"], "kind"),
        indicator=logreg(ex.indicator, p["indicator_C"], p["indicator_threshold"], "indicator"),
        deadline=logreg(ex.deadline, p["deadline_C"], p["deadline_threshold"], "deadline"),
        place=logreg(ex.place, p["place_C"], 0.0, "place"),
        time_role=logreg(ex.time_role, p["time_role_C"], p["time_role_threshold"], "time_role"),
        name=name,
    )
