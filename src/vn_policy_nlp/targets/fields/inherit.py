"""Whether a figure names its indicator by the figure before it.

"Tổng tài sản đạt 1.268 ngàn tỷ đồng, tăng 5,5% so với đầu năm": the 5,5% has
no words of its own; it measures what the figure before it measures. The
gold repeats the indicator then. A logistic regression decides, from how
sure the value's own words are, what stands between it and the figure before
(the same clause, a bracket, a verb of change) and whether they count the
same kind of thing.
"""

from __future__ import annotations

import bisect

from ...ml.linear import LinearModel
from ..context import Context, head_tokens, tail_tokens
from ..grammar import tables
from .indicator import Indicator

#: Buckets of the own words' summed gain.
SCORE_BUCKETS = (0.25, 0.5, 1.0, 2.0, 4.0)
#: Syllables read before the value for its own content words.
OWN_WORDS = 8


def inherit_features(ctx: Context, own: Indicator | None, prev: Context | None) -> list[str]:
    if prev is None:
        return ["bias", "prev=none"]
    f = ["bias", "uk=" + ctx.cand.unit_kind]
    f.append("own=none" if own is None else f"own_score={bisect.bisect_left(SCORE_BUCKETS, own.score)}")
    where = "same_clause" if prev.clause == ctx.clause else "same_sentence" if prev.si == ctx.si else \
        "next_sentence" if prev.si == ctx.si - 1 else "far"
    f.append("prev=" + where)
    if prev.cand.unit_kind == ctx.cand.unit_kind:
        f.append("same_unit_kind")
    text = ctx.doc.text
    if where != "far" and text[prev.cand.end:ctx.cand.start].strip() in ("(", ""):
        f.append("share_of_prev")
    before = tail_tokens(text, ctx.left_bound, ctx.cand.start, OWN_WORDS)
    links = tables().words["links"]
    content = [w for w in before if w[0].isalnum() and w not in links]
    f.append(f"own_words={min(len(content), 3)}")
    if before:
        f.append("w-1=" + before[-1])
    after = head_tokens(text, ctx.cand.end, max(ctx.cand.end, ctx.clause[1]), 2)
    f += ["w+=" + w for w in after[:2]]
    return f


def inherits(ctx: Context, own: Indicator | None, prev: Context | None, model: LinearModel) -> bool:
    return prev is not None and model.positive(inherit_features(ctx, own, prev)) >= model.threshold
