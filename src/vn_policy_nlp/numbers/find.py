"""Numbers (with their scale word) and percentages in a text, as mentions."""

from __future__ import annotations

import re

from ..mentions import Mention, Occupied
from .grammar import NumberGrammar, grammar
from .parse import parse_number, parse_number_words

_WORD = re.compile(r"\S+")


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
    for start, end in _word_runs(text, g):
        words = text[start:end].lower().split()
        pct_after = g.percent_words.match(text, end)
        if len(words) < 2 and not pct_after:
            continue
        value = parse_number_words(words, g)
        if value is None:
            continue
        out.append(Mention("NUMBER", start, end, {"value": value, "scale_word": None, "scaled": value,
                                                  "written": text[start:end]}, rule="number.words"))
    if g.multiple is not None:
        for m in g.multiple.finditer(text):
            value = g.multiples[m.group(1).lower()]
            out.append(Mention("NUMBER", m.start(), m.end(), {"value": value, "scale_word": None, "scaled": value,
                                                              "written": m.group(0), "multiple": True},
                               rule="number.multiple"))
    out.sort(key=lambda x: (x.start, -x.end))
    return out


def _word_runs(text: str, g: NumberGrammar) -> list[tuple[int, int]]:
    """Runs of number words, split where one digit word follows another: a spelled number never writes two
    digits side by side, so "một năm" is one and a year (not 15) and "hai ba" two numbers."""
    out: list[tuple[int, int]] = []
    for m in g.word_run.finditer(text):
        start: int | None = None
        prev_digit, prev_end = False, m.start()
        for w in _WORD.finditer(m.group(0)):
            digit = 1 <= g.words.get(w.group(0).lower(), 0) <= 9
            if start is not None and digit and prev_digit:
                out.append((start, prev_end))
                start = None
            if start is None:
                start = m.start() + w.start()
            prev_digit, prev_end = digit, m.start() + w.end()
        if start is not None:
            out.append((start, prev_end))
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
