"""Features of a candidate for the kind model: what a reader uses to tell a goal
from an achieved figure from a number that is neither.

Named binary features (`"L=phấn"`, `"cue.clause=cue.target.strive"`): the
model's JSON lists them by name, so a weight can be read and a feature
traced. Windows are named constants; the words come from the text and the
cue tables, never from code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..numbers.grammar import grammar as number_grammar
from .context import Context, DocView, head_tokens, tail_tokens, year_of
from .grammar import tables

#: Syllables of the clause read leftwards from the value, and how many of them keep their position.
LEFT_WORDS, LEFT_POSITIONS = 12, 3
#: Syllables read rightwards from the unit, and how many keep their position.
RIGHT_WORDS, RIGHT_POSITIONS = 6, 2
#: Syllables of the sentence before the value's clause.
SENTENCE_WORDS = 15
#: How far before a value a conversion word is looked for, and its most syllables ("quy đổi tương đương").
RESTATED_CHARS, RESTATED_WORDS = 30, 4
#: How many cue words a document needs before the share of target cues among them is a feature.
DOC_CUES_MIN = 8
_TOKEN_BREAK = re.compile(r"\n")

Features = set[str]  # the names of the present binary features


def kind_features(ctx: Context) -> Features:
    f: Features = {"bias"}
    _value(ctx, f)
    _words(ctx, f)
    _cues(ctx, f)
    _times(ctx, f)
    _layout(ctx, f)
    return f


def _value(ctx: Context, f: Features) -> None:
    c = ctx.cand
    kind = c.unit_kind
    f.add("unit_kind=" + kind)
    scale = 1.0
    if c.unit:
        words = c.unit.split()
        f.add("unit=" + words[0])
        scale = number_grammar().scales.get(words[0].lower(), 1.0)
        # a unit's last word names what is counted ("triệu đồng/tháng", "tỷ đồng"), a slash a rate or a price
        # per unit, which general news quotes often (5-fold CV, three fold seeds: targets F1 +0.003 to +0.006)
        f.add("unit_last=" + words[-1])
        if "/" in c.unit:
            f.add("unit_per")
    if c.value_high is not None:
        f.add("range")
    if c.value == 100 and kind == "pct":
        f.add("value=100%")
    # what a magnitude says depends on what is counted: 3% is an ordinary rate, 3 people an event's count;
    # "3,1 triệu du khách" is neither small nor an odd decimal (scaled: 5-fold CV, three fold seeds, mean of
    # target and result F1 -0.001..+0.001, deadlines +0.000..+0.003)
    if c.value * scale < 10:
        f.add("value<10:" + kind)
    if c.value != int(c.value) and scale == 1.0:
        f.add("decimal:" + kind)
    # "hơn 469 triệu Euro, tương đương 12.523 tỷ đồng": the figure said again in another unit (targets.yaml
    # conversion_words; 5-fold CV, fold seeds 0 / 1 / 2: targets F1 +0.0009 / +0.0015 / +0.0016, results
    # +0.0012 / +0.0000 / +0.0008)
    if _restated(ctx.doc.lower[max(0, c.start - RESTATED_CHARS):c.start]):
        f.add("restated:" + kind)


def _restated(before: str) -> bool:
    """Whether `before` (the text before a value) ends with a conversion word, past spaces, commas, brackets."""
    words = before.replace(",", " ").replace("(", " ").split()
    conversions = tables().words["conversion_words"]
    return any(" ".join(words[-n:]) in conversions for n in range(1, min(len(words), RESTATED_WORDS) + 1))


def _words(ctx: Context, f: Features) -> None:
    text, c, (cs, ce) = ctx.doc.text, ctx.cand, ctx.clause
    for i, w in enumerate(reversed(tail_tokens(text, ctx.clause[0], c.start, LEFT_WORDS))):
        f.add("L=" + w)
        if i < LEFT_POSITIONS:
            f.add(f"L{i}={w}")
    for i, w in enumerate(head_tokens(text, c.end, max(c.end, ce), RIGHT_WORDS)):
        f.add("R=" + w)
        if i < RIGHT_POSITIONS:
            f.add(f"R{i}={w}")
    f |= _sentence_words(ctx.doc, ctx.sentence.start, cs)


def _sentence_words(doc: DocView, start: int, clause_start: int) -> frozenset[str]:
    """The words of the sentence before the clause (shared by the clause's values: computed once)."""
    key = ("S", start, clause_start)
    got = doc.memo.get(key)
    if got is None:
        doc.memo[key] = got = frozenset("S=" + w for w in tail_tokens(doc.text, start, clause_start, SENTENCE_WORDS))
    return got  # type: ignore[return-value]


def _cues(ctx: Context, f: Features) -> None:
    f |= _cue_features(ctx)
    doc = ctx.doc
    if ctx.header is not None:
        # that a list header governs the value, not its cue words: those as features scored lower in 5-fold
        # CV (three fold seeds: mean of target and result F1 +0.000 to +0.005 without them)
        f.add("header")
    f |= _sentence_features(doc, ctx.si)


def _cue_features(ctx: Context) -> frozenset[str]:
    """The sentence's cues by where they stand (computed once for the values that see them alike: a
    clause's values with the same cues after them)."""
    where = ctx.cues_where()
    key = ("cues", ctx.si, ctx.clause[0], len(where["after"]))
    got = ctx.doc.memo.get(key)
    if got is not None:
        return got  # type: ignore[return-value]
    f: set[str] = set()
    # each cue by its id and by its kind: a cue word seen once in training still says goal or result
    for name, cues in where.items():
        for q in cues:
            f.add(f"cue.{name}={q.id}")
            f.add(f"cuekind.{name}={q.kind}")
        if cues:
            nearest = cues[-1] if name != "after" else cues[0]
            f.add(f"cue.{name}.nearest={nearest.id}")
            f.add(f"cuekind.{name}.nearest={nearest.kind}")
    ctx.doc.memo[key] = frozen = frozenset(f)
    return frozen


def _sentence_features(doc: DocView, si: int) -> frozenset[str]:
    """What every value of sentence `si` shares: the cues of the sentence before and of its paragraph's
    lead, the document's share of target cues, a missing date (computed once per sentence)."""
    got = doc.memo.get(("kind", si))
    if got is not None:
        return got  # type: ignore[no-any-return]
    f: set[str] = set()
    if si > 0:
        f.update("cue.prev=" + q.id for q in doc.cues(si - 1))
    counts = doc.cue_counts
    total = counts["target"] + counts["result"]
    if total >= DOC_CUES_MIN:  # a plan reads differently from a report, but only a long text says which it is
        f.add(f"doc.target_share={round(counts['target'] / total * 4)}")
    lead = doc.paragraph_lead(si)
    if lead != si:
        f.update("cue.lead=" + q.id for q in doc.cues(lead))
    if doc.pub_year is None:
        f.add("no_date")
    doc.memo[("kind", si)] = frozen = frozenset(f)
    return frozen


def _times(ctx: Context, f: Features) -> None:
    doc = ctx.doc
    for t in ctx.times:
        side = "L" if t.end <= ctx.cand.start else "R"
        f.add(f"time{side}={tense(t.value, doc.pub_year)}")
        if t.limit:
            f.add(f"time{side}.limit")
        if t.deadline:
            f.add("time.deadline")
    if ctx.header is not None:
        for t in doc.times_between(ctx.header.start, ctx.header.end):
            f.add("time.header=" + tense(t.value, doc.pub_year))


@lru_cache(maxsize=4096)
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
        f.add("in_brackets")
    after = text[c.end:c.end + 3].lstrip(" \t")
    if not after or after[0] == "\n":
        f.add("line_end")
    if not text[ctx.clause[0]:c.start].strip():
        f.add("clause_start")
    if ctx.sentence.start == ctx.clause[0] and len(tail_tokens(text, ctx.sentence.start, c.start, 3)) <= 2:
        f.add("sentence_start")
    if ctx.prev_end >= 0:
        f.add("prev_value_in_sentence")
        gap = text[ctx.prev_end:c.start]
        if gap.strip() in ("(", ""):
            f.add("share_of_prev")
        elif len(gap) < 40:
            f.add("prev_value_near")
