"""The sentence splitter under the text layer: run-on text stays bounded and nothing is lost."""

from __future__ import annotations

import itertools

import pytest

from vn_policy_nlp.text import segment

RUN_ON = [
    "phấn đấu đạt 10% ",  # a flattened list of aims with no full stop
    "1% ",
    "năm 2023 ",
    "ướ",  # no space at all: cut at the limit itself
]


@pytest.mark.parametrize("unit", RUN_ON)
def test_run_on_text_is_cut_into_bounded_sentences(unit: str) -> None:
    text = unit * (3 * segment.max_sentence_chars() // len(unit) + 7)
    sents = segment.split(text)
    assert len(sents) >= 3
    assert all(s.end - s.start <= segment.max_sentence_chars() for s in sents)
    # nothing is lost between the pieces
    assert sents[0].start == 0 and sents[-1].end == len(text.rstrip())
    for a, b in itertools.pairwise(sents):
        assert text[a.end:b.start].strip() == ""


def test_ordinary_sentences_are_not_cut() -> None:
    text = "Năm 2023, huyện phấn đấu đạt 10,51%. Tỷ lệ hộ nghèo giảm còn 1,2%; thu ngân sách 500 tỷ đồng."
    sents = segment.split(text)
    assert [text[s.start:s.end] for s in sents] == [
        "Năm 2023, huyện phấn đấu đạt 10,51%.",
        "Tỷ lệ hộ nghèo giảm còn 1,2%; thu ngân sách 500 tỷ đồng.",
    ]
    assert len(sents[1].clauses) == 2


def test_bounded_starts_keeps_given_starts() -> None:
    text = "a " * 50
    assert segment.bounded_starts(text, [0, 40], limit=30) == [0, 30, 40, 70]
