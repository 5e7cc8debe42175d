"""A linear classifier for capitalised spans that no entity rule claimed.

Rules know the bodies and places Vietnamese news is made of; they cannot list
every firm, school abroad, foreign town or newspaper. The model looks at each
run of capitalised words (and acronyms) that the rules left alone and says
ORG, LOC, PER or O from the words of the run, its shape and its context
("hãng X", "tại X", "ông X"). It is trained on silver labels from the rules
(`training/entities.py`), so it learns the contexts that rule-found names
stand in, and applies them to names the rules do not know.

Features are hashed strings (CRC32 modulo 2**18); the weights are a JSON file
of the non-zero rows, so loading needs neither scikit-learn nor pickle and
costs ~50 ms; scoring an article costs ~0.3 ms.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..extensions import Mention
from ..ml import newest_model
from .gazetteer import gazetteer
from .lexicon import UPPER, WORD, is_acronym
from .organisations.org import Org

MODEL_PREFIX = "entities"
N_FEATURES = 1 << 18
LABELS = ("ORG", "LOC", "PER", "O")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n\"“”(]\s*$")
_CAPITALISED = re.compile(rf"[{UPPER}][^\W_]*(?:[&.][^\W_]+)*")
_CAP_RUN = re.compile(rf"{_CAPITALISED.pattern}(?:(?:[ ]|[ ]?-[ ]?|[ ]&[ ]){_CAPITALISED.pattern})*")


@dataclass(frozen=True)
class Candidate:
    """A run of capitalised words: the unit the model labels."""

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


@cache
def _context_tables() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from ..lang import table

    orgs = table("organisations")
    return (
        frozenset(orgs.get("surnames", [])),
        frozenset(orgs.get("person_titles", [])),
        frozenset(h.lower() for h in orgs.get("named_heads", {})),
    )


_DEFINED = re.compile(r"[ ]\(([^\W_][^\s()]{1,12})\)")
_LAST_WORD = re.compile(r"([^\W\d_]+)\Z")


def common_acronyms(text: str) -> frozenset[str]:
    """Acronyms the text defines after a lower-case phrase ("tổng sản phẩm trong
    nước (GDP)", "thủ tục hành chính (TTHC)"): common nouns, not bodies."""
    out = set()
    for m in _DEFINED.finditer(text):
        w = _LAST_WORD.search(text, max(0, m.start() - 20), m.start())
        if w and w.group(1).islower() and is_acronym(m.group(1)):
            out.add(m.group(1))
    return frozenset(out)


def _words_before(text: str, start: int, n: int) -> list[str]:
    return [w.lower() for w in WORD.findall(text, max(0, start - 12 * n), start)[-n:]]


def _words_after(text: str, end: int, n: int) -> list[str]:
    return [w.lower() for w in WORD.findall(text, end, end + 12 * n)[:n]]


def features(text: str, c: Candidate, identity: bool = True) -> list[str]:
    """Feature strings of a candidate; `identity=False` leaves out its own words
    (training duplicates each example that way, so context carries weight)."""
    g = gazetteer()
    surnames, titles, heads = _context_tables()
    span = " ".join(c.words)
    prev = _words_before(text, c.start, 2)
    nxt = _words_after(text, c.end, 2)
    p1 = prev[-1] if prev else "<s>"
    p2 = " ".join(prev) if len(prev) == 2 else "<s>"
    n1 = nxt[0] if nxt else "</s>"
    n2 = " ".join(nxt) if len(nxt) == 2 else "</s>"
    sent_start = c.start == 0 or bool(_SENTENCE_BREAK.search(text, max(0, c.start - 3), c.start))
    n = len(c.words)
    first, last = c.words[0], c.words[-1]
    feats = [
        "bias",
        f"p1={p1}",
        f"p2={p2}",
        f"n1={n1}",
        f"n2={n2}",
        f"p1n1={p1}|{n1}",
        f"len={min(n, 5)}",
        f"sent_start={sent_start}",
        f"acronym={is_acronym(first) and n == 1}",
        f"digit={any(ch.isdigit() for ch in span)}",
        f"first_surname={first in surnames}",
        f"title_before={p1 in titles or p2 in titles}",
        f"head_before={p1 in heads}",
        f"gaz={g.known(span)}",
        f"gaz_first={g.known(first) if n > 1 else None}",
        f"gaz_last={g.known(last) if n > 1 else None}",
        f"level_before={g.level_of(p1) is not None}",
        f"place_word_before={p1 in g.place_words}",
        f"shape={_shape(first)}",
        f"shape_last={_shape(last)}",
        f"ascii={span.isascii()}",
    ]
    if identity:
        feats += [f"w={w.lower()}" for w in c.words]
        feats += [f"span={span.lower()}", f"first={first.lower()}", f"last={last.lower()}"]
        feats += [f"suf3={last[-3:].lower()}"]
    return feats


def _shape(word: str) -> str:
    if is_acronym(word):
        return "AA"
    if word.isdigit():
        return "9"
    if not word.isascii():
        return "Vi"
    return "Aa" if word[1:].islower() else "AaA"


def hash_feature(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % N_FEATURES


class EntityModel:
    """Sparse multinomial logistic regression over hashed features."""

    def __init__(self, weights: dict[int, list[float]], intercept: list[float], labels: tuple[str, ...],
                 name: str, threshold: float) -> None:
        import numpy as np

        self.weights = weights
        self.intercept = intercept
        self.labels = labels
        self.name = name
        self.threshold = threshold
        self.org_threshold = max(threshold, 0.85)  # a missed body costs less than a person called a body
        # Row 0 is all zeros: features the model never kept map there.
        self._row = {h: i + 1 for i, h in enumerate(weights)}
        self._matrix = np.zeros((len(weights) + 1, len(labels)))
        if weights:  # one conversion of the nested lists: stacking 30,000 small arrays cost 0.1 s a start
            self._matrix[1:] = np.asarray(list(weights.values()), dtype=np.float64)
        self._bias = np.asarray(intercept)

    def predict_many(self, text: str, cands: list[Candidate]) -> list[tuple[str, float]]:
        """Labels and probabilities for a document's candidates, in one matrix pass."""
        import numpy as np

        if not cands:
            return []
        rows: list[int] = []
        starts: list[int] = []
        get = self._row.get
        for c in cands:
            starts.append(len(rows))
            rows.extend(get(hash_feature(f), 0) for f in features(text, c))
        scores = np.add.reduceat(self._matrix[rows], starts, axis=0) + self._bias
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        best = probs.argmax(axis=1)
        return [(self.labels[int(k)], float(probs[i, k])) for i, k in enumerate(best)]

    def predict(self, text: str, c: Candidate) -> tuple[str, float]:
        return self.predict_many(text, [c])[0]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "labels": list(self.labels), "threshold": self.threshold,
                "n_features": N_FEATURES, "intercept": self.intercept,
                "weights": {str(k): [round(x, 4) for x in v] for k, v in self.weights.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EntityModel:
        return cls({int(k): v for k, v in data["weights"].items()}, list(data["intercept"]),
                   tuple(data["labels"]), str(data["name"]), float(data.get("threshold", 0.5)))


def find_model() -> Path | None:
    """The newest `models/entities_YYYYMMDD/weights.json`."""
    return newest_model(f"{MODEL_PREFIX}_*/weights.json")


@cache
def load_model(path: str | None = None) -> EntityModel | None:
    """The released model, or None when none is installed (the rules still run)."""
    from ..errors import ModelError

    found = Path(path) if path else find_model()
    if found is None:
        return None
    try:
        return EntityModel.from_json(json.loads(found.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"entity model {found} is unreadable: {exc}") from None


def uncovered(runs: list[Candidate], taken: list[tuple[int, int]]) -> Iterator[Candidate]:
    """Runs that overlap no mention the rules made."""
    taken = sorted(taken)
    j = 0
    for c in runs:
        while j < len(taken) and taken[j][1] <= c.start:
            j += 1
        if j < len(taken) and taken[j][0] < c.end:
            continue
        yield c


def worth_scoring(text: str, c: Candidate, common: frozenset[str]) -> bool:
    """Skip runs that are almost never a missed body or place: one Vietnamese
    syllable with a capital ("Nhân dân", a sentence start), a Vietnamese
    person's name, an acronym the text defines as a common noun."""
    first = c.words[0]
    if first in common or (len(c.words) == 1 and first in _rule_vocabulary()):
        return False
    if len(c.words) == 1 and not first.isascii() and not is_acronym(first):
        return False
    surnames, _, _ = _context_tables()
    return not (len(c.words) >= 2 and first in surnames and not first.isascii())


@cache
def _rule_vocabulary() -> frozenset[str]:
    """Words the rules own (abbreviations, level words, heads): where the rules
    left one alone they meant to ("HĐND các cấp", "toàn TP")."""
    from ..lang import table

    orgs, places = table("organisations"), table("places")
    words = set(orgs.get("abbreviations", {})) | set(orgs.get("school_levels", [])) | set(orgs.get("named_heads", {}))
    words |= set(places.get("admin_levels", {})) | set(places.get("abbreviated_levels", []))
    return frozenset(w.rstrip(".") for w in words) | frozenset(words)


_CODE = re.compile(r"[A-Z]{1,3}[0-9]{1,2}")


def add_model_mentions(text: str, orgs: list[Org], locs: list[Mention], model: EntityModel,
                       runs: list[Candidate] | None = None) -> tuple[list[Org], list[Mention]]:
    """Label the capitalised runs the rules left alone; keep ORG and LOC above threshold."""
    taken = [(o.start, o.end) for o in orgs] + [(m.start, m.end) for m in locs]
    common = common_acronyms(text)
    runs = runs if runs is not None else candidate_runs(text)
    cands = [c for c in uncovered(runs, taken) if worth_scoring(text, c, common)]
    g = gazetteer()
    for c, (label, p) in zip(cands, model.predict_many(text, cands), strict=True):
        if p < model.threshold or (label == "ORG" and p < model.org_threshold):
            continue
        if len(c.words) == 1 and len(c.words[0].replace(".", "")) < 2:
            continue  # an initial ("V", "P.V")
        if len(c.words) == 1 and _CODE.fullmatch(c.words[0]):
            continue  # a level, grade or exam code ("B2", "BK1"), not a body
        if label == "LOC" and _words_before(text, c.start, 1)[-1:] and _words_before(text, c.start, 1)[-1] in g.bare_not_after:
            continue  # "bảng Anh", "tiếng Pháp": a currency or a language
        if label == "ORG":
            orgs.append(Org(c.start, c.end, "model.entities", "other", None, " ".join(c.words),
                            attrs={"_confidence": p}))
        elif label == "LOC":
            kind = gazetteer().known(" ".join(c.words)) or "place"
            locs.append(Mention("LOC", c.start, c.end, {"level": kind, "_name": " ".join(c.words)},
                                rule="model.entities", confidence=p))
    orgs.sort(key=lambda o: o.start)
    locs.sort(key=lambda m: m.start)
    return orgs, locs


def model_only(text: str, model: EntityModel) -> tuple[list[Mention], list[Mention]]:
    """The model on every capitalised run, without rules (for the ablation)."""
    orgs: list[Mention] = []
    locs: list[Mention] = []
    common = common_acronyms(text)
    cands = [c for c in candidate_runs(text) if c.words[0] not in common]
    for c, (label, p) in zip(cands, model.predict_many(text, cands), strict=True):
        if p < model.threshold:
            continue
        if label in ("ORG", "LOC"):
            (orgs if label == "ORG" else locs).append(Mention(label, c.start, c.end, {"name": " ".join(c.words)},
                                                              rule="model.entities", confidence=p))
    return orgs, locs
