"""Each organisation's `name`: abbreviations expanded, scope added, parents attached.

`HĐND` in the Đông Sơn article -> `Hội đồng nhân dân huyện Đông Sơn`;
`Trường ĐH Bách khoa` in an article naming ĐHQG TP.HCM -> `Trường Đại học
Bách khoa, Đại học Quốc gia TP. Hồ Chí Minh`; `Vụ Giáo dục đại học` ->
`..., Bộ Giáo dục và Đào tạo` when the article names one ministry.
"""

from __future__ import annotations

import bisect

from .context import PlaceContext
from .gazetteer import Gazetteer, Unit, gazetteer
from .lexicon import cap_first, foreign_name, is_acronym
from .organisations.acronyms import defined_acronyms
from .organisations.org import Org
from .rules import OrgRules, org_rules
from .scope import Scope, body_level, coordinated_scopes, level_scoped, scope_phrase, unit_for_scope, with_committee


def expand(written: str, rules: OrgRules) -> str:
    """Abbreviations and spellings written out: "Sở GD&ĐT" -> "Sở Giáo dục và Đào tạo"."""
    for pat, rep in rules.name_rewrites:
        written = pat.sub(rep, written)
    for old, new in rules.name_replacements.items():
        written = written.replace(old, new)
    return rules.abbreviation_re.sub(lambda m: rules.abbreviations[m.group(0)], written)


def _context_unit(o: Org, ctx: PlaceContext, g: Gazetteer, rules: OrgRules) -> Unit | None:
    """The article's unit a bare body takes: of the body's own level when it has
    one (a Sở takes the province, `scope_levels`), else the article's place."""
    want = body_level(o, rules)
    if ctx.main is None:
        return None
    unit = ctx.by_level.get(want) if want else ctx.main
    if unit is None and want == "province":
        unit = g.provinces.get(ctx.main.province)
    return unit


def _scoped_unit(o: Org, scope: Scope | None, ctx: PlaceContext, g: Gazetteer,
                 rules: OrgRules) -> tuple[str, str | None, str | None]:
    """(unit name, level word, level) the body's name takes."""
    if scope is not None:
        unit_name, lw, level = unit_for_scope(scope, ctx, g)
        if scope.get("name") and not is_acronym(scope["name"]) and scope["name"] not in g.scope_names:
            unit_name = scope["name"]
        return unit_name, lw, level
    unit = _context_unit(o, ctx, g, rules)
    return (unit.name, unit.level_word, unit.level) if unit is not None else ("", None, None)


def _name_scoped(text: str, o: Org, scope: Scope | None, ctx: PlaceContext, g: Gazetteer, rules: OrgRules) -> None:
    """A local body, a sector body or a listed sector: its full name and its place."""
    written = text[o.start:o.end]
    base = o.name
    if o.body is not None:
        base = f"{expand(o.head, rules)} {o.body.full}" if o.head else o.body.full
    party_style = o.body is not None and o.body.scope == "bare"
    bare_style = party_style or o.attrs.get("_style") == "bare"
    if o.body is None and not o.attrs.get("_scoped") and scope is None:
        o.name = cap_first(base or written)
        return
    unit_name, lw, level = _scoped_unit(o, scope, ctx, g, rules)
    if not unit_name:
        o.name = cap_first(base or expand(written, rules))
    else:
        written_lw = scope is not None and scope.get("lw") is not None and scope.get("name") is not None
        bare = party_style or (bare_style and not written_lw) or (
            scope is not None and scope.get("lw") is None and level not in ("district", "commune"))
        phrase = scope_phrase(unit_name, lw, bare, g)
        if o.body is not None and o.body.committee:
            base = with_committee(base or "", phrase, lw, rules, g)
        o.name = cap_first(f"{base} {phrase}")
    khoa = rules.term.search(written)
    if khoa:
        o.name = f"{o.name} {khoa.group(0).strip()}"
    if o.body is not None:
        o.level = level or o.body.level
    elif o.attrs.get("_scoped"):
        o.level = level or o.level
    if o.level == "city":
        o.level = "province"


def head_name(written: str, head: str, rules: OrgRules) -> str:
    """A head-plus-name body's full name: a known full name, an implicit head
    written out ("ĐH Vinh" -> "Trường Đại học Vinh"), abbreviations expanded."""
    rest = written[len(head) + 1:] if written.startswith(head + " ") else ""
    full = rules.full_names.get(rest)
    if full and full.lower().startswith(expand(head, rules).lower() + " "):
        return full  # "Tập đoàn Viettel": the group's full name
    for implicit in sorted(rules.implicit_heads, key=len, reverse=True):
        if written.startswith(implicit + " "):
            rest = written[len(implicit) + 1:]
            if any(rest.startswith(u) for u in rules.university_systems) or foreign_name(rest):
                # "ĐH Quốc gia" is a university system, "Đại học London" a foreign university: neither a "Trường"
                return cap_first(expand(written, rules))
            return cap_first(f"{rules.implicit_heads[implicit]} {expand(rest, rules)}")
    return cap_first(expand(written, rules))


def _name_headed(text: str, o: Org, ctx: PlaceContext, g: Gazetteer, rules: OrgRules) -> None:
    """A head and a name ("Công ty ...", "Trường ..."), with its branch place or university system."""
    written = text[o.start:o.end]
    core, suffix = written, ""
    if "_branch" in o.attrs:
        off, place = o.attrs["_branch"]
        core, suffix = written[:off], f" {rules.branch_written} {place}"
    if "_system" in o.attrs:
        off, system = o.attrs["_system"]
        core, suffix = written[:off].rstrip(" ,-"), f", {system}"
    o.name = level_scoped(head_name(core, o.head or "", rules), ctx, g) + suffix


def attach_systems(text: str, orgs: list[Org], rules: OrgRules) -> None:
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
        prefix = next((p for p in rules.member_prefixes if o.name.startswith(p)), None)
        if prefix is None:
            continue
        rest = o.name[len(prefix):].lower()
        systems = [s for s in named if rest in rules.system_members.get(s, ()) and s not in o.name]
        if len(systems) == 1:
            o.name = f"{o.name}, {systems[0]}"


def attach_parents(orgs: list[Org], rules: OrgRules) -> None:
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


def name_organisations(text: str, orgs: list[Org], ctx: PlaceContext) -> list[Org]:
    """Give each organisation its expanded, scoped `name`, `level` and `type`;
    returns the list with the later mentions of acronyms the text defines."""
    g, rules = gazetteer(), org_rules()
    inherited = coordinated_scopes(text, orgs, g)
    for i, o in enumerate(orgs):
        if o.rule in ("org.scoped", "org.sector", "org.sector_list"):
            _name_scoped(text, o, o.scope or inherited.get(i), ctx, g, rules)
        elif o.rule == "org.head":
            _name_headed(text, o, ctx, g, rules)
        if o.name is None:
            o.name = cap_first(expand(text[o.start:o.end], rules))
    attach_parents(orgs, rules)
    attach_systems(text, orgs, rules)
    orgs = defined_acronyms(text, orgs, rules)
    same_body_same_name(orgs)
    return orgs


def same_body_same_name(orgs: list[Org]) -> None:
    """A body written in full ("Tập đoàn Dầu khí Việt Nam") in an article that also names it by its
    acronym takes the acronym's name ("Tập đoàn Dầu khí Việt Nam (PVN)")."""
    with_acronym = {}
    for o in orgs:
        if o.name and o.name.endswith(")") and " (" in o.name:
            with_acronym.setdefault(o.name[: o.name.rindex(" (")].casefold(), o.name)
    if not with_acronym:
        return
    for o in orgs:
        if o.name and o.name.casefold() in with_acronym:
            o.name = with_acronym[o.name.casefold()]
