"""Document numbers: `01 / NQ - CP` cleaned to `01/NQ-CP`, its type code and its issuer decoded."""

from __future__ import annotations

import re

from .grammar import LegalGrammar


def clean_number(num: str) -> str:
    """`01 / NQ - CP` -> `01/NQ-CP`; an en dash is a hyphen."""
    return re.sub(r"\s+", "", num).replace("–", "-")


def parse_code(number: str) -> tuple[str | None, list[str], bool]:
    """`09-CT/TU` -> ("CT", ["TU"], party=True); `100/2019/NĐ-CP` -> ("NĐ", ["CP"], False)."""
    m = re.match(r"^\d+[a-zA-Z]?(?:[/\-](?:19|20)\d\d)?([/\-])(\D.*)$", number)
    if not m:
        return None, [], False
    party = m.group(1) == "-"
    segs = [re.sub(r"\d+$", "", s) for s in re.split(r"[\-/]", m.group(2)) if s]
    return (segs[0] if segs else None), segs[1:], party


def issuer_of(number: str, g: LegalGrammar) -> str | None:
    first, rest, party = parse_code(number)
    if first and first not in g.codes.types:
        rest = [first, *rest]  # "45/2019/QH14", "1245/BXD-KHCN": no type code, the issuer comes first
    names = []
    for seg in rest:
        name = (None if party else g.codes.issuers_state.get(seg)) or g.codes.issuers.get(seg)
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def is_bare(number: str) -> bool:
    return re.fullmatch(r"\d+[a-zA-Z]?(?:[/\-]\d{4})?", number) is not None
