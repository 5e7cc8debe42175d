"""The direction: 'tăng 8%' increase, 'giảm xuống còn 1,5%' decrease, 'nâng tỷ lệ ... lên 80%' increase."""

from __future__ import annotations

from ..context import Context
from ..grammar import fold, tables

#: How far before the comparator a verb of change may stand, and how far back a frame ('nâng ... lên') may open.
VERB_WINDOW, FRAME_WINDOW = 30, 120
#: How far before a multiple its 'gấp' may stand.
MULTIPLE_WINDOW = 12


def direction(ctx: Context, words_start: int) -> str | None:
    """`words_start`: where the comparator starts (the verb stands before it)."""
    d = tables().directions
    text, c = ctx.doc.text, ctx.cand
    lo = max(ctx.left_bound, words_start - VERB_WINDOW)
    verb = d.tail.search(text, lo, words_start)
    if verb and not d.blocker.search(text, lo, verb.start()):
        return d.ops[fold(verb.group(0))]
    frame = _frame(ctx, words_start)
    if frame:
        return frame
    if c.unit_kind == "multiple" or d.multiple_prefix.search(text, max(0, c.start - MULTIPLE_WINDOW), c.start):
        return d.multiple_direction
    return None


def _frame(ctx: Context, words_start: int) -> str | None:
    """'nâng tỷ lệ hộ dùng nước sạch lên 95%': a verb opens what the particle before the value closes."""
    d = tables().directions
    text = ctx.doc.text
    lo = max(ctx.left_bound, words_start - FRAME_WINDOW)
    particle = d.particle.search(text, lo, words_start)
    if not particle:
        return None
    for key, verbs in d.frame_verbs.items():
        part, op = key.split(":", 1)
        if fold(particle.group("p")) == part and verbs.search(text, lo, particle.start()):
            return op
    return None
