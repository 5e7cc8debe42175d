"""Ministries, departments and offices by sector: `Bộ Tài chính`, `Sở Y tế`,
`Phòng Giáo dục`, and sector lists after a plural cue (`các Bộ: Tài chính,
Y tế và Công Thương`). Sectors and heads: organisations.yaml."""

from __future__ import annotations

import re
from typing import Any

from ..gazetteer import Gazetteer
from ..lexicon import cap_first, left_ok
from ..rules import OrgRules
from ..scope import scope_after
from .org import Org, is_generic


def _style(spec: dict[str, Any]) -> dict[str, Any]:
    return {"_scoped": bool(spec.get("scoped")), "_style": spec.get("scope", "level")}


def find_sector_bodies(text: str, hits: list[re.Match[str]], g: Gazetteer, rules: OrgRules) -> list[Org]:
    found: list[Org] = []
    for m in hits:
        if not left_ok(text, m.start()) or is_generic(text, m.start(), m.end(), rules):
            continue
        head = cap_first(m.group("head"))
        spec = rules.sector_heads.get(head, {})
        end, scope = m.end(), None
        name = f"{head} {rules.sector_name(m.group('sector'))}"
        if spec.get("scoped"):
            end, scope = scope_after(text, m.end(), g)
        else:
            c = g.bare_names.match(text, end + 1) if text[end:end + 1] == " " else None
            if c and g.others.get(c.group(0)) == "country":
                end, name = c.end(), f"{name} {c.group(0)}"  # "Bộ Ngoại giao Mỹ"
        found.append(Org(m.start(), end, "org.sector", spec.get("type", "state"), spec.get("level"),
                         name=name, scope=scope, head=head, attrs=_style(spec)))
    return found


def _listed(text: str, pos: int, head: str, rules: OrgRules) -> tuple[Org | None, int] | None:
    """The item of a sector list at `pos`: a body of its own, a sector, or a
    central body found by its own rule (no Org); None when the list ends."""
    s = rules.sector_alone.match(text, pos)
    if s and s.group("sector") in rules.list_own_bodies.get(head, ()) and s.group("sector") in rules.scoped:
        body = rules.scoped[s.group("sector")]
        return Org(s.start(), s.end(), "org.scoped", body.type, body.level, body=body), s.end()
    if s:
        spec = rules.sector_heads.get(head, {})
        return Org(s.start(), s.end(), "org.sector_list", spec.get("type", "state"), spec.get("level"),
                   name=f"{head} {rules.sector_name(s.group('sector'))}", head=head, attrs=_style(spec)), s.end()
    c = rules.central_re.match(text, pos)
    # "Tài chính - Ngân hàng Nhà nước - Kế hoạch và Đầu tư": the bank is found by its own rule.
    return (None, c.end()) if c else None


def find_sector_lists(text: str, hits: list[re.Match[str]], rules: OrgRules) -> list[Org]:
    """A list of sectors after a plural cue: "các Bộ: Tài chính, Y tế và Công Thương"."""
    found: list[Org] = []
    for m in hits:
        if not left_ok(text, m.start()):
            continue
        head = rules.sector_list_heads[m.group("head")]
        pos = m.end()
        while (item := _listed(text, pos, head, rules)) is not None:
            org, end = item
            if org is not None:
                found.append(org)
            j = rules.sector_list_sep.match(text, end)
            if not j or j.end() == end:
                break
            pos = j.end()
    return found
