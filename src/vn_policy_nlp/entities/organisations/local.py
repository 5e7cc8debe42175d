"""Bodies of the local state, Party and Front that take a place as scope.

`UBND`, `HĐND`, `Huyện ủy`, `Ủy ban MTTQ`, `Công an`, with an optional
sub-unit before them (`Ban Thường vụ Tỉnh ủy`) and the place written after
them (`UBND huyện Đông Sơn`) or not (`UBND huyện`, `HĐND`): `scoped_bodies`
in organisations.yaml.
"""

from __future__ import annotations

import re

from ..gazetteer import Gazetteer
from ..lexicon import after_phrase, left_ok
from ..rules import OrgRules
from ..scope import scope_after
from .org import Org, is_generic


def find_local(text: str, hits: list[re.Match[str]], g: Gazetteer, rules: OrgRules) -> list[Org]:
    found: list[Org] = []
    last_end = -1
    for m in hits:
        if not left_ok(text, m.start(), "&/-"):
            continue
        body = rules.scoped[m.group("form")]
        if is_generic(text, m.start(), m.end(), rules):
            continue
        start, sub = m.start(), m.group("sub")
        if sub in rules.sub_title_parts and after_phrase(text, start, rules.sub_title_parts[sub], rules.windows.person_title):
            start, sub = m.start("form"), None  # "Phó Bí thư Thường trực Thành ủy": part of the title
        end, scope = scope_after(text, m.end(), g)
        listed = last_end >= 0 and bool(rules.coordination.fullmatch(text, last_end, start))
        if scope is None and body.bare_needs_scope and not sub and not listed:
            continue  # alone "Thanh tra" is any inspectorate; after "UBND tỉnh, " it is the province's
        if m.group("form")[:1].islower() and body.bare_needs_scope and not (scope and scope.get("name")):
            continue  # "công an xã" is any commune's police; "công an xã Tân Lập" is one
        k = rules.term.match(text, end)
        if k:
            end = k.end()
        found.append(Org(start, end, "org.scoped", body.type, body.level, body=body, scope=scope, head=sub))
        last_end = end
    return found
