"""Choosing among overlapping spans, in O(n log n)."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from ..extensions import Mention


class Span(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=Span)


def keep_non_overlapping(items: list[T], order: Callable[[T], Any]) -> list[T]:
    """Take items in `order`, dropping any that overlaps one already taken; the
    result is sorted by start. O(n log n): the kept spans are disjoint, so only
    the neighbours of an insertion point can overlap it."""
    starts: list[int] = []
    ends: list[int] = []
    kept: list[T] = []
    for it in sorted(items, key=order):
        i = bisect.bisect_right(starts, it.start)
        if i and ends[i - 1] > it.start:
            continue
        if i < len(starts) and starts[i] < it.end:
            continue
        starts.insert(i, it.start)
        ends.insert(i, it.end)
        kept.insert(i, it)
    return kept


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest first; a mention overlapping a kept one is dropped."""
    return keep_non_overlapping(mentions, lambda x: (-(x.end - x.start), x.start))


class Taken:
    """Sorted disjoint spans, asked whether a new span overlaps any of them (bisection, not a scan)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, e in spans:
            top = max(top, e)
            self.max_end.append(top)

    def overlaps(self, a: int, b: int) -> bool:
        """True when some span [s, e) has s < b and a < e."""
        i = bisect.bisect_left(self.starts, b)
        return i > 0 and self.max_end[i - 1] > a
