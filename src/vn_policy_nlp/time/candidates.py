"""Finding time expressions: the scanner's matches, guarded, extended to their whole span,
the longest kept, and ranges merged (`từ năm 2021 đến năm 2025` is one interval)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..mentions import Occupied
from .grammar import TimeGrammar, key

_CLOCK = re.compile(r"^\d{1,2}[hg]\d{0,2}\W*$")  # 10h45, 9h: a clock time, not a code
_CODE_TOKEN = re.compile(r"[/\-]\s?[A-ZĐ]{2,}|[A-ZĐa-z]\d|\d[A-ZĐ]|:")  # "15/NQ-CP", "H5N1", "A320", "9001:2015"
_YEAR_END = re.compile(r"(?<![\d.,])(?:1[89]|2[01])\d\d$")  # "năm 2025", "tháng 6/2025": ends in a year
_CODE_AFTER = re.compile(r"\s?[/\-–]\s?[A-ZĐ]{2}")  # "15/NQ-CP": the number of a document
# Kinds a qualifier ("đầu", "cuối") may stand before.
_QUALIFIED = ("year", "month", "quarter", "relative", "months_of_year", "half", "date")


@dataclass
class Cand:
    """One time expression being found: where, what kind, its parts and the words around it."""

    start: int  # span start, after left extension
    end: int
    core_start: int
    kind: str
    groups: dict[str, str]
    rule: str
    unit: str | None = None
    mod: str | None = None
    limit: str | None = None
    frame: str | None = None
    qualifier: str | None = None
    same_period: bool = False
    direction: str | None = None  # "past"/"future" from a suffix ("tháng 9 tới")
    cued: bool = True
    parts: list[Cand] = field(default_factory=list)


def before(text: str, end: int, size: int) -> str:
    """The `size` characters before `end`."""
    return text[max(0, end - size) : end]


def _token_at(text: str, pos: int) -> str:
    """The run of non-space characters around `pos`."""
    s = e = pos
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    while e < len(text) and not text[e].isspace():
        e += 1
    return text[s:e]


def _amount_after(text: str, end: int, core: str, g: TimeGrammar) -> bool:
    """A unit word after the number makes it an amount ("2025 tỷ đồng"), unless the word only
    starts like a unit ("2025 tỷ lệ") or the number is a year written after its unit word
    ("năm 2025 tỷ lệ", "quý I/2025 doanh nghiệp"): no amount is written that way."""
    if not g.guard.unit_after.match(text, end):
        return False
    if g.guard.not_unit_after.match(text, end):
        return False
    return not (core[:1].isalpha() and _YEAR_END.search(core))


def _guarded(text: str, c: Cand, g: TimeGrammar) -> bool:
    """True when the match is really an amount, a count, a code or a phone number."""
    core = text[c.core_start : c.end]
    if core[-1:].isdigit() and (_amount_after(text, c.end, core, g) or _CODE_AFTER.match(text, c.end)):
        return True
    if core[:1].isdigit():
        if g.guard.word_before.search(before(text, c.core_start, g.windows.guard_before)):
            return True
        token = _token_at(text, c.core_start).strip(".,;:()\"'“”")
        if not _CLOCK.match(token) and _CODE_TOKEN.search(token):
            return True
        if sum(ch.isdigit() for ch in token) >= g.guard.code_digits:
            return True
        # "1900 1234", "0912 345 678": numbers run on
        if re.match(r"\s\d{3}", text[c.end : c.end + 4]) or re.search(r"\d\s$", text[max(0, c.core_start - 2) : c.core_start]):
            return True
    return bool(c.kind in ("month", "quarter", "relative")
                and g.guard.frequency_before.search(before(text, c.core_start, g.windows.cue_before)))


def _qualify(text: str, c: Cand, pos: int, g: TimeGrammar) -> int:
    """A qualifier right before `pos` ("cuối năm 2024"): kept, with its modifier; the new start."""
    m = g.span.qualifiers.search(before(text, pos, g.windows.before))
    if not m:
        return pos
    c.qualifier = key(m.group(1))
    c.mod = g.tables.qualifier_mod.get(c.qualifier)
    return pos - len(m.group(0))


def _extend_before(text: str, c: Cand, g: TimeGrammar) -> None:
    """Add the qualifier, the same-period words or a frame, the limit and a period frame before the core."""
    w, span, tables = g.windows.before, g.span, g.tables
    pos = c.core_start
    if c.groups.get("frame"):
        c.frame = key(c.groups["frame"])
        c.mod = "period" if c.groups.get("y2") else None
    if c.kind in _QUALIFIED:
        pos = _qualify(text, c, pos, g)
    m = span.same_period.search(before(text, pos, w))
    if m and c.kind in ("year", "relative"):
        c.same_period = True
        pos -= len(m.group(0))
    else:
        m = span.frames.search(before(text, pos, w))
        if m and tables.frame_mod.get(key(m.group(1))) is None:
            c.frame = key(m.group(1))
            pos -= len(m.group(0))
    if c.kind not in ("vague", "anaphora"):  # "đến nay" is whole already
        m = span.limits.search(before(text, pos, w))
        if m:
            c.limit = key(m.group(1))
            c.mod = tables.limit_mod[c.limit]
            pos -= len(m.group(0))
    m = span.frames.search(before(text, pos, w))
    if m and tables.frame_mod.get(key(m.group(1))) == "period":
        c.frame = key(m.group(1))
        c.mod = c.mod or "period"
        pos -= len(m.group(0))
        if c.qualifier is None:  # "đầu những năm 1990"
            pos = _qualify(text, c, pos, g)
    c.start = pos


def _extend_after(text: str, c: Cand, g: TimeGrammar) -> None:
    """Add a suffix ("tháng 9 tới", "Năm 2017 vừa qua") and a day's bracketed date ("Chiều nay (9/7)")."""
    m = g.span.suffixes.match(text, c.end)
    if m and c.kind in ("year", "date", "month", "quarter"):
        direction = g.tables.suffix_direction.get(key(m.group(1)))
        # "tháng 9 tới" picks a year; after a written year only "vừa qua" belongs to the span
        if direction == "past" or not (c.groups.get("y") or c.groups.get("y_w")):
            c.end = m.end()
            c.direction = direction
    if c.kind == "day":
        m = g.span.day_bracket.match(text, c.end)
        if m:  # the bracket gives the date
            c.groups.update({k: v for k, v in m.groupdict().items() if v is not None})
            c.kind = "date"
            c.end = m.end()


def candidates(low: str, g: TimeGrammar) -> list[Cand]:
    """Every pattern's and phrase's matches over `low` (the lower-cased text)."""
    scan = g.scan
    out: list[Cand] = []
    end = 0
    for s in scan.starts.finditer(low):  # try the scanner only where an expression can start
        if s.start() < end:
            continue
        m = scan.scanner.match(low, s.start())
        if m is None:
            continue
        end = m.end()
        p = scan.patterns[int((m.lastgroup or "p0")[1:])]
        groups = {own: v for full, own in p.groups if (v := m.group(full)) is not None}
        out.append(Cand(m.start(), m.end(), m.start(), p.kind, groups, p.name, unit=p.unit, cued=not p.needs_cue))
    for m in scan.phrase.finditer(low):
        phrase = key(m.group(0))
        blocker = scan.phrase_not_after.get(phrase.split()[0])
        if blocker is not None and blocker.search(before(low, m.start(), g.windows.cue_before)):
            continue
        kind, _ = scan.phrase_kind[phrase]
        out.append(Cand(m.start(), m.end(), m.start(), kind, {"phrase": m.group(0)}, f"phrase.{kind}"))
    return out


def select(text: str, cands: list[Cand], g: TimeGrammar) -> list[Cand]:
    """Guard, extend, then keep the longest non-overlapping candidates; cue-less ones only in lists and ranges."""
    kept: list[Cand] = []
    for c in cands:
        if _guarded(text, c, g):
            continue
        _extend_before(text, c, g)
        _extend_after(text, c, g)
        kept.append(c)
    kept.sort(key=lambda c: (-(c.end - c.start), c.start))
    chosen: list[Cand] = []
    taken = Occupied()
    for c in kept:
        if taken.free(c.start, c.end):
            chosen.append(c)
            taken.add(c.start, c.end)
    chosen.sort(key=lambda c: c.start)
    out: list[Cand] = []
    for c in chosen:
        if c.cued or _cued_by_context(text, c, out[-1] if out else None, g):
            c.cued = True
            out.append(c)
    return merge_ranges(text, out, g)


def _cued_by_context(text: str, c: Cand, prev: Cand | None, g: TimeGrammar) -> bool:
    """A bare date counts after a limit, a cue word ("nghỉ lễ 30/4") or in a list or range of dates."""
    between = text[prev.end : c.core_start] if prev else ""
    joined = prev is not None and prev.kind == "date" and bool(
        g.span.list_joiner.match(between) or g.span.range_joiner.match(between))
    return bool(c.limit or g.span.bare_cue.search(before(text, c.core_start, g.windows.cue_before)) or joined)


def merge_ranges(text: str, cands: list[Cand], g: TimeGrammar) -> list[Cand]:
    """`từ năm 2021 đến năm 2025`, `từ ngày 7-6 đến 9-6`, `Từ năm 2018 đến nay`: one interval."""
    out: list[Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and (prev.mod == "start" or prev.frame) and not prev.parts and prev.end <= c.start:
            gap = text[prev.end : c.start]
            # "từ năm 2021 đến năm 2025": a joiner between the two cores (it may be the second's limit word)
            joined = "," not in gap and g.span.range_joiner.match(text[prev.end : c.core_start])
            # "Từ năm 2018 đến nay": the end is a vague word that starts with a joiner
            until_now = c.kind == "vague" and not gap.strip() and g.span.range_joiner.match(" " + c.groups["phrase"].split()[0])
            if joined or until_now:
                merged = Cand(prev.start, c.end, prev.core_start, "range", {}, prev.rule + "+" + c.rule)
                merged.mod = "period"
                merged.frame = prev.frame
                merged.parts = [prev, c]
                out[-1] = merged
                continue
        out.append(c)
    return out
