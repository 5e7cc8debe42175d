"""Folding and comparison keys, from tests/data/store/keys.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vn_policy_nlp.store.keys import fold, indicator_key, place_key, unit_key

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "store" / "keys.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "want"), CASES["fold"])
def test_fold(text: str, want: str) -> None:
    assert fold(text) == want


@pytest.mark.parametrize(("name", "key", "level"), CASES["place_key"])
def test_place_key(name: str, key: str, level: str | None) -> None:
    assert place_key(name) == (key, level)


@pytest.mark.parametrize(("a", "b", "same"), CASES["indicator_same"])
def test_indicator_key(a: str, b: str, same: bool) -> None:
    assert (indicator_key(a) == indicator_key(b)) is same, (indicator_key(a), indicator_key(b))


@pytest.mark.parametrize(("unit", "want"), CASES["units"])
def test_unit_key(unit: str, want: str) -> None:
    assert unit_key(unit) == unit_key(want)


def test_empty_inputs() -> None:
    assert place_key(None) == (None, None)
    assert place_key("  ") == (None, None)
    assert indicator_key(None) == ""
    assert unit_key(None) is None


@pytest.mark.parametrize(("name", "key"), CASES["place_alias"])
def test_place_alias(name: str, key: str) -> None:
    assert place_key(name)[0] == key


@pytest.mark.parametrize("indicator", CASES["indicator_empty"])
def test_indicator_without_measure_is_empty(indicator: str) -> None:
    assert indicator_key(indicator) == ""


@pytest.mark.parametrize(("indicator", "place", "same_as"), CASES["indicator_with_place"])
def test_indicator_drops_its_own_place(indicator: str, place: str, same_as: str) -> None:
    assert indicator_key(indicator, place) == indicator_key(same_as)
