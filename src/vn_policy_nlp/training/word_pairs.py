"""`vn-policy-nlp train word-pairs`: count the syllable pairs that are written as one word.

Counted over the shared unlabelled news (`articles.jsonl` and `bench.jsonl`,
never the held-out files): a pair of adjacent syllables, lower case and with
no punctuation between, is kept when it occurs at least `MIN_COUNT` times and
its pointwise mutual information, log(P(a b) / (P(a) P(b))), is at least
`MIN_PMI`. The threshold was chosen by the targets stage's 5-fold
cross-validation, where the table widens indicator runs that cut a word: PMI
2, 2.5, 3, 4, 5 gave target indicator token F1 0.687, 0.687, 0.688, 0.687,
0.687 and result indicator 0.697, 0.697, 0.699, 0.697, 0.700 (0.684 / 0.697
without the table).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from itertools import pairwise
from pathlib import Path

from ..ml.word_pairs import FILE
from ..targets.context import tokens
from ..text.normalize import normalize
from .data import corpus_docs, repo_root

MIN_COUNT = 5
MIN_PMI = 3.0
SOURCES = ("articles", "bench")


def count(texts: Iterable[str]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """Syllable counts and adjacent-pair counts (pairs of letters-only syllables), over the text as the
    pipeline reads it (its normaliser: NFC, one tone placement) and split as the targets stage splits it."""
    single: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in texts:
        toks = tokens(normalize(text)[0])
        single.update(t for t in toks if t[0].isalpha())
        pairs.update((a, b) for a, b in pairwise(toks) if a.isalpha() and b.isalpha())
    return single, pairs


def tight_pairs(single: Counter[str], pairs: Counter[tuple[str, str]], min_count: int = MIN_COUNT,
                min_pmi: float = MIN_PMI) -> list[tuple[str, str, float, int]]:
    """(first, second, pmi, count) of the pairs that pass both thresholds, most associated first."""
    total = sum(single.values())
    out = []
    for (a, b), n in pairs.items():
        if n >= min_count:
            pmi = math.log(n * total / (single[a] * single[b]))
            if pmi >= min_pmi:
                out.append((a, b, round(pmi, 3), n))
    return sorted(out, key=lambda r: (-r[2], r[0], r[1]))


def build(out_dir: Path | None = None, shared: Path | None = None, say: Callable[[str], None] = print) -> Path:
    texts = [d["text"] for name in SOURCES for d in corpus_docs(name, shared).values()]
    rows = tight_pairs(*count(texts))
    folder = (out_dir or repo_root() / "models") / f"word_pairs_{date.today():%Y%m%d}"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"# syllable pairs written as one word: PMI >= {MIN_PMI}, count >= {MIN_COUNT}, "
             f"counted over {len(texts)} articles of {', '.join(SOURCES)} (vn-policy-nlp train word-pairs)"]
    lines += ["\t".join(map(str, r)) for r in rows]
    (folder / FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    say(f"{len(rows)} pairs from {len(texts)} articles")
    return folder
