"""Choosing one of several mentions for a field (the time that governs a figure,
the place it applies to) with a learned scorer.

Options come from the value's sentence, the list header above it and as
many sentences before it in its paragraph as the field reaches; each is
scored by a binary logistic regression on where it stands relative to the
value. The best option wins when its probability reaches the model's
threshold.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ...ml.linear import LinearModel
from ..context import Context

#: Character-distance buckets between an option and the value.
DISTANCE_BUCKETS = (10, 30, 60, 120, 250)
#: Stripped from the word before an option (`word_before`).
WORD_PUNCTUATION = ",;:.()\"“”'"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Option(Generic[T]):
    item: T
    start: int
    end: int
    scope: str  # clause, sentence, header, paragraph, lead
    side: str  # L before the value, R after


def scopes(ctx: Context, reach: int, lead: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, scope) of the text an option may come from, nearest first: the value's sentence,
    the `reach` sentences before it in its paragraph (each field has its own: `deadline.PARAGRAPH_REACH`,
    `place.PARAGRAPH_REACH`), the list header governing it, then the document's first `lead` sentences."""
    doc, si = ctx.doc, ctx.si
    out = [(ctx.sentence.start, ctx.sentence.end, "sentence")]
    para = ctx.sentence.paragraph
    for k in range(si - 1, max(-1, si - 1 - reach), -1):
        if doc.sentences[k].paragraph != para:
            break
        out.append((doc.sentences[k].start, doc.sentences[k].end, "paragraph"))
    h = ctx.header
    if h is not None and not any(s <= h.start < e for s, e, _ in out if _ != "sentence") and \
            not (h.start >= ctx.sentence.start and h.end <= ctx.sentence.end):
        out.append((h.start, h.end, "header"))
    for sent in doc.sentences[:min(lead, si)]:
        if not any(s <= sent.start < e for s, e, _ in out):
            out.append((sent.start, sent.end, "lead"))
    return out


def options(ctx: Context, items_in: Callable[[int, int], list[T]], span_of: Callable[[T], tuple[int, int]],
            reach: int, lead: int = 0) -> list[Option[T]]:
    cs, ce = ctx.clause
    out: list[Option[T]] = []
    for start, end, scope in scopes(ctx, reach, lead):
        for item in items_in(start, end):
            s, e = span_of(item)
            side = "L" if e <= ctx.cand.start else "R"
            where = "clause" if scope == "sentence" and cs <= s and e <= ce else scope
            out.append(Option(item, s, e, where, side))
    return out


def position_features(ctx: Context, opt: Option[T], rank: int) -> dict[str, float]:
    """Where an option stands: its scope and side, its distance, its rank among its side's options."""
    dist = ctx.cand.start - opt.end if opt.side == "L" else opt.start - ctx.cand.end
    bucket = bisect.bisect_left(DISTANCE_BUCKETS, max(0, dist))
    text = ctx.doc.text
    lo, hi = (opt.end, ctx.cand.start) if opt.side == "L" else (ctx.cand.end, opt.start)
    f = {"bias": 1.0, f"scope={opt.scope}:{opt.side}": 1.0, f"dist={bucket}": 1.0,
         f"rank={min(rank, 3)}:{opt.scope}:{opt.side}": 1.0}
    if opt.scope in ("clause", "sentence"):
        gap = text[lo:hi]
        if any(ch.isdigit() for ch in gap):
            f["value_between"] = 1.0
        if ";" in gap or ":" in gap:
            f["clause_break_between"] = 1.0
    return f


def word_before(ctx: Context, start: int, chars: int) -> str:
    """The word before offset `start` within its sentence, without the punctuation around it: "<s>" at the
    sentence's start, "<p>" after punctuation alone. Read across the sentence's start, a time opening a
    sentence took the last word of the one before as its feature ("tế.", "2019."), which names no role.
    5-fold CV, fold seeds 0 / 1 / 2, for the deadline's times: the scorer's deadline accuracy targets
    +0.016 / +0.008 / +0.016, results +0.019 / +0.019 / +0.023, deadlines F1 +0.000 / +0.003 / +0.003
    (within the sentence but with the punctuation kept: deadlines F1 -0.003 on seed 0). For the place's
    options: result location token F1 -0.005 / +0.000 (seeds 0 / 1), so `place` reads as before."""
    doc = ctx.doc
    sentence_start = doc.sentences[doc.sentence_index(start)].start if doc.sentences else 0
    before = doc.lower[max(sentence_start, start - chars):start].split()
    if not before:
        return "<s>"
    return before[-1].strip(WORD_PUNCTUATION) or "<p>"


def ranks(ctx: Context, opts: list[Option[T]]) -> list[int]:
    """Each option's rank by nearness among the options of its scope and side."""
    def dist(o: Option[T]) -> int:
        return abs((ctx.cand.start - o.end) if o.side == "L" else (o.start - ctx.cand.end))
    out = []
    for o in opts:
        same = [p for p in opts if p.scope == o.scope and p.side == o.side]
        out.append(sorted(same, key=dist).index(o))
    return out


def best(model: LinearModel, opts: list[Option[T]], feats: list[dict[str, float]],
         threshold: float | None = None) -> tuple[Option[T], float] | None:
    if not opts:
        return None
    scored = [(model.positive(f), i) for i, f in enumerate(feats)]
    p, i = max(scored)
    return (opts[i], p) if p >= (model.threshold if threshold is None else threshold) else None
