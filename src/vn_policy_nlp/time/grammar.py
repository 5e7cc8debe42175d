"""The time grammar: `lang/vi/time.yaml` compiled once, in parts.

    ScanGrammar     the pattern templates as one scanner, and the phrase words (vague, days, anaphora)
    Tables          the words a value is read from (quarters, months, relative words, modifiers)
    SpanGrammar     the words around an expression that belong to its span (qualifiers, limits, frames, suffixes)
    GuardGrammar    what makes a match an amount, a count or a code instead
    Windows         how far the engine looks around an expression, named

The deadline role's words compile in `deadline.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from ..lang import alternation, require, table, trie_alternation

FLAGS = re.IGNORECASE
# Start and end guards shared by every pattern: not inside a word, a number or a code.
_LEFT = r"(?<![\w/.,\-–])"
_RIGHT = r"(?![\w%]|[.,]\d|\s?[/\-–]\s?\d)"


def key(s: str) -> str:
    """A table key: lower case, single spaces."""
    return re.sub(r"\s+", " ", s.lower())


def lowered(text: str) -> str:
    """`text.lower()` with the same length, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def ending_with(words: list[str]) -> re.Pattern[str]:
    """Matches one of `words` ending right where a search window ends (after optional spaces)."""
    return re.compile(rf"(?<!\w)({alternation(words)})\s*$", FLAGS)


@dataclass(frozen=True)
class Pattern:
    name: str
    kind: str
    unit: str | None
    needs_cue: bool
    prefix: str  # its named groups are renamed `<prefix><group>` in the combined scanner
    groups: tuple[tuple[str, str], ...] = ()  # (name in the scanner, own name) of its named groups, in order


@dataclass(frozen=True)
class ScanGrammar:
    patterns: tuple[Pattern, ...]
    scanner: re.Pattern[str]  # all patterns as one alternation, in table order
    starts: re.Pattern[str]  # where an expression can start: a digit or the first syllable of a table word
    phrase: re.Pattern[str]  # vague words, relative days, anaphora
    phrase_kind: dict[str, tuple[str, Any]]
    phrase_not_after: dict[str, re.Pattern[str]]  # first syllable -> words that make it part of another word
    idioms: re.Pattern[str] | None


@dataclass(frozen=True)
class Tables:
    quarter_numbers: dict[str, int]
    count_numbers: dict[str, int]
    count_directions: dict[str, str]
    month_names: dict[str, int]
    sides: dict[str, str]
    relative: dict[str, dict[str, Any]]
    qualifier_mod: dict[str, str | None]
    bare_units: dict[str, str]  # unit word -> year/month/quarter/week
    limit_mod: dict[str, str]
    frame_mod: dict[str, str | None]
    suffix_direction: dict[str, str | None]
    decade: re.Pattern[str]
    max_period_years: int


@dataclass(frozen=True)
class SpanGrammar:
    qualifiers: re.Pattern[str]
    coordination: re.Pattern[str]
    limits: re.Pattern[str]
    frames: re.Pattern[str]
    same_period: re.Pattern[str]
    suffixes: re.Pattern[str]
    day_bracket: re.Pattern[str]
    range_joiner: re.Pattern[str]
    list_joiner: re.Pattern[str]
    bare_cue: re.Pattern[str]


@dataclass(frozen=True)
class GuardGrammar:
    unit_after: re.Pattern[str]
    not_unit_after: re.Pattern[str]
    word_before: re.Pattern[str]
    frequency_before: re.Pattern[str]
    code_digits: int  # a token with this many digits is a phone number or a code


@dataclass(frozen=True)
class Windows:
    """How far, in characters, the engine reads around an expression."""

    before: int  # qualifiers, limits and frames written before it
    guard_before: int  # a word that makes the number a code ("số", "Điều")
    cue_before: int  # a bare-date cue, a frequency word, the word a vague word is the tail of
    deadline_left: int  # a horizon or a baseline of comparison right before it
    as_of_before: int  # "tính đến" before a limit
    unit_peek: int  # a unit word read past the next expression


@dataclass(frozen=True)
class TimeGrammar:
    scan: ScanGrammar
    tables: Tables
    span: SpanGrammar
    guard: GuardGrammar
    windows: Windows


def _words(data: dict[str, Any]) -> dict[str, list[str]]:
    words: dict[str, list[str]] = dict(require(data, "words", "time"))
    words["qualifier"] = [key(k) for k in require(data, "qualifiers", "time")]
    words["bare_unit"] = [key(k) for k in require(data, "bare_units", "time")]
    return words


def expander(data: dict[str, Any]) -> Any:
    """`@name` in a template -> the atom's regex or the word list's alternation."""
    atoms: dict[str, str] = require(data, "atoms", "time")
    # The scanners run over the lower-cased text, without IGNORECASE: much faster on Vietnamese.
    subst = {**{k: f"(?:{v})" for k, v in atoms.items()}, **{k: f"(?:{trie_alternation(v)})" for k, v in _words(data).items()}}
    return lambda template: re.sub(r"@([A-Za-z_]+)", lambda m: subst[m.group(1)], template)


def _scan(data: dict[str, Any]) -> ScanGrammar:
    expand = expander(data)
    patterns, parts = [], []
    for i, p in enumerate(require(data, "patterns", "time")):
        prefix = f"p{i}_"
        body = re.sub(r"\(\?P<([a-z_0-9]+)>", lambda m, pre=prefix: f"(?P<{pre}{m.group(1)}>", expand(p["template"]))
        re.compile(body)  # a broken template fails here, with its own text in the error
        parts.append(f"(?P<p{i}>{body})")
        patterns.append(Pattern(p["name"], p["kind"], p.get("unit"), p.get("cue") == "required", prefix))
    # At each position the first pattern (in table order) that matches wins, so the
    # table lists longer forms before the shorter forms they contain.
    scanner = re.compile(_LEFT + "(?:" + "|".join(parts) + ")" + _RIGHT)
    names = sorted(scanner.groupindex, key=scanner.groupindex.__getitem__)
    patterns = [replace(p, groups=tuple((k, k[len(p.prefix):]) for k in names if k.startswith(p.prefix))) for p in patterns]
    firsts = {w.split()[0] for ws in _words(data).values() for w in ws if w.strip() and not w[0].isdigit()}
    phrase_kind: dict[str, tuple[str, Any]] = {}
    for kind, section in (("vague", "vague"), ("day", "days"), ("anaphora", "anaphora")):
        for w, v in data.get(section, {}).items():
            phrase_kind[key(w)] = (kind, v)
    return ScanGrammar(
        patterns=tuple(patterns),
        scanner=scanner,
        starts=re.compile(rf"(?<![\w/.,\-–])(?:\d|(?:{trie_alternation(sorted(firsts))})(?!\w))"),
        phrase=re.compile(rf"(?<!\w)(?:{trie_alternation(list(phrase_kind))})(?!\w)"),
        phrase_kind=phrase_kind,
        phrase_not_after={key(k): ending_with(v) for k, v in data.get("vague_not_after", {}).items()},
        idioms=re.compile(rf"(?<!\w)(?:{trie_alternation(data['idioms'])})(?!\w)") if data.get("idioms") else None,
    )


def _tables(data: dict[str, Any]) -> Tables:
    words = require(data, "words", "time")
    return Tables(
        quarter_numbers={key(str(k)): int(v) for k, v in data["quarter_numbers"].items()},
        count_numbers={key(str(k)): int(v) for k, v in data["count_numbers"].items()},
        count_directions={key(k): v for k, v in data["count_directions"].items()},
        month_names={key(k): int(v) for k, v in data["month_names"].items()},
        sides={key(k): v for k, v in data["sides"].items()},
        relative={key(k): v for k, v in require(data, "relative", "time").items()},
        qualifier_mod={key(k): v for k, v in require(data, "qualifiers", "time").items()},
        bare_units={key(k): v for k, v in require(data, "bare_units", "time").items()},
        limit_mod={key(k): v for k, v in require(data, "limits", "time").items()},
        frame_mod={key(k): v for k, v in data.get("frames", {}).items()},
        suffix_direction={key(k): v for k, v in data.get("suffixes", {}).items()},
        decade=re.compile(rf"^(?:{alternation(words['decade'])})$", FLAGS),
        max_period_years=int(require(data, "bounds", "time")["max_period_years"]),
    )


def _span(data: dict[str, Any]) -> SpanGrammar:
    words = require(data, "words", "time")
    limits: dict[str, str] = require(data, "limits", "time")
    time_words = alternation(words["day"] + words["month"] + words["year"] + words["quarter"] + list(limits))
    return SpanGrammar(
        qualifiers=ending_with([key(k) for k in require(data, "qualifiers", "time")]),
        coordination=re.compile(rf"\s*(?:(?:{alternation(data.get('coordination', []))})\s*)*", FLAGS),
        limits=ending_with(list(limits)),
        frames=ending_with(list(data.get("frames", {}))),
        same_period=ending_with(data.get("same_period", [])),
        suffixes=re.compile(
            rf"\s+({alternation(list(data.get('suffixes', {})))})(?!\w)(?!\s*(?:\d|{time_words})(?!\w))", FLAGS
        ),
        day_bracket=re.compile(expander(data)(data["day_bracket"]), FLAGS),
        range_joiner=re.compile(rf"\s*(?:{alternation(data['range_joiners'])})\s*$", FLAGS),
        list_joiner=re.compile(rf"\s*(?:{alternation(data['list_joiners'])})\s*$", FLAGS),
        bare_cue=ending_with(words["bare_date_cue"]),
    )


def _guard(data: dict[str, Any]) -> GuardGrammar:
    guard = require(data, "guard", "time")
    scaled = rf"(?:{alternation(guard['scale_words'])})\s+(?:{alternation(guard['scale_blockers'])})"
    return GuardGrammar(
        unit_after=re.compile(rf"\s*(?:{alternation(guard['units_after'])})(?!\w)", FLAGS),
        not_unit_after=re.compile(rf"\s*(?:{scaled}|{alternation(guard.get('not_units_after', []))})(?!\w)", FLAGS),
        word_before=re.compile(rf"(?<!\w)(?:{alternation(guard['words_before'])})\s*:?\s*$"),
        frequency_before=ending_with(guard["frequency_before"]),
        code_digits=int(require(data, "bounds", "time")["code_digits"]),
    )


def _windows(data: dict[str, Any]) -> Windows:
    w = require(data, "windows", "time")
    return Windows(**{f: int(w[f]) for f in Windows.__dataclass_fields__})


@cache
def grammar() -> TimeGrammar:
    data = table("time")
    return TimeGrammar(_scan(data), _tables(data), _span(data), _guard(data), _windows(data))
