"""Train the entity span classifier (`entities/model.py`) from silver labels.

Labels come from three places:
- the entity rules over unlabelled news
  (`../shared/corpus/articles.jsonl`, `bench.jsonl`): a capitalised run inside
  a rule's location is LOC, inside a rule's organisation ORG;
- simple person evidence: a run that starts with a family name, or follows a
  person title ("ông", "Bộ trưởng"), is PER; a single capitalised word at the
  start of a sentence that the corpus mostly writes in lower case is O;
- hand-written examples in `corpus/entities/*.jsonl` (GUIDELINES JSON), which
  override the rest for their runs.
Runs with no evidence are left out. Each example is also added without its
own words, so that context ("hãng X", "tại X") carries weight for names the
rules never saw. The dev set is never read here.

    vn-policy-nlp train entities          # writes models/entities_YYYYMMDD/
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ..entities.lexicon import at_sentence_start, is_acronym, prev_word
from ..entities.model import (
    LABELS,
    MODEL_PREFIX,
    N_FEATURES,
    Candidate,
    EntityModel,
    candidate_runs,
    common_acronyms,
    features,
    hash_feature,
)

_NEXT = re.compile(r"[ ]([^\W\d_]+)")


@cache
def _age_re() -> re.Pattern[str]:
    """", 37 tuổi" after a name: a person's age."""
    from ..lang import alternation, table

    return re.compile(rf"[ ]?[,(][ ]?\d{{1,3}}[ ](?:{alternation(table('organisations').get('age_words', []))})")


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


def _read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            if line.strip():
                yield json.loads(line)


def _inside(c: Candidate, spans: list[tuple[int, int]]) -> bool:
    return any(s <= c.start and c.end <= e for s, e in spans)


def _lowercase_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each word and word pair is written in lower case: tells "Theo"
    (a preposition at a sentence start) or "Nhân dân" (a common word written
    with a capital) from "Odisha"."""
    counts: Counter[str] = Counter()
    for t in texts:
        words = t.split()
        for a, b in zip(words, [*words[1:], ""], strict=True):
            if a.isalpha() and a.islower():
                counts[a] += 1
                if b.isalpha() and b.islower():
                    counts[f"{a} {b}"] += 1
    return counts


def silver_examples(text: str, lower_counts: Counter[str]) -> list[tuple[Candidate, str]]:
    from ..entities.rules import org_rules
    from ..entities.stage import extract_entities
    from ..pipeline.normalize import normalize

    norm, _ = normalize(text)
    orgs, locs, _ = extract_entities(norm, None)
    rules = org_rules()
    loc_spans = [(m.start, m.end) for m in locs]
    org_spans = [(m.start, m.end) for m in orgs]
    common = common_acronyms(norm)
    out: list[tuple[Candidate, str]] = []
    for c in candidate_runs(norm):
        if len(c.words) == 1 and c.words[0] in common:
            out.append((c, "O"))
            continue
        if len(c.words) >= 2 and all(w.isupper() for w in c.words):
            out.append((c, "PER"))  # bylines and photo credits: "Ảnh: TRẦN HUỲNH"
            continue
        label = _evidence(norm, c, loc_spans, org_spans, rules, lower_counts)
        if label is not None:
            out.append((c, label))
    return [(c, lab) for c, lab in out]


def _evidence(text: str, c: Candidate, loc_spans: list[tuple[int, int]], org_spans: list[tuple[int, int]],
              rules: Any, lower_counts: Counter[str]) -> str | None:
    # A run is labelled by a rule's span only when it is that span, or the name
    # that ends it ("Công ty [Vinaconex]", "huyện [Đông Sơn]"); fragments of a
    # longer name ("Sở Kế" in "Sở Kế hoạch và Đầu tư") are no evidence.
    for spans, label in ((loc_spans, "LOC"), (org_spans, "ORG")):
        for s, e in spans:
            if s <= c.start and c.end == e and (c.start == s or text[c.start - 1] == " "):
                return label
    if any(s < c.end and c.start < e for s, e in loc_spans + org_spans):
        return None
    pw = prev_word(text, c.start, rules.windows.prev_word)
    if (len(c.words) >= 2 and c.words[0] in rules.surnames) or pw in rules.person_titles or _age_re().match(text, c.end):
        return "PER"
    if len(c.words) == 1 and at_sentence_start(text, c.start, rules.windows.sentence_start) and lower_counts[c.words[0].lower()] >= 20:
        return "O"
    nxt = _NEXT.match(text, c.end)
    if nxt and lower_counts[f"{c.words[-1].lower()} {nxt.group(1)}"] >= 5:
        return "O"  # "Nhân dân", "Kỹ thuật": a common word written with a capital
    if len(c.words) == 1 and not is_acronym(c.words[0]) and lower_counts[c.words[0].lower()] >= 200:
        return "O"
    return None


def gold_examples(doc: dict[str, Any]) -> list[tuple[Candidate, str]]:
    """Runs of a hand-annotated text: inside a gold span its label, else PER or O."""
    from ..entities.rules import org_rules

    text = doc["text"]
    orgs = [tuple(m["span"]) for m in doc.get("organisations", [])]
    locs = [tuple(m["span"]) for m in doc.get("locations", [])]
    surnames = org_rules().surnames
    out: list[tuple[Candidate, str]] = []
    for c in candidate_runs(text):
        if _inside(c, locs):  # type: ignore[arg-type]
            out.append((c, "LOC"))
        elif _inside(c, orgs):  # type: ignore[arg-type]
            out.append((c, "ORG"))
        elif any(s < c.end and c.start < e for s, e in locs + orgs):
            continue
        else:
            out.append((c, "PER" if c.words[0] in surnames and len(c.words) >= 2 else "O"))
    return out


def build_dataset(articles: Path, bench: Path, hand_dir: Path, bench_limit: int, seed: int = 13
                  ) -> tuple[list[list[int]], list[int], dict[str, Any]]:
    from ..pipeline.normalize import normalize

    docs = [d["text"] for d in _read_jsonl(articles)] + [d["text"] for d in _read_jsonl(bench, bench_limit)]
    lower_counts = _lowercase_counts(docs)
    rows: list[list[int]] = []
    labels: list[int] = []
    counts: Counter[str] = Counter()
    rng = random.Random(seed)

    def add(text: str, c: Candidate, label: str, weight: int = 1) -> None:
        for _ in range(weight):
            rows.append([hash_feature(f) for f in features(text, c)])
            labels.append(LABELS.index(label))
            # The same example without its own words: context must carry weight too.
            rows.append([hash_feature(f) for f in features(text, c, identity=False)])
            labels.append(LABELS.index(label))
        counts[label] += weight

    for text in docs:
        norm, _ = normalize(text)
        for c, label in silver_examples(text, lower_counts):
            # Rule-found labels are plentiful and repetitive (the same bodies); thin them.
            if label in ("ORG", "LOC") and rng.random() < 0.5:
                continue
            add(norm, c, label)
    n_hand = 0
    for path in sorted(hand_dir.glob("*.jsonl")):
        for doc in _read_jsonl(path):
            n_hand += 1
            for c, label in gold_examples(doc):
                add(doc["text"], c, label, weight=5)
    card = {"documents": len(docs), "hand_documents": n_hand, "label_counts": dict(counts)}
    return rows, labels, card


def train(rows: list[list[int]], labels: list[int], C: float = 0.5) -> tuple[dict[int, list[float]], list[float]]:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    indptr = [0]
    indices: list[int] = []
    for r in rows:
        indices.extend(r)
        indptr.append(len(indices))
    X = csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(len(rows), N_FEATURES))
    X.sum_duplicates()
    y = np.array(labels)
    clf = LogisticRegression(C=C, max_iter=300)
    clf.fit(X, y)
    coef = clf.coef_  # (n_classes, n_features)
    order = [list(clf.classes_).index(k) for k in range(len(LABELS))]
    coef = coef[order]
    intercept = [float(x) for x in clf.intercept_[order]]
    used = np.unique(X.indices)
    weights: dict[int, list[float]] = {}
    for j in used:
        col = coef[:, j]
        if float(np.abs(col).max()) >= 0.02:
            weights[int(j)] = [float(x) for x in col]
    return weights, intercept


def run(out_dir: Path | None = None, bench_limit: int = 1500, threshold: float = 0.75) -> tuple[Path, dict[str, Any]]:
    root = repo_root()
    shared = root.parent / "shared" / "corpus"
    rows, labels, card = build_dataset(shared / "articles.jsonl", shared / "bench.jsonl", root / "corpus" / "entities",
                                       bench_limit)
    weights, intercept = train(rows, labels)
    stamp = dt.date.today().strftime("%Y%m%d")
    name = f"{MODEL_PREFIX}_{stamp}"
    model = EntityModel(weights, intercept, LABELS, name, threshold)
    target = (out_dir or root / "models") / name
    target.mkdir(parents=True, exist_ok=True)
    (target / "weights.json").write_text(json.dumps(model.to_json(), separators=(",", ":")), encoding="utf-8")
    card.update({"name": name, "examples": len(rows), "features_kept": len(weights), "threshold": threshold,
                 "bench_documents": bench_limit, "classifier": "sklearn LogisticRegression (C=0.5), hashed features"})
    (target / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target, card


def load_scorer(path: Path | None = None) -> Any:
    """The project's scorer (`../shared/eval/score.py`), imported by path."""
    import importlib.util

    path = path or repo_root().parent / "shared" / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("vnp_shared_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict_entities(doc: dict[str, Any], mode: str, model: EntityModel | None) -> dict[str, Any]:
    """Organisation and location records of one gold document: `rules`, `model` or `both`."""
    from ..entities.model import model_only
    from ..entities.stage import extract_entities
    from ..pipeline.normalize import normalize

    text = doc["text"]
    norm, offsets = normalize(text)
    if mode == "model":
        if model is None:
            raise ValueError("no entity model to score")
        orgs, locs = model_only(norm, model)
    else:
        orgs, locs, _ = extract_entities(norm, model if mode == "both" else None)

    def rec(m: Any) -> dict[str, Any]:
        s, e = offsets.to_input(m.start, m.end)
        return {"span": [s, e], "text": text[s:e], **{k: v for k, v in m.attrs.items() if not k.startswith("_")}}

    return {"id": doc["id"], "organisations": [rec(m) for m in orgs], "locations": [rec(m) for m in locs]}


def ablation(dev: Path, model: EntityModel | None) -> dict[str, dict[str, Any]]:
    """Dev scores of rules only, model only, and both (the released pipeline)."""
    scorer = load_scorer()
    gold = {str(d["id"]): d for d in _read_jsonl(dev)}
    out: dict[str, dict[str, Any]] = {}
    for mode in ("rules", "model", "both"):
        if mode != "rules" and model is None:
            continue
        pred = {k: predict_entities(d, mode, model) for k, d in gold.items()}
        out[mode] = scorer.score(gold, pred)
    return out
