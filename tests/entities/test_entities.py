"""The entity rules, parametrised from tests/data/entities/{organisations,places,abbreviations}.yaml
(the pipeline without the recogniser: `rules_nlp`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "entities"


def _cases(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


ORG_CASES = _cases("organisations.yaml")
PLACE_CASES = _cases("places.yaml")
ABBREVIATION_CASES = _cases("abbreviations.yaml")


def _run(nlp: Any, text: str) -> Any:
    from vn_policy_nlp import Document, make_doc

    return nlp(make_doc(nlp, Document(text=text, date="2024-01")))


@pytest.mark.parametrize("case", ORG_CASES, ids=[c["id"] for c in ORG_CASES])
def test_organisations(rules_nlp: Any, case: dict[str, Any]) -> None:
    doc = _run(rules_nlp, case["text"])
    found = {o.text: o for o in doc._.records.organisations}
    for want in case["orgs"]:
        assert want["text"] in found, f"missing {want['text']!r}; found {sorted(found)}"
        got = found[want["text"]]
        for key in ("name", "type", "level"):
            if key in want:
                assert getattr(got, key) == want[key], f"{want['text']!r}: {key} {getattr(got, key)!r}"
    for text in case.get("absent", []):
        assert text not in found, f"{text!r} must not be an organisation"
    if not case["orgs"]:
        assert not found, f"expected no organisation, found {sorted(found)}"
    if "place" in case:
        assert doc._.place == case["place"]


@pytest.mark.parametrize("case", ABBREVIATION_CASES, ids=[c["abbreviation"] for c in ABBREVIATION_CASES])
def test_abbreviations(rules_nlp: Any, case: dict[str, Any]) -> None:
    doc = _run(rules_nlp, case["text"])
    found = {o.text: o.name for o in doc._.records.organisations}
    assert case["org"] in found, f"missing {case['org']!r}; found {found}"
    assert found[case["org"]] == case["name"]


def test_every_abbreviation_has_a_case() -> None:
    from vn_policy_nlp.lang import table

    covered = {c["abbreviation"] for c in ABBREVIATION_CASES}
    missing = set(table("organisations")["abbreviations"]) - covered
    assert not missing, f"abbreviations without a test case: {sorted(missing)}"


@pytest.mark.parametrize("case", PLACE_CASES, ids=[c["id"] for c in PLACE_CASES])
def test_locations(rules_nlp: Any, case: dict[str, Any]) -> None:
    doc = _run(rules_nlp, case["text"])
    found = {loc.text: loc for loc in doc._.records.locations}
    for want in case["locations"]:
        assert want["text"] in found, f"missing {want['text']!r}; found {sorted(found)}"
        if "level" in want:
            assert found[want["text"]].level == want["level"]
    for text in case.get("absent", []):
        assert text not in found, f"{text!r} must not be a location"
    if not case["locations"]:
        assert not found, f"expected no location, found {sorted(found)}"


def test_spans_map_back_to_nfd_input(nlp: Any) -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Sáng nay, UBND tỉnh Thanh Hóa họp.")
    recs = _run(nlp, text)._.records
    assert [o.text for o in recs.organisations] == [text[recs.organisations[0].span[0]:recs.organisations[0].span[1]]]
    assert unicodedata.normalize("NFC", recs.organisations[0].text) == "UBND tỉnh Thanh Hóa"


def test_model_is_released_small_and_portable() -> None:
    import json

    from vn_policy_nlp.entities.tagger import find_model, load_model

    path = find_model()
    assert path is not None, "no models/entities_*/crf.json"
    assert path.stat().st_size < 20_000_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) >= {"labels", "weights", "transitions", "uses_rules", "combine"}
    assert load_model() is not None
