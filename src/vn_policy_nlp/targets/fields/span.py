"""The record's span: the clause that states it, from its first word (cue,
indicator or comparator) to the value, or past the value when the indicator
is written after it ('80% nước thải đô thị được thu gom')."""

from __future__ import annotations

from ..context import Context


def span(ctx: Context, starts: list[int], ends: list[int]) -> tuple[int, int]:
    """The smallest span holding the value and every given field start and end, inside the value's clause."""
    c = ctx.cand
    lo, hi = ctx.left_bound, ctx.clause[1]
    start = min([c.start, *[s for s in starts if lo <= s <= c.start]])
    end = max([c.end, *[e for e in ends if c.end <= e <= hi]])
    return start, end
