"""The shared structures stages use to talk to each other."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vn_policy_nlp.extensions import Occupied

CASES = yaml.safe_load((Path(__file__).parent / "data" / "extensions" / "occupied.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['claims']}-{c['probe']}" for c in CASES])
def test_occupied(case: dict) -> None:
    taken = Occupied()
    for s, e in case["claims"]:
        taken.add(s, e)
    assert taken.free(*case["probe"]) is case["free"]
    # the same answer as the plain scan it replaces
    plain = all(case["probe"][1] <= s or case["probe"][0] >= e for s, e in case["claims"])
    assert plain is case["free"]
