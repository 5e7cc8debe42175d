"""Central bodies known by name: Quốc hội, Chính phủ, Bộ Chính trị, TTXVN ...

`central_bodies` in organisations.yaml gives each its full name and type;
a country right after one names a foreign body ("Chính phủ Pháp"), a term
after it stays in the name ("Quốc hội khóa XV").
"""

from __future__ import annotations

import re

from ..gazetteer import Gazetteer
from ..lexicon import UPPER, WORD, is_capitalised, left_ok
from ..rules import OrgRules
from .org import Org

_CREDIT = re.compile(rf"[{UPPER}][^\W\d_]*[a-zđ][^\W\d_]*/\Z")


def credit_slash(text: str, start: int, rules: OrgRules) -> bool:
    """A photo or news credit: "Ảnh: Hữu Quyết/TTXVN" (a name, not a code like "NQ/TW", before the slash)."""
    return text[start - 1:start] == "/" and bool(_CREDIT.search(text, max(0, start - rules.windows.credit), start))


def _standalone_excluded(text: str, m: re.Match[str], rules: OrgRules) -> bool:
    """A body that counts only standing alone ("Trung ương", "Đảng"), here part of
    a longer phrase: a scoped body, a named party, or after "cấp", "toàn" ..."""
    nxt = WORD.match(text, m.end() + 1) if text[m.end():m.end() + 1] == " " else None
    if nxt and m.group(0) + " " + nxt.group(0) in rules.scoped:
        return True
    if nxt and m.group(0) in rules.heads and is_capitalised(nxt.group(0)):
        return True  # "Đảng Dân chủ": the head of a named party
    window = text[max(0, m.start() - rules.windows.standalone_before):m.start()].split()
    return bool(window) and (window[-1] in rules.standalone_not_after
                             or " ".join(window[-2:]) in rules.standalone_not_after)


def find_central(text: str, hits: list[re.Match[str]], g: Gazetteer, rules: OrgRules) -> list[Org]:
    found: list[Org] = []
    for m in hits:
        if not left_ok(text, m.start(), "&/-") and not credit_slash(text, m.start(), rules):
            continue
        entry = rules.central[m.group(0)]
        if rules.central_not_before.match(text, m.end()):
            continue
        if entry.get("standalone_only") and _standalone_excluded(text, m, rules):
            continue
        end, name = m.end(), entry["name"]
        c = g.bare_names.match(text, end + 1) if text[end:end + 1] == " " else None
        if c and g.others.get(c.group(0)) == "country" and not name.endswith(c.group(0)):
            end, name = c.end(), f"{m.group(0)} {c.group(0)}"  # "Chính phủ Pháp"
        k = rules.term.match(text, end)
        if k:
            end, name = k.end(), f"{name} {k.group(0).strip()}"
        found.append(Org(m.start(), end, "org.central", entry.get("type", "state"), "central", name))
    return found
