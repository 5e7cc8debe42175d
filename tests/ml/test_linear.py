"""The linear models' scoring shortcuts give what the plain sums give."""

from __future__ import annotations

import math

import pytest

from vn_policy_nlp.ml.linear import LinearModel
from vn_policy_nlp.targets.assemble import PARTS, released

THREE = LinearModel("kind", ("target", "result", "none"),
                    {"a": (1.0, -0.5, 0.2), "b": (0.0, 2.0, 0.0), "c": (0.3, 0.3, 0.3), "d": (0.0, 0.0, -1.5)},
                    (0.1, -0.2, 0.4))


def _softmax(model: LinearModel, feats: list[str]) -> dict[str, float]:
    s = model.scores(feats)
    if len(s) == 1:  # a binary model: one row, for classes[1]
        p = 1.0 / (1.0 + math.exp(-s[0]))
        return {model.classes[0]: 1.0 - p, model.classes[1]: p}
    exps = [math.exp(x - max(s)) for x in s]
    return {c: e / sum(exps) for c, e in zip(model.classes, exps, strict=True)}


@pytest.mark.parametrize("feats", [[], ["a"], ["b", "d"], ["a", "b", "c", "d"], ["a", "unknown"]])
def test_proba_against_the_last_class_is_the_softmax_of_every_row(feats: list[str]) -> None:
    assert THREE.proba(feats) == pytest.approx(_softmax(THREE, feats), abs=1e-12)
    assert THREE.proba(set(feats)) == pytest.approx(_softmax(THREE, feats), abs=1e-12)


def test_released_models_score_alike_both_ways() -> None:
    models = released()
    assert models is not None
    for part in PARTS:
        model: LinearModel = getattr(models, part)
        names = list(model.weights)
        for k in range(0, len(names), max(1, len(names) // 7)):
            feats = names[k:k + 25]
            assert model.proba(feats) == pytest.approx(_softmax(model, feats), abs=1e-9), part
