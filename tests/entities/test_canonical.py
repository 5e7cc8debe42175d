"""One name and code for a place however it is written (tests/data/entities/canonical.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "entities" / "canonical.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['written']}|{c.get('province')}" for c in CASES])
def test_canonical(case: dict[str, Any]) -> None:
    from vn_policy_nlp.entities.canonical import canonical

    got = canonical(case["written"], case.get("province"))
    assert (list(got) if got is not None else None) == case["want"]
