"""Cross-validation folds over whole documents, so no article is on both sides."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def fold_of(doc_id: str, k: int, seed: int = 0) -> int:
    """A stable fold number for a document: the same on every machine and run."""
    digest = hashlib.sha1(f"{seed}:{doc_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % k


def document_folds(doc_ids: Sequence[str], k: int = 5, seed: int = 0) -> list[tuple[list[str], list[str]]]:
    """`k` (train ids, test ids) pairs; each document is tested exactly once.

    Documents are dealt round-robin in hash order, so fold sizes differ by at most one.
    """
    order = sorted(dict.fromkeys(doc_ids), key=lambda d: (fold_of(d, 1 << 30, seed), d))
    fold = {d: i % k for i, d in enumerate(order)}
    return [([d for d in order if fold[d] != f], [d for d in order if fold[d] == f]) for f in range(k)]
