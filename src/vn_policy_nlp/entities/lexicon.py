"""Word shapes and regex building blocks shared by every entity rule.

Language-neutral: what a capitalised word, an acronym or a word boundary is
in Latin-script text, and how to build a fast alternation of many phrases.
The words themselves live in `lang/vi/*.yaml`.
"""

from __future__ import annotations

import re
from typing import Any

from ..io.legacy import is_syllable


def _upper_letters() -> str:
    """Every upper-case Latin letter Vietnamese text uses, as a regex class body."""
    chars = [chr(c) for c in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)] if chr(c).isupper()]
    return "".join(chars)


UPPER = _upper_letters()
#: One capitalised syllable or acronym ("Đông", "THPT", "GD&ĐT", "TP.HCM", "Vinaconex").
CAP_WORD = rf"[{UPPER}][^\W_]*(?:[&.][{UPPER}][^\W_]*)*"
#: A run of capitalised words, optionally joined by " - " ("Thừa Thiên - Huế").
CAP_RUN = rf"{CAP_WORD}(?:(?:[ ]|[ ]?-[ ]?){CAP_WORD})*"
CAP_RUN_RE = re.compile(CAP_RUN)

#: A word token: syllables joined by "&" or "." stay one token ("GD&ĐT", "TP.HCM").
WORD = re.compile(r"[^\W_]+(?:[&.][^\W_]+)*|\d+")
NEXT_WORD = re.compile(r"[ ]([^\W_]+)")
_PREV_WORD = re.compile(r"([^\W_]+(?:[&.][^\W_]+)*)[ ]*$")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”(]\s*$|^\s*$")
_VI_FINALS = ("c", "ch", "m", "n", "ng", "nh", "p", "t")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def first_word(phrase: str) -> str:
    m = WORD.match(phrase)
    return m.group(0) if m else phrase


def trie_alternation(words: list[str]) -> str:
    """A regex matching any of `words`, shaped as a trie so the engine tests a
    prefix once instead of once per word (3x faster than a flat alternation)."""
    root: dict[str, Any] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def case_variants(phrases: list[str]) -> list[str]:
    """A phrase as written, capitalised and upper-cased: cheaper than IGNORECASE,
    which stops the regex engine from skipping ahead on the first letter."""
    out: list[str] = []
    for p in phrases:
        out.extend((p, p[:1].upper() + p[1:], p.upper()))
    return out


def left_ok(text: str, start: int, forbid: str = "") -> bool:
    """True when `start` begins a word: no letter, digit or `forbid` character before it.

    Patterns check their left edge here rather than with a leading lookbehind,
    which would stop the regex engine from skipping ahead on the first letter.
    """
    if start == 0:
        return True
    ch = text[start - 1]
    return not (ch.isalnum() or ch == "_" or ch in forbid)


def is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def is_acronym(word: str) -> bool:
    """"UBND", "GD&ĐT", "TPHCM", "AILab": one token, mostly capitals."""
    if " " in word:
        return False
    if word.isupper():
        return sum(c.isalpha() for c in word) >= 2
    if word[1:].islower():
        return False
    letters = [c for c in word if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and upper >= 2 and 2 * upper >= len(letters)


def foreign_word(word: str) -> bool:
    """A brand or foreign word ("Viettel", "Vinaconex"): Vietnamese syllables end
    in a vowel or one of a few finals, and acronyms are all capitals."""
    if is_acronym(word):
        return True
    low = word.lower()
    if not low.isalpha() or not low.isascii():
        return False
    if any(c in low for c in "fjwz"):
        return True
    if low[-1] in "aeiouy":
        return False
    return not low.endswith(_VI_FINALS)


def foreign_name(name: str) -> bool:
    """A name with an unaccented word that is no Vietnamese syllable (acronyms aside): "London",
    "Birmingham City"; not "Nguyễn", which the syllable list lacks."""
    return any(w.isalpha() and w.isascii() and not w.isupper() and not is_syllable(w) for w in name.split())



def prev_word(text: str, start: int, window: int) -> str:
    """The word ending right before `start` (looked for in the `window` characters before it)."""
    m = _PREV_WORD.search(text, max(0, start - window), start)
    return m.group(1) if m else ""


def at_sentence_start(text: str, start: int, window: int = 3) -> bool:
    """Nothing but a sentence end (or the text's start) in the `window` characters before `start`."""
    return bool(_SENTENCE_END.search(text[max(0, start - window):start]))


def after_phrase(text: str, start: int, phrases: frozenset[str], window: int) -> bool:
    """True when the one to three words just before `start` are one of `phrases` ("ông", "Chủ tịch")."""
    words = text[max(0, start - window):start].rstrip().split()
    return any(len(words) >= n and " ".join(words[-n:]) in phrases for n in (1, 2, 3))


def cap_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def brand_word(word: str) -> bool:
    """A foreign word, or a Latin-script word of several syllables ("Kaspersky", "Agoda"):
    a Vietnamese syllable has one vowel group."""
    low = word.lower()
    return foreign_word(word) or (low.isascii() and low.isalpha() and len(_VOWEL_GROUP.findall(low)) > 1)
