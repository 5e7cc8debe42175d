#!/usr/bin/env python3
"""Export Vietnamese administrative unit names from `vietnamadminunits` (MIT).

Writes `src/vn_policy_nlp/gazetteers/admin_units_vn.json`: province, district
and ward/commune names before (63 provinces) and after (34 provinces) the
1 July 2025 reform, each with its level word, province and administrative
code (the code of the era the name is from, the pre-reform one first; none
where one name stands for several units of a province, such as the many
"Phường 1"). Only names, levels and codes are kept (no coordinates or
keywords), so the file stays small and loads in milliseconds.

    python scripts/build_gazetteer.py            # rewrite the file
    python scripts/build_gazetteer.py --check    # exit 1 if the file is stale
"""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src" / "vn_policy_nlp" / "gazetteers" / "admin_units_vn.json"


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def _level(type_word: str) -> str:
    """Level word as it is written before a name in running text ("Thị xã" -> "thị xã")."""
    return _nfc(type_word).lower()


def _read(name: str) -> dict[str, Any]:
    path = resources.files("vietnamadminunits").joinpath("data", name)
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _code(codes: set[str]) -> str | None:
    """One unit's code, or None when the name stands for several units."""
    return next(iter(codes)) if len(codes) == 1 else None


def _wards(legacy: dict[str, Any], modern: dict[str, Any], prov_short: dict[str, str]) -> list[list[Any]]:
    """(name, level, province, code) of every ward and commune; a unit of both eras keeps its pre-reform code."""
    eras: list[dict[tuple[str, str, str], set[str]]] = [{}, {}]
    sources = [(0, pk, w) for pk, ds in legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].items()
               for ws in ds.values() for w in ws.values()]
    sources += [(1, pk, w) for pk, ws in modern["DICT_PROVINCE_WARD_NO_ACCENTED"].items() for w in ws.values()]
    for era, pk, w in sources:
        if isinstance(w.get("wardType"), str) and isinstance(w.get("wardShort"), str):
            key = (_nfc(w["wardShort"]), _level(w["wardType"]), prov_short[pk])
            eras[era].setdefault(key, set()).add(str(w.get("wardCode") or ""))
    keys = sorted({*eras[0], *eras[1]})
    return [[*k, _code(eras[0][k]) if k in eras[0] else _code(eras[1][k])] for k in keys]


def build() -> dict[str, Any]:
    legacy = _read("parser_legacy.json")
    modern = _read("parser_from_2025.json")
    provinces: dict[str, list[Any]] = {}
    for era, data in (("legacy", legacy), ("2025", modern)):
        for p in data["DICT_PROVINCE"].values():
            name = _nfc(p["provinceShort"])
            type_word = _level(p["province"][: len(p["province"]) - len(p["provinceShort"])])
            entry = provinces.setdefault(name, [name, type_word, [], p["provinceCode"]])
            entry[2].append(era)
    prov_short = {k: _nfc(v["provinceShort"]) for k, v in legacy["DICT_PROVINCE"].items()}
    prov_short.update({k: _nfc(v["provinceShort"]) for k, v in modern["DICT_PROVINCE"].items()})
    district_codes: dict[tuple[str, str, str], set[str]] = {}
    for pk, ds in legacy["DICT_PROVINCE_DISTRICT"].items():
        for d in ds.values():
            key = (_nfc(d["districtShort"]), _level(d["districtType"]), prov_short[pk])
            district_codes.setdefault(key, set()).add(d["districtCode"])
    return {
        "meta": {
            "source": "vietnamadminunits (https://github.com/tranngocminhhieu/vietnamadminunits), MIT licence",
            "version": metadata.version("vietnamadminunits"),
            "generator": "scripts/build_gazetteer.py",
            "fields": {"provinces": ["name", "level", "eras", "code"], "districts": ["name", "level", "province", "code"],
                       "wards": ["name", "level", "province", "code"]},
        },
        "provinces": sorted(provinces.values()),
        "districts": [[*k, _code(v)] for k, v in sorted(district_codes.items())],
        "wards": _wards(legacy, modern, prov_short),
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str]) -> int:
    text = render(build())
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: run scripts/build_gazetteer.py")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.encode()) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
