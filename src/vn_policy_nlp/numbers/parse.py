"""The value of a written number: digits in Vietnamese notation or spelled-out words."""

from __future__ import annotations

import re

from .grammar import NumberGrammar, grammar


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


def whole_count(text: str, g: NumberGrammar | None = None) -> float | None:
    """The value of a count of whole things written with another grouping sign (`1,685` -> 1685, where
    `parse_number` reads 1.685); None when it is not written so. Only a caller that knows the number
    counts whole things (people, schools) may use it: `1,685` is also a decimal."""
    g = g or grammar()
    s = text.strip()
    if g.whole_count is None or not g.whole_count.fullmatch(s):
        return None
    return float(re.sub(r"\D", "", s))


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
