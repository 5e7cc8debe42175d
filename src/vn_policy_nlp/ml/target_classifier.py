"""The target/result/neither classifier: training, a portable JSON model, inference.

The features are the ones `pipeline/targets.py` computes for each candidate
(cue ids in the clause and sentence, list header, comparator, direction,
tense of the governing time against the publication date, unit kind, the two
syllables before the value) plus the rules' own verdict. A multinomial
logistic regression (scikit-learn) learns from labelled candidates; the
model is saved as JSON (classes, feature vocabulary, coefficients,
intercepts), so loading needs neither scikit-learn nor pickle and survives
version changes. Inference is a sparse dot product per candidate.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from . import newest_model

MODEL_PREFIX = "target_kind"
CLASSES = ("target", "result", "none")


@dataclass(frozen=True)
class TargetClassifier:
    """A linear model over sparse binary features, read from JSON."""

    name: str
    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    none_threshold: float = 0.5

    @classmethod
    def from_json(cls, data: dict[str, Any], name: str = "") -> TargetClassifier:
        classes = tuple(data["classes"])
        vocab = data["features"]
        coef = data["coef"]  # one row per class
        weights = {f: tuple(coef[k][i] for k in range(len(classes))) for i, f in enumerate(vocab)}
        return cls(name or data.get("name", MODEL_PREFIX), classes, weights, tuple(data["intercept"]),
                   float(data.get("none_threshold", 0.5)))

    def predict_proba(self, feats: dict[str, float]) -> dict[str, float]:
        scores = list(self.intercept)
        for f, v in feats.items():
            w = self.weights.get(f)
            if w is not None:
                for k in range(len(scores)):
                    scores[k] += w[k] * v
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}


def find_model() -> Path | None:
    """The newest `target_kind_YYYYMMDD.json`."""
    return newest_model(f"{MODEL_PREFIX}_*.json")


@cache
def load_default() -> TargetClassifier | None:
    path = find_model()
    if path is None:
        return None
    return TargetClassifier.from_json(json.loads(path.read_text(encoding="utf-8")), name=path.stem)


# ----------------------------------------------------------------- training data


@dataclass
class LabelledDoc:
    """A text with the kinds of some of its values: gold targets, or hand labels by offset."""

    id: str
    text: str
    date: str | None
    targets: list[dict[str, Any]]  # GUIDELINES records (span, kind, value)
    exhaustive: bool = True  # every unlabelled candidate is "none"


def read_annotated(paths: Iterable[Path]) -> Iterator[LabelledDoc]:
    """Own examples in the GUIDELINES JSON (corpus/targets/*.jsonl)."""
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                yield LabelledDoc(str(d["id"]), d["text"], d.get("date"), d.get("targets", []))


def read_offset_labels(label_path: Path, source: Path) -> Iterator[LabelledDoc]:
    """Hand labels stored as (article id, value offset, value, kind): the text stays in the shared corpus."""
    labels: dict[str, list[dict[str, Any]]] = {}
    for line in label_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            labels.setdefault(str(d["id"]), []).append(d)
    if not labels or not source.exists():
        return
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            lab = labels.get(str(d["id"]))
            if lab is None:
                continue
            recs = [{"span": [x["offset"], x["offset"] + 1], "kind": x["kind"], "value": x["value"]} for x in lab]
            yield LabelledDoc(str(d["id"]), d["text"], d.get("date"), recs, exhaustive=False)


def candidate_rows(nlp: Any, docs: Iterable[LabelledDoc]) -> Iterator[tuple[dict[str, float], str, str]]:
    """(features, label, doc id) for every candidate the pipeline finds in labelled docs."""
    from .. import make_doc
    from ..documents import Document
    from ..pipeline.targets import analyse

    for ld in docs:
        doc = make_doc(nlp, Document(id=ld.id, text=ld.text, date=ld.date))
        for name, proc in nlp.pipeline:
            if name in ("vnp_targets", "vnp_records"):
                break
            doc = proc(doc)
        _, cands = analyse(doc)
        for c in cands:
            label = _label_for(c, ld)
            if label is None:
                continue
            feats = dict(c.feats)
            feats["rule:" + c.rule_kind] = 1.0
            yield feats, label, ld.id


def _label_for(c: Any, ld: LabelledDoc) -> str | None:
    for t in ld.targets:
        s, e = t["span"]
        if s < max(c.span[1], c.end) and min(c.span[0], c.start) < e and abs(float(t["value"]) - c.value) < 1e-3:
            return str(t["kind"]) if t["kind"] in CLASSES else "none"
    return "none" if ld.exhaustive else None


C_GRID = (0.02, 0.05, 0.1, 0.3, 1.0)


def choose_c(x: Any, y: list[str], groups: list[str], grid: tuple[float, ...] = C_GRID) -> tuple[float, float]:
    """The regularisation with the best document-grouped 5-fold accuracy on the training data."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_score

    folds = GroupKFold(n_splits=5)
    best = (grid[0], -1.0)
    for c in grid:
        acc = float(cross_val_score(LogisticRegression(C=c, max_iter=3000), x, y, groups=groups, cv=folds).mean())
        if acc > best[1] + 1e-9:
            best = (c, acc)
    return best


THRESHOLDS = (0.34, 0.4, 0.5, 0.6, 0.7, 0.8)


def combine(probs: dict[str, float], rule_kind: str, none_threshold: float) -> str:
    """The kind from the model, except that dropping a figure the rules kept needs `none_threshold` confidence."""
    kind = max(probs, key=lambda k: probs[k])
    if kind == "none" and rule_kind != "none" and probs["none"] < none_threshold:
        return rule_kind
    return kind


def choose_threshold(x: Any, y: list[str], groups: list[str], rules: list[str], c: float) -> float:
    """The `none_threshold` with the best document-grouped 5-fold accuracy of `combine`.

    On a tie the higher threshold wins: where cross-validation cannot tell, the rules' verdict stays."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    hits = dict.fromkeys(THRESHOLDS, 0)
    for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
        clf = LogisticRegression(C=c, max_iter=3000).fit(x[tr], [y[i] for i in tr])
        for i, row in zip(te, clf.predict_proba(x[te]), strict=True):
            probs = dict(zip((str(k) for k in clf.classes_), (float(p) for p in row), strict=True))
            for t in THRESHOLDS:
                hits[t] += combine(probs, rules[i], t) == y[i]
    return max(THRESHOLDS, key=lambda t: (hits[t], t))


def choose_c_and_threshold(x: Any, y: list[str], groups: list[str], rules: list[str],
                           grid: tuple[float, ...] = C_GRID) -> tuple[float, float, float]:
    """The regularisation and `none_threshold` whose `combine` (what the pipeline runs) has the best
    document-grouped 5-fold accuracy, as (C, threshold, accuracy).

    The folds are small (some hundred candidates), so the accuracies of neighbouring settings differ
    by noise: every setting within one standard error of the best counts as tied (the one-standard-
    error rule), and among those the higher threshold wins (the rules' verdict stays), then the
    stronger regularisation."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    hits = {(c, t): 0 for c in grid for t in THRESHOLDS}
    for tr, te in GroupKFold(n_splits=5).split(x, y, groups):
        for c in grid:
            clf = LogisticRegression(C=c, max_iter=3000).fit(x[tr], [y[i] for i in tr])
            for i, row in zip(te, clf.predict_proba(x[te]), strict=True):
                probs = dict(zip((str(k) for k in clf.classes_), (float(p) for p in row), strict=True))
                for t in THRESHOLDS:
                    hits[(c, t)] += combine(probs, rules[i], t) == y[i]
    n = max(1, len(y))
    best = max(hits.values()) / n
    se = math.sqrt(best * (1 - best) / n)
    near = [k for k in hits if hits[k] / n >= best - se]
    c, t = max(near, key=lambda k: (k[1], -k[0]))
    return c, t, hits[(c, t)] / n


def train(rows: list[tuple[dict[str, float], str, str]], c: float | None = None) -> dict[str, Any]:
    """Fit a multinomial logistic regression and return the portable JSON model.

    `c=None` picks the regularisation by grouped cross-validation on the training rows
    (the dev set stays for measuring).
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([r[0] for r in rows])
    y = [r[1] for r in rows]
    cv_acc = None
    rules = [next((k[5:] for k in r[0] if k.startswith("rule:")), "none") for r in rows]
    groups = [r[2] for r in rows]
    if len(set(groups)) < 5:
        c, threshold = c or 1.0, 0.5
    elif c is None:
        # C and the threshold together, judged on the decision the pipeline makes with them
        c, threshold, cv_acc = choose_c_and_threshold(x, y, groups, rules)
    else:
        threshold = choose_threshold(x, y, groups, rules, c)
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, y)
    classes = [str(k) for k in clf.classes_]
    coef = clf.coef_
    if len(classes) == 2:  # binary sklearn keeps one row: expand to one per class
        coef = [-coef[0], coef[0]]
        intercept = [-float(clf.intercept_[0]), float(clf.intercept_[0])]
    else:
        intercept = [float(v) for v in clf.intercept_]
    names = list(vec.get_feature_names_out())
    keep = [i for i in range(len(names)) if any(abs(float(row[i])) > 1e-4 for row in coef)]
    return {
        "name": f"{MODEL_PREFIX}_{date.today():%Y%m%d}",
        "kind": "multinomial logistic regression over sparse binary features",
        "classes": classes,
        "features": [names[i] for i in keep],
        "coef": [[round(float(row[i]), 5) for i in keep] for row in coef],
        "intercept": [round(v, 5) for v in intercept],
        "documents": len({r[2] for r in rows}),
        "C": c,
        "none_threshold": threshold,
        "cv_accuracy": None if cv_acc is None else round(cv_acc, 4),
        "n_examples": len(rows),
        "label_counts": {k: y.count(k) for k in classes},
    }


def save(model: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob(f"{MODEL_PREFIX}_*.json"):
        old.unlink()
    path = directory / f"{model['name']}.json"
    path.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    load_default.cache_clear()
    return path


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


# ----------------------------------------------------------------- the `train targets` command


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


def training_docs(corpus_dir: Path, shared_corpus: Path) -> Iterator[LabelledDoc]:
    """Own annotated examples, then hand labels on the shared corpus (texts read from there)."""
    files = sorted(corpus_dir.glob("*.jsonl"))
    yield from read_annotated([p for p in files if not p.name.endswith("_labels.jsonl")])
    for p in files:
        if p.name.endswith("_labels.jsonl"):
            first = json.loads(p.read_text(encoding="utf-8").splitlines()[0])
            yield from read_offset_labels(p, shared_corpus / str(first.get("source", "articles.jsonl")))


def pipeline(use_model: bool | None) -> Any:
    """The full pipeline; `use_model=None` stops before the targets stage."""
    from spacy.language import Language

    from .. import load, register_stages
    from ..pipeline import STAGES

    register_stages()
    # a stage listed but not written yet (in a tree under construction) is left out
    absent = [f for f in STAGES if not Language.has_factory(f)]
    nlp = load(exclude=["vnp_targets", *absent])
    if use_model is not None:
        nlp.add_pipe("vnp_targets", before="vnp_records", config={"use_model": use_model})
    return nlp


def score_dev(dev: Path, use_model: bool) -> dict[str, Any]:
    """Targets and results rows of the shared scorer on a gold file."""
    import importlib.util

    from .. import make_doc
    from ..documents import Document

    spec = importlib.util.spec_from_file_location("vnp_shared_score", dev.parent / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(dev.parent / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    nlp = pipeline(use_model)
    gold = scorer.load(str(dev))
    pred = {}
    for doc_id, g in gold.items():
        doc = nlp(make_doc(nlp, Document(id=doc_id, text=g["text"], date=g.get("date"), title=g.get("title"))))
        pred[doc_id] = doc._.records.model_dump(mode="json")
    rep = scorer.score(gold, pred)
    return {k: rep[k] for k in ("targets", "results")}


def train_targets(out_dir: Path | None = None, corpus_dir: Path | None = None, shared: Path | None = None,
                  c: float | None = None) -> tuple[Path, dict[str, Any]]:
    """Rebuild the kind model from the labelled corpora and save it; returns its path and model card."""
    root = repo_root()
    out_dir = out_dir or root / "models"
    corpus_dir = corpus_dir or root / "corpus" / "targets"
    shared = shared or root.parent / "shared"
    nlp = pipeline(None)
    rows = list(candidate_rows(nlp, training_docs(corpus_dir, shared / "corpus")))
    if not rows:
        raise ValueError(f"no labelled candidates under {corpus_dir}")
    model = train(rows, c=c)
    return save(model, out_dir), model
