"""Linear models over sparse named features, stored as JSON.

Every learned decision of the targets stage (a record's kind, which words
name its indicator, which time governs it) is a logistic regression trained
with scikit-learn and saved as JSON: classes, feature names, one weight row
per class, intercepts and the decision threshold chosen by cross-validation.
Loading needs neither scikit-learn nor pickle and survives library upgrades;
scoring is a sparse dot product. Features are binary: a feature is present
or absent, so a model sums the weights of the present ones, in C.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

Features = Mapping[str, float] | Iterable[str]  # the present (binary) features; a mapping's values are ignored


@dataclass(frozen=True)
class LinearModel:
    """A (multinomial or binary) logistic regression over named features."""

    name: str
    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    threshold: float = 0.5
    card: dict[str, Any] = field(default_factory=dict)
    _rows: tuple[tuple[float, dict[str, float]], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # (intercept, weights) per scored row, so that a score is one C-level sum. A binary model has one
        # row, classes[1] against classes[0]. A softmax is unchanged when every score loses the last
        # class's, so a multinomial model keeps its rows against the last class and sums one row fewer
        # per call (the kind model: two sums instead of three).
        last = len(self.intercept) - 1
        if last == 0:
            rows = ((self.intercept[0], {f: w[0] for f, w in self.weights.items() if w[0]}),)
        else:
            rows = tuple((self.intercept[k] - self.intercept[last],
                          {f: w[k] - w[last] for f, w in self.weights.items() if w[k] != w[last]})
                         for k in range(last))
        object.__setattr__(self, "_rows", rows)

    @classmethod
    def from_json(cls, data: dict[str, Any], name: str = "") -> LinearModel:
        classes = tuple(data["classes"])
        rows = data["coef"]  # one row per class; a binary model has a single row for classes[1]
        weights = dict(zip(data["features"], zip(*rows, strict=True), strict=True))
        card = {k: v for k, v in data.items() if k not in ("classes", "features", "coef", "intercept")}
        return cls(name or str(data.get("name", "")), classes, weights, tuple(data["intercept"]),
                   float(data.get("threshold", 0.5)), card)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")), name=path.stem)

    def to_json(self) -> dict[str, Any]:
        names = list(self.weights)
        rows = [[self.weights[n][k] for n in names] for k in range(len(self.intercept))]
        return {**self.card, "name": self.name, "threshold": self.threshold, "classes": list(self.classes),
                "features": names, "coef": rows, "intercept": list(self.intercept)}

    def scores(self, feats: Features) -> list[float]:
        """Intercept plus the weights of the present features, per class row (the plain sums; `proba` and
        `positive` use the precomputed rows)."""
        feats = list(feats)
        return [b + sum(self.weights[f][k] for f in feats if f in self.weights) for k, b in enumerate(self.intercept)]

    def proba(self, feats: Features) -> dict[str, float]:
        """Class probabilities; a binary model gives {classes[0]: 1-p, classes[1]: p}."""
        if len(self.intercept) == 1:
            p = self.positive(feats)
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        feats = feats if isinstance(feats, (set, frozenset, list, tuple)) else list(feats)  # read once per row
        s = [b + sum(map(row.get, feats, repeat(0.0))) for b, row in self._rows]
        s.append(0.0)
        top = max(s)
        exps = [math.exp(x - top) for x in s]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def positive(self, feats: Features) -> float:
        """P(classes[1]) of a binary model."""
        b, row = self._rows[0]
        s = b + sum(map(row.get, feats, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, s))))
