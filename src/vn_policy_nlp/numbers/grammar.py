"""The numbers grammar: separators, scale words, number words, percent words and multiples
from `lang/vi/numbers.yaml`, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lang import alternation, require, table


@dataclass(frozen=True)
class NumberGrammar:
    thousands: str
    decimal: str
    scales: dict[str, float]
    words: dict[str, float]
    number: re.Pattern[str]
    scale: re.Pattern[str]
    word_run: re.Pattern[str]
    percent_range: re.Pattern[str]
    percent_single: re.Pattern[str]
    percent_words: re.Pattern[str]
    multiples: dict[str, float]
    multiple: re.Pattern[str] | None
    halves: dict[str, str]  # half word -> "add" (half of the last order) or "times" (half of the count)
    whole_count: re.Pattern[str] | None  # a count written with another grouping sign ("1,685 sinh viên")


@cache
def grammar() -> NumberGrammar:
    data = table("numbers")
    seps = require(data, "separators", "numbers")
    th, dec = re.escape(seps["thousands"]), re.escape(seps["decimal"])
    scales = {k: float(v) for k, v in require(data, "scales", "numbers").items()}
    words = {k: float(v) for k, v in require(data, "number_words", "numbers").items()}
    pct = alternation(require(data, "percent_words", "numbers"))
    joiners = alternation(require(data, "range_joiners", "numbers"))
    # A number: not inside a word (but before a glued unit: "15km"), a code (15/NQ-CP), or a date (12.1.2023).
    glued = alternation(data.get("glued_units", []))
    end = rf"(?:(?=(?:{glued})(?!\w))|(?![\w/]|[.,]\d))" if glued else r"(?![\w/]|[.,]\d)"
    num = rf"(?<![\w/.,])(?<![\w][-–/])(?:\d{{1,3}}(?:{th}\d{{3}})+(?:{dec}\d+)?|\d+(?:{dec}\d+)?|\d+\.\d{{1,2}}){end}"
    sep = r"[-–—]" if not joiners else rf"(?:\s*[-–—]\s*|\s+(?:{joiners})\s+)"
    word_alt = alternation(list(words))
    multiples = {k: float(v) for k, v in data.get("multiples", {}).items()}
    return NumberGrammar(
        thousands=seps["thousands"],
        decimal=seps["decimal"],
        scales=scales,
        words=words,
        number=re.compile(num),
        scale=re.compile(rf"\s+({alternation(list(scales))})(?!\w){_not_followed_by(data.get('scale_blockers', []))}",
                         re.IGNORECASE),
        word_run=re.compile(rf"(?<!\w)(?:{word_alt})(?:\s+(?:{word_alt}))*(?!\w)", re.IGNORECASE),
        percent_range=re.compile(rf"(?P<lo>{num}){sep}(?P<hi>\d+(?:{dec}\d+)?|\d{{1,3}}(?:{th}\d{{3}})+)\s*(?P<pct>{pct})(?!\w)"),
        percent_single=re.compile(rf"(?P<lo>{num})\s*(?P<pct>{pct})(?!\w)"),
        percent_words=re.compile(rf"\s*({pct})(?!\w)", re.IGNORECASE),
        multiples=multiples,
        multiple=re.compile(rf"(?<!\w)({alternation(list(multiples))})(?!\w)", re.IGNORECASE) if multiples else None,
        halves=dict(data.get("halves", {})),
        whole_count=_grouped(data.get("whole_count_thousands")),
    )


def _grouped(sign: str | None) -> re.Pattern[str] | None:
    """Digits grouped by threes with `sign` and nothing else ("1,685", "12,500,000"; not "0,500")."""
    return re.compile(rf"[1-9]\d{{0,2}}(?:{re.escape(sign)}\d{{3}})+") if sign else None


def _not_followed_by(words: list[str]) -> str:
    """A lookahead that refuses a scale word when it starts a longer word ("tỷ lệ", "tỷ trọng")."""
    return rf"(?!\s+(?:{alternation(words)})(?!\w))" if words else ""
