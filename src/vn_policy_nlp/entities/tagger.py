"""The trained recogniser: a linear-chain CRF over tokens, read from JSON.

It labels every token O, B-ORG, I-ORG, B-LOC or I-LOC from the token's words,
shapes, gazetteer hits and the rules' own tags around it, so it learns when
a rule is right, where a name really ends, and the names no rule knows
("hãng X", "tạp chí X, Y và Z"). Trained by `vn-policy-nlp train entities`
(python-crfsuite, training only); the weights are exported to
`models/entities_YYYYMMDD/crf.json` and decoded here with numpy (Viterbi),
so running needs neither crfsuite nor pickle.

Decoding is linear and cheap: only the stretches around capitalised words
and the rules' mentions are searched (BIO-valid Viterbi); lower-case text
far from any name is O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, repeat
from operator import or_
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..ml import newest_model
from .tokens import FEATURES, Tokens, line_break_before

MODEL_GLOB = "entities_*/crf.json"
WINDOW = 2  # tokens either side of a capitalised word or a rule's mention that the recogniser labels
_NAMED = frozenset(("Aa", "AaA", "AA", "9a"))
_CUTS = frozenset(".,;!?\"“”():")


@dataclass
class Span:
    label: str  # ORG or LOC
    start: int
    end: int


def tags_of(spans: list[tuple[int, int]], mentions: list[tuple[int, int, str, str]]) -> tuple[list[str], list[str]]:
    """BIO tags of tokens from (start, end, label, kind) mentions, and each token's mention kind:
    a token is inside when it overlaps one (the first that does)."""
    tags = ["O"] * len(spans)
    kinds = [""] * len(spans)
    j = 0
    for s, e, label, kind in sorted(mentions, key=lambda m: m[0]):
        while j < len(spans) and spans[j][1] <= s:
            j += 1
        k, first = j, True
        while k < len(spans) and spans[k][0] < e:
            if tags[k] == "O":
                tags[k] = f"{'B' if first else 'I'}-{label}"
                kinds[k] = kind
            first = False
            k += 1
    return tags, kinds


def spans_of(tokens: Tokens, tags: list[str]) -> list[Span]:
    """Mentions from BIO tags; an I- after a different label or a line break opens a new mention."""
    out: list[Span] = []
    for i, ((a, b), tag) in enumerate(zip(tokens.spans, tags, strict=True)):
        if tag == "O":
            continue
        kind = tag[2:]
        if tag.startswith("I-") and out and out[-1].label == kind and out[-1].end <= a and not line_break_before(tokens, i):
            out[-1].end = b
        else:
            out.append(Span(kind, a, b))
    return out


class CRFModel:
    """Feature tables -> weight rows, and the label transition matrix."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.name = str(data["name"])
        self.labels = tuple(data["labels"])
        self.uses_rules = bool(data.get("uses_rules", True))
        self.combine = str(data.get("combine", "model"))
        self.trans = np.asarray(data["transitions"], dtype=np.float64)
        rows: list[list[float]] = [[0.0] * len(self.labels)]
        self.tables: dict[tuple[str, int], dict[str, int]] = {}
        for key, values in data["weights"].items():
            name, off = key.rsplit("@", 1)
            table = self.tables.setdefault((name, int(off)), {})
            for value, weights in values.items():
                table[value] = len(rows)
                rows.append(weights)
        self.matrix = np.asarray(rows, dtype=np.float64)
        # The features the model has weights for, in FEATURES order (the order their weights are summed in).
        self.features = [(name, off, self.tables[(name, off)]) for name, off in FEATURES if (name, off) in self.tables]
        self.templates = {name for name, _, _ in self.features}
        self.offsets = {off for _, off, _ in self.features}
        self.o = self.labels.index("O")
        # BIO: an I- label only after the B- or I- of its own kind.
        allowed = np.asarray([[not (b.startswith("I-") and a[2:] != b[2:]) for b in self.labels] for a in self.labels])
        self.trans_bio = np.where(allowed, self.trans, -1e9)

    def emissions(self, tokens: Tokens, positions: list[int] | None = None) -> np.ndarray:
        """Per token (of `positions`, else every token) and label, the summed weights of its
        features: one gather over all features."""
        n = len(tokens.spans)
        if positions is None:
            positions = list(range(n))
        if not positions:
            return np.zeros((0, len(self.labels)))
        # Values padded by one either side, so that a feature read past the text's edge finds None (no weight).
        shifted = {off: [p + 1 + off for p in positions] for off in self.offsets}
        padded = {name: [None, *tokens.values[name], None] for name in self.templates}
        rows = chain.from_iterable(
            map(table.get, map(padded[name].__getitem__, shifted[off]), repeat(0)) for name, off, table in self.features)
        index = np.fromiter(rows, dtype=np.int64, count=len(self.features) * len(positions))
        return self.matrix[index].reshape(-1, len(positions), len(self.labels)).sum(axis=0)

    def tag(self, tokens: Tokens) -> list[str]:
        """Labels of every token: O outside the stretches worth searching, Viterbi inside them."""
        n = len(tokens.spans)
        out = [self.labels[self.o]] * n
        ranges = tokens.ranges if tokens.ranges is not None else stretches(tokens, WINDOW)
        if ranges:
            positions = [p for i, j in ranges for p in range(i, j)]
            labels = self.labels
            for p, lab in zip(positions, self._viterbi(self.emissions(tokens, positions), ranges, n), strict=True):
                out[p] = labels[lab]
        return out

    def _viterbi(self, em: np.ndarray, ranges: list[tuple[int, int]], n: int) -> list[int]:
        """Best BIO-valid labels of every stretch at once (each has O or the text's edge on both
        sides): `em` holds the stretches' rows one after another, `n` is the number of tokens.
        Stretches run side by side, longest first, so that step k works on the stretches still
        going (a prefix); the labels come back in `em`'s order."""
        trans, o, n_l = self.trans_bio, self.o, len(self.labels)
        bounds = np.asarray(ranges, dtype=np.int64)
        lengths = bounds[:, 1] - bounds[:, 0]
        offsets = np.cumsum(lengths) - lengths  # each stretch's first row in `em`
        order = np.argsort(-lengths, kind="stable")
        lengths, bounds, offsets = lengths[order], bounds[order], offsets[order]
        n_s, longest = len(ranges), int(lengths[0])
        steps = np.arange(longest)
        live = steps[None, :] < lengths[:, None]
        rows = offsets[:, None] + np.minimum(steps[None, :], lengths[:, None] - 1)
        pad = em[rows]
        # O before a stretch inside the text, nothing before the first token; the same after.
        score = pad[:, 0] + np.where((bounds[:, 0] > 0)[:, None], trans[o][None, :], 0.0)
        final = np.where((bounds[:, 1] < n)[:, None], trans[:, o][None, :], 0.0)
        active = live.sum(axis=0).tolist()
        back = np.zeros((n_s, longest, n_l), dtype=np.int64)
        for k in range(1, longest):
            m = active[k]
            cand = score[:m, :, None] + trans[None]
            back[:m, k] = cand.argmax(axis=1)
            score[:m] = cand.max(axis=1) + pad[:m, k]
        best = np.zeros((n_s, longest), dtype=np.int64)
        best[np.arange(n_s), lengths - 1] = (score + final).argmax(axis=1)
        for k in range(longest - 1, 0, -1):
            m = active[k]
            best[:m, k - 1] = back[np.arange(m), k, best[:m, k]]
        flat = np.empty(len(em), dtype=np.int64)
        flat[rows[live]] = best[live]
        return flat.tolist()


def stretches(tokens: Tokens, window: int) -> list[tuple[int, int]]:
    """[start, end) token ranges worth labelling: around capitalised words, acronyms and the
    rules' mentions, `window` tokens either side (a lower-case head: "nhà xe Vạn Thành"), cut at
    punctuation no rule covers; elsewhere a token is O."""
    ruled = [r not in ("", "O") for r in tokens.values["r"]]
    named = [s in _NAMED for s in tokens.values["sh"]]
    return stretch_ranges(named, tokens.values["w"], ruled, window)


def stretch_ranges(named: list[bool], words: list[str], ruled: list[bool], window: int) -> list[tuple[int, int]]:
    """`stretches` from each token's named flag, (lower-cased) word and rule flag. A stretch that
    starts within the last one (or right after it) joins it."""
    n = len(named)
    cut = [w in _CUTS and not r for w, r in zip(words, ruled, strict=True)]
    out: list[tuple[int, int]] = []
    for i in compress(range(n), map(or_, named, ruled)):
        a, b = i, i + 1
        lo, hi = max(0, i - window), min(n, i + window + 1)
        while a > lo and not cut[a - 1]:
            a -= 1
        while b < hi and not cut[b]:
            b += 1
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def find_model() -> Path | None:
    return newest_model(MODEL_GLOB)


@cache
def load_model(path: str | None = None) -> CRFModel | None:
    """The released recogniser, or None when none is installed (the rules still run)."""
    found = Path(path) if path else find_model()
    if found is None:
        return None
    try:
        return CRFModel(json.loads(found.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"entity model {found} is unreadable: {exc}") from None


