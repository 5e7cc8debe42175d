"""TIMEX3-like values (GUIDELINES §4) as date intervals, for deadline arithmetic.

A target's deadline and a result's period are compared as intervals: a result
"reaches" a deadline when its period ends in the same year as the deadline and
not before it ("2023" reaches "2023"; "2023-H1" does not).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_INTERVAL = re.compile(r"^(.+)/(.+)$")


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def interval(value: str | None) -> tuple[date, date] | None:
    """`(first day, last day)` of a TIMEX value; None for vague or unresolved ones."""
    if not value:
        return None
    v = value.strip()
    try:
        if m := _YEAR.match(v):
            y = int(m.group(1))
            return date(y, 1, 1), date(y, 12, 31)
        if m := _MONTH.match(v):
            y, mo = int(m.group(1)), int(m.group(2))
            return date(y, mo, 1), _month_end(y, mo)
        if m := _DAY.match(v):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d, d
        if m := _QUARTER.match(v):
            y, q = int(m.group(1)), int(m.group(2))
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if m := _HALF.match(v):
            y, h = int(m.group(1)), int(m.group(2))
            return (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        if m := _INTERVAL.match(v):
            a, b = interval(m.group(1)), interval(m.group(2))
            if a and b:
                return a[0], b[1]
    except ValueError:
        return None
    return None


def publication(value: str | None) -> date | None:
    """The publication date as a day (the first of a month or year when coarser)."""
    span = interval(value)
    return span[0] if span else None
