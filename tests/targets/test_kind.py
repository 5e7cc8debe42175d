"""The kind stage's reading of a sentence's figures together, one data line a case."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from vn_policy_nlp import make_doc
from vn_policy_nlp.documents import Document
from vn_policy_nlp.errors import RulesError
from vn_policy_nlp.targets.analysis import analyse
from vn_policy_nlp.targets.grammar import binding_phrases, plan_after_cues, tables
from vn_policy_nlp.targets.kind import KindReading, bound_by_cue, follows_share_of_plan, lifted, names_plan_level

TABLE = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "targets" / "kind.yaml")
                       .read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TABLE["sentence_lift"], ids=[c["id"] for c in TABLE["sentence_lift"]])
def test_sentence_lift(case: dict[str, Any]) -> None:
    contexts = [SimpleNamespace(si=si) for si, _, _ in case["readings"]]
    readings = [KindReading(kind, conf, 0.0, 0.0) for _, kind, conf in case["readings"]]
    got = lifted(contexts, readings)  # type: ignore[arg-type]
    assert [k.kind for k in got] == [k.kind for k in readings]
    assert [round(k.confidence, 6) for k in got] == case["expect"]


RULES = [("plan_level", names_plan_level, c) for c in TABLE["plan_level"]] + \
    [("binding_cues", bound_by_cue, c) for c in TABLE["binding_cues"]] + \
    [("share_of_plan", follows_share_of_plan, c) for c in TABLE["share_of_plan"]]


@pytest.mark.parametrize(("table", "rule", "case"), RULES, ids=[f"{t}-{c['id']}" for t, _, c in RULES])
def test_kind_rule(before_targets: Any, table: str, rule: Any, case: dict[str, Any]) -> None:
    doc = before_targets(make_doc(before_targets, Document(text=case["text"], date="2023-06")))
    found = [c for c in analyse(doc).contexts if abs(c.cand.value - case["value"]) < 1e-9]
    assert found, f"no candidate with value {case['value']}"
    assert rule(found[0]) is case["expect"]


@pytest.mark.parametrize("phrases", [["sẽ", "chưa có"], ["vượt"]], ids=["not_a_cue", "a_result_cue"])
def test_binding_cues_must_be_target_cue_phrases(phrases: list[str]) -> None:
    """A binding cue the cue table does not match as a target cue would never bind: the table refuses it."""
    with pytest.raises(RulesError, match="binding_cues"):
        binding_phrases({"binding_cues": phrases}, tables().cues.info)


def test_plan_level_after_cues_must_be_cue_ids() -> None:
    """A cue id the cue table does not have would never match: the table refuses it."""
    table = {"cues": [{"id": "cue.result.short_of_plan", "kind": "result", "phrases": ["thấp hơn mục tiêu"]}],
             "plan_level": {"after_cues": ["cue.result.short_of_plan", "cue.result.no_such"]}}
    with pytest.raises(RulesError, match="after_cues"):
        plan_after_cues(table)
