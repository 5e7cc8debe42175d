"""Train the entity recogniser (`entities/tagger.py`) and measure it by cross-validation.

Examples are documents, a label per token (O, B-ORG, I-ORG, B-LOC, I-LOC):
- gold: the organisations and locations of `train.jsonl` and `dev.jsonl`,
  and our own sentences in `corpus/entities/handwritten.jsonl`;
- silver: what the rules find in unlabelled news (`bench.jsonl`,
  `articles.jsonl`), shown without the rules' tags, so that the words and
  contexts of rule-found names carry weight for names no rule knows.

Two recognisers are trained: `both` sees the rules' tags as features (the
released one: it learns when a rule is right and where a name ends), `model`
does not (the ablation). Every choice is made by 5-fold cross-validation
over the documents of train + dev; the general-news check (our labels on
ordinary news, `corpus/entities/general_news.jsonl`) and the policy-news check
(whole policy articles labelled after the rules were written,
`corpus/entities/policy_news.jsonl`) are only reported.

    vn-policy-nlp train entities          # CV table, general-news check, models/entities_YYYYMMDD/crf.json
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..entities.combine import rule_view
from ..entities.lexicon import cap_first
from ..entities.stage import extract_entities
from ..entities.tagger import CRFModel, spans_of, tags_of
from ..entities.tokens import LABELS, feature_strings, tokenize
from ..text.normalize import normalize
from .data import GoldDoc, MissingDataError, corpus_docs, gold_docs, read_jsonl, repo_root
from .evaluate import Report, score
from .folds import document_folds

MODES = ("rules", "model", "both")
ROWS = ("organisations", "organisations_exact", "locations", "locations_exact")
#: Our own labels that only measure (nothing is trained or tuned on them): ordinary-news sentences, and
#: whole policy and ordinary-news articles labelled after the rules were written (estimates for articles
#: nobody has seen). Training the recogniser on the ordinary-news articles as well lowered rules + model
#: in cross-validation (organisations 0.922 -> 0.921, name accuracy 0.800 -> 0.797), so they only measure.
CHECKS = {"general-news": "general_news.jsonl", "policy-news": "policy_news.jsonl",
          "ordinary-news": "ordinary_news.jsonl"}


@dataclass(frozen=True)
class Config:
    """What cross-validation chooses among: regularisation, silver documents, how to combine."""

    c1: float = 0.1
    c2: float = 0.5
    iterations: int = 150
    silver_docs: int = 0  # silver labels lowered rules + model in cross-validation (0.899 against 0.904 with none)
    combine: str = "model"  # "model": the recogniser decides; "veto": it keeps the rules' bounds; "union": it only adds


@dataclass
class Example:
    """One document's features (with and without the rules' tags) and labels."""

    doc_id: str
    with_rules: list[list[str]]
    plain: list[list[str]]
    labels: list[str]
    gold: bool = True
    meta: dict[str, Any] = field(default_factory=dict)


def featurize(text: str, gold: GoldDoc | None) -> Example:
    """Features of a text; labels from its gold mentions, else from the rules (silver)."""
    norm, offsets = normalize(text)
    orgs, locs, _ = extract_entities(norm, None)
    tokens_r = rule_view(norm, orgs, locs)  # type: ignore[arg-type]
    tokens_p = tokenize(norm, spans=tokens_r.spans)
    if gold is not None:
        spans = [offsets.to_input(a, b) for a, b in tokens_r.spans]
        found = [(*m["span"], "ORG", "") for m in gold.get("organisations", [])]
        found += [(*m["span"], "LOC", "") for m in gold.get("locations", [])]
    else:
        spans = tokens_r.spans
        found = [(m.start, m.end, "ORG", "") for m in orgs] + [(m.start, m.end, "LOC", "") for m in locs]
    n = len(tokens_r.spans)
    return Example(str(gold["id"]) if gold else "", [feature_strings(tokens_r, i) for i in range(n)],
                   [feature_strings(tokens_p, i) for i in range(n)], tags_of(spans, found)[0], gold is not None)


def to_json(info: Any, name: str, uses_rules: bool, combine: str) -> dict[str, Any]:
    """A trained crfsuite model as the JSON `entities.tagger.CRFModel` reads."""
    labels = list(LABELS)
    weights: dict[str, dict[str, list[float]]] = {}
    for (attr, label), w in info.state_features.items():
        key, value = attr.split("=", 1)
        row = weights.setdefault(key, {}).setdefault(value, [0.0] * len(labels))
        row[labels.index(label)] = round(w, 4)
    trans = [[0.0] * len(labels) for _ in labels]
    for (a, b), w in info.transitions.items():
        trans[labels.index(a)][labels.index(b)] = round(w, 4)
    return {"name": name, "labels": labels, "uses_rules": uses_rules, "combine": combine,
            "transitions": trans, "weights": weights}


def train_crf(examples: Iterable[Example], config: Config, uses_rules: bool, name: str = "cv") -> CRFModel:
    """A CRF on the examples (gold with the rules' tags when `uses_rules`, silver always without)."""
    try:
        import pycrfsuite
    except ImportError:
        raise MissingDataError("training the entity recogniser needs python-crfsuite: "
                               "pip install 'vn-policy-nlp[train]'; nothing was changed") from None

    trainer = pycrfsuite.Trainer(verbose=False)
    for ex in examples:
        trainer.append(ex.with_rules if uses_rules and ex.gold else ex.plain, ex.labels)
    trainer.set_params({"c1": config.c1, "c2": config.c2, "max_iterations": config.iterations,
                        "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "crf.model")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        data = to_json(tagger.info(), name, uses_rules, config.combine)
        tagger.close()
    return CRFModel(data)


def _record(text: str, offsets: Any, m: Any) -> dict[str, Any]:
    s, e = offsets.to_input(m.start, m.end)
    return {"span": [s, e], "text": text[s:e], **{k: v for k, v in m.attrs.items() if not k.startswith("_")}}


def predict(doc: GoldDoc, mode: str, model: CRFModel | None) -> dict[str, Any]:
    """Organisation and location records of one document: `rules`, `model` (alone) or `both`."""
    text = doc["text"]
    norm, offsets = normalize(text)
    if mode == "model":
        if model is None:
            raise ValueError("no entity model to score")
        tokens = tokenize(norm)
        found = spans_of(tokens, model.tag(tokens))
        orgs = [{"span": list(offsets.to_input(s.start, s.end)), "name": cap_first(norm[s.start:s.end])}
                for s in found if s.label == "ORG"]
        locs = [{"span": list(offsets.to_input(s.start, s.end))} for s in found if s.label == "LOC"]
        return {"id": doc["id"], "organisations": orgs, "locations": locs}
    orgs_m, locs_m, _ = extract_entities(norm, model if mode == "both" else None)
    return {"id": doc["id"], "organisations": [_record(text, offsets, m) for m in orgs_m],
            "locations": [_record(text, offsets, m) for m in locs_m]}


def silver(n: int, seed: int = 13) -> list[Example]:
    """Rule-labelled examples from `n` unlabelled articles (ordinary news first, then the bench);
    never a gold document's article nor one a check set draws on."""
    if n <= 0:
        return []
    kept = {d["id"] for name in ("train", "dev") for d in gold_docs(name)}
    for file in CHECKS.values():
        path = repo_root() / "corpus" / "entities" / file
        kept |= {row["article"] for row in read_jsonl(path)} if path.is_file() else set()
    try:
        articles = [d for d in corpus_docs("articles").values() if not d.get("policy_rich") and d["id"] not in kept]
        bench = [d for d in corpus_docs("bench").values() if d["id"] not in kept]
    except FileNotFoundError as exc:
        raise MissingDataError(f"no unlabelled corpus for silver labels ({exc.filename}): use --silver-docs 0 "
                               "or restore ../shared/corpus; nothing was changed") from None
    random.Random(seed).shuffle(bench)
    return [featurize(d["text"], None) for d in (articles + bench)[:n]]


def hand_written() -> list[tuple[GoldDoc, Example]]:
    """Our own annotated sentences (corpus/entities/handwritten.jsonl)."""
    path = repo_root() / "corpus" / "entities" / "handwritten.jsonl"
    return [(d, featurize(d["text"], d)) for d in read_jsonl(path)] if path.is_file() else []


@dataclass
class CVResult:
    reports: dict[str, Report]
    config: Config


def cross_validate(docs: list[GoldDoc], examples: dict[str, Example], extra: list[Example], config: Config,
                   k: int = 5) -> CVResult:
    """Scores of rules, model and both over `k` document folds (train on k-1, predict the rest)."""
    preds: dict[str, dict[str, dict[str, Any]]] = {m: {} for m in MODES}
    by_id = {d["id"]: d for d in docs}
    for train_ids, test_ids in document_folds(list(by_id), k):
        train = [examples[i] for i in train_ids] + extra
        both = train_crf(train, config, uses_rules=True)
        alone = train_crf(train, config, uses_rules=False)
        for i in test_ids:
            preds["rules"][i] = predict(by_id[i], "rules", None)
            preds["both"][i] = predict(by_id[i], "both", both)
            preds["model"][i] = predict(by_id[i], "model", alone)
    return CVResult({m: score(docs, preds[m]) for m in MODES}, config)


def check_scores(models: dict[str, CRFModel | None], check: str) -> dict[str, Report] | None:
    """Scores on one of our labelled check sets (`CHECKS`; reported, never tuned on)."""
    path = repo_root() / "corpus" / "entities" / CHECKS[check]
    if not path.is_file():
        return None
    docs = check_docs(path)
    return {mode: score(docs, {d["id"]: predict(d, mode, model) for d in docs}) for mode, model in models.items()}


def check_docs(path: Path) -> list[GoldDoc]:
    """A check set's labelled sentences or articles as gold documents: text read from the shared corpus by article id and offsets;
    an organisation's `name` where the line gives `organisation_names` (one per organisation, in order)."""
    corpus = {**corpus_docs("articles"), **corpus_docs("bench")}
    docs = []
    for row in read_jsonl(path):
        text = corpus[row["article"]]["text"][row["start"]:row["end"]]
        rel = [(a - row["start"], b - row["start"]) for a, b in row["organisations"]]
        locs = [(a - row["start"], b - row["start"]) for a, b in row["locations"]]
        names = row.get("organisation_names") or [None] * len(rel)
        orgs = [{"span": [a, b], "text": text[a:b], **({"name": n} if n else {})}
                for (a, b), n in zip(rel, names, strict=True)]
        docs.append({"id": f"{row['article']}:{row['start']}", "text": text, "organisations": orgs,
                     "locations": [{"span": [a, b], "text": text[a:b]} for a, b in locs]})
    return docs


def release(examples: list[Example], config: Config, out_dir: Path | None = None) -> Path:
    """Train on everything and write `models/entities_YYYYMMDD/crf.json`; an older release is
    removed only once the new file is written and loads."""
    name = f"entities_{dt.date.today():%Y%m%d}"
    models = out_dir or repo_root() / "models"
    model = train_crf(examples, config, uses_rules=True, name=name)
    target = models / name
    staging = models / f".{name}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    data = {"name": name, "labels": list(model.labels), "uses_rules": True, "combine": config.combine,
            "transitions": model.trans.round(4).tolist(), "weights": _weights(model)}
    (staging / "crf.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    CRFModel(json.loads((staging / "crf.json").read_text(encoding="utf-8")))
    card = {"name": name, "config": config.__dict__, "gold_documents": sum(e.gold for e in examples),
            "silver_documents": sum(not e.gold for e in examples), "command": "vn-policy-nlp train entities"}
    (staging / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    for old in models.glob("entities_*"):
        if old != target and old.is_dir():
            shutil.rmtree(old)
    return target


def _weights(model: CRFModel) -> dict[str, dict[str, list[float]]]:
    out: dict[str, dict[str, list[float]]] = {}
    for (name, off), table in model.tables.items():
        out[f"{name}@{off}"] = {value: [round(float(x), 4) for x in model.matrix[row]] for value, row in table.items()}
    return out


def gold_examples() -> tuple[list[GoldDoc], dict[str, Example]]:
    """Train + dev documents and their examples, by id."""
    docs = gold_docs("train") + gold_docs("dev")
    return docs, {d["id"]: featurize(d["text"], d) for d in docs}


def table_rows(report: Report) -> dict[str, dict[str, Any]]:
    return {row: report[row] for row in ROWS if row in report}




def report_training(out_dir: Path | None, silver_docs: int | None, with_cv: bool) -> Iterable[str]:
    """Train, release and report, line by line: the CV table, the model, the general-news check.
    Raises MissingDataError (nothing written) when the shared gold sets are absent."""
    from .evaluate import table

    config = Config() if silver_docs is None else Config(silver_docs=silver_docs)
    docs, examples = gold_examples()
    extra = [e for _, e in hand_written()] + silver(config.silver_docs)
    if with_cv:
        result = cross_validate(docs, examples, extra, config)
        yield f"5-fold cross-validation over {len(docs)} train + dev documents ({config}):"
        for mode, rep in result.reports.items():
            yield table(rep, ROWS, {"rules": "rules only", "model": "model only", "both": "rules + model"}[mode])
    everything = list(examples.values()) + extra
    path = release(everything, config, out_dir)
    yield f"model: {path / 'crf.json'} ({len(docs)} gold documents, {len(extra)} hand-written and silver)"
    from ..entities.tagger import load_model

    load_model.cache_clear()
    models = {"rules": None, "model": train_crf(everything, config, uses_rules=False),
              "both": load_model(str(path / "crf.json"))}
    for check, file in CHECKS.items():
        checked = check_scores(models, check)
        if checked is None:
            yield f"no corpus/entities/{file}: {check} check skipped"
            continue
        yield f"{check} check (corpus/entities/{file}, reported only):"
        for mode, rep in checked.items():
            yield table(rep, ROWS, {"rules": "rules only", "model": "model only", "both": "rules + model"}[mode])
