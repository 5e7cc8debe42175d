"""Features of a candidate for the kind model: what a reader uses to tell a goal
from an achieved figure from a number that is neither.

Named binary features (`"L=phấn"`, `"cue.clause=cue.target.strive"`): the
model's JSON lists them by name, so a weight can be read and a feature
traced. Windows are named constants; the words come from the text and the
cue tables, never from code.
"""

from __future__ import annotations

import re

from .context import Context, tokens, year_of

#: Syllables of the clause read leftwards from the value, and how many of them keep their position.
LEFT_WORDS, LEFT_POSITIONS = 12, 3
#: Syllables read rightwards from the unit, and how many keep their position.
RIGHT_WORDS, RIGHT_POSITIONS = 6, 2
#: Syllables of the sentence before the value's clause.
SENTENCE_WORDS = 15
#: How many cue words a document needs before the share of target cues among them is a feature.
DOC_CUES_MIN = 8
_TOKEN_BREAK = re.compile(r"\n")

Features = dict[str, float]


def kind_features(ctx: Context) -> Features:
    f: Features = {"bias": 1.0}
    _value(ctx, f)
    _words(ctx, f)
    _cues(ctx, f)
    _times(ctx, f)
    _layout(ctx, f)
    return f


def _value(ctx: Context, f: Features) -> None:
    c = ctx.cand
    f["unit_kind=" + c.unit_kind] = 1.0
    if c.unit:
        f["unit=" + c.unit.split()[0]] = 1.0
    if c.value_high is not None:
        f["range"] = 1.0
    if c.value == 100 and c.unit_kind == "pct":
        f["value=100%"] = 1.0
    if c.value < 10:
        f["value<10"] = 1.0
    if c.value != int(c.value):
        f["decimal"] = 1.0


def _words(ctx: Context, f: Features) -> None:
    for i, w in enumerate(reversed(ctx.left[-LEFT_WORDS:])):
        f["L=" + w] = 1.0
        if i < LEFT_POSITIONS:
            f[f"L{i}={w}"] = 1.0
    for i, w in enumerate(ctx.right[:RIGHT_WORDS]):
        f["R=" + w] = 1.0
        if i < RIGHT_POSITIONS:
            f[f"R{i}={w}"] = 1.0
    for w in ctx.before_clause[-SENTENCE_WORDS:]:
        f["S=" + w] = 1.0


def _cues(ctx: Context, f: Features) -> None:
    for where, cues in ctx.cues_where().items():
        for q in cues:
            f[f"cue.{where}={q.id}"] = 1.0
        if cues:
            nearest = cues[-1] if where != "after" else cues[0]
            f[f"cue.{where}.nearest={nearest.id}"] = 1.0
    doc = ctx.doc
    if ctx.si > 0:
        for q in doc.cues(ctx.si - 1):
            f["cue.prev=" + q.id] = 1.0
    if ctx.header is not None:
        f["header"] = 1.0
        for q in doc.cues_between(ctx.header.start, ctx.header.end):
            f["cue.header=" + q.id] = 1.0
    counts = doc.cue_counts
    total = counts["target"] + counts["result"]
    if total >= DOC_CUES_MIN:  # a plan reads differently from a report, but only a long text says which it is
        f[f"doc.target_share={round(counts['target'] / total * 4)}"] = 1.0
    lead = doc.paragraph_lead(ctx.si)
    if lead != ctx.si:
        for q in doc.cues(lead):
            f["cue.lead=" + q.id] = 1.0


def _times(ctx: Context, f: Features) -> None:
    doc = ctx.doc
    if doc.pub_year is None:
        f["no_date"] = 1.0
    for t in ctx.times:
        side = "L" if t.end <= ctx.cand.start else "R"
        f[f"time{side}={tense(t.value, doc.pub_year)}"] = 1.0
        if t.limit:
            f[f"time{side}.limit"] = 1.0
        if t.deadline:
            f["time.deadline"] = 1.0
    if ctx.header is not None:
        for t in doc.times_between(ctx.header.start, ctx.header.end):
            f["time.header=" + tense(t.value, doc.pub_year)] = 1.0


def tense(value: str, pub_year: int | None) -> str:
    """A time against the publication year: past, same, future, or a vague reference."""
    if value.endswith("_REF"):
        return value.lower()
    y = year_of(value)
    if y is None:
        return "unknown"
    if pub_year is None:
        return "undated"
    return "past" if y < pub_year else "future" if y > pub_year else "same"


def _layout(ctx: Context, f: Features) -> None:
    text, c = ctx.doc.text, ctx.cand
    if "(" in text[max(0, c.start - 2):c.start]:
        f["in_brackets"] = 1.0
    after = text[c.end:c.end + 3].lstrip(" \t")
    if not after or after[0] == "\n":
        f["line_end"] = 1.0
    if not ctx.left:
        f["clause_start"] = 1.0
    if ctx.sentence.start == ctx.clause[0] and len(tokens(text[ctx.sentence.start:c.start])) <= 2:
        f["sentence_start"] = 1.0
    if ctx.prev_end >= 0:
        f["prev_value_in_sentence"] = 1.0
        gap = text[ctx.prev_end:c.start]
        if gap.strip() in ("(", ""):
            f["share_of_prev"] = 1.0
        elif len(gap) < 40:
            f["prev_value_near"] = 1.0
