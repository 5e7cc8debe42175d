"""The indicator: what is measured, as written ('tỷ lệ lao động qua đào tạo').

A learned token selection. Each syllable in a window around the value (its
sentence, up to `LEFT_REACH` syllables before and `RIGHT_REACH` after) is
scored by a logistic regression on its word, its neighbours, its distance
and side, and what it is part of (a cue, a time, a place, another value).
The indicator is the best-scoring contiguous run before the value, the
counted noun, and the best run after it, in text order: the gold writes an
indicator as a phrase on either side of the value, or both
('5 doanh nghiệp thành lập mới').
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ...ml.linear import LinearModel
from ..context import Context

LEFT_REACH, RIGHT_REACH = 20, 15
#: Distance buckets (in syllables from the value) the features use.
DISTANCE_BUCKETS = (1, 2, 4, 7, 12, 20)
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    word: str  # lower case
    side: str  # L (before the value), U (its unit's words), R (after)
    dist: int  # syllables from the value


@dataclass(frozen=True, slots=True)
class Indicator:
    text: str
    pieces: tuple[tuple[int, int], ...]  # character spans of the runs, in text order


def window(ctx: Context) -> list[Tok]:
    """The syllables the indicator is chosen from, in text order."""
    text, c, sent = ctx.doc.text, ctx.cand, ctx.sentence
    lower = ctx.doc.lower
    left = [(m.start(), m.end()) for m in _TOKEN.finditer(lower, sent.start, c.start)][-LEFT_REACH:]
    unit = [(m.start(), m.end()) for m in _TOKEN.finditer(lower, c.noun_start, c.end)] if c.noun_start < c.end else []
    right = [(m.start(), m.end()) for m in _TOKEN.finditer(lower, c.end, sent.end)][:RIGHT_REACH]
    toks = [Tok(s, e, lower[s:e], "L", len(left) - i) for i, (s, e) in enumerate(left)]
    toks += [Tok(s, e, lower[s:e], "U", 0) for s, e in unit]
    toks += [Tok(s, e, lower[s:e], "R", i + 1) for i, (s, e) in enumerate(right)]
    del text
    return toks


def _bucket(d: int) -> int:
    return bisect.bisect_left(DISTANCE_BUCKETS, d)


class _Marks:
    """What each character of the sentence belongs to: a cue, a time, a place, an organisation, another value."""

    def __init__(self, ctx: Context) -> None:
        sent = ctx.sentence
        self.spans: list[tuple[int, int, str]] = []
        self.spans += [(q.start, q.end, "cue:" + q.kind) for q in ctx.cues]
        self.spans += [(t.start, t.end, "time") for t in ctx.times]
        self.spans += [(m.start, m.end, "place") for m in ctx.doc.places_between(sent.start, sent.end)]
        self.spans += [(m.start, m.end, "org") for m in ctx.doc.orgs if sent.start <= m.start < sent.end]
        self.spans.sort()

    def of(self, s: int, e: int) -> list[str]:
        return [tag for a, b, tag in self.spans if a <= s and e <= b]


def token_features(ctx: Context, toks: list[Tok], marks: _Marks, i: int) -> dict[str, float]:
    t = toks[i]
    prev = toks[i - 1].word if i > 0 else "<s>"
    nxt = toks[i + 1].word if i + 1 < len(toks) else "</s>"
    pos = f"{t.side}{_bucket(t.dist)}"
    f = {"bias": 1.0, "w=" + t.word: 1.0, "w-1=" + prev: 1.0, "w+1=" + nxt: 1.0, "pos=" + pos: 1.0,
         f"{t.side}w={t.word}": 1.0, f"uk={ctx.cand.unit_kind}:{t.side}": 1.0}
    if not t.word[0].isalnum():
        f["punct"] = 1.0
    elif t.word[0].isdigit():
        f["digit"] = 1.0
    if ctx.doc.text[t.start].isupper():
        f["upper"] = 1.0
    if t.side != "U":
        lo, hi = (t.end, ctx.cand.start) if t.side == "L" else (ctx.cand.end, t.start)
        between = ctx.doc.text[lo:hi]
        commas = between.count(",") + between.count(";")
        f[f"{t.side}commas={min(commas, 2)}"] = 1.0
        if t.side == "L" and t.start < ctx.left_bound:
            f["before_bound"] = 1.0
        if re.search(r"\d", between):
            f[f"{t.side}number_between"] = 1.0
    for tag in marks.of(t.start, t.end):
        f["in=" + tag] = 1.0
        f[f"in={tag}:{t.side}"] = 1.0
    return f


def features(ctx: Context) -> tuple[list[Tok], list[dict[str, float]]]:
    toks = window(ctx)
    marks = _Marks(ctx)
    return toks, [token_features(ctx, toks, marks, i) for i in range(len(toks))]


def indicator(ctx: Context, model: LinearModel) -> Indicator | None:
    toks, feats = features(ctx)
    probs = [model.positive(f) for f in feats]
    return choose(ctx, toks, probs, model.threshold)


def choose(ctx: Context, toks: list[Tok], probs: list[float], threshold: float) -> Indicator | None:
    """The best run before the value, the counted noun's chosen words, the best run after."""
    pieces: list[tuple[int, int]] = []
    for side in ("L", "U", "R"):
        idx = [i for i, t in enumerate(toks) if t.side == side]
        run = _best_run([probs[i] - threshold for i in idx])
        if run is not None:
            a, b = idx[run[0]], idx[run[1]]
            pieces.append(_trim(toks, a, b))
    pieces = [(s, e) for s, e in pieces if e > s]
    if not pieces:
        return None
    text = " ".join(ctx.doc.text[s:e] for s, e in pieces)
    return Indicator(re.sub(r"\s+", " ", text).strip(), tuple(pieces))


def _best_run(gains: list[float]) -> tuple[int, int] | None:
    """The contiguous run with the largest positive total (Kadane); None when nothing gains."""
    best, best_run, total, start = 0.0, None, 0.0, 0
    for i, g in enumerate(gains):
        if total <= 0:
            total, start = g, i
        else:
            total += g
        if total > best:
            best, best_run = total, (start, i)
    return best_run


def _trim(toks: list[Tok], a: int, b: int) -> tuple[int, int]:
    """A run's character span without punctuation at its ends."""
    while a <= b and not toks[a].word[0].isalnum():
        a += 1
    while b >= a and not toks[b].word[0].isalnum():
        b -= 1
    return (toks[a].start, toks[b].end) if a <= b else (0, 0)
