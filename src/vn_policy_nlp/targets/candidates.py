"""Candidates: every written quantity that could be a target or a result.

A candidate is a value (a percentage, a number with its unit, a range, a
multiple, a fraction's numerator) outside time expressions and legal
numbers. Which ones are targets or results is learned (`kind.py`); this
module only reads the value, its range and its unit, which are exact.
Numbers with a unit the tables do not know still become candidates (kind
`noun`: the next word is taken as the counted noun), and so do bare numbers,
so that what the tables miss is the model's to decide, not lost.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..extensions import Mention, Occupied
from ..numbers import grammar as number_grammar
from ..numbers import parse_number, whole_count
from .grammar import fold, tables

#: How far back a count lends its unit to a unitless change ("tăng 22.000 so với năm trước").
UNIT_CARRY_CHARS = 160
_DIGITS = re.compile(r"\d[\d.,]*\d|\d")
_UPPER_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_SLASH = re.compile(r"\d\s*/\s*\d")  # cheap to search for; a fraction is read back from each hit
_FRACTION = re.compile(r"(?<![\w/.,])(?P<a>\d{1,3}(?:\.\d{3})+|\d+)\s*/\s*(?P<b>\d{1,3}(?:\.\d{3})+|\d+)(?![\w/]|[.,]\d)")
#: How far back from its slash a numerator may start ("808.860/...").
NUMERATOR_CHARS = 12
_UNIT_KINDS = ("pct", "counted", "currency", "measure", "scale", "multiple", "noun", "bare")


@dataclass(slots=True)
class Candidate:
    """A value that may be a target or a result."""

    start: int  # the value
    end: int  # end of the value and its unit
    value: float
    value_high: float | None
    unit: str | None
    unit_kind: str  # one of _UNIT_KINDS
    unit_start: int  # where the unit as written starts (its scale word included)
    noun_start: int  # where the counted noun starts, after a scale word (= end when none)


class _Blocked:
    """Spans of time expressions and legal references: numbers inside them are not quantities."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)

    def covers(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.spans, (s, 1 << 60)) - 1
        return any(a <= s and e <= b for a, b in self.spans[max(0, i - 2):i + 2])


def find_candidates(text: str, numbers: list[Mention], percentages: list[Mention],
                    blocked: Iterable[tuple[int, int]]) -> list[Candidate]:
    block = _Blocked([*blocked, *codes(text)])
    taken = Occupied()
    out = _from_percentages(text, percentages, block, taken)
    out += _from_numbers(text, numbers, block, taken)
    out += _from_fractions(text, block, taken)
    out.sort(key=lambda c: c.start)
    return out


def codes(text: str) -> list[tuple[int, int]]:
    """Spans of codes: a digit run without group separators, as long as targets.yaml's `code_min_digits` or longer (an ID,
    a plate, an account or a document number; Vietnamese writes quantities as '12.345'), with the digit
    groups written after it ('mã tuyển sinh 7310101 403 BT'). None of the gold's records is one; on the
    first 1,000 bench articles all 21 such runs are codes."""
    return [m.span() for m in tables().units.code.finditer(text)]


def _from_percentages(text: str, percentages: list[Mention], block: _Blocked, taken: Occupied) -> list[Candidate]:
    t = tables()
    pcts = sorted(percentages, key=lambda m: m.start)
    out: list[Candidate] = []
    joined: set[int] = set()
    for i, p in enumerate(pcts):
        if i in joined or block.covers(p.start, p.end):
            continue
        high, end = p.attrs.get("value_high"), p.end
        nxt = pcts[i + 1] if i + 1 < len(pcts) else None
        if high is None and nxt is not None:  # "từ 3% đến 5%": one range for a target
            j = t.comparators.joiner.match(text, p.end)
            if j and j.end() == nxt.start and t.comparators.opener.search(text, max(0, p.start - 8), p.start):
                high, end = nxt.attrs["value"], nxt.end
                joined.add(i + 1)
        digits = _DIGITS.match(text, p.start)
        unit_start = digits.end() if digits else p.start
        written = fold(text[unit_start:p.end])
        unit = written if written in t.units.points else "%"
        out.append(Candidate(p.start, end, float(p.attrs["value"]), high, unit, "pct", unit_start, end))
        taken.add(p.start, end)
    return out


def _from_numbers(text: str, numbers: list[Mention], block: _Blocked, taken: Occupied) -> list[Candidate]:
    t = tables()
    nums = sorted(numbers, key=lambda m: m.start)
    by_start = {m.start: m for m in nums}
    consumed: set[int] = set()
    out: list[Candidate] = []
    last_counted: Candidate | None = None
    for m in nums:
        if m.start in consumed or not taken.free(m.start, m.end) or block.covers(m.start, m.end):
            continue
        if m.attrs.get("multiple"):
            c = Candidate(m.start, m.end, float(m.attrs["value"]), None, t.units.multiple_unit, "multiple", m.end, m.end)
        else:
            if t.units.not_before.search(text, max(0, m.start - 16), m.start) or float(m.attrs["value"]) == 0:
                continue
            c = _number(text, m, by_start, consumed, last_counted)
        out.append(c)
        taken.add(c.start, c.end)
        if c.unit_kind == "counted":
            last_counted = c
    return out


def _number(text: str, m: Mention, by_start: dict[int, Mention], consumed: set[int],
            last_counted: Candidate | None) -> Candidate:
    """A number with its range and unit: '6-12 triệu', 'từ 800.000 đến 1 triệu ha', '1.210 hộ'."""
    t = tables()
    written = str(m.attrs.get("written") or "")
    num_end = m.start + len(written) if written and text.startswith(written, m.start) else m.end
    value = float(m.attrs["value"])
    high, pos, unit_start = _range_end(text, num_end, value, by_start, consumed)
    pos = max(pos, m.end)
    um = t.units.pattern.match(text, pos)
    if um and um.group(1)[0].isupper() and um.group(1)[0] != t.units.case.get(fold(um.group(1)), "")[:1]:
        um = None  # "Bệnh viện Quân y 354": a name, not a count
    if um and not _shadowed(text, pos, um.end()):
        end = um.end()
        pm = t.units.per.match(text, end)
        end = pm.end() if pm else end
        kind = t.units.kinds.get(fold(um.group(1)), "counted")
        if kind == "counted" and high is None and not m.attrs.get("scale_word"):
            value = whole_count(written) or value  # "1,685 sinh viên": no count of people has a decimal
        return Candidate(m.start, end, value, high, fold(text[unit_start:end]), kind, num_end, um.start(1))
    if m.attrs.get("scale_word") and not re.match(r"\s*\w", text[pos:pos + 3]):
        return Candidate(m.start, pos, value, high, fold(text[unit_start:pos]), "scale", num_end, pos)
    if last_counted is not None and m.start - last_counted.end < UNIT_CARRY_CHARS and \
            tables().directions.tail.search(text, max(0, m.start - 16), m.start):
        return Candidate(m.start, pos, value, high, last_counted.unit, "counted", pos, pos)
    word = _NEXT_WORD.match(text, pos)
    if word and word.group(1).islower():
        noun_end = word.end()
        return Candidate(m.start, noun_end, value, high, fold(text[unit_start:noun_end]), "noun", num_end, word.start(1))
    return Candidate(m.start, pos, value, high, fold(text[unit_start:pos]) or None, "bare", num_end, pos)


def _shadowed(text: str, pos: int, unit_end: int) -> bool:
    """A unit table entry that is the start of a no-quantity unit ('đồng' in 'đồng chí')."""
    nm = tables().units.not_unit.match(text, pos)
    return nm is not None and nm.end() > unit_end


def _range_end(text: str, num_end: int, value: float, by_start: dict[int, Mention],
               consumed: set[int]) -> tuple[float | None, int, int]:
    """(upper value, position after it, where the unit starts) of '6-12 triệu'; (None, num_end, num_end) when no range."""
    t = tables()
    j = t.comparators.joiner.match(text, num_end)
    if not j:
        return None, num_end, num_end
    nxt = by_start.get(j.end())
    if nxt is not None and not nxt.attrs.get("multiple"):
        hv = float(nxt.attrs["value"])
        if hv > value:
            consumed.add(nxt.start)
            digits = _DIGITS.match(text, j.end())  # a spelled upper end ("5 - mười") has no digits
            return hv, nxt.end, digits.end() if digits else nxt.end
        return None, num_end, num_end
    um = _UPPER_NUMBER.match(text, j.end())
    hv = parse_number(um.group(0)) if um else None
    if um is None or hv is None or hv <= value:
        return None, num_end, num_end
    scale = number_grammar().scale.match(text, um.end())
    return hv, scale.end() if scale else um.end(), um.end()


def _from_fractions(text: str, block: _Blocked, taken: Occupied) -> list[Candidate]:
    """'8/9 gói thầu', '808/860 đơn vị': the numerator, with the unit after."""
    t = tables()
    out: list[Candidate] = []
    for hit in _SLASH.finditer(text):
        f = _FRACTION.search(text, max(0, hit.start() - NUMERATOR_CHARS), hit.end() + NUMERATOR_CHARS)
        if f is None or not f.start() <= hit.start() < f.end():
            continue
        um = t.units.pattern.match(text, f.end())
        if not um or not taken.free(f.start(), um.end()) or block.covers(f.start(), f.end()):
            continue
        if t.units.not_before.search(text, max(0, f.start() - 16), f.start()):
            continue
        value = parse_number(f.group("a"))
        if value is None:
            continue
        kind = t.units.kinds.get(fold(um.group(1)), "counted")
        out.append(Candidate(f.start(), um.end(), value, None, fold(um.group(1)), kind, f.end(), um.start(1)))
        taken.add(f.start(), um.end())
    return out
