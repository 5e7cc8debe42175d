"""Place names for the entities stage: administrative units, countries, regions.

Administrative unit names come from `gazetteers/admin_units_vn.json`, which
`scripts/build_gazetteer.py` generates from the `vietnamadminunits` package;
level words, aliases, countries and regions come from `lang/vi/places.yaml`.
Everything is compiled once per process into dicts and a few regexes, so a
lookup is a dict hit (~0.1 s to load, nothing at run time).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..lang import alternation, require, table


def _upper_letters() -> str:
    """Every upper-case Latin letter Vietnamese text uses, as a regex class body."""
    chars = [chr(c) for c in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)] if chr(c).isupper()]
    return "".join(chars)


UPPER = _upper_letters()
#: One capitalised syllable or acronym ("Đông", "THPT", "GD&ĐT", "TP.HCM", "Vinaconex").
CAP_WORD = rf"[{UPPER}][^\W_]*(?:[&.][{UPPER}][^\W_]*)*"
#: A run of capitalised words, optionally joined by " - " ("Thừa Thiên - Huế").
CAP_RUN = rf"{CAP_WORD}(?:(?:[ ]|[ ]?-[ ]?){CAP_WORD})*"


#: A word token: syllables joined by "&" or "." stay one token ("GD&ĐT", "TP.HCM").
WORD = re.compile(r"[^\W_]+(?:[&.][^\W_]+)*|\d+")


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


class TriggerScan:
    """Runs anchored patterns only where one of their first words stands.

    A regex finds the candidate words (capitalised ones, and the few
    lower-case first words of some patterns), and a dict lookup picks the
    patterns to try there: a big alternation costs ~0.5 ms an article when
    scanned over the whole text, a few microseconds when tried at its triggers.
    """

    def __init__(self, patterns: dict[str, tuple[re.Pattern[str], list[str]]]) -> None:
        self.patterns = {name: pat for name, (pat, _) in patterns.items()}
        index: dict[str, list[str]] = {}
        for name, (_, phrases) in patterns.items():
            for w in {first_word(p) for p in phrases}:
                index.setdefault(w, []).append(name)
        self.index = {w: tuple(names) for w, names in index.items()}
        lower = [w for w in self.index if not w[:1].isupper()]
        self.capitalised = re.compile(rf"[{UPPER}][^\W_]*(?:[&.][^\W_]+)*")
        self.lowercase = re.compile(rf"{trie_alternation(lower)}(?![\w&])") if lower else None

    def run(self, text: str) -> dict[str, list[re.Match[str]]]:
        found: dict[str, list[re.Match[str]]] = {name: [] for name in self.patterns}
        last_end = dict.fromkeys(self.patterns, -1)
        index, patterns = self.index, self.patterns
        words = list(self.capitalised.finditer(text))
        if self.lowercase is not None:
            words.extend(self.lowercase.finditer(text))
            words.sort(key=lambda w: w.start())
        for w in words:
            names = index.get(w.group())
            if not names:
                continue
            start = w.start()
            if start and text[start - 1].isalnum():
                continue
            for name in names:
                if start < last_end[name]:
                    continue
                m = patterns[name].match(text, start)
                if m:
                    found[name].append(m)
                    last_end[name] = m.end()
        return found


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


@dataclass(frozen=True)
class Unit:
    """An administrative unit name: its level word, level and province."""

    name: str
    level_word: str
    level: str  # province, district, commune
    province: str


@dataclass(frozen=True)
class Gazetteer:
    provinces: dict[str, Unit]  # short name or alias -> unit (canonical name)
    districts: dict[str, list[Unit]]
    wards: dict[str, list[Unit]]
    others: dict[str, str]  # country/region/foreign place -> level
    level_words: dict[str, str]  # level word as written (lower case for words) -> level
    abbreviated_levels: frozenset[str]
    numbered_levels: frozenset[str]
    level_full: dict[str, str]
    place_words: dict[str, str]
    level_required: frozenset[str]
    scope_names: dict[str, str]
    place_word_not_after: frozenset[str]
    bare_not_after: frozenset[str]
    bare_not_before: frozenset[str]
    ambiguous_names: frozenset[str]
    bare_names: re.Pattern[str]  # provinces, aliases, countries, regions, foreign places
    level_required_re: re.Pattern[str] | None  # a place cue then a province that needs one ("quê Thái Bình")
    level_phrase: re.Pattern[str]  # level word + name / number
    place_phrase: re.Pattern[str]  # place word + name
    patterns: dict[str, tuple[re.Pattern[str], list[str]]]  # name -> (anchored pattern, phrases)
    short_forms: dict[str, str] = field(default_factory=dict)  # country short form -> country ("Trung")
    country_pair: re.Pattern[str] | None = None  # "Trung - Mỹ": countries and short forms joined by dashes
    country_item: re.Pattern[str] | None = None  # one side of such a pair, anchored
    route_code: re.Pattern[str] | None = None  # "QL1A", "ĐT741", "Vành đai 3"

    def level_of(self, word: str) -> str | None:
        return self.level_words.get(word) or self.level_words.get(word.lower())

    def full_level_word(self, word: str) -> str:
        return self.level_full.get(word, word.lower())

    def lookup(self, name: str, level: str | None = None) -> Unit | None:
        """The unit a name denotes, preferring `level` (province/district/commune)."""
        if level in (None, "province", "city") and name in self.provinces:
            return self.provinces[name]
        for units in (self.districts.get(name, ()), self.wards.get(name, ())):
            for u in units:
                if level in (None, u.level) or (level == "city" and self.level_of(u.level_word) == "city"):
                    return u
        if level is None:
            return None
        return self.provinces.get(name) if level == "district" else None

    def known(self, name: str) -> str | None:
        """The kind of a bare name: province, district, commune, country, region ... or None."""
        if name in self.provinces:
            return "province"
        if name in self.others:
            return self.others[name]
        if name in self.districts:
            return "district"
        if name in self.wards:
            return "commune"
        return None


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@cache
def gazetteer() -> Gazetteer:
    data = table("places")
    raw: dict[str, Any] = json.loads(
        resources.files("vn_policy_nlp.gazetteers").joinpath("admin_units_vn.json").read_text(encoding="utf-8")
    )
    provinces: dict[str, Unit] = {}
    for name, level_word, _eras in raw["provinces"]:
        name = _nfc(name)
        provinces[name] = Unit(name, level_word, "province", name)
    for alias, canon in require(data, "province_aliases", "places").items():
        if canon in provinces:
            provinces[alias] = provinces[canon]
    districts: dict[str, list[Unit]] = {}
    for name, level_word, province in raw["districts"]:
        districts.setdefault(_nfc(name), []).append(Unit(_nfc(name), level_word, "district", _nfc(province)))
    wards: dict[str, list[Unit]] = {}
    for name, level_word, province in raw["wards"]:
        wards.setdefault(_nfc(name), []).append(Unit(_nfc(name), level_word, "commune", _nfc(province)))

    others: dict[str, str] = {}
    for key, level in (("countries", "country"), ("regions", "region"), ("foreign_places", "foreign")):
        for name in require(data, key, "places"):
            others[name] = level

    admin = require(data, "admin_levels", "places")
    abbreviated = frozenset(data.get("abbreviated_levels", []))
    level_words = {(w if w in abbreviated else w.lower()): lvl for w, lvl in admin.items()}
    place_words = dict(require(data, "place_words", "places"))
    level_required = frozenset(data.get("level_required", []))

    bare = [n for n in [*provinces, *others] if n not in level_required]
    word_levels = [w for w in admin if w not in abbreviated]
    # A level word then a capitalised name, or a number (kept only for the
    # levels that number their units: "quận 6").
    level_variants = [*case_variants(word_levels), *sorted(abbreviated)]
    level_phrase = re.compile(
        rf"(?P<lw>{trie_alternation(level_variants)})"
        rf"[ ]?(?P<name>{CAP_RUN}|\d+(?![\w/.,]\d))"
    )
    fillers = alternation(data.get("place_word_fillers", []))
    place_variants = case_variants(list(place_words))
    place_phrase = re.compile(
        rf"(?P<lw>{trie_alternation(place_variants)})[ ](?:(?P<fill>{fillers})[ ])?"
        rf"(?P<name>{CAP_RUN}(?:[ ](?!(?:19|20)\d\d(?!\w))\d+(?!\w))?|\d+[A-Z]?(?!\w))"
    )
    bare_names = re.compile(rf"{trie_alternation(bare)}(?![\w&])")
    cued = [n for n in level_required if n in provinces]
    cues = list(data.get("place_cues", []))
    level_required_re = (re.compile(rf"(?<!\w)(?:{alternation(case_variants(cues))})[ ](?P<name>{trie_alternation(cued)})(?![\w&])")
                         if cued and cues else None)
    short_forms = {_nfc(k): _nfc(v) for k, v in data.get("country_short_forms", {}).items()}
    pair_names = sorted({*short_forms, *(n for n, lvl in others.items() if lvl == "country")})
    item = trie_alternation(pair_names)
    dash = r"[ ]?[-–][ ]?"
    country_pair = re.compile(rf"(?:{item}){dash}(?:{item})(?:{dash}(?:{item}))*(?![\w&])") if short_forms else None
    country_item = re.compile(rf"(?:{item})(?=$|{dash}|[^\w&])") if short_forms else None
    codes = list(data.get("route_codes", []))
    road_words = case_variants(list(data.get("numbered_roads", [])))
    heads = [f"(?:{alternation(codes)})[ .]?"] if codes else []
    if road_words:
        heads.append(f"(?:{trie_alternation(road_words)})[ ]")
    route_code = (re.compile(rf"(?<![\w&./-])(?P<lw>{'|'.join(heads)})(?P<name>\d{{1,3}}(?:,5)?[A-Z]?)(?![\w/%]|[.,]\d|[ ]\d)")
                  if heads else None)
    return Gazetteer(
        short_forms=short_forms,
        country_pair=country_pair,
        country_item=country_item,
        route_code=route_code,
        provinces=provinces,
        districts=districts,
        wards=wards,
        others=others,
        level_words=level_words,
        abbreviated_levels=abbreviated,
        numbered_levels=frozenset(data.get("numbered_levels", [])),
        level_full=dict(data.get("level_full", {})),
        place_words={k.lower(): v for k, v in place_words.items()},
        level_required=level_required,
        scope_names=dict(data.get("scope_names", {})),
        place_word_not_after=frozenset(data.get("place_word_not_after", [])),
        bare_not_after=frozenset(data.get("bare_not_after", [])),
        bare_not_before=frozenset(data.get("bare_not_before", [])),
        ambiguous_names=frozenset(data.get("ambiguous_names", [])),
        bare_names=bare_names,
        level_required_re=level_required_re,
        level_phrase=level_phrase,
        place_phrase=place_phrase,
        patterns={"level": (level_phrase, level_variants), "place": (place_phrase, place_variants),
                  "bare": (bare_names, bare)},
    )
