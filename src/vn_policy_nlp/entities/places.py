"""Locations written with their level or place word, or as a known bare name.

`huyện Đông Sơn`, `TP.HCM`, `khu công nghiệp VSIP`, `Thanh Hóa`, `Mỹ`: a
level word (`lang/vi/places.yaml` admin_levels) or place word (place_words)
and a capitalised name, or a name of the gazetteer standing alone. Each
mention carries the bare name (`_name`) and the level word as written
(`_lw`) for scope and canonical names.
"""

from __future__ import annotations

import re

from ..extensions import Mention
from .gazetteer import Gazetteer, gazetteer
from .lexicon import NEXT_WORD, after_phrase, at_sentence_start, foreign_word, is_acronym, is_capitalised, left_ok, prev_word
from .rules import OrgRules, org_rules
from .spans import resolve_overlaps

Hits = dict[str, list[re.Match[str]]]


def trim_name(name: str, g: Gazetteer, rules: OrgRules) -> str:
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


def person_name(name: str, rules: OrgRules) -> bool:
    words = name.split(" ")
    return len(words) >= 2 and words[0] in rules.surnames


def capitalised_before(text: str, start: int, pw: str, rules: OrgRules, g: Gazetteer | None) -> bool:
    """A capitalised word right before `start` that is not a sentence start or an
    acronym (nor, given the gazetteer `g`, a head, a place word or a level word):
    `start` is inside a longer name."""
    if not (pw and is_capitalised(pw) and not is_acronym(pw)):
        return False
    if at_sentence_start(text, start - len(pw) - 1, rules.windows.sentence_start):
        return False
    return g is None or not (rules.heads.get(pw) or pw.lower() in g.place_words or g.level_of(pw))


def _level_word_places(text: str, hits: Hits, g: Gazetteer, rules: OrgRules) -> list[Mention]:
    """A level word and a name or number: "huyện Đông Sơn", "TP.HCM", "quận 6"."""
    out: list[Mention] = []
    numbered = {w.lower() for w in g.numbered_levels}
    for m in hits["level"]:
        lw, name = m.group("lw"), m.group("name")
        level = g.level_of(lw)
        if level is None or not left_ok(text, m.start(), "."):
            continue
        if g.level_of(f"{prev_word(text, m.start(), rules.windows.prev_word)} {lw}"):
            continue  # "phố" of "thành phố Trần Xuân Việt": the longer level word did not name a place
        if name.isdigit():
            if lw.lower() not in numbered:
                continue
        else:
            name = trim_name(name, g, rules)
            if not name or (person_name(name, rules) and g.known(name) is None):
                continue
            if len(name.split(" ")[0]) < 2 or (is_acronym(name) and g.known(name) is None):
                continue  # "P.V": a byline's initials; "xã NTM": a kind of commune, not a name
            if lw.endswith(".") and text[m.end("lw"):m.start("name")] == " " and g.known(name) is None:
                continue  # "... của TP. Chủ tịch UBND": the abbreviation ends a sentence
        if level == "city":
            unit = g.lookup(name, "province")
            level = "province" if unit is not None and unit.level == "province" else "district"
        end = m.start("name") + len(name)
        out.append(Mention("LOC", m.start(), end, {"level": level, "_name": name, "_lw": lw}, rule="loc.level_word"))
    return out


def _known_prefix(name: str, g: Gazetteer) -> str | None:
    """The longest known country, province or region that opens `name`, leaving a word after it."""
    words = name.split(" ")
    for n in range(len(words) - 1, 0, -1):
        cand = " ".join(words[:n])
        if g.known(cand) in ("country", "foreign", "province", "region"):
            return cand
    return None


def _place_word_places(text: str, hits: Hits, g: Gazetteer, rules: OrgRules) -> list[Mention]:
    """A place word and a name: "khu công nghiệp VSIP", "sông Hồng", "bang Texas"."""
    out: list[Mention] = []
    for m in hits["place"]:
        word, name = m.group("lw"), m.group("name")
        kind = g.place_words.get(word.lower())
        if kind is None or not left_ok(text, m.start(), ".") or (word[0].isupper() and word in rules.surnames):
            continue
        if (is_acronym(name) and " " not in name) or (
                name[0].isdigit() and text[m.end():m.end() + 2][:1] in (",", ".") and kind != "road"):
            continue
        pw = prev_word(text, m.start(), rules.windows.prev_word)
        if pw.lower() in g.place_word_not_after or g.level_of(f"{pw} {word}"):
            continue  # "phố" of "thành phố Trần Xuân Việt" is no street
        whole = g.known(m.group(0))
        if whole in ("province", "district", "commune"):
            # "Cầu Giấy", "Chợ Mới": an administrative unit whose name begins with a place word.
            out.append(Mention("LOC", m.start(), m.end(), {"level": whole, "_name": m.group(0)}, rule="loc.gazetteer"))
            continue
        end = m.end()
        if kind in ("state", "region") and " " in name and not g.known(name):
            # "bang New Jersey Chris Christie": the known place, not the person after it.
            known = _known_prefix(name, g)
            if known:
                end, name = m.start("name") + len(known), known
        out.append(Mention("LOC", m.start(), end, {"level": kind, "_name": name, "_lw": word}, rule="loc.place_word"))
    return out


def place_before_person(text: str, start: int, name: str, nxt: str, g: Gazetteer, rules: OrgRules) -> bool:
    """A country or foreign place right before a person's name: after a title
    ("Tổng thống Mỹ Donald Trump", "Ngoại trưởng Ấn Độ ...") or before a foreign
    given name ("Bộ trưởng Thương mại Mỹ Wilbur Ross")."""
    if g.others.get(name) not in ("country", "foreign"):
        return False
    if after_phrase(text, start, rules.person_titles, rules.windows.person_title):
        return True
    return name not in g.ambiguous_names and foreign_word(nxt)


def _bare_places(text: str, hits: Hits, g: Gazetteer, rules: OrgRules) -> list[Mention]:
    """A province, country or region named alone ("Thanh Hóa", "Mỹ"), not inside a person's or body's name."""
    out: list[Mention] = []
    for m in hits["bare"]:
        name = m.group(0)
        pw = prev_word(text, m.start(), rules.windows.prev_word)
        if not left_ok(text, m.start(), ".&") or pw in g.bare_not_after or (pw in rules.person_titles and pw.islower()):
            continue
        if name in g.ambiguous_names and at_sentence_start(text, m.start(), rules.windows.sentence_start):
            continue
        if capitalised_before(text, m.start(), pw, rules, g):
            continue
        nxt = NEXT_WORD.match(text, m.end())
        if nxt:
            nw = nxt.group(1)
            if (is_capitalised(nw) and not is_acronym(nw) and nw not in rules.surnames
                    and not place_before_person(text, m.start(), name, nw, g, rules)):
                continue
            if nw in g.bare_not_before and " " not in name:
                continue
        out.append(Mention("LOC", m.start(), m.end(), {"level": g.known(name) or "place", "_name": name},
                           rule="loc.gazetteer"))
    return out


def find_locations(text: str, hits: Hits | None = None) -> list[Mention]:
    g, rules = gazetteer(), org_rules()
    hits = hits if hits is not None else rules.scan.run(text)
    found = _level_word_places(text, hits, g, rules) + _place_word_places(text, hits, g, rules)
    return resolve_overlaps(found + _bare_places(text, hits, g, rules))
