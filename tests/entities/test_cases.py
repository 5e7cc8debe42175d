"""The entities stage's whole output on the pinned cases of tests/data/entities/cases.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "entities" / "cases.yaml").read_text(encoding="utf-8"))
ORG_KEYS = ("text", "name", "level", "type")


def _run(nlp: Any, text: str) -> Any:
    from vn_policy_nlp import Document, make_doc

    return nlp(make_doc(nlp, Document(text=text, date="2024-01")))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(nlp: Any, case: dict[str, Any]) -> None:
    doc = _run(nlp, case["text"])
    recs = doc._.records
    got_orgs = [{k: getattr(o, k) for k in ORG_KEYS} for o in recs.organisations]
    assert got_orgs == case["orgs"]
    got_locs = [{k: getattr(loc, k) for k in case_keys(case["locations"], loc)} for loc in recs.locations]
    assert got_locs == case["locations"]
    assert doc._.place == case.get("place")


def case_keys(wanted: list[dict[str, Any]], loc: Any) -> tuple[str, ...]:
    """A location is compared on the keys its case names (text and level, and canonical where given)."""
    keys = {"text"} | {k for w in wanted for k in w}
    return tuple(k for k in ("text", "level", "canonical", "code") if k in keys)
