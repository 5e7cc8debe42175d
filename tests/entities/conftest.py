"""The pipeline with the entities stage's rules alone: the rule cases test the rules, the pinned
cases (cases.yaml) the released stage with its recogniser."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def rules_nlp() -> Any:
    import vn_policy_nlp

    nlp = vn_policy_nlp.load()
    nlp.replace_pipe("vnp_entities", "vnp_entities", config={"use_model": False})
    return nlp
