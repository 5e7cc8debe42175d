"""The comparator: 'trên 90%' gt, 'tối thiểu 85%' gte, 'từ 85% trở lên' gte, '5-7%' range."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..context import Context
from ..grammar import fold, tables

#: How far before the value a comparator word may stand.
COMPARATOR_WINDOW = 40


@dataclass(frozen=True, slots=True)
class ComparatorReading:
    op: str
    words_start: int  # where the comparator (or the range opener) starts; the value's start when none


def written_after(ctx: Context) -> re.Match[str] | None:
    """A comparator written right after the value ("85% trở lên")."""
    return tables().comparators.after.match(ctx.doc.text, ctx.cand.end)


def comparator(ctx: Context) -> ComparatorReading:
    """The value's comparator and where its words start (read once per candidate: the record and the
    indicator's left run both need it)."""
    key = ("comparator", ctx.cand.start)
    got = ctx.doc.memo.get(key)
    if got is None:
        ctx.doc.memo[key] = got = _read(ctx)
    return got  # type: ignore[return-value]


def _read(ctx: Context) -> ComparatorReading:
    t = tables().comparators
    text, c = ctx.doc.text, ctx.cand
    lo = max(ctx.left_bound, c.start - COMPARATOR_WINDOW)
    before = t.before.search(text, lo, c.start)
    after = written_after(ctx)
    op, start = "eq", c.start
    if before:
        op, start = t.before_ops[fold(before.group(0))], before.start()
    if after and c.value_high is None:
        op = t.after_ops[fold(after.group(0))]
        opener = t.opener.search(text, lo, c.start)
        if before is None and opener:  # "từ 85% trở lên"
            start = opener.start()
    if c.value_high is not None:
        op = "range"
    return ComparatorReading(op, start)
