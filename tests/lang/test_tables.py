"""Every language table loads, carries a `meta` block, and is written in NFC."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pytest
import yaml

from vn_policy_nlp.lang import table

TABLES = sorted(p.name[:-5] for p in resources.files("vn_policy_nlp.lang").joinpath("vi").iterdir() if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_with_meta(name: str) -> None:
    data = table(name)
    assert isinstance(data.get("meta"), dict), f"{name}.yaml needs a meta block (source, updated)"


@pytest.mark.parametrize("name", TABLES)
def test_table_source_is_nfc(name: str) -> None:
    raw = resources.files("vn_policy_nlp.lang").joinpath("vi", f"{name}.yaml").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw), f"{name}.yaml has decomposed characters"
    yaml.safe_load(raw)


def test_missing_table_is_a_clear_error() -> None:
    from vn_policy_nlp.errors import RulesError

    with pytest.raises(RulesError, match="no language table"):
        table("no_such_table")
