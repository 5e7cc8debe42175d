"""Numbers and percentages, from the data tables in tests/data/numbers/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vn_policy_nlp.numbers import find_numbers, find_percentages, parse_number

DATA = Path(__file__).resolve().parents[1] / "data" / "numbers"


def _load(name: str) -> list:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "expected"), _load("parse.yaml"))
def test_parse_number(text: str, expected: float | None) -> None:
    value = parse_number(text)
    if expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected)


@pytest.mark.parametrize("case", _load("percentages.yaml"), ids=lambda c: c["text"][:40])
def test_percentages(case: dict) -> None:
    text = case["text"]
    found = find_percentages(text, find_numbers(text))
    got = [[text[m.start : m.end], m.attrs["value"], m.attrs["value_high"]] for m in found]
    assert len(got) == len(case["expect"]), got
    for (g_text, g_val, g_high), (e_text, e_val, e_high) in zip(got, case["expect"], strict=True):
        assert g_text == e_text
        assert g_val == pytest.approx(e_val)
        assert (g_high is None and e_high is None) or g_high == pytest.approx(e_high)


@pytest.mark.parametrize("case", _load("numbers.yaml"), ids=lambda c: c["text"][:40])
def test_numbers(case: dict) -> None:
    text = case["text"]
    got = [[text[m.start : m.end], m.attrs["value"], m.attrs["scale_word"]] for m in find_numbers(text)]
    assert len(got) == len(case["expect"]), got
    for (g_text, g_val, g_scale), (e_text, e_val, e_scale) in zip(got, case["expect"], strict=True):
        assert (g_text, g_scale) == (e_text, e_scale)
        assert g_val == pytest.approx(e_val)
