"""Document folds partition the documents; training refuses to run without the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from vn_policy_nlp.training.data import MissingDataError, corpus_docs, shared_dir
from vn_policy_nlp.training.folds import document_folds

IDS = [f"doc-{i}" for i in range(23)]


@pytest.mark.parametrize("k", [2, 5, 7])
def test_each_document_is_tested_once(k: int) -> None:
    folds = document_folds(IDS, k)
    tested = [d for _, test in folds for d in test]
    assert sorted(tested) == sorted(IDS)
    for train, test in folds:
        assert not set(train) & set(test)
        assert sorted(train + test) == sorted(IDS)
    sizes = [len(t) for _, t in folds]
    assert max(sizes) - min(sizes) <= 1


def test_folds_are_stable_and_seeded() -> None:
    assert document_folds(IDS, 5) == document_folds(list(reversed(IDS)), 5)
    assert document_folds(IDS, 5, seed=1) != document_folds(IDS, 5)


def test_missing_shared_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError, match="nothing was changed"):
        shared_dir(tmp_path)


def test_held_out_files_are_never_read(tmp_path: Path) -> None:
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "train.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(MissingDataError, match="held-out"):
        corpus_docs("holdout", tmp_path)
