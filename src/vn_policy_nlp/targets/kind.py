"""The kind of a candidate: a target, a result, or neither, learned from the gold.

A multinomial logistic regression over `features.kind_features` gives
P(target), P(result), P(none). A candidate is a record when P(none) is
below the threshold chosen by cross-validation; its kind is the likelier of
the other two, and its confidence is 1 - P(none), the probability that it is
a record at all, raised where a sentence-mate of its kind is confidently one
(`SENTENCE_LIFT`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..ml.linear import LinearModel
from .context import Context
from .features import kind_features

KINDS = ("target", "result")
NONE = "none"
#: A figure of a sentence that also holds a confident figure of the same kind is read at least this share of
#: that one's confidence, by kind: results come in runs ("doanh thu đạt X, tăng Y%, lợi nhuận Z"), and the
#: kind model reads each figure alone. 5-fold CV, fold seeds 0 / 1 / 2: results F1 +0.0066 / +0.0066 /
#: +0.0083 at 0.8 (0.7: +0.0028, 0.9: +0.0030 on seed 0); targets lifted alike lost (pooled CV predictions,
#: three fold seeds: targets F1 -0.006 to -0.014 at 0.6 to 0.9).
SENTENCE_LIFT = {"target": 0.0, "result": 0.8}
#: Only a figure the model reads as a record at all is lifted (the records' floor, `assemble.CONFIDENCE_FLOOR`):
#: lifting every number of the sentence lost (fold seeds 0 / 1: results F1 -0.015 / -0.014).
LIFT_MIN = 0.2


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
    return lifted(contexts, out)


def lifted(contexts: list[Context], readings: list[KindReading]) -> list[KindReading]:
    """The readings with each confidence raised to `SENTENCE_LIFT` of the most confident other figure of
    its sentence and kind (as the model read it: a lift does not carry on)."""
    best: dict[tuple[int, str], list[float]] = {}
    for ctx, k in zip(contexts, readings, strict=True):
        top = best.setdefault((ctx.si, k.kind), [0.0, 0.0])  # the two highest confidences
        if k.confidence > top[0]:
            top[:] = [k.confidence, top[0]]
        elif k.confidence > top[1]:
            top[1] = k.confidence
    out = []
    for ctx, k in zip(contexts, readings, strict=True):
        first, second = best[(ctx.si, k.kind)]
        other = second if k.confidence == first else first
        raised = SENTENCE_LIFT[k.kind] * other
        out.append(replace(k, confidence=raised) if raised > k.confidence >= LIFT_MIN else k)
    return out
