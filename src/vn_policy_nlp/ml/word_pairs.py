"""Which two syllables are written together as one word ('tiến sĩ', 'kết quả', 'thương mại').

Vietnamese writes a word as space-separated syllables, so a span chosen
syllable by syllable can cut a word in two ('sĩ đào tạo' for 'tiến sĩ đào
tạo'). The table is counted from the shared unlabelled news
(`vn-policy-nlp train word-pairs`): the syllable pairs whose pointwise mutual
information is high, stored as `models/word_pairs_YYYYMMDD/pairs.tsv`. A
checkout without it reads no pairs, and spans are left as chosen.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from . import newest_model

MODEL_GLOB = "word_pairs_*"
FILE = "pairs.tsv"


@cache
def word_pairs() -> frozenset[tuple[str, str]]:
    """The released table, read once per process (empty without one)."""
    path = newest_model(MODEL_GLOB)
    return read_pairs(path / FILE) if path is not None else frozenset()


def read_pairs(path: Path) -> frozenset[tuple[str, str]]:
    """Lines of `first<TAB>second<TAB>pmi<TAB>count`; a `#` line is a comment."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("\t")[:2]
            out.add((a, b))
    return frozenset(out)
