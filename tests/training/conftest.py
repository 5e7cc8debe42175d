"""Fixtures of the training tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def scorer_available() -> None:
    """Skip where the shared scorer (`../shared/eval/score.py`) is not at hand."""
    from vn_policy_nlp.training.data import MissingDataError, shared_dir

    try:
        shared_dir()
    except MissingDataError:
        pytest.skip("the shared scorer (../shared/eval/score.py) is not here")
