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


def _walk(obj):
    if isinstance(obj, dict):
        for v in obj.values():
            yield from _walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk(v)
    else:
        yield obj


@pytest.mark.parametrize("name", TABLES)
def test_references_are_expanded(name: str) -> None:
    assert not [x for x in _walk(table(name)) if isinstance(x, str) and x.startswith("$")]


def test_a_word_list_lives_once_and_is_referred_to() -> None:
    assert set(table("words")["function_words"]) <= set(table("legal")["name_stops"])
    assert set(table("numbers")["scales"]) <= set(table("time")["guard"]["units_after"])
    assert set(table("legal")["types"]) <= set(table("time")["guard"]["words_before"])


@pytest.mark.parametrize(("tables", "error"), [
    ({"fake_a": {"k": ["x", "$words.no_such_list"]}}, "names no list"),
    ({"fake_a": {"k": ["$fake_b.k"]}, "fake_b": {"k": ["$fake_a.k"]}}, "lead back"),
    ({"fake_a": {"k": ["$meta_only.meta.source"]}, "meta_only": {"meta": {"source": "x"}}}, "neither a list"),
])
def test_broken_references_fail_with_the_file_named(monkeypatch: pytest.MonkeyPatch, tables: dict, error: str) -> None:
    from vn_policy_nlp import lang
    from vn_policy_nlp.errors import RulesError

    real = lang._read
    monkeypatch.setattr(lang, "_read", lambda name, code: tables[name] if name in tables else real(name, code))
    lang.table.cache_clear()
    try:
        with pytest.raises(RulesError, match=error):
            lang.table("fake_a")
    finally:
        lang.table.cache_clear()
