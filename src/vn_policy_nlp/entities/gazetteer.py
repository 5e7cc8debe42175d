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
from .lexicon import CAP_RUN, case_variants, trie_alternation


@dataclass(frozen=True)
class Unit:
    """An administrative unit name: its level word, level, province and code."""

    name: str
    level_word: str
    level: str  # province, district, commune
    province: str
    code: str | None = None  # the administrative code, where the name is one unit's

    @property
    def official(self) -> str:
        """The gazetteer's official name: "Thành phố Hồ Chí Minh", "Huyện Đông Sơn"."""
        lead = f"{self.level_word[:1].upper()}{self.level_word[1:]}"
        if not self.level_word or self.name.startswith(f"{lead} "):
            return self.name  # numbered units are listed with their level word: "Quận 6"
        return f"{lead} {self.name}"


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
    canonical_names: dict[str, str] = field(default_factory=dict)  # "Mỹ" -> "Hoa Kỳ": places that are no unit

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


def _units() -> tuple[dict[str, Unit], dict[str, list[Unit]], dict[str, list[Unit]]]:
    """Provinces (with their aliases), districts and wards by bare name."""
    raw: dict[str, Any] = json.loads(
        resources.files("vn_policy_nlp.gazetteers").joinpath("admin_units_vn.json").read_text(encoding="utf-8")
    )
    provinces: dict[str, Unit] = {}
    for name, level_word, _eras, code in raw["provinces"]:
        name = _nfc(name)
        provinces[name] = Unit(name, level_word, "province", name, code)
    for alias, canon in require(table("places"), "province_aliases", "places").items():
        if canon in provinces:
            provinces[alias] = provinces[canon]
    districts: dict[str, list[Unit]] = {}
    for name, level_word, province, code in raw["districts"]:
        districts.setdefault(_nfc(name), []).append(Unit(_nfc(name), level_word, "district", _nfc(province), code))
    for name, level_word, province in table("places").get("former_units", []):
        districts.setdefault(name, []).append(Unit(name, level_word, "district", province))
    wards: dict[str, list[Unit]] = {}
    for name, level_word, province, code in raw["wards"]:
        wards.setdefault(_nfc(name), []).append(Unit(_nfc(name), level_word, "commune", _nfc(province), code))
    return provinces, districts, wards


def _phrases(data: dict[str, Any], abbreviated: frozenset[str]) -> tuple[re.Pattern[str], list[str], re.Pattern[str], list[str]]:
    """A level word then a capitalised name or a number ("huyện Đông Sơn", "quận 6"),
    and a place word then a name ("khu công nghiệp VSIP"), with their first words."""
    admin = require(data, "admin_levels", "places")
    word_levels = [w for w in admin if w not in abbreviated]
    level_variants = [*case_variants(word_levels), *sorted(abbreviated)]
    level_phrase = re.compile(
        rf"(?P<lw>{trie_alternation(level_variants)})"
        rf"[ ]?(?P<name>{CAP_RUN}|\d+(?![\w/.,]\d))"
    )
    fillers = alternation(data.get("place_word_fillers", []))
    place_variants = case_variants(list(require(data, "place_words", "places")))
    place_phrase = re.compile(
        rf"(?P<lw>{trie_alternation(place_variants)})[ ](?:(?P<fill>{fillers})[ ])?"
        rf"(?P<name>{CAP_RUN}(?:[ ](?!(?:19|20)\d\d(?!\w))\d+(?!\w))?|\d+[A-Z]?(?!\w))"
    )
    return level_phrase, level_variants, place_phrase, place_variants


def _country_pairs(data: dict[str, Any], others: dict[str, str]
                   ) -> tuple[dict[str, str], re.Pattern[str] | None, re.Pattern[str] | None]:
    """Countries and their short forms joined by dashes ("Trung - Mỹ"), and one side of such a chain."""
    short_forms = {_nfc(k): _nfc(v) for k, v in data.get("country_short_forms", {}).items()}
    if not short_forms:
        return short_forms, None, None
    item = trie_alternation(sorted({*short_forms, *(n for n, lvl in others.items() if lvl == "country")}))
    dash = r"[ ]?[-–][ ]?"
    return (short_forms, re.compile(rf"(?:{item})(?:{dash}(?:{item}))+(?![\w&])"),
            re.compile(rf"(?:{item})(?=$|{dash}|[^\w&])"))


def _route_code(data: dict[str, Any]) -> re.Pattern[str] | None:
    """A road's code or ring-road word and number ("QL1A", "ĐT741", "vành đai 3")."""
    codes = list(data.get("route_codes", []))
    road_words = case_variants(list(data.get("numbered_roads", [])))
    heads = [f"(?:{alternation(codes)})[ .]?"] if codes else []
    if road_words:
        heads.append(f"(?:{trie_alternation(road_words)})[ ]")
    if not heads:
        return None
    return re.compile(rf"(?<![\w&./-])(?P<lw>{'|'.join(heads)})(?P<name>\d{{1,3}}(?:,5)?[A-Z]?)(?![\w/%]|[.,]\d|[ ]\d)")


@cache
def gazetteer() -> Gazetteer:
    data = table("places")
    provinces, districts, wards = _units()
    others: dict[str, str] = {}
    for key, level in (("countries", "country"), ("regions", "region"), ("foreign_places", "foreign")):
        for name in require(data, key, "places"):
            others[name] = level
    abbreviated = frozenset(data.get("abbreviated_levels", []))
    level_words = {(w if w in abbreviated else w.lower()): lvl for w, lvl in require(data, "admin_levels", "places").items()}
    level_required = frozenset(data.get("level_required", []))
    bare = [n for n in [*provinces, *others] if n not in level_required]
    level_phrase, level_variants, place_phrase, place_variants = _phrases(data, abbreviated)
    cued = [n for n in level_required if n in provinces]
    cues = list(data.get("place_cues", []))
    level_required_re = (re.compile(rf"(?<!\w)(?:{alternation(case_variants(cues))})[ ](?P<name>{trie_alternation(cued)})(?![\w&])")
                         if cued and cues else None)
    bare_names = re.compile(rf"{trie_alternation(bare)}(?![\w&])")
    short_forms, country_pair, country_item = _country_pairs(data, others)
    return Gazetteer(
        short_forms=short_forms,
        country_pair=country_pair,
        country_item=country_item,
        route_code=_route_code(data),
        canonical_names={_nfc(k): _nfc(v) for k, v in data.get("place_canonical", {}).items()},
        provinces=provinces,
        districts=districts,
        wards=wards,
        others=others,
        level_words=level_words,
        abbreviated_levels=abbreviated,
        numbered_levels=frozenset(data.get("numbered_levels", [])),
        level_full=dict(data.get("level_full", {})),
        place_words={k.lower(): v for k, v in require(data, "place_words", "places").items()},
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
