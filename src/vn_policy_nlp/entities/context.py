"""The article's places: which administrative units it is about, by level.

A bare body ("UBND huyện", "Sở Y tế") takes its scope from here, and the
most mentioned unit is the article's place (`doc._.place`, the targets'
default location).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..extensions import Mention
from .gazetteer import Gazetteer, Unit, gazetteer
from .rules import org_rules

_LEVEL_ORDER = {"province": 0, "city": 0, "district": 1, "commune": 2}


@dataclass
class PlaceContext:
    """The article's places by level, most mentioned first."""

    main: Unit | None = None
    main_written: str | None = None
    by_level: dict[str, Unit] = field(default_factory=dict)


def unit_of(loc: Mention, g: Gazetteer) -> Unit | None:
    """The administrative unit a location mention names, if it names one."""
    name = loc.attrs.get("_name")
    level = loc.attrs.get("level")
    if not name or level not in ("province", "district", "commune"):
        return None
    if name.isdigit():
        return Unit(name, g.full_level_word(loc.attrs.get("_lw", "")), level, "")
    unit = g.lookup(name, level)
    if unit is None:
        lw = loc.attrs.get("_lw")
        return Unit(name, g.full_level_word(lw), level, "") if lw else None
    if loc.attrs.get("_lw") and unit.level != "province":
        return Unit(unit.name, g.full_level_word(loc.attrs["_lw"]), unit.level, unit.province, unit.code)
    return unit


def _lowered_level_word(shown: str, g: Gazetteer) -> str:
    """"Huyện Yên Định" at a sentence start is "huyện Yên Định" elsewhere."""
    words = shown.split(" ")
    for n in (2, 1):
        lead = " ".join(words[:n])
        if len(words) > n and g.level_of(lead) and lead not in g.abbreviated_levels:
            return " ".join([lead.lower(), *words[n:]])
    return shown


def place_context(text: str, locs: list[Mention]) -> PlaceContext:
    g, windows = gazetteer(), org_rules().windows
    counts: Counter[tuple[str, str]] = Counter()
    units: dict[tuple[str, str], Unit] = {}
    written: dict[tuple[str, str], Counter[str]] = {}
    first: dict[tuple[str, str], int] = {}
    for loc in locs:
        unit = unit_of(loc, g)
        if unit is None:
            continue
        key = (unit.level, unit.name)
        counts[key] += 1
        units.setdefault(key, unit)
        first.setdefault(key, loc.start)
        written.setdefault(key, Counter())[text[loc.start:loc.end]] += 1
    ctx = PlaceContext()
    if not counts:
        return ctx
    ranked = sorted(counts, key=lambda k: (-counts[k], first[k]))
    for key in ranked:
        ctx.by_level.setdefault(units[key].level, units[key])
    top = ranked[0]
    # A district or commune mentioned nearly as often as its province is the article's place.
    for key in ranked[1:]:
        if (counts[key] >= counts[top] * windows.main_place_share and _LEVEL_ORDER[key[0]] > _LEVEL_ORDER[top[0]]
                and counts[key] >= windows.main_place_min):
            top = key
            break
    ctx.main = units[top]
    ctx.main_written = _lowered_level_word(written[top].most_common(1)[0][0], g)
    if "province" not in ctx.by_level and ctx.main.province:
        prov = g.provinces.get(ctx.main.province)
        if prov is not None:
            ctx.by_level["province"] = prov
    return ctx
