"""The syllable-pair table: counted from text, thresholds applied, written and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from vn_policy_nlp.ml.word_pairs import read_pairs, word_pairs
from vn_policy_nlp.training.word_pairs import count, tight_pairs

TEXTS = ["Kết quả học tập tốt.", "kết quả thi, kết quả học tập", "Học sinh và học tập; và kết quả"]


def test_count_pairs_within_words_only() -> None:
    single, pairs = count(TEXTS)
    assert single["kết"] == 4 and pairs[("kết", "quả")] == 4
    assert ("thi", "kết") not in pairs  # a comma stands between them
    assert pairs[("học", "tập")] == 3


@pytest.mark.parametrize(("min_count", "min_pmi", "kept", "dropped"), [
    (3, 0.0, ("kết", "quả"), ("quả", "thi")),  # seen once: under the count
    (1, 1.5, ("kết", "quả"), ("và", "kết")),  # "và" goes with anything: low association
])
def test_thresholds(min_count: int, min_pmi: float, kept: tuple[str, str], dropped: tuple[str, str]) -> None:
    rows = {(a, b) for a, b, _, _ in tight_pairs(*count(TEXTS), min_count=min_count, min_pmi=min_pmi)}
    assert kept in rows and dropped not in rows


def test_table_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    rows = tight_pairs(*count(TEXTS), min_count=1, min_pmi=0.0)
    path.write_text("# comment\n" + "".join("\t".join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    assert read_pairs(path) == {(a, b) for a, b, _, _ in rows}


def test_released_table_holds_common_words() -> None:
    pairs = word_pairs()
    assert {("kết", "quả"), ("thương", "mại"), ("tỷ", "lệ")} <= pairs
    assert ("của", "các") not in pairs
