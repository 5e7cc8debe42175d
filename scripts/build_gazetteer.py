#!/usr/bin/env python3
"""Export Vietnamese administrative unit names from `vietnamadminunits` (MIT).

Writes `src/vn_policy_nlp/gazetteers/admin_units_vn.json`: province, district
and ward/commune names before (63 provinces) and after (34 provinces) the
1 July 2025 reform, each with its level word and province. Only names and
levels are kept (no coordinates, codes or keywords), so the file stays small
and loads in milliseconds.

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


def build() -> dict[str, Any]:
    legacy = _read("parser_legacy.json")
    modern = _read("parser_from_2025.json")
    provinces: dict[str, list[Any]] = {}
    for era, data in (("legacy", legacy), ("2025", modern)):
        for p in data["DICT_PROVINCE"].values():
            name = _nfc(p["provinceShort"])
            type_word = _level(p["province"][: len(p["province"]) - len(p["provinceShort"])])
            entry = provinces.setdefault(name, [name, type_word, []])
            entry[2].append(era)
    prov_short = {k: _nfc(v["provinceShort"]) for k, v in legacy["DICT_PROVINCE"].items()}
    prov_short.update({k: _nfc(v["provinceShort"]) for k, v in modern["DICT_PROVINCE"].items()})

    districts = sorted(
        {
            (_nfc(d["districtShort"]), _level(d["districtType"]), prov_short[pk])
            for pk, ds in legacy["DICT_PROVINCE_DISTRICT"].items()
            for d in ds.values()
        }
    )
    wards: set[tuple[str, str, str]] = set()
    for pk, ds in legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].items():
        for ws in ds.values():
            for w in ws.values():
                if isinstance(w.get("wardType"), str) and isinstance(w.get("wardShort"), str):
                    wards.add((_nfc(w["wardShort"]), _level(w["wardType"]), prov_short[pk]))
    for pk, ws in modern["DICT_PROVINCE_WARD_NO_ACCENTED"].items():
        for w in ws.values():
            if isinstance(w.get("wardType"), str) and isinstance(w.get("wardShort"), str):
                wards.add((_nfc(w["wardShort"]), _level(w["wardType"]), prov_short[pk]))
    return {
        "meta": {
            "source": "vietnamadminunits (https://github.com/tranngocminhhieu/vietnamadminunits), MIT licence",
            "version": metadata.version("vietnamadminunits"),
            "generator": "scripts/build_gazetteer.py",
            "fields": {"provinces": ["name", "level", "eras"], "districts": ["name", "level", "province"],
                       "wards": ["name", "level", "province"]},
        },
        "provinces": sorted(provinces.values()),
        "districts": [list(d) for d in districts],
        "wards": [list(w) for w in sorted(wards)],
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
