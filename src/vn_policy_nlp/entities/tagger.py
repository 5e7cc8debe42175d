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
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from ..ml import newest_model
from .tokens import FEATURES, Tokens

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
    newline = tokens.values["nl"]
    for i, ((a, b), tag) in enumerate(zip(tokens.spans, tags, strict=True)):
        if tag == "O":
            continue
        kind = tag[2:]
        if tag.startswith("I-") and out and out[-1].label == kind and out[-1].end <= a and not newline[i]:
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
        self.o = self.labels.index("O")
        # BIO: an I- label only after the B- or I- of its own kind.
        allowed = np.asarray([[not (b.startswith("I-") and a[2:] != b[2:]) for b in self.labels] for a in self.labels])
        self.trans_bio = np.where(allowed, self.trans, -1e9)

    def emissions(self, tokens: Tokens) -> np.ndarray:
        """Per token and label, the summed weights of its features: one gather over all features."""
        n = len(tokens.spans)
        if not n:
            return np.zeros((0, len(self.labels)))
        index: list[int] = []
        pad: list[str | None] = [None, None]
        for (name, off) in FEATURES:
            table = self.tables.get((name, off))
            if table is None:
                continue
            shifted = (pad + tokens.values[name] + pad)[2 + off:2 + off + n]  # type: ignore[operator]
            index.extend(map(table.get, shifted, repeat(0, n)))  # type: ignore[arg-type]
        return self.matrix[np.asarray(index, dtype=np.int64)].reshape(-1, n, len(self.labels)).sum(axis=0)

    def tag(self, tokens: Tokens) -> list[str]:
        """Labels of every token: O outside the stretches worth searching, Viterbi inside them."""
        em = self.emissions(tokens)
        out = [self.labels[self.o]] * len(em)
        ranges = tokens.ranges if tokens.ranges is not None else stretches(tokens, WINDOW)
        if ranges:
            for (i, _), path in zip(ranges, self._viterbi(em, ranges), strict=True):
                for k, lab in enumerate(path):
                    out[i + k] = self.labels[lab]
        return out

    def _viterbi(self, em: np.ndarray, ranges: list[tuple[int, int]]) -> list[list[int]]:
        """Best BIO-valid labels of every stretch at once (each has O or the text's edge on both
        sides): one numpy step per position of the longest stretch, all stretches side by side."""
        trans, o = self.trans_bio, self.o
        # O on both sides of a stretch inside the text; nothing before the first token or after the last.
        first = np.asarray([trans[o] if i > 0 else np.zeros(len(self.labels)) for i, _ in ranges])
        final = np.asarray([trans[:, o] if j < len(em) else np.zeros(len(self.labels)) for _, j in ranges])
        lengths = np.asarray([j - i for i, j in ranges])
        n_s, longest, n_l = len(ranges), int(lengths.max()), len(self.labels)
        pad = np.zeros((n_s, longest, n_l))
        for r, (i, j) in enumerate(ranges):
            pad[r, : j - i] = em[i:j]
        score = pad[:, 0] + first
        back = np.zeros((n_s, longest, n_l), dtype=np.int64)
        for k in range(1, longest):
            cand = score[:, :, None] + trans[None]
            best = cand.argmax(axis=1)
            new = cand.max(axis=1) + pad[:, k]
            live = (lengths > k)[:, None]
            score = np.where(live, new, score)
            back[:, k] = best
        best = np.zeros((n_s, longest), dtype=np.int64)
        best[np.arange(n_s), lengths - 1] = (score + final).argmax(axis=1)
        rows = np.arange(n_s)
        for k in range(longest - 1, 0, -1):
            follow = back[rows, k, best[:, k]]
            best[:, k - 1] = np.where(lengths > k, follow, best[:, k - 1])
        return [best[r, : lengths[r]].tolist() for r in range(n_s)]


def stretches(tokens: Tokens, window: int) -> list[tuple[int, int]]:
    """[start, end) token ranges worth labelling: around capitalised words, acronyms and the
    rules' mentions, `window` tokens either side (a lower-case head: "nhà xe Vạn Thành"), cut at
    punctuation no rule covers; elsewhere a token is O."""
    ruled = [r not in ("", "O") for r in tokens.values["r"]]
    named = [s in _NAMED for s in tokens.values["sh"]]
    return stretch_ranges(named, tokens.values["w"], ruled, window)


def stretch_ranges(named: list[bool], words: list[str], ruled: list[bool], window: int) -> list[tuple[int, int]]:
    """`stretches` from each token's named flag, (lower-cased) word and rule flag."""
    n = len(named)

    def cut(i: int) -> bool:
        return words[i] in _CUTS and not ruled[i]

    out: list[tuple[int, int]] = []
    for i in [i for i in range(n) if named[i] or ruled[i]]:
        a, b = i, i + 1
        while a > max(0, i - window) and not cut(a - 1):
            a -= 1
        while b < min(n, i + window + 1) and not cut(b):
            b += 1
        if out and a <= out[-1][1] and not any(cut(k) for k in range(out[-1][1], a)):
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


