"""The recogniser's view of a text: tokens and, per token, the values of its feature templates.

A template is one property of a token (its lower-cased word, its shape, the
rule tag over it ...); a feature is a template read at an offset from the
token being labelled ("the word before"). Values are computed once per
token, so a feature costs one dict lookup at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lang import table
from .gazetteer import gazetteer
from .lexicon import foreign_word, is_acronym

TOKEN = re.compile(r"[^\W_]+(?:[&.][^\W_]+)*|[^\w\s]")
_BREAK = frozenset(".!?:;\"“”(")
_CAPS = frozenset(("Aa", "AaA", "AA"))
LABELS = ("O", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
#: (template, offset) pairs, and conjunctions of two, that make the features.
FEATURES: tuple[tuple[str, int], ...] = (
    ("b", 0), ("w", -2), ("w", -1), ("w", 0), ("w", 1), ("w", 2), ("sh", -1), ("sh", 0), ("sh", 1),
    ("fw", 0), ("ss", 0), ("gz", 0), ("gz", 1), ("hd", -1), ("hd", 0), ("sn", 0), ("nl", 0),
    ("r", -1), ("r", 0), ("r", 1), ("rk", 0), ("w-sh", 0), ("sh3", 0), ("r-sh", 0),
    ("hd", -2), ("cr", 0), ("cr", 1), ("ww", 0),
)


@dataclass
class Tokens:
    """A text's tokens: spans and template values, aligned by index."""

    spans: list[tuple[int, int]]
    values: dict[str, list[str]]


@cache
def _word_sets() -> tuple[frozenset[str], frozenset[str]]:
    """First words of body heads (lower case), and family names."""
    orgs = table("organisations")
    heads = {h.split(" ")[0].lower() for key in ("named_heads", "sector_heads") for h in orgs.get(key, {})}
    heads |= {f.split(" ")[0].lower() for b in orgs.get("scoped_bodies", []) for f in b.get("forms", [])}
    return frozenset(heads), frozenset(orgs.get("surnames", []))


def shape(word: str) -> str:
    if not word[0].isalnum():
        return "p"
    if word.isdigit():
        return "9"
    if any(c.isdigit() for c in word):
        return "9a"
    if is_acronym(word):
        return "AA"
    if word[0].isupper():
        return "Aa" if word[1:].islower() or len(word) == 1 else "AaA"
    return "a"


@cache
def _word_values(word: str) -> tuple[str, str, str, str, str]:
    """(lower, shape, foreign, head, surname) of a word: the same wherever it stands."""
    heads, surnames = _word_sets()
    sh = shape(word)
    cap = sh in ("Aa", "AaA", "AA")
    return (word.lower(), sh, "1" if cap and foreign_word(word) else "", "1" if word.lower() in heads else "",
            "1" if cap and word in surnames else "")


def tokenize(text: str, rule_tags: list[str] | None = None, rule_kinds: list[str] | None = None,
             spans: list[tuple[int, int]] | None = None) -> Tokens:
    """Tokens of `text` with their template values; rule tags and kinds are given per token."""
    g = gazetteer()
    if spans is None:
        spans = [m.span() for m in TOKEN.finditer(text)]
    n = len(spans)
    words = [text[a:b] for a, b in spans]
    per_word = list(map(_word_values, words))
    w, sh, fw, hd, sn = (list(col) for col in zip(*per_word, strict=True)) if n else ([], [], [], [], [])
    gaps = [""] + [text[spans[i - 1][1]:spans[i][0]] for i in range(1, n)]
    nl = ["1" if "\n" in gap else "" for gap in gaps]
    ss = ["1" if i == 0 or nl[i] or words[i - 1] in _BREAK else "" for i in range(n)]
    bare = g.bare_names.match
    gz = [(g.known(m.group(0)) or "") if s in _CAPS and (m := bare(text, a)) else "" for (a, _), s in zip(spans, sh, strict=True)]
    r = rule_tags if rule_tags is not None else [""] * n
    rk = rule_kinds if rule_kinds is not None else [""] * n
    before, after = ["^", *sh[:-1]], [*sh[1:], "$"]
    values = {
        "b": ["1"] * n, "w": w, "sh": sh, "fw": fw, "ss": ss, "gz": gz, "hd": hd, "sn": sn, "nl": nl, "r": r, "rk": rk,
        "w-sh": list(map("{}|{}".format, ["^", *w[:-1]], sh)), "sh3": list(map("{}{}{}".format, before, sh, after)),
        "r-sh": list(map("{}|{}".format, r, sh)),
        "cr": _run_marks(sh), "ww": list(map("{}|{}".format, w, [*w[1:], "$"])),
    }
    return Tokens(spans, values)


def _run_marks(shapes: list[str]) -> list[str]:
    """B on the first capitalised word of a run, I on the rest: where an unknown name starts."""
    out = []
    prev = False
    for s in shapes:
        cap = s in _CAPS or s == "9a"
        out.append(("I" if prev else "B") if cap else "")
        prev = cap
    return out


def feature_strings(tokens: Tokens, i: int) -> list[str]:
    """The features of token `i` as strings (for training): "w@-1=của"."""
    out = []
    n = len(tokens.spans)
    for name, off in FEATURES:
        j = i + off
        if 0 <= j < n:
            v = tokens.values[name][j]
            if v:
                out.append(f"{name}@{off}={v}")
    return out
