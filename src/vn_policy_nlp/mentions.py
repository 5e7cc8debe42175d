"""What stages exchange: `Mention`s by `Group`, what each group's mentions carry, and the
ranges a stage has claimed. Plain Python (no spaCy), so the store and the command line can
name groups without loading the pipeline."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypedDict


@dataclass(slots=True)
class Mention:
    """One finding of a stage, in normalised-text offsets."""

    label: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    rule: str | None = None
    confidence: float = 1.0


class Group(StrEnum):
    """The mention groups stages exchange. A `StrEnum`: the group is its own key in
    `doc._.mentions` and `doc.spans`, and reading by the plain name still works."""

    NUMBERS = "numbers"
    PERCENTAGES = "percentages"
    TIMES = "time_expressions"
    LEGAL = "legal_references"
    ORGANISATIONS = "organisations"
    LOCATIONS = "locations"
    TARGETS = "targets"


#: The groups that become records: each is the `DocumentRecords` list of the same name.
RECORDED: tuple[Group, ...] = (
    Group.PERCENTAGES, Group.ORGANISATIONS, Group.LOCATIONS, Group.TIMES, Group.TARGETS, Group.LEGAL,
)


class _Number(TypedDict):
    value: float
    scale_word: str | None
    scaled: float
    written: str


class NumberAttrs(_Number, total=False):
    """`Group.NUMBERS`: "1,5 tỷ" -> value 1.5, scale_word "tỷ", scaled 1.5e9."""

    multiple: bool  # "gấp đôi": a multiple, not an amount


class PercentAttrs(TypedDict):
    """`Group.PERCENTAGES` (GUIDELINES section 1): "5-7%" -> value 5, value_high 7."""

    value: float
    value_high: float | None


class _Time(TypedDict):
    value: str
    deadline: bool
    mod: str | None  # before, by, start, mid, end, period


class TimeAttrs(_Time, total=False):
    """`Group.TIMES` (GUIDELINES section 4): a TIMEX3-like value, the deadline flag and the modifier;
    `_why`, which deadline rule decided (`time.deadline.verdict`), is read by the targets stage and,
    as every `_` attr, left out of the records."""

    _why: str


class _Legal(TypedDict):
    type: str
    number: str | None
    issuer: str | None


class LegalAttrs(_Legal, total=False):
    """`Group.LEGAL` (GUIDELINES section 6): type, number and issuer; a law cited by name has its name and year."""

    name: str
    year: int | None


#: The declared attrs of the groups whose stages declare them (the others' owners add theirs).
GROUP_ATTRS: dict[Group, type] = {
    Group.NUMBERS: NumberAttrs,
    Group.PERCENTAGES: PercentAttrs,
    Group.TIMES: TimeAttrs,
    Group.LEGAL: LegalAttrs,
}


class Occupied:
    """Disjoint character ranges already claimed by a stage.

    Stages claim spans greedily; a list scan per claim made long texts with
    thousands of numbers quadratic, so the ranges are kept sorted and checked
    by bisection against their two neighbours.
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        # Only the range starting last before `end` can reach into [start, end).
        return i == 0 or self._ends[i - 1] <= start

    def add(self, start: int, end: int) -> None:
        # Merge with every range it touches, so the kept ranges stay disjoint.
        lo = bisect.bisect_left(self._ends, start)
        hi = bisect.bisect_right(self._starts, end)
        if lo < hi:
            start = min(start, self._starts[lo])
            end = max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]
