"""The targets stage's language tables (`lang/vi/targets.yaml`), compiled once.

Phrases match on whole syllables, case-folded; longer phrases win. Engine
modules read only this object, never the YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import RulesError
from ..lang import alternation, require, table, trie_alternation


def words(phrases: list[str], after_digit: bool = False) -> str:
    """A regex alternation of whole-syllable phrases, the longest first; `after_digit` lets one follow a
    digit directly (a unit glued to its number, "15km")."""
    before = r"[^\W\d]" if after_digit else r"\w"
    return rf"(?<!{before})(?:{alternation(phrases)})(?!\w)"


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


@dataclass(frozen=True)
class Cues:
    """Cue phrases by id and kind; `not_cues` hide the cue words inside them."""

    pattern: re.Pattern[str]  # run over lower-cased text
    info: dict[str, tuple[str, str]]  # folded phrase -> (id, kind); ("", "") for a hiding phrase
    trailing: frozenset[str]  # ids of cues written after the value they qualify
    binding: frozenset[str]  # folded target phrases that make the values after them in their clause targets


@dataclass(frozen=True)
class Units:
    pattern: re.Pattern[str]  # a unit right after a number (group 1)
    kinds: dict[str, str]  # folded unit -> counted | currency | measure
    case: dict[str, str]  # folded unit -> as listed (a capitalised unit must be written so)
    per: re.Pattern[str]  # "/năm", "mỗi năm" extending a unit
    price_per: re.Pattern[str]  # a currency per item is a price
    multiple_unit: str
    points: frozenset[str]  # percentage points, written after the number ("điểm phần trăm")
    not_before: re.Pattern[str]  # a word before the number that makes it no quantity
    not_unit: re.Pattern[str]  # a unit that makes it a duration, age, score or rank
    code: re.Pattern[str]  # a digit run that is a code, with the digit groups after it


@dataclass(frozen=True)
class Comparators:
    before: re.Pattern[str]  # ends right before the value
    before_ops: dict[str, str]
    after: re.Pattern[str]  # starts right after the value
    after_ops: dict[str, str]
    opener: re.Pattern[str]  # "từ" before a range
    joiner: re.Pattern[str]  # between the two ends of a range


@dataclass(frozen=True)
class Directions:
    tail: re.Pattern[str]  # a verb of change ending right before the value
    ops: dict[str, str]  # folded phrase -> increase | decrease
    blocker: re.Pattern[str]  # "tốc độ", "mức" before the verb: it belongs to the indicator
    particle: re.Pattern[str]  # "lên", "xuống" ending before the value
    frame_verbs: dict[str, re.Pattern[str]]  # "lên:increase" -> the verbs that open the frame
    multiple_prefix: re.Pattern[str]  # "gấp", "tăng gấp": a multiple says increase
    multiple_direction: str


@dataclass(frozen=True)
class PlanLevel:
    """A plan noun and its link words ending right before a value: the value is the plan's own level."""

    pattern: re.Pattern[str]  # ends right before the value (run over lower-cased text)
    nouns: re.Pattern[str]  # any plan noun: where none is near, there is nothing to match
    not_after: re.Pattern[str]  # ends right before the plan noun: the value is no plan's level
    not_units: frozenset[str]  # folded units of a duration ("kế hoạch 5 năm")
    after_cues: frozenset[str]  # ids of cues that set a figure beside the plan: the first value after one is its level


@dataclass(frozen=True)
class ShareOfPlan:
    """A share of a plan reached ("đạt 111,7% kế hoạch"): the values after it report the same period."""

    reached: re.Pattern[str]  # a verb of reaching (and a hedge) ending right before the share
    plan: re.Pattern[str]  # a plan noun right after the share (matched from the share's end)


@dataclass(frozen=True)
class Enumerations:
    """Groups of nouns written in comma lists of one kind ("xã, phường, thị trấn")."""

    groups: dict[str, frozenset[int]]  # folded member -> the groups it belongs to
    longest: int  # syllables of the longest member
    firsts: frozenset[str]  # the members' first syllables, and their last: most commas have neither beside them
    lasts: frozenset[str]

    def join(self, before: list[str], after: list[str]) -> bool:
        """Whether the words ending at a comma (`before`) and those starting after it (`after`) end and start
        with members of one group."""
        ends: set[int] = set()
        for n in range(1, min(len(before), self.longest) + 1):
            ends |= self.groups.get(" ".join(before[-n:]), frozenset())
        if not ends:
            return False
        return any(ends & self.groups.get(" ".join(after[:n]), frozenset())
                   for n in range(1, min(len(after), self.longest) + 1))


@dataclass(frozen=True)
class TargetTables:
    cues: Cues
    units: Units
    comparators: Comparators
    directions: Directions
    plan_level: PlanLevel
    share_of_plan: ShareOfPlan
    enumerations: Enumerations
    words: dict[str, frozenset[str]]  # named word lists (links, conjunctions, place links, ...), folded


def _cues(d: dict[str, Any]) -> Cues:
    info: dict[str, tuple[str, str]] = {}
    entries = require(d, "cues", "targets")
    for entry in entries:
        for p in entry["phrases"]:
            info.setdefault(fold(p), (entry["id"], entry["kind"]))
    for p in d.get("not_cues", []):
        info.setdefault(fold(p), ("", ""))
    # hundreds of phrases, searched over whole documents: a trie-factored alternation
    pattern = re.compile(rf"(?<!\w)(?:{trie_alternation(list(info))})(?!\w)")
    return Cues(pattern, info, frozenset(e["id"] for e in entries if e.get("trailing")), binding_phrases(d, info))


def binding_phrases(d: dict[str, Any], info: dict[str, tuple[str, str]]) -> frozenset[str]:
    """The binding cues, each a target phrase of the cue table: one that is not would never be matched."""
    binding = frozenset(fold(p) for p in require(d, "binding_cues", "targets"))
    stray = sorted(p for p in binding if info.get(p, ("", ""))[1] != "target")
    if stray:
        raise RulesError(f"targets.yaml binding_cues are no target cue phrases: {stray}")
    return binding


def _units(d: dict[str, Any]) -> Units:
    units = require(d, "units", "targets")
    kinds = {fold(u): kind for kind in ("counted", "currency", "measure") for u in units[kind]}
    return Units(
        # after the number's last digit too: the numbers grammar lets a number end at a glued unit ("15km")
        pattern=re.compile(r"\s*(" + words(list(kinds), after_digit=True) + ")", re.IGNORECASE),
        kinds=kinds,
        case={fold(u): u for kind in ("counted", "currency", "measure") for u in units[kind]},
        per=re.compile(rf"\s*/\s*{words(units['per'])}|\s+{words(units['per_words'])}", re.IGNORECASE),
        price_per=re.compile(rf"\s*/\s*{words(d.get('price_per', []))}", re.IGNORECASE),
        multiple_unit=require(d, "multiple_unit", "targets"),
        points=frozenset(fold(w) for w in d.get("percentage_points", [])),
        not_before=re.compile(rf"{words(require(d, 'not_quantity_before', 'targets'))}\s*$"),
        not_unit=re.compile(r"\s*" + words(require(d, "not_quantity_units", "targets")), re.IGNORECASE),
        code=_code(int(require(d, "code_min_digits", "targets"))),
    )


def _code(n: int) -> re.Pattern[str]:
    """`n` digits or more without a group separator or a decimal, then any digit groups after a space."""
    return re.compile(rf"(?<![\w.,])\d{{{n},}}(?![.,]\d)(?:[ \t]+\d+(?![.,]\d))*(?!\w)")


def _comparators(d: dict[str, Any]) -> Comparators:
    before = {fold(p): e["op"] for e in require(d, "comparators", "targets") for p in e["phrases"]}
    after = {fold(p): e["op"] for e in require(d, "comparators_after", "targets") for p in e["phrases"]}
    worded = [j for j in d["range_joiners"] if j[0].isalpha()]
    return Comparators(
        before=re.compile(rf"{words(list(before))}\s*$", re.IGNORECASE), before_ops=before,
        after=re.compile(r"\s*" + words(list(after)), re.IGNORECASE), after_ops=after,
        opener=re.compile(rf"{words(require(d, 'range_openers', 'targets'))}\s*$", re.IGNORECASE),
        joiner=re.compile(rf"\s*(?:[-–—]|(?<=\s)(?:{alternation(worded)})(?=\s))\s*", re.IGNORECASE),
    )


def _directions(d: dict[str, Any]) -> Directions:
    ops = {fold(p): op for op, ps in require(d, "directions", "targets").items() for p in ps}
    lookalikes = d.get("direction_lookalikes", [])
    not_verb = f"(?!{words(lookalikes)})" if lookalikes else ""
    frames = require(d, "direction_frames", "targets")
    return Directions(
        tail=re.compile(rf"{not_verb}{words(list(ops))}\s*$", re.IGNORECASE), ops=ops,
        blocker=re.compile(rf"{words(require(d, 'direction_blockers', 'targets'))}\s*$", re.IGNORECASE),
        particle=re.compile(rf"(?P<p>{words([f['particle'] for f in frames.values()])})\s*$", re.IGNORECASE),
        frame_verbs={fold(f["particle"]) + ":" + op: re.compile(words(f["verbs"]), re.IGNORECASE)
                     for op, f in frames.items()},
        multiple_prefix=re.compile(rf"{words(require(d, 'multiple_prefix', 'targets'))}\s*$", re.IGNORECASE),
        multiple_direction=require(d, "multiple_direction", "targets"),
    )


_GAP = r"[\s(\"“]"


def _plan_level(d: dict[str, Any]) -> PlanLevel:
    p = require(d, "plan_level", "targets")
    return PlanLevel(
        # spaces, an opening bracket or quote and one colon may stand between ("chỉ tiêu: 120", "(chỉ tiêu 50")
        pattern=re.compile(rf"{words(p['nouns'])}(?:{_GAP}+{words(p['links'])})*{_GAP}*:?{_GAP}*$"),
        nouns=re.compile(words(p["nouns"])),
        not_after=re.compile(rf"{words(p['not_after'])}\s*$"),
        not_units=frozenset(fold(u) for u in p["not_units"]),
        after_cues=plan_after_cues(d),
    )


def plan_after_cues(d: dict[str, Any]) -> frozenset[str]:
    """The cue ids after which the first value is the plan's level, each an id of the cue table: one that is
    not would never match."""
    ids = frozenset(require(d, "plan_level", "targets").get("after_cues", []))
    stray = sorted(ids - {e["id"] for e in require(d, "cues", "targets")})
    if stray:
        raise RulesError(f"targets.yaml plan_level after_cues are no cue ids: {stray}")
    return ids


def _share_of_plan(d: dict[str, Any]) -> ShareOfPlan:
    p = require(d, "share_of_plan", "targets")
    return ShareOfPlan(
        reached=re.compile(rf"{words(p['verbs'])}(?:\s+{words(p['hedges'])})?\s*$"),
        plan=re.compile(rf"\s*{words(p['nouns'])}"),
    )


def _enumerations(d: dict[str, Any]) -> Enumerations:
    groups: dict[str, set[int]] = {}
    for i, group in enumerate(d.get("enumerations", [])):
        for member in group:
            groups.setdefault(fold(member), set()).add(i)
    return Enumerations({m: frozenset(g) for m, g in groups.items()}, max((len(m.split()) for m in groups), default=0),
                        frozenset(m.split()[0] for m in groups), frozenset(m.split()[-1] for m in groups))


#: Word lists the field extractors and features refer to by name.
WORD_LISTS = ("aim_joiners", "aim_openers", "links", "conjunctions", "indicator_lead", "indicator_heads", "place_links",
              "copulas", "right_phrase_stops", "clause_links", "scope_words", "scope_areas", "run_end_particles",
              "link_keep", "conversion_words", "run_cuts", "numbered_nouns")


@cache
def tables() -> TargetTables:
    d = table("targets")
    return TargetTables(_cues(d), _units(d), _comparators(d), _directions(d), _plan_level(d), _share_of_plan(d),
                        _enumerations(d), {name: frozenset(fold(w) for w in d.get(name, [])) for name in WORD_LISTS})
