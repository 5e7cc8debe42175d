"""Cost of the targets stage, in ms per 2.3 KB of text, against the numbers stage in the same process.

    python3 benchmarks/targets_cost.py [--docs 300] [--corpus ../shared/corpus/bench.jsonl]

Runs the pipeline up to the targets stage once over the first `--docs`
articles (so every stage's mentions are there), then times, per document,
`vnp_numbers` (the baseline: regexes over the whole text) and `vnp_targets`
with and without its classifier. Prints ms per 2.3 KB for each and the ratio
targets / numbers, plus how many documents needed word segmentation (none:
the stage reads clauses with regexes and never calls underthesea).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_BYTES = 2300


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bench.jsonl")
    args = ap.parse_args()

    from vn_policy_nlp import make_doc
    from vn_policy_nlp.documents import Document
    from vn_policy_nlp.ml.target_classifier import pipeline
    from vn_policy_nlp.pipeline.targets import TargetAssembler

    nlp = pipeline(None)
    with_model = TargetAssembler(nlp, use_model=True)
    rules_only = TargetAssembler(nlp, use_model=False)
    numbers = nlp.get_pipe("vnp_numbers")
    docs: list[Any] = []
    size = 0
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if len(docs) >= args.docs:
                break
            d = json.loads(line)
            doc = make_doc(nlp, Document(id=str(d["id"]), text=d["text"], date=d.get("date")))
            for name, proc in nlp.pipeline:
                if name == "vnp_records":
                    break
                doc = proc(doc)
            docs.append(doc)
            size += len(d["text"].encode("utf-8"))

    def clock(proc: Any) -> float:
        start = time.perf_counter()
        for doc in docs:
            proc(doc)
        return (time.perf_counter() - start) * 1000 / (size / ARTICLE_BYTES)

    clock(rules_only)  # warm the caches
    base = min(clock(numbers) for _ in range(3))
    rules = min(clock(rules_only) for _ in range(3))
    model = min(clock(with_model) for _ in range(3))
    print(f"{len(docs)} documents, {size / len(docs):.0f} bytes each on average")
    print(f"vnp_numbers (baseline)     {base:6.3f} ms per 2.3 KB")
    print(f"vnp_targets rules only     {rules:6.3f} ms per 2.3 KB   ratio {rules / base:5.2f}x numbers")
    print(f"vnp_targets rules + model  {model:6.3f} ms per 2.3 KB   ratio {model / base:5.2f}x numbers")


if __name__ == "__main__":
    main()
