"""Normalisation and the offset map: spans must index the caller's text exactly."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

import vn_policy_nlp
from vn_policy_nlp.text.normalize import normalize

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "text" / "normalize.yaml").read_text("utf-8"))
NAUGHTY = ["", " ", "\n\n", "%", "1.2.3.4", "TP.", "Uỷ", "\u0301", "a\u0301\u0302", "🙂 50%", "x" * 3, "\t\r\n"]


@pytest.mark.parametrize(("given", "expected"), CASES)
def test_normalize(given: str, expected: str) -> None:
    norm, offsets = normalize(given)
    assert norm == expected
    # Every normalised character maps inside the input, monotonically.
    spans = [offsets.to_input(i, i + 1) for i in range(len(norm))]
    assert all(0 <= s <= e <= len(given) for s, e in spans)
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)


@pytest.mark.parametrize("given", [c[0] for c in CASES] + NAUGHTY)
def test_normalize_idempotent_and_nfd_stable(given: str) -> None:
    norm, _ = normalize(given)
    assert normalize(norm)[0] == norm
    assert normalize(unicodedata.normalize("NFD", given))[0] == norm


@pytest.mark.parametrize("given", [c[0] for c in CASES] + NAUGHTY)
def test_tokenizer_keeps_text(nlp, given: str) -> None:
    doc = nlp.make_doc(given)
    assert doc.text == normalize(given)[0]


def test_seed_spans_under_nfd(seed_document) -> None:
    """The seed article in decomposed Unicode: every span's slice reads as the mention."""
    nfd = unicodedata.normalize("NFD", seed_document.text)
    assert nfd != seed_document.text
    nfc_records = vn_policy_nlp.extract(seed_document)
    nfd_records = vn_policy_nlp.extract(seed_document.model_copy(update={"text": nfd}))
    total = 0
    for key in ("percentages", "organisations", "locations", "time_expressions", "targets", "legal_references"):
        a, b = getattr(nfc_records, key), getattr(nfd_records, key)
        assert len(a) == len(b), key
        for rec_nfc, rec_nfd in zip(a, b, strict=True):
            start, end = rec_nfd.span
            assert rec_nfd.text == nfd[start:end]
            assert unicodedata.normalize("NFC", nfd[start:end]) == rec_nfc.text
            total += 1
    assert total >= 5


def test_glued_and_invisible_offsets(nlp) -> None:
    text = "Chủ tịch UBND TP.Hà Nội cho biết tỷ lệ\u200b đạt 85\u00a0%."
    records = vn_policy_nlp.extract(text)
    (pct,) = records.percentages
    assert text[pct.span[0] : pct.span[1]] == pct.text == "85\u00a0%"
    assert pct.value == 85


def test_html_is_masked_with_exact_offsets() -> None:
    text = "<p>Tỷ lệ tăng&nbsp;5%</p><script>var s = '50%';</script><p>Đạt 91,5%</p>"
    records = vn_policy_nlp.extract(text)
    assert "HTML markup masked" in records.warnings
    assert [(p.text, p.value) for p in records.percentages] == [("5%", 5), ("91,5%", 91.5)]
    for p in records.percentages:
        assert text[p.span[0] : p.span[1]] == p.text
