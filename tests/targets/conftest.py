"""Fixtures the targets tests share."""

from __future__ import annotations

from typing import Any

import pytest

from vn_policy_nlp import load


@pytest.fixture(scope="module")
def before_targets() -> Any:
    """The pipeline up to the targets stage: what a candidate's context is read from."""
    return load(exclude=["vnp_targets", "vnp_records"])
