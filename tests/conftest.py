"""Shared fixtures: one pipeline per session, offline, and paths to the shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEED = ROOT / "corpus" / "000_688f0dc97b67917a.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    import vn_policy_nlp

    return vn_policy_nlp.load()


@pytest.fixture(scope="session")
def seed_document():
    from vn_policy_nlp.io.readers import parse_corpus_text

    return parse_corpus_text(SEED.read_text(encoding="utf-8"), id=SEED.stem)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")
