"""The place a target or result applies to, as the text names it.

A learned choice among the place mentions of the value's sentence, its
list header and, for a target, the article's opening sentence
(`options.py`); without one, or for a result without one the model is sure
of (`MIN_OPTION_P`), the article's main place (`doc._.place`, set by the
entities stage) when the entities stage found one.
"""

from __future__ import annotations

from ...extensions import Mention
from ...ml.linear import LinearModel
from ..context import Context
from .options import Option, best, options, position_features, ranks

#: How many sentences back, in its paragraph, a place may be the record's (`options.scopes`): none, a
#: place named in an earlier sentence mostly belongs to that sentence's own figures; the list header and,
#: for a target, the article's opening sentence still lend theirs. 5-fold CV, fold seeds 0 / 1 / 2, against
#: 3 (with the deadline's reach at 1): location token F1 targets +0.023 / +0.021 / +0.020, results +0.009
#: / +0.004 / -0.002 (fold seed 0, 1 sentence: targets +0.019, results -0.002).
PARAGRAPH_REACH = 0
#: How many sentences opening the document may lend a place to a figure of each kind (a plan's lead
#: names the place its goals are for; a result without a place of its own is the article's main place).
#: Cross-validation, three fold seeds: target location token F1 +0.003 to +0.009 with 1 for targets;
#: results lose 0.01-0.04 with it (again -0.055 on fold seed 0 with the reach at 0), and deadlines gain
#: nothing; targets with 2: -0.050 (fold seed 0, reach 0).
LEAD_SENTENCES = {"target": 1, "result": 0}
#: The least probability the best place option needs to be the record's place, by kind; below it the
#: article's main place is. A result's sentence often names a place its figure is not for (a comparison, a
#: source, a visit). 5-fold CV, fold seeds 0 / 1 / 2, against 0 (the best option always): result location
#: token F1 +0.014 / +0.014 / +0.009 at 0.5 (fold seed 0: 0.4 +0.005, 0.6 +0.002, 0.7 +0.006); targets at
#: 0.3 lose 0.021, at 0.5 0.037.
MIN_OPTION_P = {"target": 0.0, "result": 0.5}


def place_options(ctx: Context, kind: str) -> list[Option[Mention]]:
    return options(ctx, ctx.doc.places_between, lambda m: (m.start, m.end), PARAGRAPH_REACH,
                   lead=LEAD_SENTENCES[kind])


def place_features(ctx: Context, opts: list[Option[Mention]]) -> list[dict[str, float]]:
    out = []
    text, lower = ctx.doc.text, ctx.doc.lower
    orgs = [(m.start, m.end) for m in ctx.doc.orgs]
    for opt, rank in zip(opts, ranks(ctx, opts), strict=True):
        m = opt.item
        f = position_features(ctx, opt, rank)
        f["level=" + str(m.attrs.get("level"))] = 1.0
        if any(a <= m.start and m.end <= b for a, b in orgs):
            f["inside_org"] = 1.0
        before = lower[max(0, m.start - 16):m.start].split()  # may cross the sentence's start (`options.word_before`)
        if before:
            f["word_before=" + before[-1]] = 1.0
        if ctx.doc.place and text[m.start:m.end] == ctx.doc.place:
            f["main_place"] = 1.0
        out.append(f)
    return out


def place(ctx: Context, kind: str, model: LinearModel) -> str | None:
    opts = place_options(ctx, kind)
    chosen = best(model, opts, place_features(ctx, opts), threshold=MIN_OPTION_P[kind])
    if chosen:
        m = chosen[0].item
        return ctx.doc.text[m.start:m.end]
    return ctx.doc.place
