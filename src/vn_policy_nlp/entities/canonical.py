"""One name for a place however it is written, so places can be grouped.

"TP. HCM", "TPHCM", "TP Hồ Chí Minh" and "thành phố Hồ Chí Minh" are all
("Thành phố Hồ Chí Minh", "79"): the gazetteer's official name and
administrative code. A place that is no administrative unit (a country, a
region) takes its name from `place_canonical` in places.yaml, with no code.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .gazetteer import Gazetteer, Unit, gazetteer
from .lexicon import cap_first


def _split(written: str, g: Gazetteer) -> tuple[str | None, str]:
    """(level word, name) of a written place: "huyện Đông Sơn" -> ("huyện", "Đông Sơn")."""
    m = g.level_phrase.match(written)
    if m and m.end() == len(written):
        return m.group("lw"), m.group("name")
    return None, written


def _units(name: str, lw: str | None, g: Gazetteer, province: str | None) -> list[Unit]:
    """The administrative units `name` can denote with that level word, within `province` when that decides.
    A province written with either provincial level word ("tỉnh Thừa Thiên - Huế") is the province,
    unless a district-level city of that name is meant ("thành phố Thanh Hóa")."""
    full_lw = g.full_level_word(lw) if lw else None
    if name.isdigit() and full_lw:
        name = f"{cap_first(full_lw)} {name}"  # numbered units are listed with their level word: "Quận 6"
    prov = g.provinces.get(name)
    if prov is not None and full_lw in (None, prov.level_word):
        return [prov]
    every = [*g.districts.get(name, ()), *g.wards.get(name, ())]
    local = [u for u in every if full_lw in (None, u.level_word)]
    if not local and prov is not None and g.level_of(full_lw or "") in ("province", "city"):
        return [prov]
    if not local and full_lw:  # "thị xã Hà Tiên", now a city: a unit of the same level under its new level word
        level = {"city": "district"}.get(g.level_of(full_lw) or "", g.level_of(full_lw))
        local = [u for u in every if u.level == level]
    if full_lw is None and any(u.level == "district" for u in local):
        local = [u for u in local if u.level == "district"]
    inside = [u for u in local if province and u.province == province]
    return inside or local


@lru_cache(maxsize=4096)
def canonical(name: str, province: str | None = None) -> tuple[str, str | None] | None:
    """(official name, administrative code or None) of a place as written, or None
    when the gazetteer does not know it ("xã NTM"). `province` (its bare canonical
    name, "Thanh Hóa") picks among districts and wards of the same name."""
    g = gazetteer()
    written = unicodedata.normalize("NFC", " ".join(name.split()))
    if not written:
        return None
    if written in g.provinces:
        unit = g.provinces[written]
        return unit.official, unit.code
    lw, bare = _split(written, g)
    named = g.place_phrase.match(written)
    if lw is None and named and named.end() == len(written) and g.known(written) is None:
        return cap_first(named.group("lw").lower()) + written[named.end("lw"):], None  # "Sông Hồng", "Khu công nghiệp VSIP"
    road = g.route_code.fullmatch(written) if g.route_code is not None else None
    if road:
        head = road.group("lw").strip(" .")
        joined = f"{head}{road.group('name')}" if head.isupper() else f"{cap_first(head)} {road.group('name')}"
        return joined, None  # "QL 1A" -> "QL1A", "đường vành đai 3" -> "Đường vành đai 3"
    if lw is None:
        other = g.short_forms.get(bare, bare) if bare not in g.others else bare
        if other in g.others or cap_first(other) in g.others:
            shown = g.canonical_names.get(other) or g.canonical_names.get(cap_first(other)) or cap_first(other)
            return shown, None
    units = _units(bare, lw, g, province)
    if not units:
        return None
    if len(units) == 1:
        return units[0].official, units[0].code
    officials = {u.official for u in units}
    return (officials.pop(), None) if len(officials) == 1 else None
