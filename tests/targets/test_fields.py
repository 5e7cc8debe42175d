"""The exact fields of a candidate (value, range, unit, comparator, direction), one data line a case."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from vn_policy_nlp import make_doc
from vn_policy_nlp.documents import Document
from vn_policy_nlp.targets.analysis import analyse
from vn_policy_nlp.targets.fields.comparator import comparator
from vn_policy_nlp.targets.fields.direction import direction

TABLE = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "targets" / "fields.yaml")
                       .read_text(encoding="utf-8"))
CASES = TABLE["cases"]
CODES = TABLE["codes"] + TABLE["whole_counts"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_fields(before_targets: Any, case: dict[str, Any]) -> None:
    doc = before_targets(make_doc(before_targets, Document(text=case["text"], date="2023-06")))
    contexts = [c for c in analyse(doc).contexts if abs(c.cand.value - case["value"]) < 1e-9]
    assert contexts, f"no candidate with value {case['value']}: {[c.cand for c in analyse(doc).contexts]}"
    ctx = contexts[0]
    cmp = comparator(ctx)
    got = {"value_high": ctx.cand.value_high, "unit": ctx.cand.unit, "unit_kind": ctx.cand.unit_kind,
           "comparator": cmp.op, "direction": direction(ctx, cmp.words_start)}
    for key in got:
        if key in case:
            assert got[key] == case[key], (key, got)


def _context(nlp: Any, case: dict[str, Any]) -> Any:
    """The context of the case's value in the case's text, read by the stages before targets."""
    doc = nlp(make_doc(nlp, Document(text=case["text"], date="2023-06")))
    found = [c for c in analyse(doc).contexts if abs(c.cand.value - case["value"]) < 1e-9]
    return found[case.get("nth", 1) - 1]


RUNS = [("R", "right", c) for c in TABLE["right_runs"]] + [("L", "left", c) for c in TABLE["left_runs"]]


@pytest.mark.parametrize(("side", "key", "case"), RUNS, ids=[f"{k}-{c['id']}" for _, k, c in RUNS])
def test_indicator_run(before_targets: Any, side: str, key: str, case: dict[str, Any]) -> None:
    """The run one side of the value may give, if every token of that side, punctuation too, scored 1."""
    from vn_policy_nlp.targets.fields.indicator import choose, window

    ctx = _context(before_targets, case)
    toks = window(ctx)
    probs = [1.0 if t.side == side else 0.0 for t in toks]
    got = choose(ctx, toks, probs, 0.5)
    assert (got.text if got else None) == case[key]


@pytest.mark.parametrize("case", TABLE["side_ease"], ids=[c["id"] for c in TABLE["side_ease"]])
def test_side_ease(before_targets: Any, case: dict[str, Any]) -> None:
    """The run when every word of the window scores the same: the counted noun's words need less."""
    from vn_policy_nlp.targets.fields.indicator import choose, window

    ctx = _context(before_targets, case)
    toks = window(ctx)
    probs = [case["p"] if t.word[0].isalnum() else 0.0 for t in toks]
    got = choose(ctx, toks, probs, 0.5)
    assert (got.text if got else None) == case["expect"]


@pytest.mark.parametrize("case", TABLE["breaks_between"], ids=[c["id"] for c in TABLE["breaks_between"]])
def test_breaks_between(before_targets: Any, case: dict[str, Any]) -> None:
    """The list-separating breaks counted between a word and the value (a feature of every token)."""
    from vn_policy_nlp.targets.fields.indicator import BETWEEN, _read

    toks, _, between = _read(_context(before_targets, case))
    i = next(i for i, t in enumerate(toks) if t.word == case["word"])
    assert between[i][BETWEEN.index("comma")] == case["breaks"]


@pytest.mark.parametrize("case", TABLE["place_scopes"], ids=[c["id"] for c in TABLE["place_scopes"]])
def test_place_scopes(before_targets: Any, case: dict[str, Any]) -> None:
    from vn_policy_nlp.targets.fields.place import place_options

    ctx = _context(before_targets, case)
    opts = place_options(ctx, case["kind"])
    assert ("lead" in {o.scope for o in opts}) == case["lead"], [(o.scope, ctx.doc.text[o.start:o.end]) for o in opts]


@pytest.mark.parametrize("case", TABLE["option_reach"], ids=[c["id"] for c in TABLE["option_reach"]])
def test_option_reach(before_targets: Any, case: dict[str, Any]) -> None:
    from vn_policy_nlp.targets.fields.deadline import time_options
    from vn_policy_nlp.targets.fields.place import place_options

    ctx = _context(before_targets, case)
    opts = time_options(ctx) if case["field"] == "deadline" else place_options(ctx, case["kind"])
    assert [ctx.doc.text[o.start:o.end] for o in opts] == case["options"]


@pytest.mark.parametrize("case", TABLE["word_before"], ids=[c["id"] for c in TABLE["word_before"]])
def test_word_before(before_targets: Any, case: dict[str, Any]) -> None:
    from vn_policy_nlp.targets.fields.deadline import WORD_BEFORE_CHARS
    from vn_policy_nlp.targets.fields.options import word_before

    ctx = _context(before_targets, case)
    start = ctx.doc.text.index(case["time"])
    assert word_before(ctx, start, WORD_BEFORE_CHARS) == case["expect"]


@pytest.mark.parametrize("case", TABLE["place_fallback"], ids=[c["id"] for c in TABLE["place_fallback"]])
def test_place_fallback(before_targets: Any, case: dict[str, Any]) -> None:
    from vn_policy_nlp.ml.linear import LinearModel
    from vn_policy_nlp.targets.fields.place import place

    logit = math.log(case["p"] / (1 - case["p"]))
    model = LinearModel("place", ("0", "1"), {}, (logit,))  # every option scores p
    assert place(_context(before_targets, case), case["kind"], model) == case["expect"]


@pytest.mark.parametrize("case", TABLE["token_bigrams"], ids=[c["id"] for c in TABLE["token_bigrams"]])
def test_indicator_token_bigrams(before_targets: Any, case: dict[str, Any]) -> None:
    from vn_policy_nlp.targets.fields.indicator import features

    ctx = _context(before_targets, case)
    toks, feats = features(ctx)
    got = next(f for t, f in zip(toks, feats, strict=True) if t.word == case["word"])
    assert set(case["features"]) <= set(got), got


@pytest.mark.parametrize("case", CODES, ids=[c["id"] for c in CODES])
def test_candidate_values(before_targets: Any, case: dict[str, Any]) -> None:
    doc = before_targets(make_doc(before_targets, Document(text=case["text"], date="2023-06")))
    values = [c.cand.value for c in analyse(doc).contexts]
    assert values == case["values"]


@pytest.mark.parametrize("case", TABLE["kind_unit"], ids=[c["id"] for c in TABLE["kind_unit"]])
def test_kind_unit_features(before_targets: Any, case: dict[str, Any]) -> None:
    from vn_policy_nlp.targets.features import kind_features

    got = kind_features(_context(before_targets, case))
    assert set(case["features"]) <= got, sorted(x for x in got if x.startswith("unit"))
    assert ("unit_per" in got) == ("unit_per" in case["features"])
    assert not set(case.get("absent", ())) & got


CHOSEN = TABLE["whole_words"] + TABLE["run_edges"] + TABLE["repeated_left"]


@pytest.mark.parametrize("case", CHOSEN, ids=[c["id"] for c in CHOSEN])
def test_indicator_from_chosen_words(before_targets: Any, case: dict[str, Any]) -> None:
    """The indicator `choose` builds when the token model picks exactly the case's `chosen` words."""
    from vn_policy_nlp.targets.fields.indicator import choose, window

    ctx = _context(before_targets, case)
    toks = window(ctx)
    probs = [1.0 if t.word in case["chosen"] else 0.0 for t in toks]
    got = choose(ctx, toks, probs, 0.5)
    assert (got.text if got else None) == case["indicator"]


@pytest.mark.parametrize("case", TABLE["can_govern"], ids=[c["id"] for c in TABLE["can_govern"]])
def test_can_govern(case: dict[str, Any]) -> None:
    from vn_policy_nlp.targets.context import TimeRef
    from vn_policy_nlp.targets.time_roles import can_govern

    t = TimeRef(0, 0, case["value"], deadline=False, limit=False, why=case.get("why", ""))
    assert can_govern(t, case["pub_year"]) == case["governs"]


@pytest.mark.parametrize("case", TABLE["deadline_flags"], ids=[c["id"] for c in TABLE["deadline_flags"]])
def test_deadline_flags(before_targets: Any, case: dict[str, Any]) -> None:
    import math

    from vn_policy_nlp.ml.linear import LinearModel
    from vn_policy_nlp.targets.time_roles import deadline_flags

    text = case.get("text", "Năm 2025, tỉnh phấn đấu có 80% xã đạt chuẩn.")
    doc = before_targets(make_doc(before_targets, Document(text=text, date=case.get("date", "2023-06"))))
    view = analyse(doc).view
    (t,) = [t for t in view.times if view.text[t.start:t.end] == case.get("time", "Năm 2025")]
    model = LinearModel("time_role", ("0", "1"), {}, (math.log(case["p"] / (1 - case["p"])),), threshold=0.5)
    governing = {(t.start, t.end)} if case["governed"] else set()
    assert deadline_flags(view, [], model, governing)[(t.start, t.end)] is case["deadline"]


@pytest.mark.parametrize("case", TABLE["carried_deadline"], ids=[c["id"] for c in TABLE["carried_deadline"]])
def test_carried_deadline(before_targets: Any, case: dict[str, Any]) -> None:
    from vn_policy_nlp.targets.fields.deadline import carried

    value, kind, due = case["before"]
    before = _context(before_targets, {**case, "value": value})
    assert carried(_context(before_targets, case), case["kind"], before, kind, due) == case["deadline"]


@pytest.mark.parametrize("case", TABLE["deadline_written_at"], ids=[c["id"] for c in TABLE["deadline_written_at"]])
def test_deadline_written_at(before_targets: Any, case: dict[str, Any]) -> None:
    from vn_policy_nlp.targets.fields.deadline import written_at

    ctx = _context(before_targets, case)
    text = ctx.doc.text
    when = next(t for t in ctx.doc.times if text[t.start:t.end] == case["chosen"])
    assert [text[s:e] for s, e in written_at(ctx, when)] == case["expect"]


def test_governing_times_are_where_target_deadlines_are_written() -> None:
    from vn_policy_nlp.extensions import Mention
    from vn_policy_nlp.targets.time_roles import governing_times

    records = [Mention("TARGET", 0, 5, {"kind": "target", "_deadline_spans": ((1, 2), (3, 4))}),
               Mention("TARGET", 6, 9, {"kind": "result", "_deadline_spans": ((7, 8),)}),
               Mention("TARGET", 10, 12, {"kind": "target", "_deadline_spans": ()})]
    assert governing_times(records) == {(1, 2), (3, 4)}


def test_not_governed_reasons_exist() -> None:
    from vn_policy_nlp.targets.time_roles import NOT_GOVERNED_WHY
    from vn_policy_nlp.time.deadline import REASONS

    assert set(NOT_GOVERNED_WHY) <= set(REASONS)
