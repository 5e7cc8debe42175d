"""Where a body belongs: the place written after it, or the article's.

`UBND huyện Đông Sơn` has its scope written; `UBND huyện` takes the
article's district; `HĐND` listed before `Ủy ban MTTQ huyện Đông Sơn` takes
that one's; a provincial body (`Sở Y tế`) takes the province even after a
district (`scope_levels` in organisations.yaml).
"""

from __future__ import annotations

import re
from typing import Any

from .context import PlaceContext
from .gazetteer import Gazetteer
from .lexicon import CAP_RUN_RE, WORD, is_acronym
from .organisations.org import Org
from .places import person_name, trim_name
from .rules import OrgRules, org_rules

Scope = dict[str, Any]  # lw: the level word as written or None; name: the place or None
_TWO_WORDS = re.compile(r"[^\W_]+[ ][^\W_]+")


def _level_and_name(text: str, pos: int, g: Gazetteer, rules: OrgRules) -> tuple[int, Scope | None]:
    """A level word and a name ("huyện Đông Sơn", "quận 2") at `pos`."""
    m = g.level_phrase.match(text, pos)
    if not m or (m.group("name").isdigit() and m.group("lw").lower() not in {w.lower() for w in g.numbered_levels}):
        return pos, None
    name = m.group("name")
    if not name.isdigit():
        name = trim_name(name, g, rules)
    if name and (name.isdigit() or not (person_name(name, rules) and g.known(name) is None)):
        return m.start("name") + len(name), {"lw": m.group("lw"), "name": name}
    return pos, None


def scope_after(text: str, pos: int, g: Gazetteer) -> tuple[int, Scope | None]:
    """A place written right after a body at `pos`: level word + name, a bare
    level word ("UBND huyện"), or a bare province/district name."""
    if text[pos:pos + 1] != " ":
        return pos, None
    rules = org_rules()
    end, scope = _level_and_name(text, pos + 1, g, rules)
    if scope is not None:
        return end, scope
    # "UBND tỉnh" / "UBND TP" / "UBND Thành phố": a level word with no name after it.
    for m in (_TWO_WORDS.match(text, pos + 1), WORD.match(text, pos + 1)):
        if m and g.level_of(m.group(0)):
            return m.end(), {"lw": m.group(0), "name": None}
    b = g.bare_names.match(text, pos + 1)
    if b and (b.group(0) in g.provinces or g.others.get(b.group(0)) == "country"):
        return b.end(), {"lw": None, "name": b.group(0)}
    run = CAP_RUN_RE.match(text, pos + 1)
    if run:
        name = trim_name(run.group(0), g, rules)
        if name and g.lookup(name, "district") is not None:
            return pos + 1 + len(name), {"lw": None, "name": name}
    return pos, None


def unit_for_scope(scope: Scope, ctx: PlaceContext, g: Gazetteer) -> tuple[str, str | None, str | None]:
    """(name, level word, level) of a written scope; a bare level word takes the article's unit."""
    lw, name = scope.get("lw"), scope.get("name")
    level = g.level_of(lw) if lw else None
    if name:
        unit = g.lookup(name, level) if not name.isdigit() else None
        if unit is not None and lw is None:
            return unit.name, unit.level_word, unit.level
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


def scope_phrase(unit_name: str, lw: str | None, bare: bool, g: Gazetteer) -> str:
    """How a place is written in a body's name: "huyện Đông Sơn" (with its level
    word) or "Đông Sơn" (bare); a numbered unit keeps its level word ("Quận 2")."""
    shown = unit_name
    if is_acronym(shown) or shown in g.scope_names:
        unit = g.provinces.get(shown)
        shown = g.scope_names.get(unit.name if unit else shown, unit.name if unit else shown)
        if shown != unit_name:
            return shown  # "TP. Hồ Chí Minh": the curated form carries its level word
    full_lw = g.full_level_word(lw) if lw else None
    if (bare and not shown.isdigit()) or not full_lw or shown.lower().startswith(full_lw):
        return shown
    return f"{full_lw} {shown}"


_ORDER = {"province": 0, "district": 1, "commune": 2}


def scope_level(scope: Scope, g: Gazetteer) -> str | None:
    """province, district or commune: the level of the unit a scope names."""
    if scope.get("lw"):
        level = g.level_of(scope["lw"])
        if level != "city":
            return level
    unit = g.lookup(scope["name"]) if scope.get("name") and not str(scope["name"]).isdigit() else None
    return unit.level if unit is not None else None


def body_level(o: Org, rules: OrgRules) -> str | None:
    """The level a body belongs to: a Sở or Tỉnh ủy the province, a Phòng or Huyện ủy the district."""
    if o.body is not None and o.body.level:
        return o.body.level
    return rules.scope_levels.get(o.head or "")


def coordinated_scopes(text: str, orgs: list[Org], g: Gazetteer) -> dict[int, Scope]:
    """Bare bodies listed before a scoped one share its scope ("Huyện ủy, HĐND,
    UBND, Ủy ban MTTQ huyện Đông Sơn"): walk right to left. A body does not take
    a finer unit than its own level ("Sở Y tế và UBND TP Hạ Long": the Sở is the
    province's), and a central body none ("Bộ Nông nghiệp, UBND TP Hà Nội")."""
    rules = org_rules()
    inherited: dict[int, Scope] = {}
    for i in range(len(orgs) - 2, -1, -1):
        o, nxt = orgs[i], orgs[i + 1]
        if o.rule not in ("org.scoped", "org.sector") or o.scope is not None or o.level == "central":
            continue
        if rules.coordination.fullmatch(text, o.end, nxt.start):
            sc = nxt.scope or inherited.get(i + 1)
            own, theirs = body_level(o, rules), scope_level(sc, g) if sc is not None else None
            if sc is not None and not (own in _ORDER and theirs in _ORDER and _ORDER[theirs] > _ORDER[own]):
                inherited[i] = sc
    return inherited


def with_committee(base: str, phrase: str, lw: str | None, rules: OrgRules, g: Gazetteer) -> str:
    """A Party board's name takes the committee of its place's level: "Ban Tổ chức"
    + "quận 2" -> "Ban Tổ chức Quận ủy", + "xã Đông Tiến" -> "Ban Tổ chức Đảng ủy"."""
    full_lw = g.full_level_word(lw) if lw else ""
    committee = rules.committees.get(full_lw)
    if not committee:
        return base
    if committee.lower().endswith(" " + full_lw) and phrase.lower().startswith(full_lw + " "):
        committee = committee[:-len(full_lw) - 1]  # "Đảng ủy" + "xã Đông Tiến"
    return f"{base} {committee}"


def level_scoped(name: str, ctx: PlaceContext, g: Gazetteer) -> str:
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
