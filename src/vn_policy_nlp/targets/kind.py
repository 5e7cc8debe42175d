"""The kind of a candidate: a target, a result, or neither, learned from the gold.

A multinomial logistic regression over `features.kind_features` gives
P(target), P(result), P(none). A candidate is a record when P(none) is
below the threshold chosen by cross-validation; its kind is the likelier of
the other two, and its confidence is 1 - P(none), the probability that it is
a record at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ml.linear import LinearModel
from .context import Context
from .features import kind_features

KINDS = ("target", "result")
NONE = "none"


@dataclass(frozen=True, slots=True)
class KindReading:
    kind: str  # target | result
    confidence: float  # 1 - P(none)
    p_target: float
    p_result: float


def read_kind(ctx: Context, model: LinearModel) -> KindReading:
    return read_kinds([ctx], model)[0]


def read_kinds(contexts: list[Context], model: LinearModel) -> list[KindReading]:
    """Every candidate of a document."""
    out = []
    for p in (model.proba(kind_features(ctx)) for ctx in contexts):
        kind = "target" if p.get("target", 0.0) >= p.get("result", 0.0) else "result"
        out.append(KindReading(kind, 1.0 - p.get(NONE, 0.0), p.get("target", 0.0), p.get("result", 0.0)))
    return out
