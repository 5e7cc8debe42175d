"""The deadline: the time by which a target holds, or the period a result refers to.

A learned choice among the times of the value's sentence, its paragraph's
earlier sentences and the list header above it (`options.py`), from where the
time stands, whether it is a limit ('đến năm 2030'), its tense against the
publication date, and the record's kind.
"""

from __future__ import annotations

from ...ml.linear import LinearModel
from ..context import Context, TimeRef
from ..features import tense
from .options import Option, best, options, position_features, ranks


def time_options(ctx: Context) -> list[Option[TimeRef]]:
    return options(ctx, ctx.doc.times_between, lambda t: (t.start, t.end))


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
        before = ctx.doc.lower[max(0, t.start - 12):t.start].split()
        if before:
            f["word_before=" + before[-1]] = 1.0
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
