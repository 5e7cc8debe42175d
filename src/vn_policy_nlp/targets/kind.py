"""The kind of a candidate: a target, a result, or neither, learned from the gold.

A multinomial logistic regression over `features.kind_features` gives
P(target), P(result), P(none). A candidate is a record when P(none) is
below the threshold chosen by cross-validation; its kind is the likelier of
the other two, except that a value bound by a cue before it in its clause
(`bound_by_cue`) or naming a plan's own level (`names_plan_level`) is a
target, and one after a share of a plan reached (`follows_share_of_plan`)
is a target only by one of those two rules. Its confidence is 1 - P(none), the
probability that it is a record at all, raised where a sentence-mate of its
kind is confidently one (`SENTENCE_LIFT`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from heapq import nlargest

from ..ml.linear import LinearModel
from .context import Context
from .features import kind_features
from .fields.comparator import COMPARATOR_WINDOW, comparator
from .grammar import fold, tables

KINDS = ("target", "result")
NONE = "none"
#: A figure of a sentence that also holds a confident figure of the same kind is read at least this share of
#: that one's confidence, by kind: results come in runs ("doanh thu đạt X, tăng Y%, lợi nhuận Z"), and the
#: kind model reads each figure alone. 5-fold CV, fold seeds 0 / 1 / 2: results F1 +0.0066 / +0.0066 /
#: +0.0083 at 0.8 (0.7: +0.0028, 0.9: +0.0030 on seed 0); targets lifted alike lost (pooled CV predictions,
#: three fold seeds: targets F1 -0.006 to -0.014 at 0.6 to 0.9).
SENTENCE_LIFT = {"target": 0.0, "result": 0.8}
#: Records below this confidence are not kept at all (`assemble.decide`; the output threshold, the model's
#: chosen by cross-validation or the caller's `min_confidence`, is applied on top), and only a figure at least
#: this confident is lifted: lifting every number of the sentence lost (fold seeds 0 / 1: results F1 -0.015
#: / -0.014; a minimum of 0.1: +0.0030, 0.25: +0.0062, 0.3: +0.0062 against +0.0066 here, fold seed 0).
CONFIDENCE_FLOOR = 0.2
#: How far before a share of a plan its verb of reaching is looked for (`follows_share_of_plan`).
SHARE_VERB_CHARS = 30
#: How far before a value's comparator a plan noun and its link words are looked for (`names_plan_level`).
PLAN_LEVEL_CHARS = 40


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
    for ctx in contexts:
        p = model.proba(kind_features(ctx))
        model_says = p.get("target", 0.0) >= p.get("result", 0.0) and not follows_share_of_plan(ctx)
        target = model_says or bound_by_cue(ctx) or names_plan_level(ctx)
        kind = "target" if target else "result"
        out.append(KindReading(kind, 1.0 - p.get(NONE, 0.0), p.get("target", 0.0), p.get("result", 0.0)))
    return lifted(contexts, out)


def bound_by_cue(ctx: Context) -> bool:
    """Whether a cue that binds the values after it stands in the value's clause before it (`targets.yaml`
    binding_cues: "sẽ", "phấn đấu", "mục tiêu"; the cue table's longest match decides, so "vượt mục tiêu" is
    no "mục tiêu"). 5-fold CV, fold seeds 0 / 1 / 2, over the plan-level rule: targets F1 +0.002 / +0.002 /
    +0.001, results +0.002 / +0.002 / +0.001, deadlines +0.003 / +0.003 / +0.003; "sẽ" brings almost all of
    it (without it every row moves by 0.001 or less)."""
    binding = tables().cues.binding
    lower = ctx.doc.lower
    # every binding cue is a target cue (checked when the table loads): the others need no folding
    return any(q.kind == "target" and fold(lower[q.start:q.end]) in binding for q in ctx.cues_where()["clause"])


def names_plan_level(ctx: Context) -> bool:
    """Whether the value is written as a plan's own level: right after a plan noun and its link words, in its
    clause (`targets.yaml` plan_level: "thấp hơn mục tiêu đề ra 4%", "so với chỉ tiêu 50 triệu hồ sơ"). In a
    sentence that reports results the kind model read such a value as one more result. All 21 values written
    so in train + dev are gold targets; in our label files 35 are targets, 1 a result and 7 no record. Over
    the kind model, 5-fold CV, fold seeds 0 / 1 / 2: targets F1 +0.006 / +0.002 / +0.005, results +0.003 /
    +0.001 / +0.002 (as a kind feature instead: +0.0005 / +0.0004 on seed 0). The exclusion after "vượt"
    moves CV by one record; it follows the labels (after "vượt", gold 2 results and 1 target, ours 1 result).
    So is the first value after a cue that sets a figure beside the plan, in its comma chunk, whatever words
    stand between (plan_level after_cues: "thấp hơn mục tiêu tỷ lệ nợ xấu dưới 1,5%"): over the rules
    before it, fold seeds 0 / 1 / 2, targets F1 +0.0016 / +0.0016 / +0.0016, results +0.0008 / +0.0008 /
    +0.0008, deadlines unchanged.
    """
    rule = tables().plan_level
    if _first_after_cue(ctx, rule.after_cues):
        return True
    c, lower = ctx.cand, ctx.doc.lower
    # most values have no plan noun near: they are not worth reading the comparator for (the targets stage
    # against the numbers stage: 1.95x with it read for every value the model calls a result)
    if not rule.nouns.search(lower, max(ctx.clause[0], c.start - COMPARATOR_WINDOW - PLAN_LEVEL_CHARS), c.start):
        return False
    if c.unit and fold(c.unit) in rule.not_units:
        return False
    end = comparator(ctx).words_start
    found = rule.pattern.search(lower, max(ctx.clause[0], end - PLAN_LEVEL_CHARS), end)
    return found is not None and rule.not_after.search(lower, ctx.clause[0], found.start()) is None


def _first_after_cue(ctx: Context, ids: frozenset[str]) -> bool:
    """Whether the value is the first candidate after a cue of `ids` in its clause, with no comma between."""
    lower, prev = ctx.doc.lower, ctx.prev
    return any(q.id in ids and q.end <= ctx.cand.start and (prev is None or prev.end <= q.start)
               and not any(ch in ",;" for ch in lower[q.end:ctx.cand.start]) for q in ctx.cues_where()["clause"])


def follows_share_of_plan(ctx: Context) -> bool:
    """Whether the value before it in its sentence is a share of a plan reached ("đạt 111,7% kế hoạch, tăng
    20%": `targets.yaml` share_of_plan), so that it reports the same period. The kind model read such values
    as targets: a plan noun stands right before them. Over the kind model, under the binding-cue and
    plan-level rules, 5-fold CV, fold seeds 0 / 1 / 2: targets F1 +0.0029 / +0.0039 / +0.0039, results
    +0.0037 / +0.0050 / +0.0050, deadlines unchanged."""
    prev = ctx.prev
    if prev is None:
        return False
    rule, lower = tables().share_of_plan, ctx.doc.lower
    if rule.plan.match(lower, prev.end, ctx.cand.start) is None:
        return False
    return rule.reached.search(lower, max(ctx.clause[0], prev.start - SHARE_VERB_CHARS), prev.start) is not None


def lifted(contexts: list[Context], readings: list[KindReading]) -> list[KindReading]:
    """The readings with each confidence raised to `SENTENCE_LIFT` of the most confident other figure of
    its sentence and kind (as the model read it: a lift does not carry on)."""
    groups: dict[tuple[int, str], list[float]] = defaultdict(list)
    for ctx, k in zip(contexts, readings, strict=True):
        groups[(ctx.si, k.kind)].append(k.confidence)
    tops = {key: [*nlargest(2, confs), 0.0][:2] for key, confs in groups.items()}
    out = []
    for ctx, k in zip(contexts, readings, strict=True):
        first, second = tops[(ctx.si, k.kind)]
        raised = SENTENCE_LIFT[k.kind] * (second if k.confidence == first else first)
        out.append(replace(k, confidence=raised) if raised > k.confidence >= CONFIDENCE_FLOOR else k)
    return out
