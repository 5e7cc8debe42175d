"""The organisation rules' tables, compiled once from `lang/vi/organisations.yaml`.

Every word list comes from the table; this module only turns lists into
dicts, sets and regexes, and groups them by the rule that reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lang import alternation, require, table
from .gazetteer import gazetteer
from .lexicon import CAP_RUN, UPPER, case_variants, trie_alternation
from .scan import TriggerScan


@dataclass(frozen=True)
class Windows:
    """How far (in characters or words) each rule looks around a match; `windows:` in organisations.yaml."""

    prev_word: int
    sentence_start: int
    person_title: int
    plural_before: int
    standalone_before: int
    credit: int
    credit_colon: int
    list_gap: int
    bracket_name: int
    bracket_name_words: int
    bracket_not_after: int
    lowercase_before_name: int
    name_number_digits: int
    main_place_share: float
    main_place_min: int
    defined_name_words: int
    words_to_acronym: int
    title_case_acronym: int
    lowercase_before_pair: int


@dataclass(frozen=True)
class ScopedBody:
    full: str
    type: str
    scope: str  # "level" or "bare"
    level: str | None
    bare_needs_scope: bool
    committee: bool = False  # a Party board: the place's committee goes into the name


@dataclass(frozen=True)
class OrgRules:
    windows: Windows
    abbreviations: dict[str, str]
    abbreviation_re: re.Pattern[str]
    sectors: dict[str, str]  # sector_key(as written) -> full sector name
    sector_split: re.Pattern[str]  # the joiners between a sector's words, for sector_key
    sector_heads: dict[str, dict[str, Any]]
    sector_phrase: re.Pattern[str]
    sector_list_heads: dict[str, str]
    sector_list_sep: re.Pattern[str]
    sector_alone: re.Pattern[str]
    list_own_bodies: dict[str, frozenset[str]]
    central_not_before: re.Pattern[str]
    standalone_not_after: frozenset[str]
    school_levels: frozenset[str]
    scoped: dict[str, ScopedBody]
    scoped_phrase: re.Pattern[str]
    scope_levels: dict[str, str]  # sector head -> the level whose unit it takes ("Sở" -> province): sector_heads' level
    central: dict[str, dict[str, Any]]
    central_re: re.Pattern[str]
    known: dict[str, str]
    heads: dict[str, str]
    head_re: re.Pattern[str]
    implicit_heads: dict[str, str]
    university_systems: tuple[str, ...]
    stop_words: frozenset[str]
    stop_phrases: frozenset[str]
    name_compounds: frozenset[str]  # adjacent word pairs of compounds a name runs over ("dịch vụ", "hàng không")
    max_lowercase: int
    joiners: frozenset[str]
    pair_joiners: frozenset[str]  # joiners a descriptive name goes on over before lower-case words
    name_breakers: frozenset[str]  # capitalised words that never go on a name (captions)
    name_time_words: frozenset[str]  # before a number, these start a time, not a name's next word
    plural_before: re.Pattern[str]
    generic_after: re.Pattern[str]
    parent_from_context: frozenset[str]
    parent_heads: tuple[str, ...]
    person_titles: frozenset[str]
    surnames: frozenset[str]
    name_rewrites: list[tuple[re.Pattern[str], str]]
    scan: TriggerScan
    full_names: dict[str, str]
    known_name_patterns: dict[str, str]  # kind -> name pattern of a body known by name ("Câu lạc bộ bóng đá {name}")
    defined_acronym_name: str
    definition_cues: re.Pattern[str]  # "(sau đây gọi là X)": a short name the text defines
    described: re.Pattern[str]  # "hãng bảo mật Kaspersky": a describing head, lower-case words, the brand
    lowercase_name_heads: frozenset[str]
    min_name_words: dict[str, int]  # head -> fewest words of a Vietnamese name after it
    legal_forms: frozenset[str]
    head_compounds: frozenset[str]
    name_replacements: dict[str, str]
    term: re.Pattern[str]  # " khóa XV" after a body
    bracket_not_after: re.Pattern[str]  # a treaty or plan's name before "(ACRONYM)"
    bracket_not_acronyms: frozenset[str]
    coordination: re.Pattern[str]  # what joins coordinated bodies
    list_before: re.Pattern[str]  # a list joiner ending right before a place
    list_after: re.Pattern[str]
    committees: dict[str, str]  # full level word -> Party committee ("huyện" -> "Huyện ủy")
    sub_title_parts: dict[str, frozenset[str]]  # sub-unit -> titles it belongs to
    system_names: dict[str, str]  # written university system -> full name
    system_re: re.Pattern[str]
    system_after: re.Pattern[str]
    system_members: dict[str, frozenset[str]]  # full system name -> member schools, case folded
    member_prefixes: tuple[str, ...]  # "Trường Đại học ": what precedes a member school's own name
    branch_heads: frozenset[str]
    branch_after: re.Pattern[str]
    branch_written: str  # the word a branch's place is written after in `name` ("tại")

    def sector_name(self, written: str) -> str:
        """The full name of a sector as the text writes it ("Kế hoạch - đầu tư" -> "Kế hoạch và Đầu tư")."""
        return self.sectors[sector_key(written, self.sector_split)]


def _words(data: dict[str, Any], key: str) -> list[str]:
    return [str(x) for x in data.get(key, [])]


def _sectors(data: dict[str, Any], abbreviations: dict[str, str]) -> dict[str, str]:
    """Sector as written (and its abbreviations) -> full sector name."""
    sector_full = dict(data.get("sector_full", {}))
    sectors = {s: sector_full.get(s, s) for s in require(data, "sectors", "organisations")}
    for abbr, full in abbreviations.items():
        if full in sectors.values() or full in sectors:
            sectors[abbr] = sector_full.get(full, full)
    return sectors


def _sector_spelling(data: dict[str, Any]) -> tuple[re.Pattern[str], str]:
    """The joiners news writes between a sector's words ("Kế hoạch và Đầu tư",
    "Kế hoạch - Đầu tư", "Kế hoạch Đầu tư"): a splitting regex and their alternation."""
    joiners = sorted(require(data, "sector_joiners", "organisations"), key=len, reverse=True)
    alt = "|".join(re.escape(j).replace("\\ ", "[ ]+") for j in joiners)
    return re.compile(rf"(,[ ]*|{alt})"), alt


def sector_key(written: str, split: re.Pattern[str]) -> str:
    """A sector folded to its words: neither case nor joiners matter."""
    return " ".join(split.sub(" ", written.lower()).split())


def _sector_keys(sectors: dict[str, str], split: re.Pattern[str]) -> dict[str, str]:
    """sector_key -> full name; the first sector of the table with the same words names them all."""
    keys: dict[str, str] = {}
    for written, full in sectors.items():
        keys.setdefault(sector_key(written, split), full)
    return keys


def _spelled(sector: str, split: re.Pattern[str], joiner: str) -> str:
    """One sector as the news spells it: its first letter as the table has it, the
    rest in any case, any joiner where the table has one, a comma only where it has
    one (so the list "Tài chính, Kế hoạch và Đầu tư" stays two sectors)."""
    parts = split.split(sector)  # word, joiner, word, ...
    body = "".join((f"(?:,[ ]*|{joiner})" if p.startswith(",") else f"(?:{joiner})") if i % 2 else re.escape(p.lower())
                   for i, p in enumerate(parts))
    return f"{re.escape(sector[0])}(?i:{body[1:]})"


def _sector_alternation(sectors: dict[str, str], split: re.Pattern[str], joiner: str) -> str:
    """Every sector, longest first; abbreviations ("GD&ĐT", "CSGT") only as written."""
    exact = [s for s in sectors if "&" in s or any(w.isupper() and len(w) > 1 for w in s.split())]
    spelled = sorted((s for s in sectors if s not in exact and s[:1].isalpha()), key=len, reverse=True)
    alts = [_spelled(s, split, joiner) for s in spelled]
    if exact:
        alts.insert(0, trie_alternation(exact))
    return "(?:" + "|".join(alts) + ")"


def _scoped_bodies(data: dict[str, Any]) -> dict[str, ScopedBody]:
    scoped: dict[str, ScopedBody] = {}
    for entry in require(data, "scoped_bodies", "organisations"):
        body = ScopedBody(entry["full"], entry["type"], entry.get("scope", "level"), entry.get("level"),
                          bool(entry.get("bare_needs_scope", False)), bool(entry.get("committee", False)))
        for form in entry["forms"]:
            scoped[form] = body
    return scoped


def _sector_list(data: dict[str, Any]) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], dict[str, frozenset[str]]]:
    """A plural cue before a list of sectors ("các Bộ: Tài chính, Y tế ..."): cue, heads, separator, own bodies."""
    lists = dict(data.get("sector_list", {}))
    heads = dict(lists.get("heads", {}))
    between = "|".join(re.escape(b) for b in lists.get("between", []))
    openers = "|".join(re.escape(o) for o in lists.get("openers", []))
    cue = re.compile(rf"(?P<head>{alternation(list(heads))})(?:{between})?[ ]*(?:{openers})[ ]*(?=[{UPPER}])")
    seps = "|".join(re.escape(x) for x in sorted(lists.get("separators", []), key=len, reverse=True))
    own = {k: frozenset(v) for k, v in lists.get("own_bodies", {}).items()}
    return cue, heads, re.compile(rf"[ ]*(?:{seps})[ ]*"), own


def _systems(data: dict[str, Any]) -> dict[str, Any]:
    """University systems (ĐHQG ...), their member schools, and branches."""
    names = {form: full for full, forms in data.get("university_system_names", {}).items() for form in [full, *forms]}
    alt = trie_alternation(list(names)) if names else "(?!)"
    branch_words = _words(data, "branch_words") or ["tại"]
    return {
        "university_systems": tuple(_words(data, "university_systems")),
        "system_names": names,
        "system_re": re.compile(rf"{alt}(?![\w&])"),
        "system_after": re.compile(rf"(?:,[ ]*|[ ]+-[ ]+|[ ]+)(?P<sys>{alt})(?![\w&])"),
        "system_members": {k: frozenset(x.lower() for x in v) for k, v in data.get("university_members", {}).items()},
        "member_prefixes": tuple(f"{p} " for p in _words(data, "university_member_prefixes")),
        "branch_heads": frozenset(_words(data, "branch_heads")),
        "branch_after": re.compile(rf"[ ](?:{'|'.join(re.escape(w) for w in branch_words)})[ ]"),
        "branch_written": branch_words[0],
    }


def _name_tables(data: dict[str, Any], places: dict[str, Any]) -> dict[str, Any]:
    """What a name runs over and where it stops; how a written name is expanded."""
    rewrites = sorted(dict(places.get("name_rewrites", {})).items(), key=lambda kv: -len(kv[0]))
    cues = _words(data, "definition_cues")
    return {
        "stop_words": frozenset(_words(data, "name_stop_words")),
        "stop_phrases": frozenset(_words(data, "name_stop_phrases")),
        "name_compounds": frozenset(f"{a} {b}" for c in _words(data, "name_compounds")
                                    for a, b in zip(c.lower().split(), c.lower().split()[1:], strict=False)),
        "max_lowercase": int(data.get("name_max_lowercase", 6)),
        "joiners": frozenset(_words(data, "name_joiners")),
        "pair_joiners": frozenset(_words(data, "name_pair_joiners")),
        "name_breakers": frozenset(_words(data, "name_breakers")),
        "name_time_words": frozenset(w.lower() for w in _words(data, "name_time_words")),
        "person_titles": frozenset(_words(data, "person_titles")),
        "surnames": frozenset(_words(data, "surnames")),
        "name_rewrites": [(re.compile(rf"(?<![\w.]){re.escape(k)}(?![\w])"), v) for k, v in rewrites],
        "full_names": _full_names(data),
        "known_name_patterns": dict(data.get("known_name_patterns", {})),
        "defined_acronym_name": str(data.get("defined_acronym_name", "{name}")),
        "definition_cues": re.compile(rf"[ ]?\((?:{alternation(cues)})[ ]+(?P<short>[^\s()][^()]{{0,40}}?)\)"
                                      if cues else "(?!)"),
        "described": re.compile(rf"(?<![\w&])(?:{trie_alternation(case_variants(_words(data, 'described_heads')))})"
                                rf"(?P<what>(?:[ ]+(?![{UPPER}])[^\W\d_]+){{0,2}})[ ]+(?P<name>{CAP_RUN})"),
        "lowercase_name_heads": frozenset(_words(data, "lowercase_name_heads")),
        "min_name_words": {str(k): int(v) for k, v in data.get("min_name_words", {}).items()},
        "legal_forms": frozenset(_words(data, "legal_forms")),
        "head_compounds": frozenset(_words(data, "head_compounds")),
        "name_replacements": dict(data.get("name_replacements", {})),
        "term": re.compile(rf"[ ]+(?:{alternation(case_variants(_words(data, 'term_words')))})[ ]+"
                           r"(?:[IVXLC]+|\d{4}\s*-\s*\d{4})(?!\w)"),
    }


def _full_names(data: dict[str, Any]) -> dict[str, str]:
    """Written short name -> full name; a one-word short name stays in brackets after it, as the
    acronym an article defines does ("PVN" -> "Tập đoàn Dầu khí Việt Nam (PVN)")."""
    pattern = str(data.get("defined_acronym_name", "{name}"))
    out = {}
    for short, full in data.get("full_names", {}).items():
        if " " not in short and "(" not in full:
            full = pattern.format(name=full, acronym=short)
        out[short.replace(". ", ".")] = full
    return out


def _central_named_as_acronyms(central: dict[str, dict[str, Any]], full: dict[str, str]) -> dict[str, dict[str, Any]]:
    """A body known by an acronym has one name however it is written: "Liên minh châu Âu" is named
    "Liên minh châu Âu (EU)", as "EU" is, so that both are the same body in the store."""
    with_acronym = {v[:v.rindex(" (")]: v for a, v in full.items() if v.endswith(f" ({a})")}
    return {k: {**v, "name": with_acronym.get(v["name"], v["name"])} for k, v in central.items()}


def _generic(data: dict[str, Any], places: dict[str, Any]) -> dict[str, Any]:
    """What makes a body generic or plural, and what joins bodies and places in lists."""
    joiners = "|".join(re.escape(w) for w in places.get("list_joiners", [","]))
    return {
        "plural_before": re.compile(rf"(?<![\w])(?:{alternation(_words(data, 'plural_before'))})[ ]+$", re.IGNORECASE),
        "generic_after": re.compile(rf"[ ]+(?:{alternation(_words(data, 'generic_after'))})(?![\w])"),
        "coordination": re.compile(rf"[ ]*(?:{alternation(_words(data, 'coordinators'))})[ ]*"),
        "list_before": re.compile(rf"[ ]?(?:{joiners})[ ]\Z"),
        "list_after": re.compile(rf"[ ]?(?:{joiners})[ ]"),
        "central_not_before": re.compile(rf"[ ]+(?:{alternation(_words(data, 'central_not_before'))})(?!\w)"),
        "standalone_not_after": frozenset(_words(data, "standalone_not_after")),
        "bracket_not_after": re.compile(rf"(?<!\w)(?:{alternation(_words(data, 'bracket_not_after'))})(?!\w)"),
        "bracket_not_acronyms": frozenset(_words(data, "bracket_not_acronyms")),
    }


@cache
def org_rules() -> OrgRules:
    data, places = table("organisations"), table("places")
    abbreviations = dict(require(data, "abbreviations", "organisations"))
    sectors = _sectors(data, abbreviations)
    sector_heads = dict(require(data, "sector_heads", "organisations"))
    head_words = sorted({w for h in sector_heads for w in (h, h[0].lower() + h[1:])}, key=len, reverse=True)
    sector_split, sector_joiner = _sector_spelling(data)
    sector_alt = _sector_alternation(sectors, sector_split, sector_joiner)
    scoped = _scoped_bodies(data)
    sub_list = _words(data, "sub_units")
    name_tables = _name_tables(data, places)
    central = _central_named_as_acronyms(dict(require(data, "central_bodies", "organisations")),
                                         name_tables["full_names"])
    known = {n: kind for kind, names in reversed(list(require(data, "known_names", "organisations").items())) for n in names}
    implicit = dict(data.get("implicit_heads", {}))
    heads = {**{h: "education" for h in implicit}, **dict(require(data, "named_heads", "organisations"))}
    cue_re, list_heads, list_sep, own_bodies = _sector_list(data)
    sector_phrase = re.compile(
        rf"(?P<head>{'|'.join(re.escape(h) for h in head_words)})[ ]+(?P<sector>{sector_alt})(?![\w&])")
    scoped_phrase = re.compile(
        rf"(?:(?P<sub>{trie_alternation(sub_list)})[ ]+)?(?P<form>{trie_alternation(list(scoped))})(?![\w&])")
    central_re = re.compile(rf"{trie_alternation(list(central))}(?![\w&])")
    head_re = re.compile(rf"(?P<head>{trie_alternation(list(heads))})[ ]+(?=\S)")
    scan = TriggerScan({
        **gazetteer().patterns,
        "sector": (sector_phrase, head_words),
        "scoped": (scoped_phrase, [*sub_list, *scoped]),
        "central": (central_re, list(central)),
        "known": (re.compile(rf"{trie_alternation(list(known))}(?![\w&]|\.\w)"), list(known)),
        "head": (head_re, list(heads)),
        "cue": (cue_re, list(list_heads)),
    })
    return OrgRules(
        windows=Windows(**require(data, "windows", "organisations")),
        abbreviations=abbreviations,
        abbreviation_re=re.compile(rf"(?<![\w&.])(?:{alternation(list(abbreviations))})(?![\w&])"),
        sectors=_sector_keys(sectors, sector_split), sector_split=sector_split,
        sector_heads=sector_heads, sector_phrase=sector_phrase,
        sector_list_heads=list_heads, sector_list_sep=list_sep, list_own_bodies=own_bodies,
        sector_alone=re.compile(rf"(?P<sector>{sector_alt})(?![\w&])"),
        school_levels=frozenset(_words(data, "school_levels")),
        scoped=scoped, scoped_phrase=scoped_phrase,
        scope_levels={h: str(spec["level"]) for h, spec in sector_heads.items() if spec.get("scoped") and spec.get("level")},
        central=central, central_re=central_re, known=known, heads=heads, head_re=head_re, implicit_heads=implicit,
        parent_from_context=frozenset(_words(data, "parent_from_context")),
        parent_heads=tuple(_words(data, "parent_heads")),
        scan=scan,
        committees=dict(data.get("party_committees", {})),
        sub_title_parts={k: frozenset(v) for k, v in data.get("sub_unit_title_parts", {}).items()},
        **_generic(data, places), **name_tables, **_systems(data),
    )
