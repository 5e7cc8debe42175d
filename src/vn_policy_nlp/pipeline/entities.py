"""Stage 5: organisations and locations (GUIDELINES sections 2 and 3).

Rules find what Vietnamese news is made of: administrative units with their
level words (`huyện Đông Sơn`, `TP.HCM`), countries and regions, the local
state, Party and Front bodies that take a place as scope (`UBND`, `Huyện
ủy`, `Ủy ban MTTQ huyện Đông Sơn`), ministries and departments by sector,
central bodies by name, and heads followed by a name (`Công ty ...`,
`Trường ...`). A linear model (`ml/entity_model.py`) classifies the
capitalised spans no rule claimed, for the names no rule foresees.

Scope: a bare body takes the scope of the body it is coordinated with
(`Huyện ủy, HĐND, UBND, Ủy ban MTTQ huyện Đông Sơn` -> four mentions, each
named `... huyện Đông Sơn`), else the article's main place, which is also
set as `doc._.place` for the targets stage.

Mentions written:
- `organisations` (ORG): attrs `name` (expanded, scoped), `level`
  (central/province/district/commune or None), `type`;
- `locations` (LOC): attrs `level` (province, district, commune, country,
  region, road, ...).

Language data: `lang/vi/organisations.yaml`, `lang/vi/places.yaml`,
`gazetteers/admin_units_vn.json`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Mention, add_mentions, text_of
from ..lang import alternation, require, table
from .gazetteer import (
    CAP_RUN,
    UPPER,
    WORD,
    Gazetteer,
    TriggerScan,
    Unit,
    case_variants,
    gazetteer,
    is_acronym,
    is_capitalised,
    left_ok,
    trie_alternation,
)

_WORD = WORD
_PREV_WORD = re.compile(r"([^\W_]+(?:[&.][^\W_]+)*)[ ]*$")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”(]\s*$|^\s*$")
_CAP_RUN_RE = re.compile(CAP_RUN)
_BRACKETED = re.compile(r"[ ]?\(([^\W_][^\s()]{1,15})\)")
_BYLINE_END = re.compile(r"[ .]*(?:\n|\Z)")
_TWO_WORDS = re.compile(r"[^\W_]+[ ][^\W_]+")
_NUMBER_GOES_ON = re.compile(r"[.,]\d")
_DASH = re.compile(r"[ ]?[-–&][ ]?")
_NEXT_WORD = re.compile(r"[ ]([^\W_]+)")
_PAIR_DASH = re.compile(r"[ ]?[-–][ ]?")
_BRACKET_ACRONYM = re.compile(rf"[ ]\(([{UPPER}][{UPPER}0-9]{{1,8}})\)")
_LEVEL_ORDER = {"province": 0, "city": 0, "district": 1, "commune": 2}


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
    abbreviations: dict[str, str]
    abbreviation_re: re.Pattern[str]
    sectors: dict[str, str]  # as written -> full sector name
    sector_heads: dict[str, dict[str, Any]]
    sector_phrase: re.Pattern[str]
    sector_list_cue: re.Pattern[str]
    sector_list_heads: dict[str, str]
    sector_list_sep: re.Pattern[str]
    sector_alone: re.Pattern[str]
    central_not_before: re.Pattern[str]
    standalone_not_after: frozenset[str]
    school_levels: frozenset[str]
    scoped: dict[str, ScopedBody]
    scoped_phrase: re.Pattern[str]
    central: dict[str, dict[str, Any]]
    central_re: re.Pattern[str]
    known: dict[str, str]
    known_re: re.Pattern[str]
    heads: dict[str, str]
    head_re: re.Pattern[str]
    implicit_heads: dict[str, str]
    university_systems: tuple[str, ...]
    stop_words: frozenset[str]
    stop_phrases: frozenset[str]
    max_lowercase: int
    joiners: frozenset[str]
    plural_before: re.Pattern[str]
    generic_after: re.Pattern[str]
    parent_from_context: frozenset[str]
    parent_heads: tuple[str, ...]
    person_titles: frozenset[str]
    surnames: frozenset[str]
    name_rewrites: list[tuple[re.Pattern[str], str]]
    scan: TriggerScan
    full_names: dict[str, str]
    defined_acronym_name: str
    lowercase_name_heads: frozenset[str]
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
    list_own_bodies: dict[str, frozenset[str]]


@cache
def org_rules() -> OrgRules:
    data = table("organisations")
    places = table("places")
    abbreviations = dict(require(data, "abbreviations", "organisations"))
    sectors_written = list(require(data, "sectors", "organisations"))
    sector_full = dict(data.get("sector_full", {}))
    sectors: dict[str, str] = {s: sector_full.get(s, s) for s in sectors_written}
    for abbr, full in abbreviations.items():
        if full in sectors.values() or full in sectors:
            sectors[abbr] = sector_full.get(full, full)
    sector_heads = dict(require(data, "sector_heads", "organisations"))
    head_words = sorted({w for h in sector_heads for w in (h, h[0].lower() + h[1:])}, key=len, reverse=True)
    sector_alt = trie_alternation(list(sectors))
    scoped: dict[str, ScopedBody] = {}
    for entry in require(data, "scoped_bodies", "organisations"):
        body = ScopedBody(entry["full"], entry["type"], entry.get("scope", "level"), entry.get("level"),
                          bool(entry.get("bare_needs_scope", False)), bool(entry.get("committee", False)))
        for form in entry["forms"]:
            scoped[form] = body
    sub_units = trie_alternation(list(data.get("sub_units", [])))
    central = dict(require(data, "central_bodies", "organisations"))
    known: dict[str, str] = {}
    for kind, names in require(data, "known_names", "organisations").items():
        for n in names:
            known.setdefault(n, kind)
    heads = dict(require(data, "named_heads", "organisations"))
    implicit = dict(data.get("implicit_heads", {}))
    for h in implicit:
        heads.setdefault(h, "education")
    lists = dict(data.get("sector_list", {}))
    list_heads = dict(lists.get("heads", {}))
    cue = (rf"(?P<head>{alternation(list(list_heads))})(?:{'|'.join(re.escape(b) for b in lists.get('between', []))})?"
           rf"[ ]*(?:{'|'.join(re.escape(o) for o in lists.get('openers', []))})[ ]*(?=[{UPPER}])")
    seps = "|".join(re.escape(x) for x in sorted(lists.get("separators", []), key=len, reverse=True))
    rewrites = sorted(dict(places.get("name_rewrites", {})).items(), key=lambda kv: -len(kv[0]))
    joiners = "|".join(re.escape(w) for w in places.get("list_joiners", [","]))
    head_forms = [*head_words]
    sector_phrase = re.compile(
        rf"(?P<head>{'|'.join(re.escape(h) for h in head_words)})[ ]+(?P<sector>{sector_alt})(?![\w&])"
    )
    sub_list = list(data.get("sub_units", []))
    scoped_phrase = re.compile(rf"(?:(?P<sub>{sub_units})[ ]+)?(?P<form>{trie_alternation(list(scoped))})(?![\w&])")
    central_re = re.compile(rf"{trie_alternation(list(central))}(?![\w&])")
    known_re = re.compile(rf"{trie_alternation(list(known))}(?![\w&]|\.\w)")
    head_re = re.compile(rf"(?P<head>{trie_alternation(list(heads))})[ ]+(?=\S)")
    cue_re = re.compile(cue)
    system_names = {form: full for full, forms in data.get("university_system_names", {}).items() for form in [full, *forms]}
    system_alt = trie_alternation(list(system_names)) if system_names else "(?!)"
    g = gazetteer()
    scan = TriggerScan({
        **g.patterns,
        "sector": (sector_phrase, head_forms),
        "scoped": (scoped_phrase, [*sub_list, *scoped]),
        "central": (central_re, list(central)),
        "known": (known_re, list(known)),
        "head": (head_re, list(heads)),
        "cue": (cue_re, list(list_heads)),
    })
    return OrgRules(
        abbreviations=abbreviations,
        abbreviation_re=re.compile(rf"(?<![\w&.])(?:{alternation(list(abbreviations))})(?![\w&])"),
        sectors=sectors,
        sector_heads=sector_heads,
        sector_phrase=sector_phrase,
        sector_list_cue=cue_re,
        sector_list_heads=list_heads,
        sector_list_sep=re.compile(rf"[ ]*(?:{seps})[ ]*"),
        central_not_before=re.compile(rf"[ ]+(?:{alternation(list(data.get('central_not_before', [])))})(?!\w)"),
        standalone_not_after=frozenset(data.get("standalone_not_after", [])),
        school_levels=frozenset(data.get("school_levels", [])),
        sector_alone=re.compile(rf"(?P<sector>{sector_alt})(?![\w&])"),
        scoped=scoped,
        scoped_phrase=scoped_phrase,
        central=central,
        central_re=central_re,
        known=known,
        known_re=known_re,
        heads=heads,
        head_re=head_re,
        implicit_heads=implicit,
        university_systems=tuple(data.get("university_systems", [])),
        stop_words=frozenset(data.get("name_stop_words", [])),
        stop_phrases=frozenset(data.get("name_stop_phrases", [])),
        max_lowercase=int(data.get("name_max_lowercase", 6)),
        joiners=frozenset(data.get("name_joiners", [])),
        plural_before=re.compile(rf"(?<![\w])(?:{alternation([str(x) for x in data.get('plural_before', [])])})[ ]+$", re.IGNORECASE),
        generic_after=re.compile(rf"[ ]+(?:{alternation(list(data.get('generic_after', [])))})(?![\w])"),
        parent_from_context=frozenset(data.get("parent_from_context", [])),
        parent_heads=tuple(data.get("parent_heads", [])),
        person_titles=frozenset(data.get("person_titles", [])),
        surnames=frozenset(data.get("surnames", [])),
        name_rewrites=[(re.compile(rf"(?<![\w.]){re.escape(k)}(?![\w])"), v) for k, v in rewrites],
        scan=scan,
        full_names={k.replace(". ", "."): v for k, v in data.get("full_names", {}).items()},
        defined_acronym_name=str(data.get("defined_acronym_name", "{name}")),
        lowercase_name_heads=frozenset(data.get("lowercase_name_heads", [])),
        legal_forms=frozenset(data.get("legal_forms", [])),
        head_compounds=frozenset(data.get("head_compounds", [])),
        name_replacements=dict(data.get("name_replacements", {})),
        term=re.compile(rf"[ ]+(?:{alternation(case_variants(list(data.get('term_words', []))))})[ ]+"
                        r"(?:[IVXLC]+|\d{4}\s*-\s*\d{4})(?!\w)"),
        bracket_not_after=re.compile(rf"(?<!\w)(?:{alternation(list(data.get('bracket_not_after', [])))})(?!\w)"),
        bracket_not_acronyms=frozenset(data.get("bracket_not_acronyms", [])),
        coordination=re.compile(rf"[ ]*(?:{alternation(data.get('coordinators', []))})[ ]*"),
        list_before=re.compile(rf"[ ]?(?:{joiners})[ ]\Z"),
        list_after=re.compile(rf"[ ]?(?:{joiners})[ ]"),
        committees=dict(data.get("party_committees", {})),
        sub_title_parts={k: frozenset(v) for k, v in data.get("sub_unit_title_parts", {}).items()},
        system_names=system_names,
        system_re=re.compile(rf"{system_alt}(?![\w&])"),
        system_after=re.compile(rf"(?:,[ ]*|[ ]+-[ ]+|[ ]+)(?P<sys>{system_alt})(?![\w&])"),
        system_members={k: frozenset(x.lower() for x in v) for k, v in data.get("university_members", {}).items()},
        branch_heads=frozenset(data.get("branch_heads", [])),
        branch_after=re.compile(rf"[ ](?:{'|'.join(re.escape(w) for w in data.get('branch_words', ['tại']))})[ ]"),
        branch_written=str(data.get("branch_words", ["tại"])[0]),
        member_prefixes=tuple(f"{p} " for p in data.get("university_member_prefixes", [])),
        list_own_bodies={k: frozenset(v) for k, v in lists.get("own_bodies", {}).items()},
    )


# --------------------------------------------------------------------------
# Helpers over the text


def prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return m.group(1) if m else ""


def at_sentence_start(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, start - 3):start]))


def _title_after(text: str, start: int, titles: frozenset[str]) -> bool:
    """True when the words just before `start` are a person title ("ông", "Chủ tịch")."""
    window = text[max(0, start - 25):start].rstrip()
    words = window.split()
    return any(len(words) >= n and " ".join(words[-n:]) in titles for n in (1, 2, 3))


# --------------------------------------------------------------------------
# Locations


def _trim_name(name: str, g: Gazetteer, rules: OrgRules) -> str:
    """The part of a capitalised run that is the place name: the longest gazetteer
    prefix, else the run cut before a family name ("Thanh Hóa Trịnh Văn Chiến")."""
    words = name.split(" ")
    if len(words) >= 2 and words[0] in rules.surnames and not g.known(name) and not g.known(" ".join(words[:2])):
        return ""
    for n in range(len(words), 0, -1):
        cand = " ".join(words[:n])
        if g.known(cand) or cand in g.provinces:
            return cand
    for i, w in enumerate(words[1:], 1):
        if w in rules.surnames and i < len(words) - 1:
            return " ".join(words[:i])
    return name


def _person_name(name: str, rules: OrgRules) -> bool:
    words = name.split(" ")
    return len(words) >= 2 and words[0] in rules.surnames


def find_locations(text: str, hits: dict[str, list[re.Match[str]]] | None = None) -> list[Mention]:
    g, rules = gazetteer(), org_rules()
    hits = hits if hits is not None else rules.scan.run(text)
    out: list[Mention] = []
    numbered = {w.lower() for w in g.numbered_levels}
    for m in hits["level"]:
        if not left_ok(text, m.start(), "."):
            continue
        lw, name = m.group("lw"), m.group("name")
        level = g.level_of(lw)
        if level is None:
            continue
        if name.isdigit():
            if lw.lower() not in numbered:
                continue
        else:
            name = _trim_name(name, g, rules)
            if not name or (_person_name(name, rules) and g.known(name) is None):
                continue
            if len(name.split(" ")[0]) < 2:
                continue  # "P.V": a byline's initials
        if level == "city":
            unit = g.lookup(name, "province")
            level = "province" if unit is not None and unit.level == "province" else "district"
        end = m.start("name") + len(name)
        out.append(Mention("LOC", m.start(), end, {"level": level, "_name": name, "_lw": lw}, rule="loc.level_word"))
    for m in hits["place"]:
        if not left_ok(text, m.start(), "."):
            continue
        word = m.group("lw")
        kind = g.place_words.get(word.lower())
        if kind is None or (word[0].isupper() and word in rules.surnames):
            continue
        name = m.group("name")
        if is_acronym(name) and " " not in name:
            continue
        if name[0].isdigit() and text[m.end():m.end() + 2][:1] in (",", ".") and kind != "road":
            continue
        pw = prev_word(text, m.start())
        if pw.lower() in g.place_word_not_after:
            continue
        whole = g.known(m.group(0))
        if whole in ("province", "district", "commune"):
            # "Cầu Giấy", "Chợ Mới": an administrative unit whose name begins with a place word.
            out.append(Mention("LOC", m.start(), m.end(), {"level": whole, "_name": m.group(0)}, rule="loc.gazetteer"))
            continue
        end = m.end()
        if kind in ("state", "region") and " " in name and not g.known(name):
            # "bang New Jersey Chris Christie": the known place, not the person after it.
            words = name.split(" ")
            for n in range(len(words) - 1, 0, -1):
                cand = " ".join(words[:n])
                if g.known(cand) in ("country", "foreign", "province", "region"):
                    end = m.start("name") + len(cand)
                    name = cand
                    break
        out.append(Mention("LOC", m.start(), end, {"level": kind, "_name": name, "_lw": word}, rule="loc.place_word"))
    for m in hits["bare"]:
        if not left_ok(text, m.start(), ".&"):
            continue
        name = m.group(0)
        pw = prev_word(text, m.start())
        if pw in g.bare_not_after or (pw in rules.person_titles and pw.islower()):
            continue
        if name in g.ambiguous_names and at_sentence_start(text, m.start()):
            continue
        if (pw and is_capitalised(pw) and not is_acronym(pw) and not at_sentence_start(text, m.start() - len(pw) - 1)
                and not (rules.heads.get(pw) or pw.lower() in g.place_words or g.level_of(pw))):
            continue
        nxt = _NEXT_WORD.match(text, m.end())
        if nxt:
            nw = nxt.group(1)
            if (is_capitalised(nw) and not is_acronym(nw) and nw not in rules.surnames
                    and not _place_before_person(text, m.start(), name, nw, g, rules)):
                continue
            if nw in g.bare_not_before and " " not in name:
                continue
        kind = g.known(name) or "place"
        out.append(Mention("LOC", m.start(), m.end(), {"level": kind, "_name": name}, rule="loc.gazetteer"))
    return _resolve_overlaps(out)


def _place_before_person(text: str, start: int, name: str, nxt: str, g: Gazetteer, rules: OrgRules) -> bool:
    """A country or foreign place right before a person's name: after a title
    ("Tổng thống Mỹ Donald Trump", "Ngoại trưởng Ấn Độ ...") or before a foreign
    given name ("Bộ trưởng Thương mại Mỹ Wilbur Ross")."""
    if g.others.get(name) not in ("country", "foreign"):
        return False
    if _title_after(text, start, rules.person_titles):
        return True
    return name not in g.ambiguous_names and _foreign_word(nxt)


def _level_required_after_cue(text: str, locs: list[Mention]) -> list[Mention]:
    """Names that are places only with a level word ("Thái Bình", "Hòa Bình") are
    places after a word that introduces a place ("quê Thái Bình", "trú tại Hòa Bình")."""
    g = gazetteer()
    if not g.level_required_re:
        return []
    out: list[Mention] = []
    for m in g.level_required_re.finditer(text):
        name = m.group("name")
        nxt = _NEXT_WORD.match(text, m.end())
        if nxt and is_capitalised(nxt.group(1)):
            continue
        kind = g.known(name) or "place"
        out.append(Mention("LOC", m.start("name"), m.end(), {"level": kind, "_name": name}, rule="loc.cue"))
    return out


def _country_pairs(text: str, locs: list[Mention]) -> list[Mention]:
    """Countries joined by dashes where a side is a short form ("thương mại
    Trung - Mỹ", "quan hệ Việt - Lào"): each side is a country of its own. Not
    after or before another capitalised word ("Lê Trung - Mỹ Linh" are people),
    a person title or a credit's colon."""
    g, rules = gazetteer(), org_rules()
    if g.country_pair is None or g.country_item is None:
        return []
    taken = [(m.start, m.end) for m in locs]
    out: list[Mention] = []
    for m in g.country_pair.finditer(text):
        if not left_ok(text, m.start(), ".&-/"):
            continue
        items: list[tuple[int, int]] = []
        pos = m.start()
        while pos < m.end():
            im = g.country_item.match(text, pos)
            if im is None or im.end() > m.end():
                break
            items.append((im.start(), im.end()))
            sep = _PAIR_DASH.match(text, im.end())
            if sep is None:
                break
            pos = sep.end()
        if len(items) < 2 or items[-1][1] != m.end():
            continue
        if not any(text[a:b] in g.short_forms for a, b in items):
            continue
        before = text[max(0, m.start() - 3):m.start()].rstrip()
        if before.endswith(":"):
            continue
        pw = prev_word(text, m.start())
        if pw in rules.person_titles or pw.lower() in rules.person_titles:
            continue
        if (pw and is_capitalised(pw) and not is_acronym(pw) and not at_sentence_start(text, m.start() - len(pw) - 1)
                and not (rules.heads.get(pw) or pw.lower() in g.place_words or g.level_of(pw))):
            continue  # "Lê Trung - ...": the end of a person's name
        nxt = _NEXT_WORD.match(text, m.end())
        if nxt and is_capitalised(nxt.group(1)) and not is_acronym(nxt.group(1)):
            continue
        for a, b in items:
            if any(x < b and a < y for x, y in taken):
                continue
            name = text[a:b]
            out.append(Mention("LOC", a, b, {"level": "country", "_name": g.short_forms.get(name, name)},
                               rule="loc.country_pair"))
    return out


def _route_codes(text: str) -> list[Mention]:
    """A road written as its code or ring-road word and number ("QL1A", "ĐT741",
    "đường vành đai 3")."""
    g = gazetteer()
    if g.route_code is None:
        return []
    return [Mention("LOC", m.start(), m.end(), {"level": "road", "_name": m.group(0), "_lw": m.group("lw").strip()},
                    rule="loc.route_code") for m in g.route_code.finditer(text)]


T = TypeVar("T", Mention, "Org")


def keep_non_overlapping(items: list[T], order: Callable[[T], Any]) -> list[T]:
    """Take items in `order`, dropping any that overlaps one already taken; the
    result is sorted by start. O(n log n): the kept spans are disjoint, so only
    the neighbours of an insertion point can overlap it."""
    starts: list[int] = []
    ends: list[int] = []
    kept: list[T] = []
    for it in sorted(items, key=order):
        i = bisect.bisect_right(starts, it.start)
        if i and ends[i - 1] > it.start:
            continue
        if i < len(starts) and starts[i] < it.end:
            continue
        starts.insert(i, it.start)
        ends.insert(i, it.end)
        kept.insert(i, it)
    return kept


def _resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Longest first; a mention overlapping a kept one is dropped."""
    return keep_non_overlapping(mentions, lambda x: (-(x.end - x.start), x.start))


# --------------------------------------------------------------------------
# Organisations


def _scope_after(text: str, pos: int, g: Gazetteer) -> tuple[int, dict[str, Any] | None]:
    """A place written right after a body at `pos`: level word + name, a bare
    level word ("UBND huyện"), or a bare province/district name."""
    if text[pos:pos + 1] != " ":
        return pos, None
    m = g.level_phrase.match(text, pos + 1)
    if m and not (m.group("name").isdigit() and m.group("lw").lower() not in {w.lower() for w in g.numbered_levels}):
        name = m.group("name")
        if not name.isdigit():
            name = _trim_name(name, g, org_rules())
        if name and (name.isdigit() or not (_person_name(name, org_rules()) and g.known(name) is None)):
            return m.start("name") + len(name), {"lw": m.group("lw"), "name": name}
    # "UBND tỉnh" / "UBND TP" / "UBND Thành phố": a level word with no name after it.
    two = _TWO_WORDS.match(text, pos + 1)
    if two and g.level_of(two.group(0)):
        return two.end(), {"lw": two.group(0), "name": None}
    w = _WORD.match(text, pos + 1)
    if w and g.level_of(w.group(0)):
        return w.end(), {"lw": w.group(0), "name": None}
    b = g.bare_names.match(text, pos + 1)
    if b and (b.group(0) in g.provinces or g.others.get(b.group(0)) == "country"):
        return b.end(), {"lw": None, "name": b.group(0)}
    run = _CAP_RUN_RE.match(text, pos + 1)
    if run:
        name = _trim_name(run.group(0), g, org_rules())
        if name and g.lookup(name, "district") is not None:
            return pos + 1 + len(name), {"lw": None, "name": name}
    return pos, None


def _name_run(text: str, pos: int, rules: OrgRules, lowercase_start: bool = False) -> int:
    """End of a name that starts at `pos`: capitalised words, numbers, joiners
    followed by a capitalised word, and lowercase words up to a stop word.

    `lowercase_start` lets a name open with a few lowercase words when a
    capitalised one follows ("Tập đoàn dầu khí Việt Nam", "Ban quản lý chợ Đông Ba").
    """
    g = gazetteer()
    end = pos
    lower = 0
    i = pos
    seen_cap = False
    only_levels = True  # every name word so far is a school level or an acronym ("THPT")
    place_end = -1  # end of a province/country name inside the run: names end with their place
    n = len(text)
    foreign = False  # the last capitalised word is a brand or foreign word: no lowercase after it
    cap_run = 0  # length of the current run of capitalised words
    while i < n:
        m = _WORD.match(text, i)
        if not m:
            d = _DASH.match(text, i - 1) if seen_cap and i > 0 and text[i - 1] == " " else None
            nm = _WORD.match(text, d.end()) if d else None
            if d and nm and is_capitalised(nm.group(0)):
                i = d.end()
                continue
            break
        word = m.group(0)
        if seen_cap and not only_levels and rules.system_re.match(text, m.start()):
            break  # "Trường ĐH Khoa học Tự nhiên ĐH Quốc gia ...": the system is not the school's name
        if is_capitalised(word):
            sp = rules.sector_phrase.match(text, m.start())
            if sp and sp.group("head")[:1].isupper():
                end, lower, cap_run, i, seen_cap, only_levels = sp.end(), 0, 2, sp.end(), True, False
                if text[i:i + 1] == " ":
                    i += 1
                    continue
                break
        if (word.isdigit() and seen_cap and lower and cap_run == 1 and len(word) <= 2
                and not _NUMBER_GOES_ON.match(text, m.end()) and _closes_name(text, m.end(), rules)):
            end = m.end()
            break
        if is_capitalised(word) or (word.isdigit() and seen_cap and lower == 0 and not _NUMBER_GOES_ON.match(text, m.end())):
            b = g.bare_names.match(text, m.start())
            is_place = bool(b and (b.group(0) in g.provinces or g.others.get(b.group(0)) == "country"))
            if is_place:
                place_end = b.end()  # type: ignore[union-attr]
            elif word in rules.surnames and seen_cap and not only_levels:
                nw = _NEXT_WORD.match(text, m.end())
                if nw and is_capitalised(nw.group(1)):
                    break  # "Văn phòng Chính phủ Mai Tiến Dũng": a person follows the body
            foreign = _foreign_word(word) and word not in rules.legal_forms
            if not is_acronym(word):
                cap_run = cap_run + 1 if lower == 0 and seen_cap else 1
            seen_cap = True
            only_levels = only_levels and (word in rules.school_levels or is_acronym(word))
            end, lower = m.end(), 0
        elif not seen_cap and not lowercase_start:
            return pos
        elif seen_cap and word in rules.joiners:
            nm = _WORD.match(text, m.end() + 1)
            if not (nm and is_capitalised(nm.group(0))) or _starts_body(text, nm.start(), rules):
                break
        else:
            lp = g.level_phrase.match(text, m.start()) if seen_cap else None
            if lp and not lp.group("name").isdigit() and g.known(lp.group("name")):
                # "... giao thông thành phố Hà Nội": a scope ends the name.
                end = place_end = lp.end()
                break
            # Descriptive names go on in lower case after one capitalised word
            # ("Cục Quản lý giá"); after a proper name ("Bệnh viện Bình Dân") a
            # lower-case word starts the sentence again.
            if seen_cap and (end == place_end or foreign or (cap_run > 1 and lower == 0)):
                break
            nw = _NEXT_WORD.match(text, m.end())
            two = f"{word} {nw.group(1)}" if nw else word
            if word in rules.stop_words or word in rules.stop_phrases or two in rules.stop_phrases or word.isdigit():
                break
            lower += 1
            if lower > (rules.max_lowercase if seen_cap else 4):
                break
            if seen_cap:
                end = m.end()
        after = text[m.end():m.end() + 1]
        if after == " ":
            i = m.end() + 1
            continue
        if after == "." and word + "." in g.abbreviated_levels and text[m.end() + 1:m.end() + 2] == " ":
            end = m.end() + 1
            i = m.end() + 2
            continue
        d = _DASH.match(text, m.end())
        if d and seen_cap:
            nm = _WORD.match(text, d.end())
            if nm and is_capitalised(nm.group(0)):
                i = d.end()
                continue
        break
    return end if seen_cap else pos


def _closes_name(text: str, pos: int, rules: OrgRules) -> bool:
    """Punctuation, the end, or a stop word follows `pos`: a number there closes a name."""
    rest = text[pos:pos + 1]
    if rest == "" or rest in ",.;:)(\n-–\"”":
        return True
    nw = _NEXT_WORD.match(text, pos)
    return bool(nw) and (nw.group(1) in rules.stop_words or nw.group(1) in rules.stop_phrases
                         or f"{nw.group(1)} {(_NEXT_WORD.match(text, nw.end()) or nw).group(1)}" in rules.stop_phrases)


def _starts_body(text: str, pos: int, rules: OrgRules) -> bool:
    """A new body's head stands at `pos` ("... Hòa Phát và [Tập đoàn] ...")."""
    m = rules.head_re.match(text, pos) or rules.scoped_phrase.match(text, pos) or rules.central_re.match(text, pos)
    return m is not None


_VI_FINALS = ("c", "ch", "m", "n", "ng", "nh", "p", "t")


def _foreign_word(word: str) -> bool:
    """A brand or foreign word ("Viettel", "Vinaconex"): Vietnamese syllables end
    in a vowel or one of a few finals, and acronyms are all capitals."""
    if is_acronym(word):
        return True
    low = word.lower()
    if not low.isalpha() or not low.isascii():
        return False
    if any(c in low for c in "fjwz"):
        return True
    last = low[-1]
    if last in "aeiouy":
        return False
    return not low.endswith(_VI_FINALS)


def _expand(written: str, rules: OrgRules) -> str:
    for pat, rep in rules.name_rewrites:
        written = pat.sub(rep, written)
    for old, new in rules.name_replacements.items():
        written = written.replace(old, new)
    return rules.abbreviation_re.sub(lambda m: rules.abbreviations[m.group(0)], written)


def _cap_first(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


@dataclass
class Org:
    start: int
    end: int
    rule: str
    type: str
    level: str | None = None
    name: str | None = None
    body: ScopedBody | None = None
    scope: dict[str, Any] | None = None  # written scope: lw, name
    head: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


_CREDIT = re.compile(rf"[{UPPER}][^\W\d_]*[a-zđ][^\W\d_]*/\Z")


def _credit_slash(text: str, start: int) -> bool:
    """A photo or news credit: "Ảnh: Hữu Quyết/TTXVN" (a name, not a code like "NQ/TW", before the slash)."""
    return text[start - 1:start] == "/" and bool(_CREDIT.search(text, max(0, start - 20), start))


def _is_generic(text: str, start: int, end: int, rules: OrgRules) -> bool:
    return bool(rules.plural_before.search(text, max(0, start - 12), start)) or bool(
        rules.generic_after.match(text, end)
    )


def find_organisations(text: str, hits: dict[str, list[re.Match[str]]] | None = None) -> list[Org]:
    g, rules = gazetteer(), org_rules()
    hits = hits if hits is not None else rules.scan.run(text)
    found: list[Org] = []

    for m in hits["central"]:
        if not left_ok(text, m.start(), "&/-") and not _credit_slash(text, m.start()):
            continue
        entry = rules.central[m.group(0)]
        if rules.central_not_before.match(text, m.end()):
            continue
        if entry.get("standalone_only"):
            nxt = _WORD.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
            if nxt and m.group(0) + " " + nxt.group(0) in rules.scoped:
                continue
            if nxt and m.group(0) in rules.heads and is_capitalised(nxt.group(0)):
                continue  # "Đảng Dân chủ": the head of a named party
            window = text[max(0, m.start() - 16):m.start()].split()
            if window and (window[-1] in rules.standalone_not_after
                           or " ".join(window[-2:]) in rules.standalone_not_after):
                continue
        end, name = m.end(), entry["name"]
        c = g.bare_names.match(text, end + 1) if text[end:end + 1] == " " else None
        if c and g.others.get(c.group(0)) == "country" and not name.endswith(c.group(0)):
            end, name = c.end(), f"{m.group(0)} {c.group(0)}"  # "Chính phủ Pháp"
        k = rules.term.match(text, end)
        if k:
            end, name = k.end(), f"{name} {k.group(0).strip()}"
        found.append(Org(m.start(), end, "org.central", entry.get("type", "state"), "central", name))

    last_scoped_end = -1
    for m in hits["scoped"]:
        if not left_ok(text, m.start(), "&/-"):
            continue
        body = rules.scoped[m.group("form")]
        if _is_generic(text, m.start(), m.end(), rules):
            continue
        start, sub = m.start(), m.group("sub")
        if sub in rules.sub_title_parts and _title_after(text, start, rules.sub_title_parts[sub]):
            start, sub = m.start("form"), None  # "Phó Bí thư Thường trực Thành ủy": part of the title
        end, scope = _scope_after(text, m.end(), g)
        listed = last_scoped_end >= 0 and bool(rules.coordination.fullmatch(text, last_scoped_end, start))
        if scope is None and body.bare_needs_scope and not sub and not listed:
            continue  # alone "Thanh tra" is any inspectorate; after "UBND tỉnh, " it is the province's
        if m.group("form")[:1].islower() and body.bare_needs_scope and not (scope and scope.get("name")):
            continue  # "công an xã" is any commune's police; "công an xã Tân Lập" is one
        k = rules.term.match(text, end)
        if k:
            end = k.end()
        found.append(Org(start, end, "org.scoped", body.type, body.level, body=body, scope=scope, head=sub))
        last_scoped_end = end

    for m in hits["sector"]:
        if not left_ok(text, m.start()):
            continue
        head = m.group("head")
        spec = rules.sector_heads.get(_cap_first(head), {})
        if _is_generic(text, m.start(), m.end(), rules):
            continue
        sector = rules.sectors[m.group("sector")]
        end, scope = m.end(), None
        name = f"{_cap_first(head)} {sector}"
        if spec.get("scoped"):
            end, scope = _scope_after(text, m.end(), g)
        else:
            c = g.bare_names.match(text, end + 1) if text[end:end + 1] == " " else None
            if c and g.others.get(c.group(0)) == "country":
                end, name = c.end(), f"{name} {c.group(0)}"  # "Bộ Ngoại giao Mỹ"
        found.append(Org(m.start(), end, "org.sector", spec.get("type", "state"), spec.get("level"),
                         name=name, scope=scope, head=_cap_first(head),
                         attrs={"_scoped": bool(spec.get("scoped")), "_style": spec.get("scope", "level")}))

    # A list of sectors after a plural cue: "các Bộ: Tài chính, Y tế và Công Thương".
    for m in hits["cue"]:
        if not left_ok(text, m.start()):
            continue
        head = rules.sector_list_heads[m.group("head")]
        pos = m.end()
        while True:
            s = rules.sector_alone.match(text, pos)
            c = None if s else rules.central_re.match(text, pos)
            if s and s.group("sector") in rules.list_own_bodies.get(head, ()) and s.group("sector") in rules.scoped:
                body = rules.scoped[s.group("sector")]
                found.append(Org(s.start(), s.end(), "org.scoped", body.type, body.level, body=body))
                end = s.end()
            elif s:
                sector = rules.sectors[s.group("sector")]
                spec = rules.sector_heads.get(head, {})
                found.append(Org(s.start(), s.end(), "org.sector_list", spec.get("type", "state"), spec.get("level"),
                                 name=f"{head} {sector}", head=head,
                                 attrs={"_scoped": bool(spec.get("scoped")), "_style": spec.get("scope", "level")}))
                end = s.end()
            elif c:
                end = c.end()  # "Tài chính - Ngân hàng Nhà nước - Kế hoạch và Đầu tư": found by its own rule
            else:
                break
            j = rules.sector_list_sep.match(text, end)
            if not j or j.end() == end:
                break
            pos = j.end()

    for m in hits["known"]:
        if not left_ok(text, m.start(), "&."):
            continue
        written = m.group(0)
        found.append(Org(m.start(), m.end(), "org.known", rules.known[written], None,
                         rules.full_names.get(written.replace(". ", "."), written)))

    for m in hits["head"]:
        if not left_ok(text, m.start(), "&"):
            continue
        head = m.group("head")
        pw = prev_word(text, m.start())
        if pw and is_capitalised(pw) and not is_acronym(pw) and not at_sentence_start(text, m.start() - len(pw) - 1):
            continue  # inside a person's or another body's name ("Vũ Văn Viện")
        if pw and f"{pw.lower()} {head.split(' ')[0].lower()}" in rules.head_compounds:
            continue  # "thị trường": a word, not a head
        first = _WORD.match(text, m.end())
        if first and rules.heads[head] == "media" and first.group(0) in rules.heads:
            continue  # "báo Trường ĐH ...": the inner head names the body
        if _is_generic(text, m.start(), m.end() - 1, rules):
            continue
        end = _name_run(text, m.end(), rules, lowercase_start=head in rules.lowercase_name_heads)
        if end <= m.end():
            continue
        words = text[m.end():end].split()
        if all(w in rules.school_levels for w in words):
            continue
        attrs: dict[str, Any] = {}
        u = rules.system_after.match(text, end)
        if u and rules.heads[head] == "education" and not rules.system_re.match(text, m.end()):
            end = u.end()  # "Trường ĐH Bách khoa, ĐHQG TP.HCM": the system is part of the mention
            attrs["_system"] = (u.start("sys") - m.start(), rules.system_names[u.group("sys")])
        if head in rules.branch_heads:
            b = rules.branch_after.match(text, end)
            if b:
                p = g.level_phrase.match(text, b.end()) or g.bare_names.match(text, b.end())
                if p:
                    attrs["_branch"] = (b.start() - m.start(), text[b.end():p.end()])
                    end = p.end()  # "Phân hiệu ... tại Bến Tre": the branch's place is part of its name
        found.append(Org(m.start(), end, "org.head", rules.heads[head], None, head=head, attrs=attrs))

    found.extend(_bracketed_acronyms(text, g, rules))
    return _merge_orgs(found)


def _bracketed_acronyms(text: str, g: Gazetteer, rules: OrgRules) -> list[Org]:
    """An acronym in brackets after a proper name ("Quân đội Syria Tự do (FSA)",
    "Phái bộ ... tại Mali (MINUSMA)") names a body; so do its later mentions.
    Not after a person ("Nguyễn Văn A (SN 1975)") or a place."""
    if "(" not in text:
        return []
    out: list[Org] = []
    defined: set[str] = set()
    for m in _BRACKET_ACRONYM.finditer(text):
        acr = m.group(1)
        if not is_acronym(acr) or acr in rules.bracket_not_acronyms or acr in rules.abbreviations or g.known(acr) or acr in rules.known:
            continue
        before = text[max(0, m.start() - 60):m.start()].split()[-6:]
        if sum(is_capitalised(w) for w in before) < 2 or rules.bracket_not_after.search(text, max(0, m.start() - 70), m.start()):
            continue
        caps = []
        for w in reversed(before):
            if not is_capitalised(w):
                break
            caps.append(w)
        caps.reverse()
        if caps and (caps[0] in rules.surnames or _title_after(text, m.start() - len(" ".join(caps)), rules.person_titles)):
            continue
        defined.add(acr)
        out.append(Org(m.start(1), m.end(1), "org.bracketed", "other", None, acr))
    if defined:
        pattern = re.compile(rf"(?<![\w&.(])(?:{'|'.join(re.escape(a) for a in sorted(defined, key=len, reverse=True))})(?![\w&)])")
        out.extend(Org(x.start(), x.end(), "org.bracketed", "other", None, x.group(0)) for x in pattern.finditer(text))
    return out


_RULE_RANK = {"org.scoped": 0, "org.sector": 1, "org.central": 2, "org.sector_list": 3, "org.head": 4, "org.known": 5}


def _merge_orgs(found: list[Org]) -> list[Org]:
    """Longest wins, except that a body found by name or pattern beats a
    head-plus-name run starting at the same word ("Ngân hàng Nhà nước - ...")."""
    named_starts = {o.start for o in found if o.rule != "org.head"}
    found = [o for o in found if o.rule != "org.head" or o.start not in named_starts]
    return keep_non_overlapping(found, lambda x: (-(x.end - x.start), _RULE_RANK.get(x.rule, 9), x.start))


# --------------------------------------------------------------------------
# The document's place and scope resolution


@dataclass
class PlaceContext:
    """The article's places by level, most mentioned first."""

    main: Unit | None = None
    main_written: str | None = None
    by_level: dict[str, Unit] = field(default_factory=dict)


def _unit_of(loc: Mention, g: Gazetteer) -> Unit | None:
    name = loc.attrs.get("_name")
    level = loc.attrs.get("level")
    if not name or level not in ("province", "district", "commune"):
        return None
    if name.isdigit():
        lw = g.full_level_word(loc.attrs.get("_lw", ""))
        return Unit(name, lw, level, "")
    unit = g.lookup(name, level)
    if unit is None:
        lw = loc.attrs.get("_lw")
        if not lw:
            return None
        return Unit(name, g.full_level_word(lw), level, "")
    if loc.attrs.get("_lw") and unit.level != "province":
        return Unit(unit.name, g.full_level_word(loc.attrs["_lw"]), unit.level, unit.province)
    return unit


def place_context(text: str, locs: list[Mention]) -> PlaceContext:
    g = gazetteer()
    counts: Counter[tuple[str, str]] = Counter()
    units: dict[tuple[str, str], Unit] = {}
    written: dict[tuple[str, str], Counter[str]] = {}
    first: dict[tuple[str, str], int] = {}
    for loc in locs:
        unit = _unit_of(loc, g)
        if unit is None:
            continue
        key = (unit.level, unit.name)
        counts[key] += 1
        units.setdefault(key, unit)
        first.setdefault(key, loc.start)
        written.setdefault(key, Counter())[text[loc.start:loc.end]] += 1
    ctx = PlaceContext()
    if not counts:
        return ctx
    ranked = sorted(counts, key=lambda k: (-counts[k], first[k]))
    for key in ranked:
        ctx.by_level.setdefault(units[key].level, units[key])
    top = ranked[0]
    # A district or commune mentioned as often as its province is the article's place.
    for key in ranked[1:]:
        if counts[key] >= counts[top] * 0.6 and _LEVEL_ORDER[key[0]] > _LEVEL_ORDER[top[0]] and counts[key] >= 2:
            top = key
            break
    ctx.main = units[top]
    shown = written[top].most_common(1)[0][0]
    # "Huyện Yên Định" at a sentence start is "huyện Yên Định" elsewhere.
    words = shown.split(" ")
    for n in (2, 1):
        lead = " ".join(words[:n])
        if len(words) > n and g.level_of(lead) and lead not in g.abbreviated_levels:
            shown = " ".join([lead.lower(), *words[n:]])
            break
    ctx.main_written = shown
    if "province" not in ctx.by_level and ctx.main.province:
        prov = g.provinces.get(ctx.main.province)
        if prov is not None:
            ctx.by_level["province"] = prov
    return ctx


def _scoped_name(full: str, style: str, unit_name: str, level_word: str | None, g: Gazetteer) -> str:
    if style == "bare":
        return f"{full} {g.scope_names.get(unit_name, unit_name)}"
    lw = g.full_level_word(level_word) if level_word else None
    shown = g.scope_names.get(unit_name, unit_name)
    if lw and not shown.lower().startswith(lw):
        return f"{full} {lw} {shown}"
    return f"{full} {shown}"


def _unit_for_scope(scope: dict[str, Any], ctx: PlaceContext, g: Gazetteer) -> tuple[str, str | None, str | None]:
    """(name, level word, level) of a written scope; a bare level word takes the article's unit."""
    lw, name = scope.get("lw"), scope.get("name")
    level = g.level_of(lw) if lw else None
    if name:
        unit = g.lookup(name, level) if not name.isdigit() else None
        if unit is not None and lw is None:
            canon = unit.name
            return canon, unit.level_word, unit.level
        if unit is not None:
            return (unit.name if unit.level == "province" else name), lw, unit.level
        return name, lw, level if level != "city" else "district"
    want = level
    if want == "city":
        city_province = "province" in ctx.by_level and g.level_of(ctx.by_level["province"].level_word) == "city"
        want = "province" if city_province else "district"
    unit = ctx.by_level.get(want or "") if want else None
    if unit is None and want == "district" and lw and ctx.main is not None and ctx.main.level_word == g.full_level_word(lw):
        unit = ctx.main
    if unit is None:
        return "", lw, want
    return unit.name, lw, unit.level


def _scope_phrase(unit_name: str, lw: str | None, bare: bool, g: Gazetteer) -> str:
    """How a place is written in a body's name: "huyện Đông Sơn" (with its level
    word) or "Đông Sơn" (bare); a numbered unit keeps its level word ("Quận 2")."""
    shown = unit_name
    if is_acronym(shown) or shown in g.scope_names:
        unit = g.provinces.get(shown)
        shown = g.scope_names.get(unit.name if unit else shown, unit.name if unit else shown)
    full_lw = g.full_level_word(lw) if lw else None
    if (bare and not shown.isdigit()) or not full_lw or shown.lower().startswith(full_lw):
        return shown
    return f"{full_lw} {shown}"


def _coordinated_scopes(text: str, orgs: list[Org]) -> dict[int, dict[str, Any]]:
    """Bare bodies listed before a scoped one share its scope ("Huyện ủy, HĐND,
    UBND, Ủy ban MTTQ huyện Đông Sơn"): walk right to left."""
    rules = org_rules()
    inherited: dict[int, dict[str, Any]] = {}
    for i in range(len(orgs) - 2, -1, -1):
        o, nxt = orgs[i], orgs[i + 1]
        if o.rule not in ("org.scoped", "org.sector") or o.scope is not None:
            continue
        if rules.coordination.fullmatch(text, o.end, nxt.start):
            sc = nxt.scope or inherited.get(i + 1)
            if sc is not None:
                inherited[i] = sc
    return inherited


def name_organisations(text: str, orgs: list[Org], ctx: PlaceContext) -> None:
    """Give each organisation its expanded, scoped `name`, `level` and `type`."""
    g, rules = gazetteer(), org_rules()
    inherited = _coordinated_scopes(text, orgs)
    for i, o in enumerate(orgs):
        written = text[o.start:o.end]
        if o.rule in ("org.scoped", "org.sector", "org.sector_list"):
            scope = o.scope or inherited.get(i)
            base = o.name
            if o.body is not None:
                base = o.body.full
                if o.head:
                    base = f"{_expand(o.head, rules)} {base}"
            party_style = o.body is not None and o.body.scope == "bare"
            bare_style = party_style or o.attrs.get("_style") == "bare"
            if o.body is None and not o.attrs.get("_scoped") and scope is None:
                o.name = _cap_first(base or written)
                continue
            unit_name, lw, level = "", None, None
            if scope is not None:
                unit_name, lw, level = _unit_for_scope(scope, ctx, g)
                if scope.get("name") and not is_acronym(scope["name"]) and scope["name"] not in g.scope_names:
                    unit_name = scope["name"]
            elif ctx.main is not None:
                want = o.body.level if o.body is not None and o.body.level else None
                unit = ctx.by_level.get(want) if want else ctx.main
                if unit is None and want == "province":
                    unit = g.provinces.get(ctx.main.province)
                if unit is not None:
                    unit_name, lw, level = unit.name, unit.level_word, unit.level
            if not unit_name:
                o.name = _cap_first(base or _expand(written, rules))
            else:
                written_lw = scope is not None and scope.get("lw") is not None and scope.get("name") is not None
                bare = party_style or (bare_style and not written_lw) or (
                    scope is not None and scope.get("lw") is None and level not in ("district", "commune"))
                phrase = _scope_phrase(unit_name, lw, bare, g)
                if o.body is not None and o.body.committee:
                    base = _with_committee(base or "", phrase, lw, rules, g)
                o.name = _cap_first(f"{base} {phrase}")
            khoa = rules.term.search(written)
            if khoa:
                o.name = f"{o.name} {khoa.group(0).strip()}"
            if o.body is not None:
                o.level = level or o.body.level
            elif o.attrs.get("_scoped"):
                o.level = level or o.level
            if o.level == "city":
                o.level = "province"
        elif o.rule == "org.head":
            core, suffix = written, ""
            if "_branch" in o.attrs:
                off, place = o.attrs["_branch"]
                core, suffix = written[:off], f" {rules.branch_written} {place}"
            if "_system" in o.attrs:
                off, system = o.attrs["_system"]
                core, suffix = written[:off].rstrip(" ,-"), f", {system}"
            o.name = _level_scoped(_head_name(core, o.head or "", rules), ctx, g) + suffix
        if o.name is None:
            o.name = _cap_first(_expand(written, rules))
    _attach_parents(text, orgs, rules)
    _attach_systems(text, orgs, rules)
    _defined_acronyms(text, orgs, rules)


def _defined_acronyms(text: str, orgs: list[Org], rules: OrgRules) -> None:
    """`Ngân hàng TMCP Quân đội (MB)`: the bracketed acronym names the body; later
    mentions of it (found here if no rule knew them) share the full name."""
    defined: dict[str, str] = {}
    for o in orgs:
        m = _BRACKETED.match(text, o.end)
        if (m and is_acronym(m.group(1))) or (m and m.group(1)[:1].isupper() and " " not in m.group(1)):
            acronym = m.group(1)
            if o.name and acronym not in o.name and acronym not in rules.abbreviations:
                curated = rules.full_names.get(acronym)
                defined[acronym] = curated or rules.defined_acronym_name.format(name=o.name, acronym=acronym)
                o.name = defined[acronym]
    if not defined:
        return
    taken = {(o.start, o.end) for o in orgs}
    pattern = re.compile(rf"(?<![\w&.])(?:{'|'.join(re.escape(a) for a in sorted(defined, key=len, reverse=True))})(?![\w&])")
    new: list[Org] = []
    org_starts = [o.start for o in orgs]
    for m in pattern.finditer(text):
        i = bisect.bisect_right(org_starts, m.start())
        if i and orgs[i - 1].start <= m.start() < orgs[i - 1].end:
            if (m.start(), m.end()) in taken:
                orgs[i - 1].name = defined[m.group(0)]
            continue
        new.append(Org(m.start(), m.end(), "org.defined_acronym", "other", None, defined[m.group(0)]))
    if new:
        orgs.extend(new)
        orgs.sort(key=lambda x: x.start)


def _with_committee(base: str, phrase: str, lw: str | None, rules: OrgRules, g: Gazetteer) -> str:
    """A Party board's name takes the committee of its place's level: "Ban Tổ chức"
    + "quận 2" -> "Ban Tổ chức Quận ủy", + "xã Đông Tiến" -> "Ban Tổ chức Đảng ủy"."""
    full_lw = g.full_level_word(lw) if lw else ""
    committee = rules.committees.get(full_lw)
    if not committee:
        return base
    if committee.lower().endswith(" " + full_lw) and phrase.lower().startswith(full_lw + " "):
        committee = committee[:-len(full_lw) - 1]  # "Đảng ủy" + "xã Đông Tiến"
    return f"{base} {committee}"


def _level_scoped(name: str, ctx: PlaceContext, g: Gazetteer) -> str:
    """A name that ends with a bare level word ("Trường Chính trị tỉnh") takes the
    article's unit of that level ("... tỉnh Cà Mau")."""
    words = name.split(" ")
    for n in (2, 1):
        if len(words) <= n + 1:
            continue
        lead = " ".join(words[-n:])
        level = g.level_of(lead) if lead[:1].islower() else None
        if level is None:
            continue
        full_lw = g.full_level_word(lead)
        for unit in (ctx.by_level.get("province"), ctx.by_level.get("district"), ctx.by_level.get("commune")):
            if unit is not None and unit.level_word == full_lw:
                return f"{name} {unit.name}"
        break
    return name


def _attach_systems(text: str, orgs: list[Org], rules: OrgRules) -> None:
    """A member school named alone ("Trường ĐH Bách khoa") belongs to the university
    system the article names ("ĐHQG TP.HCM"), when that system has such a member."""
    if not rules.system_members:
        return
    named = {rules.system_names[m.group(0)] for m in rules.system_re.finditer(text)}
    if not named:
        return
    for o in orgs:
        if o.rule != "org.head" or o.type != "education" or not o.name or "_system" in o.attrs:
            continue
        for prefix in rules.member_prefixes:
            if o.name.startswith(prefix):
                rest = o.name[len(prefix):].lower()
                systems = [s for s in named if rest in rules.system_members.get(s, ()) and s not in o.name]
                if len(systems) == 1:
                    o.name = f"{o.name}, {systems[0]}"
                break


def _head_name(written: str, head: str, rules: OrgRules) -> str:
    rest = written[len(head) + 1:] if written.startswith(head + " ") else ""
    full = rules.full_names.get(rest)
    if full and full.lower().startswith(_expand(head, rules).lower() + " "):
        return full  # "Tập đoàn Viettel": the group's full name
    for implicit in sorted(rules.implicit_heads, key=len, reverse=True):
        if written.startswith(implicit + " "):
            rest = written[len(implicit) + 1:]
            if any(rest.startswith(u) for u in rules.university_systems):
                return _cap_first(_expand(written, rules))  # "ĐH Quốc gia" is a university system, not a school
            return _cap_first(f"{rules.implicit_heads[implicit]} {_expand(rest, rules)}")
    return _cap_first(_expand(written, rules))


def _attach_parents(text: str, orgs: list[Org], rules: OrgRules) -> None:
    """`Vụ Giáo dục đại học` -> `..., Bộ Giáo dục và Đào tạo` when the article names one ministry."""
    parents = [o for o in orgs if o.name and o.head in rules.parent_heads and o.name.startswith(rules.parent_heads)]
    if not parents:
        return
    starts = [p.start for p in parents]
    for o in orgs:
        if o.head not in rules.parent_from_context or not o.name:
            continue
        if any(f" {h} " in o.name for h in rules.parent_heads):
            continue  # the parent is written: "Vụ Công nghiệp nhẹ Bộ Công Thương"
        i = bisect.bisect_left(starts, o.start)
        near = [p for p in parents[max(0, i - 1):i + 1] if p is not o]
        if near:
            nearest = min(near, key=lambda p: abs(p.start - o.start))
            if nearest.name and not o.name.endswith(nearest.name):
                o.name = f"{o.name}, {nearest.name}"


# --------------------------------------------------------------------------
# The component


def _org_level(o: Org) -> str | None:
    return o.level if o.level in ("central", "province", "district", "commune") else None


def local_places(text: str, locs: list[Mention], runs: list[Any] | None = None) -> list[Mention]:
    """Bare district and ward names of a province the article names ("Hà Nội ...
    Cầu Giấy, Thanh Xuân"): alone they could be people, next to their province
    they are places. Names of two syllables or more, not after a person title."""
    g, rules = gazetteer(), org_rules()
    provinces = set()
    for loc in locs:
        unit = _unit_of(loc, g)
        if unit is not None:
            provinces.add(unit.name if unit.level == "province" else unit.province)
    provinces.discard("")
    if not provinces:
        return []
    found: list[Mention] = []
    loc_edges = {m.start for m in locs} | {m.end for m in locs}
    from ..ml.entity_model import candidate_runs

    for m in runs if runs is not None else candidate_runs(text):
        if len(m.words) < 2 or not left_ok(text, m.start, ".&-/"):
            continue
        name = text[m.start:m.end]
        if name in g.level_required:
            # "Hải Phòng, Thái Bình, Hưng Yên": in a list of places it is the province.
            gap_before = rules.list_before.search(text, max(0, m.start - 5), m.start)
            gap_after = rules.list_after.match(text, m.end)
            if name in g.provinces and ((gap_before and gap_before.start() in loc_edges)
                                        or (gap_after and gap_after.end() in loc_edges)):
                found.append(Mention("LOC", m.start, m.end, {"level": "province", "_name": name},
                                     rule="loc.place_list"))
            continue
        if name.split(" ")[0] in rules.surnames or _BYLINE_END.match(text, m.end):
            continue
        units = [u for u in (*g.districts.get(name, ()), *g.wards.get(name, ())) if u.province in provinces]
        if not units or _title_after(text, m.start, rules.person_titles):
            continue
        pw = prev_word(text, m.start)
        if pw in g.bare_not_after or (pw and is_capitalised(pw) and not is_acronym(pw)
                                      and not at_sentence_start(text, m.start - len(pw) - 1)):
            continue
        found.append(Mention("LOC", m.start, m.end, {"level": units[0].level, "_name": name}, rule="loc.local_gazetteer"))
    return found


def _outside_place_names(orgs: list[Org], locs: list[Mention]) -> list[Org]:
    """A firm's name inside a named place ("khu đô thị Trung Văn Vinaconex 3") is
    part of the place, not a mention of the firm."""
    named = [m for m in locs if m.rule == "loc.place_word"]
    if not named:
        return orgs
    starts = [m.start for m in named]
    keep = []
    for o in orgs:
        i = bisect.bisect_right(starts, o.start - 1) - 1
        if o.rule == "org.known" and i >= 0 and named[i].start < o.start and o.end <= named[i].end:
            continue
        keep.append(o)
    return keep


def _places_in_orgs(text: str, orgs: list[Org], locs: list[Mention]) -> list[Mention]:
    """Places written inside a body's name are locations of their own (GUIDELINES
    section 3): a district scope written bare ("Công an Đại Lộc") and a province or
    country that ends a named body ("Công ty CP Trung Thủy Đà Nẵng", "Bộ Ngoại giao Mỹ")."""
    g, rules = gazetteer(), org_rules()
    starts = [m.start for m in locs]
    ends = [m.end for m in locs]

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_left(ends, a + 1)
        return not (i < len(starts) and starts[i] < b)

    out: list[Mention] = []
    for o in orgs:
        sc = o.scope
        if sc and sc.get("lw") is None and sc.get("name") and not is_acronym(sc["name"]):
            name = sc["name"]
            a = text.rfind(name, o.start, o.end)
            unit = g.lookup(name)
            if a >= 0 and unit is not None and free(a, a + len(name)):
                out.append(Mention("LOC", a, a + len(name), {"level": unit.level, "_name": name}, rule="loc.in_org"))
                continue
        if o.rule not in ("org.head", "org.sector"):
            continue
        for w in _WORD.finditer(text, o.start, o.end):
            if w.start() == o.start or not is_capitalised(w.group(0)):
                continue
            b = g.bare_names.match(text, w.start())
            if b is None or b.end() != o.end:
                continue
            name = b.group(0)
            if name in g.ambiguous_names:
                break  # "THPT Việt Đức": part of the name
            if name in g.provinces or g.others.get(name) in ("country", "foreign"):
                before = text[o.start:w.start()].split()
                if before and before[-1] in rules.surnames:
                    break
                if free(b.start(), b.end()):
                    kind = "province" if name in g.provinces else g.others[name]
                    out.append(Mention("LOC", b.start(), b.end(), {"level": kind, "_name": name}, rule="loc.in_org"))
            break
    return out


def extract_entities(text: str, model: Any = None) -> tuple[list[Mention], list[Mention], PlaceContext]:
    from ..ml.entity_model import candidate_runs

    hits = org_rules().scan.run(text)
    runs = candidate_runs(text)
    locs = find_locations(text, hits)
    extra = (local_places(text, locs, runs) + _level_required_after_cue(text, locs)
             + _country_pairs(text, locs) + _route_codes(text))
    if extra:
        locs = _resolve_overlaps(locs + extra)
    orgs = find_organisations(text, hits)
    orgs = _outside_place_names(orgs, locs)
    inner = _places_in_orgs(text, orgs, locs)
    if inner:
        locs = _resolve_overlaps(locs + inner)
    if model is not None:
        from ..ml.entity_model import add_model_mentions

        orgs, locs = add_model_mentions(text, orgs, locs, model, runs)
    ctx = place_context(text, locs)
    name_organisations(text, orgs, ctx)
    org_mentions = [
        Mention("ORG", o.start, o.end, {"name": o.name, "level": _org_level(o), "type": o.type},
                rule=o.rule, confidence=o.attrs.get("_confidence", 1.0))
        for o in orgs
    ]
    loc_mentions = [
        Mention("LOC", m.start, m.end, {"level": m.attrs.get("level")}, rule=m.rule, confidence=m.confidence)
        for m in locs
    ]
    return org_mentions, loc_mentions, ctx


class EntityRecognizer:
    """Organisations and locations; see the module docstring for scope."""

    def __init__(self, nlp: Language, name: str = "vnp_entities", *, use_model: bool = True) -> None:
        self.name = name
        gazetteer()
        org_rules()
        self.model = None
        if use_model:
            from ..ml.entity_model import load_model

            self.model = load_model()

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        orgs, locs, ctx = extract_entities(text, self.model)
        add_mentions(doc, "organisations", orgs)
        add_mentions(doc, "locations", locs)
        doc._.place = ctx.main_written
        return doc


@Language.factory("vnp_entities", assigns=["doc.spans", "doc._.place"], requires=[], default_config={"use_model": True})
def make_entities(nlp: Language, name: str, use_model: bool) -> EntityRecognizer:
    return EntityRecognizer(nlp, name, use_model=use_model)
