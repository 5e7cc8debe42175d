"""Cross-validation of the legal finder's passes, on documents written here (no shared data needed)."""

from __future__ import annotations

import unicodedata

from vn_policy_nlp.training import legal

TEXT = "Theo Nghị quyết 41 và Chỉ thị 15-CT/TU, tỉnh rà soát. Hiến pháp năm 2013 quy định quyền con người."


def _doc(i: int, refs: list[str]) -> dict:
    spans = [[TEXT.index(r), TEXT.index(r) + len(r)] for r in refs]
    return {"id": f"d{i}", "date": None, "text": TEXT,
            "legal_references": [{"span": s, "text": TEXT[s[0]:s[1]], "type": None, "number": None} for s in spans]}


def test_predict_maps_spans_to_the_given_text() -> None:
    nfd = unicodedata.normalize("NFD", TEXT)
    pred = legal.predict([{"id": "x", "text": nfd}])["x"]["legal_references"]
    assert [r["text"] for r in pred] == [nfd[s:e] for s, e in (r["span"] for r in pred)]
    assert [unicodedata.normalize("NFC", r["text"]) for r in pred] == ["Nghị quyết 41", "Chỉ thị 15-CT/TU", "Hiến pháp năm 2013"]


def test_a_pass_that_only_adds_false_hits_is_dropped(scorer_available: None) -> None:
    # the annotators of these documents never mark a constitution by its year
    docs = [_doc(i, ["Nghị quyết 41", "Chỉ thị 15-CT/TU"]) for i in range(3)]
    assert "year" not in legal.choose_passes(docs)
    assert "numbered" in legal.choose_passes(docs)


def test_a_pass_that_finds_gold_stays(scorer_available: None) -> None:
    docs = [_doc(i, ["Nghị quyết 41", "Chỉ thị 15-CT/TU", "Hiến pháp năm 2013"]) for i in range(3)]
    assert {"numbered", "year"} <= set(legal.choose_passes(docs))
