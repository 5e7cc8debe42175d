"""Places recognised by their neighbours rather than by a level word.

A district of a province the article names ("Hà Nội ... Cầu Giấy"), a
province in a list of places, a province after a word that introduces a
place ("quê Thái Bình"), countries joined by dashes ("Trung - Mỹ"), road
codes ("QL1A"), and places written inside a body's name ("Công an Đại Lộc").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable

from ..extensions import Mention
from .context import unit_of
from .gazetteer import Gazetteer, gazetteer
from .lexicon import NEXT_WORD, WORD, after_phrase, is_acronym, is_capitalised, left_ok, prev_word
from .organisations.org import Org
from .places import capitalised_before
from .rules import OrgRules, org_rules
from .runs import Candidate
from .spans import Taken

_BYLINE_END = re.compile(r"[ .]*(?:\n|\Z)")
_PAIR_DASH = re.compile(r"[ ]?[-–][ ]?")


def _byline(text: str, c: Candidate) -> bool:
    """A name ending a paragraph alone or after a credit's colon ("\nThanh Xuân", "Ảnh: Thanh Xuân"): a person's."""
    line_start = text.rfind("\n", 0, c.start) + 1
    before = text[line_start:c.start].rstrip()
    return bool(_BYLINE_END.match(text, c.end)) and (not before or before.endswith((":", "/", "-")))


def _in_place_list(text: str, c: Candidate, edges: set[int], rules: OrgRules) -> bool:
    """A list joiner links the run to another location ("Hải Phòng, Thái Bình, Hưng Yên")."""
    before = rules.list_before.search(text, max(0, c.start - rules.windows.list_gap), c.start)
    after = rules.list_after.match(text, c.end)
    return bool((before and before.start() in edges) or (after and after.end() in edges))


def local_places(text: str, locs: list[Mention], runs: Callable[[str], list[Candidate]]) -> list[Mention]:
    """Bare district and ward names of a province the article names ("Hà Nội ...
    Cầu Giấy, Thanh Xuân"): alone they could be people, next to their province
    they are places. Names of two syllables or more, not after a person title; `runs` finds
    the text's capitalised runs, only when the article names a province."""
    g, rules = gazetteer(), org_rules()
    units = (unit_of(loc, g) for loc in locs)
    provinces = {u.name if u.level == "province" else u.province for u in units if u is not None} - {""}
    if not provinces:
        return []
    found: list[Mention] = []
    edges = {m.start for m in locs} | {m.end for m in locs}
    for c in runs(text):
        if len(c.words) < 2 or not left_ok(text, c.start, ".&-/"):
            continue
        name = text[c.start:c.end]
        if name in g.level_required:
            if name in g.provinces and _in_place_list(text, c, edges, rules):
                found.append(Mention("LOC", c.start, c.end, {"level": "province", "_name": name}, rule="loc.place_list"))
            continue
        if name.split(" ")[0] in rules.surnames or _byline(text, c):
            continue
        local = [u for u in (*g.districts.get(name, ()), *g.wards.get(name, ())) if u.province in provinces]
        if not local or after_phrase(text, c.start, rules.person_titles, rules.windows.person_title):
            continue
        pw = prev_word(text, c.start, rules.windows.prev_word)
        if pw in g.bare_not_after or capitalised_before(text, c.start, pw, rules, None):
            continue
        found.append(Mention("LOC", c.start, c.end, {"level": local[0].level, "_name": name}, rule="loc.local_gazetteer"))
    return found


def level_required_after_cue(text: str) -> list[Mention]:
    """Names that are places only with a level word ("Thái Bình", "Hòa Bình") are
    places after a word that introduces a place ("quê Thái Bình", "trú tại Hòa Bình")."""
    g = gazetteer()
    if not g.level_required_re:
        return []
    out: list[Mention] = []
    for m in g.level_required_re.finditer(text):
        name = m.group("name")
        nxt = NEXT_WORD.match(text, m.end())
        if nxt and is_capitalised(nxt.group(1)):
            continue
        out.append(Mention("LOC", m.start("name"), m.end(), {"level": g.known(name) or "place", "_name": name},
                           rule="loc.cue"))
    return out


def _chain_items(text: str, m: re.Match[str], g: Gazetteer) -> list[tuple[int, int]]:
    """The sides of a dash chain, left to right; empty unless they cover the whole match."""
    assert g.country_item is not None
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
    return items if len(items) >= 2 and items[-1][1] == m.end() else []


def _pair_context_ok(text: str, m: re.Match[str], g: Gazetteer, rules: OrgRules) -> bool:
    """Not after a credit's colon or a person title, not inside a person's name on either side."""
    if text[max(0, m.start() - rules.windows.credit_colon):m.start()].rstrip().endswith(":"):
        return False
    pw = prev_word(text, m.start(), rules.windows.prev_word)
    if pw in rules.person_titles or pw.lower() in rules.person_titles:
        return False
    if capitalised_before(text, m.start(), pw, rules, g):
        return False  # "Lê Trung - ...": the end of a person's name
    nxt = NEXT_WORD.match(text, m.end())
    return not (nxt and is_capitalised(nxt.group(1)) and not is_acronym(nxt.group(1)))


def country_pairs(text: str, locs: list[Mention]) -> list[Mention]:
    """Countries joined by dashes where a side is a short form ("thương mại
    Trung - Mỹ", "quan hệ Việt - Lào"): each side is a country of its own. Not
    after or before another capitalised word ("Lê Trung - Mỹ Linh" are people),
    a person title or a credit's colon. Linear in the text: each side is
    checked against the locations found so far by bisection."""
    g, rules = gazetteer(), org_rules()
    if g.country_pair is None or g.country_item is None:
        return []
    taken = Taken([(m.start, m.end) for m in locs])
    out: list[Mention] = []
    for m in g.country_pair.finditer(text):
        if not left_ok(text, m.start(), ".&-/"):
            continue
        items = _chain_items(text, m, g)
        if not items or not any(text[a:b] in g.short_forms for a, b in items) or not _pair_context_ok(text, m, g, rules):
            continue
        for a, b in items:
            if not taken.overlaps(a, b):
                name = text[a:b]
                out.append(Mention("LOC", a, b, {"level": "country", "_name": g.short_forms.get(name, name)},
                                   rule="loc.country_pair"))
    return out


def route_codes(text: str) -> list[Mention]:
    """A road written as its code or ring-road word and number ("QL1A", "ĐT741",
    "đường vành đai 3")."""
    g = gazetteer()
    if g.route_code is None:
        return []
    return [Mention("LOC", m.start(), m.end(), {"level": "road", "_name": m.group(0), "_lw": m.group("lw").strip()},
                    rule="loc.route_code") for m in g.route_code.finditer(text)]


def outside_place_names(orgs: list[Org], locs: list[Mention]) -> list[Org]:
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


def _written_scope(text: str, o: Org, taken: Taken, g: Gazetteer) -> Mention | None:
    """A district scope written bare inside a body's name ("Công an Đại Lộc")."""
    sc = o.scope
    if not (sc and sc.get("lw") is None and sc.get("name") and not is_acronym(sc["name"])):
        return None
    name = sc["name"]
    a = text.rfind(name, o.start, o.end)
    unit = g.lookup(name)
    if a < 0 or unit is None or taken.overlaps(a, a + len(name)):
        return None
    return Mention("LOC", a, a + len(name), {"level": unit.level, "_name": name}, rule="loc.in_org")


def _district_ending_name(text: str, start: int, o: Org, taken: Taken, g: Gazetteer,
                          rules: OrgRules) -> Mention | None:
    """A district that ends a school's or firm's name ("Trường THPT Hòa Vang", "Công ty ... Phú Nhuận"):
    only a name one district bears, neither opening nor following a surname ("THPT Ngô Quyền",
    "Đoàn Thế Vinh" are people)."""
    name = text[start:o.end]
    units = g.districts.get(name, ())
    person = any(w in rules.surnames for w in text[o.start:start].split()[-2:])  # "BIDV Trần Bắc Hà"
    if (len(units) != 1 or units[0].level != "district" or name.split()[0] in rules.surnames or person
            or name in g.ambiguous_names or taken.overlaps(start, o.end)):
        return None
    return Mention("LOC", start, o.end, {"level": "district", "_name": name}, rule="loc.in_org")


def _place_ending_name(text: str, o: Org, taken: Taken, g: Gazetteer, rules: OrgRules) -> Mention | None:
    """A province or country that ends a named body ("Công ty CP Trung Thủy Đà Nẵng", "Bộ Ngoại giao Mỹ")."""
    for w in WORD.finditer(text, o.start, o.end):
        if w.start() == o.start or not is_capitalised(w.group(0)):
            continue
        b = g.bare_names.match(text, w.start())
        if b is None or b.end() != o.end:
            district = _district_ending_name(text, w.start(), o, taken, g, rules)
            if district is not None:
                return district
            continue
        name = b.group(0)
        if name in g.ambiguous_names:
            return None  # "THPT Việt Đức": part of the name
        if name in g.provinces or g.others.get(name) in ("country", "foreign"):
            before = text[o.start:w.start()].split()
            if (before and before[-1] in rules.surnames) or taken.overlaps(b.start(), b.end()):
                return None
            kind = "province" if name in g.provinces else g.others[name]
            return Mention("LOC", b.start(), b.end(), {"level": kind, "_name": name}, rule="loc.in_org")
        return None
    return None


def places_in_orgs(text: str, orgs: Iterable[Org], locs: list[Mention]) -> list[Mention]:
    """Places written inside a body's name are locations of their own (GUIDELINES section 3)."""
    g, rules = gazetteer(), org_rules()
    taken = Taken([(m.start, m.end) for m in locs])
    out: list[Mention] = []
    for o in orgs:
        found = _written_scope(text, o, taken, g)
        if found is None and o.rule in ("org.head", "org.sector"):
            found = _place_ending_name(text, o, taken, g, rules)
        if found is not None:
            out.append(found)
    return out
