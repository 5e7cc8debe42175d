"""The deadline: the time by which a target holds, or the period a result refers to.

A learned choice among the times of the value's sentence, the sentence
before it in its paragraph and the list header above it (`options.py`),
from where the time stands, whether it is a limit ('đến năm 2030'), its
tense against the publication date, and the record's kind. A record the
model gives no time takes the deadline of the record of its kind just
before it (`carried`): a report's or a plan's figures run on over sentences
under one period.
"""

from __future__ import annotations

from ...ml.linear import LinearModel
from ..context import Context, TimeRef
from ..features import tense
from .options import Option, best, options, position_features, ranks, word_before

#: How many sentences back, in its paragraph, the record before may lend its deadline (`carried`). 5-fold
#: CV, fold seeds 0 / 1 / 2: the scorer's deadline accuracy (matched records whose gold has a deadline)
#: targets +0.049 / +0.076 / +0.086, results +0.149 / +0.138 / +0.156; over every matched record (a
#: deadline where the gold has none counts wrong): targets +0.039 / +0.054 / +0.062, results +0.062 /
#: +0.043 / +0.054; the F1 rows are unchanged (a carried time governs no time's deadline flag). Against
#: 2 sentences, over every matched record: targets +0.000 / +0.000 / +0.003, results -0.005 / +0.008 /
#: -0.006, and 2 gives a deadline to 2 more gold targets without one on each seed. Fold seed 0, over every
#: matched record, targets / results: 0 (the same sentence) 0.740 / 0.669, 1 0.773 / 0.729, any sentence
#: of the paragraph 0.769 / 0.707 (a deadline for 24 of the 61 gold targets without one; 15 at 1). These
#: figures carry vague times too, which `carried` now leaves out, and were taken with `PARAGRAPH_REACH`
#: at 3; at 1, a carry of 2 sentences scores results -0.003 over every matched record (fold seed 0).
CARRY_SENTENCES = 1
#: How many sentences back, in its paragraph, a time may be the record's own deadline (`options.scopes`);
#: the carry above reaches further, through the record before. 5-fold CV, fold seeds 0 / 1 / 2, against 3
#: (with the place's reach at 0): over every matched record, targets +0.006 / +0.010 / +0.000, results
#: +0.019 / +0.019 / +0.008; the scorer's deadline accuracy, targets +0.004 / +0.000 / -0.008, results
#: +0.012 / +0.020 / +0.004; the F1 rows unchanged. Fold seed 0, over every matched record, targets /
#: results: 0 sentences 0.744 / 0.710, 1 0.779 / 0.762, 2 0.782 / 0.748 (with the place's reach at 2).
PARAGRAPH_REACH = 1
#: How far back (in characters) the word before a time is looked for, within the time's sentence.
WORD_BEFORE_CHARS = 12


def time_options(ctx: Context) -> list[Option[TimeRef]]:
    return options(ctx, ctx.doc.times_between, lambda t: (t.start, t.end), PARAGRAPH_REACH)


def time_features(ctx: Context, kind: str, opts: list[Option[TimeRef]]) -> list[dict[str, float]]:
    out = []
    for opt, rank in zip(opts, ranks(ctx, opts), strict=True):
        t = opt.item
        f = position_features(ctx, opt, rank)
        tn = tense(t.value, ctx.doc.pub_year)
        f.update({f"tense={tn}:{kind}": 1.0, f"grain={grain(t.value)}": 1.0, f"kind={kind}:{opt.scope}:{opt.side}": 1.0})
        if t.limit:
            f[f"limit:{kind}"] = 1.0
        if t.deadline:
            f[f"time_stage_deadline:{kind}"] = 1.0
        f["word_before=" + word_before(ctx, t.start, WORD_BEFORE_CHARS)] = 1.0
        out.append(f)
    return out


def grain(value: str) -> str:
    if value.endswith("_REF"):
        return "ref"
    if "/" in value:
        return "interval"
    if "-Q" in value or "-H" in value:
        return "part"
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "other")


def deadline(ctx: Context, kind: str, model: LinearModel) -> TimeRef | None:
    opts = time_options(ctx)
    chosen = best(model, opts, time_features(ctx, kind, opts))
    return chosen[0].item if chosen else None


def written_at(ctx: Context, when: TimeRef) -> tuple[tuple[int, int], ...]:
    """Where a record's chosen deadline is written: the chosen time, and the other times of the record's own
    sentence that say the same ('nhiệm vụ thu ngân sách năm 2019 ... là 399.125 tỉ đồng' when the model took
    the '2019' of the sentence before). Each is a time the record governs (`time_roles.governing_times`):
    5-fold CV, fold seeds 0 / 1 / 2, deadlines F1 +0.0025 / +0.0065 / +0.0024 (the own sentence's time
    instead of the chosen one: +0.0033 / +0.0053 on seeds 0 / 1)."""
    chosen = (when.start, when.end)
    return (chosen, *((t.start, t.end) for t in ctx.times if t.value == when.value and (t.start, t.end) != chosen))


def carried(ctx: Context, kind: str, before: Context, before_kind: str, before_deadline: str | None) -> str | None:
    """The deadline a record with none of its own takes from the record before it (`before`): the same
    kind, the same paragraph, at most `CARRY_SENTENCES` sentences back, and not a vague one ('cùng kỳ',
    'hiện nay': PAST_REF, PRESENT_REF), which dates its own figure only. Carrying vague ones too, 5-fold
    CV, fold seeds 0 / 1 / 2, over every matched result: -0.014 / -0.006 / -0.014 (the scorer's result
    deadline accuracy, which does not count a deadline where the gold has none: +0.008 / +0.020 / +0.008);
    targets unchanged."""
    if before_deadline is None or grain(before_deadline) == "ref" or before_kind != kind:
        return None
    if before.sentence.paragraph != ctx.sentence.paragraph or not 0 <= ctx.si - before.si <= CARRY_SENTENCES:
        return None
    return before_deadline
