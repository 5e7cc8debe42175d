"""Training the targets models: fitting, saving and releasing; refusing without the shared data."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vn_policy_nlp.cli import app
from vn_policy_nlp.targets.assemble import PARTS, TargetModels
from vn_policy_nlp.training.targets.command import release
from vn_policy_nlp.training.targets.examples import AllExamples, token_f1
from vn_policy_nlp.training.targets.fit import fit_all


def _examples() -> AllExamples:
    ex = AllExamples()
    for i in range(12):
        ex.kind.add({"cue=plan": 1.0}, "target", f"a{i}")
        ex.kind.add({"cue=past": 1.0}, "result", f"b{i}")
        ex.kind.add({"cue=price": 1.0}, "none", f"c{i}")
        for part in ("indicator", "deadline", "place", "time_role"):
            getattr(ex, part).add({"good": 1.0}, 1, f"a{i}")
            getattr(ex, part).add({"bad": 1.0}, 0, f"a{i}")
    return ex


def test_fitted_models_follow_their_labels_and_survive_a_release(tmp_path: Path) -> None:
    models = fit_all(_examples(), name="targets_20990101")
    for feat, label in (("cue=plan", "target"), ("cue=past", "result"), ("cue=price", "none")):
        probs = models.kind.proba({feat: 1.0})
        assert max(probs, key=probs.get) == label
    assert models.indicator.positive({"good": 1.0}) > 0.5 > models.indicator.positive({"bad": 1.0})
    path = release(models, tmp_path / "new" / "models", {"note": "test"})  # --out need not exist yet
    again = TargetModels.load(path)
    assert {p.name for p in path.iterdir()} == {f"{p}.json" for p in PARTS} | {"card.json"}
    assert again.kind.proba({"cue=plan": 1.0}) == pytest.approx(models.kind.proba({"cue=plan": 1.0}))
    assert again.threshold == models.threshold
    assert again.thresholds == {"target": models.threshold, "result": models.threshold}  # none of its own


def test_results_keep_a_threshold_of_their_own(tmp_path: Path) -> None:
    models = fit_all(_examples(), {"kind_threshold": 0.45, "result_threshold": 0.6}, name="targets_20990101")
    again = TargetModels.load(release(models, tmp_path / "models", {}))
    assert again.thresholds == {"target": 0.45, "result": 0.6}


def test_subsets_split_by_document() -> None:
    ex = _examples().subset({"a0", "b1"})
    assert set(ex.kind.doc) == {"a0", "b1"} and len(ex.kind.y) == 2
    assert set(ex.indicator.doc) == {"a0"}


@pytest.mark.parametrize(("a", "b", "f1"), [
    ("tỷ lệ hộ nghèo", "tỷ lệ hộ nghèo", 1.0),
    ("Tỷ lệ  hộ nghèo", "tỷ lệ hộ", 6 / 7),
    ("doanh thu", "lợi nhuận", 0.0),
])
def test_token_f1_is_the_scorers(a: str, b: str, f1: float) -> None:
    assert token_f1(a, b) == pytest.approx(f1)


@pytest.mark.parametrize(("got", "best", "is_default", "wins"), [
    (0.7510, 0.7494, False, True),  # a real gain
    (0.7500, 0.7494, False, False),  # less than a record's worth is no gain
    (0.7494, 0.7494, False, False),  # a tie keeps what came first
    (0.7494, 0.7494, True, True),  # ... unless the default ties it
    (0.7490, 0.7494, True, True),  # within TIE is a tie
    (0.7480, 0.7494, True, False),  # the default loses when it scores lower
])
def test_a_tie_goes_to_the_default(got: float, best: float, is_default: bool, wins: bool) -> None:
    from vn_policy_nlp.training.targets.command import better

    assert better(got, best, is_default) is wins


def test_train_refuses_without_the_shared_data(tmp_path: Path) -> None:
    out = tmp_path / "models"
    out.mkdir()
    result = CliRunner().invoke(app, ["train", "targets", "--shared", str(tmp_path / "nowhere"), "--out", str(out)])
    assert result.exit_code == 2
    assert "nothing was changed" in result.output
    assert not list(out.iterdir())


def test_records_below_their_kinds_threshold_are_dropped() -> None:
    from vn_policy_nlp.training.targets.crossval import _above

    pred = {"d": {"targets": [{"kind": "target", "confidence": 0.5}, {"kind": "result", "confidence": 0.5},
                              {"kind": "result", "confidence": 0.7}]}}
    assert [r["confidence"] for r in _above(pred, 0.45)["d"]["targets"]] == [0.5, 0.5, 0.7]
    kept = _above(pred, 0.45, 0.6)["d"]["targets"]
    assert [(r["kind"], r["confidence"]) for r in kept] == [("target", 0.5), ("result", 0.7)]
