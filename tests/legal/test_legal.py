"""Legal references, from the data tables in tests/data/legal/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vn_policy_nlp.legal import find_legal

DATA = Path(__file__).resolve().parents[1] / "data" / "legal"


def _load(name: str) -> list:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _load("cases.yaml"), ids=lambda c: c["text"][:40])
def test_legal_references(case: dict) -> None:
    text = case["text"]
    got = [[text[m.start : m.end], m.attrs["type"], m.attrs["number"], m.attrs["issuer"]] for m in find_legal(text)]
    assert got == case["expect"]


@pytest.mark.parametrize("text", _load("negatives.yaml"), ids=lambda t: t[:40])
def test_not_a_reference(text: str) -> None:
    assert [text[m.start : m.end] for m in find_legal(text)] == []


def test_date_after_reference_is_a_time(nlp) -> None:
    from vn_policy_nlp import Document, make_doc

    doc = nlp(make_doc(nlp, Document(text="Theo Quyết định số 1234/QĐ-TTg ngày 5/7/2023 của Thủ tướng.", date=None)))
    recs = doc._.records
    assert [r.text for r in recs.legal_references] == ["Quyết định số 1234/QĐ-TTg"]
    assert [(r.text, r.value) for r in recs.time_expressions] == [("ngày 5/7/2023", "2023-07-05")]
