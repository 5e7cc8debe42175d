"""The text layer, from the cases in tests/data/text/layer.yaml, and its place on the Doc."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vn_policy_nlp.text import TextLayer

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "text" / "layer.yaml").read_text("utf-8"))["cases"]


def _texts(text: str, spans: Any) -> list[str]:
    return [text[a:b] for a, b in spans]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_layer(case: dict[str, Any]) -> None:
    text = case["text"]
    layer = TextLayer.of(text)
    if "sentences" in case:
        assert _texts(text, ((s.start, s.end) for s in layer.sentences)) == case["sentences"]
    if "clauses" in case:
        assert _texts(text, (c for s in layer.sentences for c in s.clauses)) == case["clauses"]
    if "paragraphs" in case:
        assert _texts(text, ((p.start, p.end) for p in layer.paragraphs)) == case["paragraphs"]
    if "headers" in case:
        got = [{"header": text[h.start:h.end], "items": _texts(text, layer.items(h))} for h in layer.headers]
        assert got == case["headers"]
    for probe in case.get("at", []):
        _check_lookup(text, layer, probe)


def _check_lookup(text: str, layer: TextLayer, probe: dict[str, Any]) -> None:
    at = text.index(probe["find"])
    if "sentence" in probe:
        s = layer.sentence_at(at)
        assert text[s.start:s.end] == probe["sentence"]
    if "clause" in probe:
        assert text[slice(*layer.clause_at(at))] == probe["clause"]
    if "chunk" in probe:
        assert text[slice(*layer.chunk_at(at))] == probe["chunk"]
    if "paragraph" in probe:
        p = layer.paragraph_of(at)
        assert text[p.start:p.end] == probe["paragraph"]
    if "header" in probe:
        h = layer.header_of(at)
        assert (None if h is None else text[h.start:h.end]) == probe["header"], probe


def test_empty_and_blank_text() -> None:
    for text in ("", "  \n "):
        layer = TextLayer.of(text)
        assert layer.sentences == () and layer.headers == ()
        assert layer.header_of(0) is None
        assert layer.sentence_at(0).start == 0 and layer.clause_at(0) == (0, len(text))


def test_every_offset_has_one_sentence_and_paragraph() -> None:
    text = "Năm 2023 tăng 5%. Năm 2024 tăng 6%.\n\nCác chỉ tiêu:\n- Tăng 8%; giảm 2%, thêm 1%."
    layer = TextLayer.of(text)
    for i in range(len(text)):
        s = layer.sentence_at(i)
        assert s.start <= i < layer.sentence_reach(layer.sentence_index(i)) or i < layer.sentences[0].start
        p = layer.paragraph_of(i)
        assert p.sentences.start <= layer.sentence_index(i) < p.sentences.stop


def test_the_pipeline_computes_the_layer_once_per_doc(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from vn_policy_nlp import make_doc
    from vn_policy_nlp.documents import Document
    from vn_policy_nlp.text import layer as layer_module

    calls: list[str] = []
    real = layer_module.TextLayer.of.__func__  # type: ignore[attr-defined]

    def counted(cls: type[TextLayer], text: str) -> TextLayer:
        calls.append(text)
        return real(cls, text)

    monkeypatch.setattr(layer_module.TextLayer, "of", classmethod(counted))
    doc = nlp(make_doc(nlp, Document(text="Ngày 12-1, tỉnh phấn đấu đến năm 2025 đạt 10,51%. Năm 2023 tăng 5%.", date="2023-01")))
    assert len(calls) == 1
    assert doc._.records.time_expressions  # the stages ran
    assert "vnp_text_layer" not in doc.user_data  # dropped with the mentions: it does not serialise
