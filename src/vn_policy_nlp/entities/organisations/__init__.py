"""Organisations by kind: central bodies, local bodies with a scope, sector
bodies, bodies known by name, head-plus-name bodies, bracketed acronyms.

`find_organisations` runs every kind over the trigger scan's hits and keeps
the longest of overlapping finds; `entities.names` then names them.
"""

from __future__ import annotations

import re

from ..gazetteer import gazetteer
from ..rules import org_rules
from .acronyms import bracketed_acronyms, extend_to_acronym
from .central import find_central
from .local import find_local
from .named import find_described, find_headed, find_known
from .org import Org, merge_orgs
from .sectors import find_sector_bodies, find_sector_lists

__all__ = ["Org", "find_organisations"]


def find_organisations(text: str, hits: dict[str, list[re.Match[str]]] | None = None) -> list[Org]:
    g, rules = gazetteer(), org_rules()
    hits = hits if hits is not None else rules.scan.run(text)
    found = [
        *find_central(text, hits["central"], g, rules),
        *find_local(text, hits["scoped"], g, rules),
        *find_sector_bodies(text, hits["sector"], g, rules),
        *find_sector_lists(text, hits["cue"], rules),
        *find_known(text, hits["known"], rules),
        *find_headed(text, hits["head"], g, rules),
        *bracketed_acronyms(text, g, rules),
        *find_described(text, rules),
    ]
    return extend_to_acronym(text, merge_orgs(found), rules)
