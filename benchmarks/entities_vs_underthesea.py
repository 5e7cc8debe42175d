"""Organisations and locations: our `vnp_entities` stage against underthesea's NER, scored the same way.

    python3 benchmarks/entities_vs_underthesea.py [GOLD.jsonl]

Runs both over the gold dev documents (default ../shared/eval/dev.jsonl):

- ours: the whole pipeline (`vn_policy_nlp.load()`), its `organisations` and
  `locations` records;
- underthesea: `underthesea.ner` (CRF, offline) on each sentence of
  `underthesea.sent_tokenize`; B-/I-ORG runs become `organisations` records
  and B-/I-LOC runs `locations` records, with spans found in the text left to
  right. underthesea gives no expanded name, so it has no name accuracy.

Both prediction sets are scored with the project scorer's `score()` (imported
by path from ../shared/eval/score.py, or $VNP_EVAL_DIR) and printed side by
side, with the cost of each in ms per document, measured in this process.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = [
    ("org P", "organisations", "precision"),
    ("org R", "organisations", "recall"),
    ("org F1", "organisations", "f1"),
    ("org exact", "organisations_exact", "f1"),
    ("org name", "organisations", "name_accuracy"),
    ("loc P", "locations", "precision"),
    ("loc R", "locations", "recall"),
    ("loc F1", "locations", "f1"),
    ("loc exact", "locations_exact", "f1"),
]


def eval_dir() -> Path:
    for cand in (os.environ.get("VNP_EVAL_DIR"), ROOT.parent / "shared" / "eval", Path("/work/shared/eval")):
        if cand and (Path(cand) / "score.py").exists():
            return Path(cand)
    sys.exit("cannot find shared/eval/score.py; set VNP_EVAL_DIR")


def load_scorer(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("vnp_eval_score", folder / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ours(docs: list[dict[str, Any]]) -> tuple[dict[str, Any], float]:
    import vn_policy_nlp
    from vn_policy_nlp import Document

    nlp = vn_policy_nlp.load()
    vn_policy_nlp.extract("Khởi động.", nlp=nlp)
    pred: dict[str, Any] = {}
    t0 = time.perf_counter()
    for d in docs:
        recs = vn_policy_nlp.extract(Document(id=d["id"], text=d["text"], date=d.get("date")), nlp=nlp)
        pred[d["id"]] = {"id": d["id"],
                         "organisations": [r.model_dump(mode="json") for r in recs.organisations],
                         "locations": [r.model_dump(mode="json") for r in recs.locations]}
    return pred, (time.perf_counter() - t0) * 1000 / len(docs)


def underthesea_records(text: str) -> dict[str, list[dict[str, Any]]]:
    """underthesea.ner per sentence; ORG/LOC runs located in the text left to right."""
    from underthesea import ner, sent_tokenize

    out: dict[str, list[dict[str, Any]]] = {"organisations": [], "locations": []}
    pos = 0
    for sent in sent_tokenize(text):
        start = text.find(sent[:20], pos) if sent else -1
        cursor = start if start >= 0 else pos
        runs: list[tuple[str, int, int]] = []
        for word, _pos_tag, _chunk, tag in ner(sent):
            at = text.find(word, cursor)
            if at < 0:
                continue
            end = at + len(word)
            cursor = end
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if kind in ("ORG", "LOC"):
                if tag.startswith("I-") and runs and runs[-1][0] == kind:
                    runs[-1] = (kind, runs[-1][1], end)
                else:
                    runs.append((kind, at, end))
        for kind, s, e in runs:
            key = "organisations" if kind == "ORG" else "locations"
            out[key].append({"span": [s, e], "text": text[s:e]})
        pos = max(pos, cursor)
    return out


def theirs(docs: list[dict[str, Any]]) -> tuple[dict[str, Any], float]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    underthesea_records("Khởi động.")
    pred: dict[str, Any] = {}
    t0 = time.perf_counter()
    for d in docs:
        pred[d["id"]] = {"id": d["id"], **underthesea_records(d["text"])}
    return pred, (time.perf_counter() - t0) * 1000 / len(docs)


def cell(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else "-"


def main(argv: list[str]) -> int:
    folder = eval_dir()
    gold_path = Path(argv[0]) if argv else folder / "dev.jsonl"
    scorer = load_scorer(folder)
    gold = scorer.load(str(gold_path))
    docs = list(gold.values())
    rows = []
    for name, run in (("vn_policy_nlp", ours), ("underthesea.ner", theirs)):
        pred, ms = run(docs)
        rep = scorer.score(gold, pred)
        rows.append((name, [rep[k].get(stat) for _, k, stat in COLUMNS], ms))
    print(f"{len(docs)} documents from {gold_path}")
    print(f"{'':16}" + "".join(f"{c:>10}" for c, _, _ in COLUMNS) + f"{'ms/doc':>10}")
    for name, values, ms in rows:
        print(f"{name:16}" + "".join(f"{cell(v):>10}" for v in values) + f"{ms:>10.1f}")
    ours_row, theirs_row = rows[0][1], rows[1][1]
    lead = all(a is not None and (b is None or a > b) for a, b in zip(ours_row, theirs_row, strict=True))
    print(f"ours leads on every score column: {lead}; "
          f"ours is {rows[1][2] / rows[0][2]:.0f}x faster (whole pipeline vs NER alone)")
    return 0 if lead else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
