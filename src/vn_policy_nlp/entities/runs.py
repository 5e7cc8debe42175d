"""Runs of capitalised words: the units some place rules look at."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import UPPER

_CAPITALISED = re.compile(rf"[{UPPER}][^\W_]*(?:[&.][^\W_]+)*")
_CAP_RUN = re.compile(rf"{_CAPITALISED.pattern}(?:(?:[ ]|[ ]?-[ ]?|[ ]&[ ]){_CAPITALISED.pattern})*")


@dataclass(frozen=True)
class Candidate:
    """A run of capitalised words."""

    start: int
    end: int
    words: tuple[str, ...]


def candidate_runs(text: str) -> list[Candidate]:
    """Runs of capitalised words and acronyms joined by single spaces or dashes,
    found by one regex; runs inside a word or a document code ("09-CT/TU") are skipped."""
    runs: list[Candidate] = []
    for m in _CAP_RUN.finditer(text):
        start, end = m.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-/"):
            continue
        if text[end:end + 1] == "/":
            continue
        runs.append(Candidate(start, end, tuple(_CAPITALISED.findall(m.group()))))
    return runs
