"""Which pairs of indicators can be similar enough, found without comparing every pair.

Linking compares indicators by the Jaccard similarity of their syllable sets
and keeps pairs at or above a threshold t. Two sets x, y with J(x, y) >= t
share at least ceil(t * |x|) syllables, so, with the syllables of every set
sorted in one global order (rarest first), they share one among the first
|x| - ceil(t * |x|) + 1 of x and the first |y| - ceil(t * |y|) + 1 of y
("prefix filtering", Chaudhuri et al. 2006; Bayardo et al. 2007). Indexing
each set under its prefix only, and looking a set up by its prefix only,
finds every pair at or above t (and some below, which the caller's exact
test drops) while touching few: rare syllables are what prefixes hold.
Blocks (a period's year, a unit, a value bin) narrow the lookup further.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class PrefixIndex(Generic[K]):
    """Token sets under their prefixes, by block; `candidates` returns a superset of the keys
    whose sets have Jaccard >= `threshold` with the query (in the same block)."""

    def __init__(self, threshold: float, token_sets: Iterable[frozenset[str]]) -> None:
        self.threshold = threshold
        counts = Counter(tok for tokens in token_sets for tok in tokens)
        self._rank = {tok: (n, tok) for tok, n in counts.items()}
        self._index: dict[tuple[Hashable, str], list[K]] = defaultdict(list)
        self._blocks: dict[Hashable, list[K]] = defaultdict(list)
        self._order: dict[K, int] = {}

    def prefix(self, tokens: frozenset[str]) -> list[str]:
        """The first syllables of `tokens` in the global order, as many as the threshold needs."""
        ordered = sorted(tokens, key=lambda tok: self._rank.get(tok, (0, tok)))
        if self.threshold <= 0:
            return ordered
        keep = len(ordered) - math.ceil(self.threshold * len(ordered) - 1e-9) + 1
        return ordered[: max(keep, 1)]

    def add(self, key: K, block: Hashable, tokens: frozenset[str]) -> None:
        self._order.setdefault(key, len(self._order))
        if self.threshold <= 0:  # every set is a candidate, even one sharing nothing
            self._blocks[block].append(key)
            return
        for tok in self.prefix(tokens):
            self._index[(block, tok)].append(key)

    def candidates(self, blocks: Iterable[Hashable], tokens: frozenset[str]) -> list[K]:
        """Keys in any of `blocks` that may reach the threshold with `tokens`, each once, in the
        order they were added."""
        seen: set[K] = set()
        for block in blocks:
            if self.threshold <= 0:
                seen.update(self._blocks.get(block, ()))
                continue
            for tok in self.prefix(tokens):
                seen.update(self._index.get((block, tok), ()))
        return sorted(seen, key=self._order.__getitem__)
