"""An organisation found by a rule, before it is named."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..rules import OrgRules, ScopedBody
from ..spans import keep_non_overlapping


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


def is_generic(text: str, start: int, end: int, rules: OrgRules) -> bool:
    """A plural or generic reference ("các Sở", "HĐND các cấp"): no mention."""
    w = rules.windows.plural_before
    return bool(rules.plural_before.search(text, max(0, start - w), start)) or bool(rules.generic_after.match(text, end))


RULE_RANK = {"org.scoped": 0, "org.sector": 1, "org.central": 2, "org.sector_list": 3, "org.head": 4, "org.known": 5}


def merge_orgs(found: list[Org]) -> list[Org]:
    """Longest wins, except that a body found by name or pattern beats a
    head-plus-name run starting at the same word ("Ngân hàng Nhà nước - ...")."""
    named_starts = {o.start for o in found if o.rule != "org.head"}
    found = [o for o in found if o.rule != "org.head" or o.start not in named_starts]
    return keep_non_overlapping(found, lambda x: (-(x.end - x.start), RULE_RANK.get(x.rule, 9), x.start))
