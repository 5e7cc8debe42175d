"""Our own label files: which models each trains (`use.yaml`), and none of them repeats a gold article."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest

from vn_policy_nlp.training import data
from vn_policy_nlp.training.targets.examples import AllExamples, Examples

LABELS = data.repo_root() / "corpus" / "targets" / "labels"
#: An own-labelled article sharing more of its 8-word runs with a gold article is that article again: it
#: would sit on the training side of a fold whose test side holds its twin.
TWIN_SHARE, SHINGLE = 0.2, 8


def test_use_names_real_files_and_models() -> None:
    uses = data.label_uses(LABELS)
    assert uses, "use.yaml limits no file: the note in README.md says which do"
    for name, models in uses.items():
        assert (LABELS / name).exists()
        assert set(models) <= set(data.TARGET_MODELS)
        assert all(0 < w <= 1 for w in models.values())


@pytest.mark.parametrize("content, error", [
    ("targets_x.jsonl: {indicator: 1}\n", "no such label file"),
    ("targets_a.jsonl: {indicatr: 1}\n", "no such models"),
    ("targets_a.jsonl: {kind: 0}\n", "a weight is a number"),
    ("targets_a.jsonl: {kind: 1.5}\n", "a weight is a number"),
])
def test_use_refuses_what_does_not_exist(tmp_path: Path, content: str, error: str) -> None:
    (tmp_path / "targets_a.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "use.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(data.MissingDataError, match=error):
        data.label_uses(tmp_path)


def test_the_model_names_are_the_examples_parts() -> None:
    assert tuple(f.name for f in fields(AllExamples)) == data.TARGET_MODELS


def test_limited_drops_or_weighs_a_document_only_in_the_models_it_names() -> None:
    parts = []
    for _ in data.TARGET_MODELS:
        ex = Examples()
        ex.add(["bias"], 1, "gold")
        ex.add(["bias"], 0, "ours")
        parts.append(ex)
    got = AllExamples(*parts).limited({"ours": {"indicator": 1.0, "kind": 0.2}})
    for name in data.TARGET_MODELS:
        ex = getattr(got, name)
        assert ex.doc == (["gold", "ours"] if name in ("indicator", "kind") else ["gold"])
        assert ex.sample_weights() == ([1.0, 0.2] if name == "kind" else None)
    assert got.kind.subset({"ours"}).sample_weights() == [0.2]


def _shingles(text: str) -> set[str]:
    w = re.findall(r"\w+", text.lower())
    return {" ".join(w[i:i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


def test_no_labelled_article_is_a_gold_article_again() -> None:
    try:
        gold = data.gold_docs("train") + data.gold_docs("dev")
        ours = data.labelled_docs()
    except data.MissingDataError:
        pytest.skip("the shared gold sets (../shared/eval) are not here")
    gold_sh = [(g["id"], _shingles(g["text"])) for g in gold]
    twins = []
    for d in ours:
        s = _shingles(d["text"])
        for gid, g in gold_sh:
            if len(s & g) > TWIN_SHARE * max(1, min(len(s), len(g))):
                twins.append((d["id"], gid))
    assert not twins, json.dumps(twins)
