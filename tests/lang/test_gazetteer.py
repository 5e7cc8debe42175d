"""The generated gazetteer: in sync with vietnamadminunits, and valid."""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_gazetteer.py"
GAZETTEER = ROOT / "src" / "vn_policy_nlp" / "gazetteers" / "admin_units_vn.json"


def _load_script() -> Any:
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return json.loads(GAZETTEER.read_text(encoding="utf-8"))


def test_in_sync_with_package() -> None:
    pytest.importorskip("vietnamadminunits")
    script = _load_script()
    assert GAZETTEER.read_text(encoding="utf-8") == script.render(script.build()), \
        "admin_units_vn.json is stale: run python scripts/build_gazetteer.py"


def test_provinces_before_and_after_2025(data: dict[str, Any]) -> None:
    legacy = [p for p in data["provinces"] if "legacy" in p[2]]
    modern = [p for p in data["provinces"] if "2025" in p[2]]
    assert len(legacy) == 63
    assert len(modern) == 34
    assert {p[1] for p in data["provinces"]} == {"tỉnh", "thành phố"}
    assert all(len(p[3]) == 2 and p[3].isdigit() for p in data["provinces"])


def test_units_point_to_known_provinces_and_are_nfc(data: dict[str, Any]) -> None:
    provinces = {p[0] for p in data["provinces"]}
    for key in ("districts", "wards"):
        for name, level, province, code in data[key]:
            assert province in provinces
            assert code is None or code.isdigit()
            assert unicodedata.is_normalized("NFC", name) and name == name.strip()
            assert level == level.lower()
    assert len(data["districts"]) > 600 and len(data["wards"]) > 10000


def test_licence_and_source_are_shipped() -> None:
    folder = GAZETTEER.parent
    assert (folder / "SOURCE.md").exists()
    assert "MIT" in (folder / "LICENSE-vietnamadminunits").read_text(encoding="utf-8")
