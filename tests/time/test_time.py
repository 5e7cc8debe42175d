"""Time expressions, values and deadlines, from the data tables in tests/data/time/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vn_policy_nlp.time import find_times, parse_published
from vn_policy_nlp.time.deadline import REASONS

DATA = Path(__file__).resolve().parents[1] / "data" / "time"


def _load(name: str) -> list:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _load("cases.yaml"), ids=lambda c: f"{c['date']}|{c['text'][:40]}")
def test_time_expressions(case: dict) -> None:
    text = case["text"]
    got = [[text[m.start : m.end], m.attrs["value"], m.attrs["deadline"]] for m in find_times(text, case["date"])]
    assert got == case["expect"]


@pytest.mark.parametrize("case", _load("why.yaml"), ids=lambda c: f"{c['date']}|{c['text'][:40]}")
def test_deadline_reason(case: dict) -> None:
    text = case["text"]
    got = [[text[m.start : m.end], m.attrs["deadline"], m.attrs["_why"]] for m in find_times(text, case["date"])]
    assert got == case["expect"]
    assert {why for *_, why in got} <= set(REASONS)


@pytest.mark.parametrize("text", _load("negatives.yaml"), ids=lambda t: t[:40])
def test_never_a_time(text: str) -> None:
    found = [text[m.start : m.end] for m in find_times(text, "2023-06-15")]
    assert found == []


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2023", (2023, None, None)), ("2023-01", (2023, 1, None)), ("2023-01-12", (2023, 1, 12)), (None, (None, None, None))],
)
def test_parse_published(published: str | None, expected: tuple) -> None:
    assert parse_published(published) == expected


def test_stage_in_pipeline(nlp) -> None:
    from vn_policy_nlp import Document, make_doc

    doc = nlp(make_doc(nlp, Document(text="Ngày 12-1, tỉnh phấn đấu đến năm 2025 đạt 10,51%.", date="2023-01")))
    records = doc._.records.time_expressions
    assert [(r.text, r.value, r.deadline) for r in records] == [("Ngày 12-1", "2023-01-12", False), ("đến năm 2025", "2025", True)]
    assert records[1].mod == "by"
