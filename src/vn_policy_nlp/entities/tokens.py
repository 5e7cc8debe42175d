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

from .gazetteer import gazetteer
from .lexicon import is_acronym

TOKEN = re.compile(r"[^\W_]+(?:[&.][^\W_]+)*|[^\w\s]")
_CAPS = frozenset(("Aa", "AaA", "AA"))
_RUN_SHAPES = _CAPS | {"9a"}  # shapes that continue a run of names
LABELS = ("O", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
#: How far a feature reads from its token (the largest offset below).
READ = 1
#: (template, offset) pairs, and conjunctions of two, that make the features.
FEATURES: tuple[tuple[str, int], ...] = (
    ("b", 0), ("w", -1), ("w", 0), ("w", 1), ("sh", -1), ("sh", 0), ("sh", 1), ("gz", 0),
    ("r", -1), ("r", 0), ("r", 1), ("rk", 0), ("cr", 0), ("ww", 0),
)


@dataclass
class Tokens:
    """A text's tokens: spans and template values, aligned by index."""

    spans: list[tuple[int, int]]
    values: dict[str, list[str]]
    ranges: list[tuple[int, int]] | None = None  # the stretches to label, when already known
    text: str = ""  # the text the spans index


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
def word_values(word: str) -> tuple[str, str]:
    """(lower, shape) of a word: the same wherever it stands."""
    return word.lower(), shape(word)


def tokenize(text: str, rule_tags: list[str] | None = None, rule_kinds: list[str] | None = None,
             spans: list[tuple[int, int]] | None = None) -> Tokens:
    """Tokens of `text` with their template values; rule tags and kinds are given per token."""
    g = gazetteer()
    if spans is None:
        spans = [m.span() for m in TOKEN.finditer(text)]
    n = len(spans)
    per_word = [word_values(text[a:b]) for a, b in spans]
    w, sh = [v[0] for v in per_word], [v[1] for v in per_word]
    bare, known = g.bare_names.match, g.known
    gz = [(known(m.group(0)) or "") if s in _CAPS and (m := bare(text, a)) else "" for (a, _), s in zip(spans, sh, strict=True)]
    values = {
        "b": ["1"] * n, "w": w, "sh": sh, "gz": gz,
        "r": rule_tags if rule_tags is not None else [""] * n,
        "rk": rule_kinds if rule_kinds is not None else [""] * n,
        "cr": _run_marks(sh), "ww": [f"{a}|{b}" for a, b in zip(w, [*w[1:], "$"], strict=False)],  # no tokens: no "$"
    }
    return Tokens(spans, values, text=text)


def _run_marks(shapes: list[str]) -> list[str]:
    """B on the first capitalised word of a run, I on the rest: where an unknown name starts."""
    caps = [s in _RUN_SHAPES for s in shapes]
    return [("I" if prev else "B") if cap else "" for prev, cap in zip([False, *caps], caps, strict=False)]


def line_break_before(tokens: Tokens, i: int) -> bool:
    """Is there a line break between token `i` and the token before it?"""
    return i > 0 and "\n" in tokens.text[tokens.spans[i - 1][1]:tokens.spans[i][0]]


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
