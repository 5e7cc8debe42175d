"""What a reader knows at a point of the text: the publication date and the time under discussion.

Deictic words (`năm nay`, `hôm qua`) count from the publication date;
anaphoric ones (`năm trước`, `hôm sau`, `cùng kỳ năm 2016`, `giai đoạn trước
đó`) from the time the text last named, as a reader would. `update` moves
that time on after each expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import TextLayer

REFS = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
_DATED = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?")
_INTERVAL = re.compile(r"^(\d{4})[^/]*/(\d{4})")
# Kinds that point from the discussion rather than move it: "năm trước" after "năm 2016" is 2015.
_POINTING = ("relative", "unit", "anaphora", "day", "clock")


@dataclass
class Context:
    """The publication date (year, month, day; any may be unknown) and the time under discussion."""

    py: int | None
    pm: int | None
    pd: int | None
    layer: TextLayer
    year: int | None = None  # last year named
    interval: tuple[int, int] | None = None  # last period named
    day: tuple[int | None, int, int] | None = None  # last day named (year may be unknown)
    sub: tuple[int, str] | None = None  # (sentence, "-H1") granularity of the last expression

    def sentence_of(self, pos: int) -> int:
        return self.layer.sentence_index(pos)

    def sub_here(self, pos: int) -> str | None:
        """The granularity of the last expression ("-Q2"), when it was named in this sentence."""
        return self.sub[1] if self.sub and self.sub[0] == self.sentence_of(pos) else None


def parse_published(published: str | None) -> tuple[int | None, int | None, int | None]:
    """`2023`, `2023-01`, `2023-01-12` -> (year, month, day); anything else -> unknown parts."""
    if not published:
        return None, None, None
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(published))
    if not m:
        return None, None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


def ref(sign: int) -> str:
    """The vague value pointing back, at now or ahead."""
    return REFS[0] if sign < 0 else REFS[2] if sign > 0 else REFS[1]


def yfmt(y: int | None) -> str:
    return "XXXX" if y is None else f"{y:04d}"


def update(ctx: Context, kind: str, start: int, value: str) -> None:
    """Move the time under discussion to what the expression (of `kind`, at `start`) named."""
    iv = _INTERVAL.match(value)
    if iv:
        ctx.interval = (int(iv.group(1)), int(iv.group(2)))
        ctx.year = None
        return
    m = _DATED.match(value)
    if not m:
        return
    y = None if m.group(1) == "XXXX" else int(m.group(1))
    if y is not None and kind not in _POINTING:
        ctx.year = y  # only a written time moves the discussion
    if m.group(2) and m.group(3) and kind in ("date", "date_range", "range"):
        ctx.day = (y, int(m.group(2)), int(m.group(3)))  # "hôm sau ... ngày hôm sau": both from the written day
    sub = value[4:]
    if sub.startswith("-H") or sub.startswith("-Q") or re.match(r"^-\d{2}$", sub):
        ctx.sub = (ctx.sentence_of(start), sub)
    elif value[:1].isdigit():
        ctx.sub = None
