"""Stage 2: numbers and percentages.

Vietnamese writes `1.234,5` (dot for thousands, comma for decimals), glues
scale words after digits (`1,5 tỷ`), spells numbers out (`hai mươi lăm`)
and writes ranges as `5-7%` or `từ 5 đến 7%`. The separators, scale words,
number words, percent words and range joiners are data
(`lang/vi/numbers.yaml`); this module only compiles them.

Mentions written:
- `numbers`: every number, attrs `value` (as written), `scale_word`,
  `scaled` (value x scale), and for ranges `value_high`;
- `percentages`: per GUIDELINES.md section 1, attrs `value`, `value_high`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Mention, Occupied, add_mentions, text_of
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


@cache
def grammar() -> NumberGrammar:
    data = table("numbers")
    seps = require(data, "separators", "numbers")
    th, dec = re.escape(seps["thousands"]), re.escape(seps["decimal"])
    scales = {k: float(v) for k, v in require(data, "scales", "numbers").items()}
    words = {k: float(v) for k, v in require(data, "number_words", "numbers").items()}
    pct = alternation(require(data, "percent_words", "numbers"))
    joiners = alternation(require(data, "range_joiners", "numbers"))
    # A number: not inside a word, a code (15/NQ-CP), or a date (12.1.2023).
    num = rf"(?<![\w/.,])(?<![\w][-–/])(?:\d{{1,3}}(?:{th}\d{{3}})+(?:{dec}\d+)?|\d+(?:{dec}\d+)?|\d+\.\d{{1,2}})(?![\w/]|[.,]\d)"
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
    )


def _not_followed_by(words: list[str]) -> str:
    """A lookahead that refuses a scale word when it starts a longer word ("tỷ lệ", "tỷ trọng")."""
    return rf"(?!\s+(?:{alternation(words)})(?!\w))" if words else ""


def parse_number(text: str, g: NumberGrammar | None = None) -> float | None:
    """`10,51` -> 10.51, `1.200` -> 1200, `1.234,5` -> 1234.5, `3.5` -> 3.5; None if not a number."""
    g = g or grammar()
    s = text.strip()
    if not s:
        return None
    th, dec = g.thousands, g.decimal
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(th)}\d{{3}})+(?:{re.escape(dec)}\d+)?", s):
        return float(s.replace(th, "").replace(dec, "."))
    if re.fullmatch(rf"\d+(?:{re.escape(dec)}\d+)?", s):
        return float(s.replace(dec, "."))
    if re.fullmatch(r"\d+\.\d{1,2}", s):  # English-style decimals ("3.5%") seen in news
        return float(s)
    words = s.lower().split()
    if words and all(w in g.words for w in words):
        return parse_number_words(words, g)
    return None


def parse_number_words(words: list[str], g: NumberGrammar | None = None) -> float | None:
    """Spelled-out numbers through vn-numberwords; a trailing half word (`rưỡi`, `nửa`) as the table says."""
    from vn_numberwords import words_to_number

    g = g or grammar()
    half = g.halves.get(words[-1]) if len(words) > 1 else None
    if half is not None:
        words = words[:-1]
    try:
        value = float(words_to_number(" ".join(words)))
    except Exception:
        return None
    if half == "times":
        return value / 2  # "một nửa" = 0.5
    if half == "add":
        # "một trăm rưỡi" = 150: the half is of the last order named.
        last = g.words.get(words[-1], 1.0)
        value += 0.5 * (last if last >= 10 else 1.0)
    return value


def find_numbers(text: str) -> list[Mention]:
    g = grammar()
    out: list[Mention] = []
    for m in g.number.finditer(text):
        value = parse_number(m.group(0), g)
        if value is None:
            continue
        attrs: dict[str, object] = {"value": value, "scale_word": None, "scaled": value, "written": m.group(0)}
        end = m.end()
        sm = g.scale.match(text, end)
        if sm:
            word = sm.group(1)
            attrs["scale_word"] = word.lower()
            attrs["scaled"] = value * g.scales[word.lower()]
            end = sm.end()
        out.append(Mention("NUMBER", m.start(), end, attrs, rule="number.digits"))
    for m in g.word_run.finditer(text):
        words = m.group(0).lower().split()
        pct_after = g.percent_words.match(text, m.end())
        if len(words) < 2 and not pct_after:
            continue
        value = parse_number_words(words, g)
        if value is None:
            continue
        out.append(Mention("NUMBER", m.start(), m.end(), {"value": value, "scale_word": None, "scaled": value,
                                                          "written": m.group(0)}, rule="number.words"))
    if g.multiple is not None:
        for m in g.multiple.finditer(text):
            value = g.multiples[m.group(1).lower()]
            out.append(Mention("NUMBER", m.start(), m.end(), {"value": value, "scale_word": None, "scaled": value,
                                                              "written": m.group(0), "multiple": True},
                               rule="number.multiple"))
    out.sort(key=lambda x: (x.start, -x.end))
    return out


def find_percentages(text: str, numbers: list[Mention]) -> list[Mention]:
    g = grammar()
    out: list[Mention] = []
    taken = Occupied()
    free = taken.free

    for m in g.percent_range.finditer(text):
        lo, hi = parse_number(m.group("lo"), g), parse_number(m.group("hi"), g)
        if lo is None or hi is None or hi < lo:
            continue
        out.append(Mention("PERCENT", m.start(), m.end(), {"value": lo, "value_high": hi}, rule="percent.range"))
        taken.add(m.start(), m.end())
    for m in g.percent_single.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = parse_number(m.group("lo"), g)
        if value is None:
            continue
        out.append(Mention("PERCENT", m.start(), m.end(), {"value": value, "value_high": None}, rule="percent.sign"))
        taken.add(m.start(), m.end())
    for n in numbers:
        if n.rule != "number.words":
            continue
        pm = g.percent_words.match(text, n.end)
        if pm and free(n.start, pm.end()):
            out.append(Mention("PERCENT", n.start, pm.end(), {"value": n.attrs["value"], "value_high": None},
                               rule="percent.words"))
            taken.add(n.start, pm.end())
    out.sort(key=lambda x: x.start)
    return out


class NumberMatcher:
    """Finds numbers and percentages; see the module docstring for scope."""

    def __init__(self, nlp: Language, name: str = "vnp_numbers") -> None:
        self.name = name
        grammar()  # fail at load time, not on the first document, if the table is broken

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        numbers = find_numbers(text)
        add_mentions(doc, "numbers", numbers)
        add_mentions(doc, "percentages", find_percentages(text, numbers))
        return doc


@Language.factory("vnp_numbers", assigns=["doc.spans"], requires=[], default_config={})
def make_numbers(nlp: Language, name: str) -> NumberMatcher:
    return NumberMatcher(nlp, name)
