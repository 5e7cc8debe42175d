"""Legal references: which of the finder's passes earn their place, by cross-validation.

    python -m vn_policy_nlp.training.legal [--k 5] [--seed 0]

The finder (`vn_policy_nlp.legal`) is rules, one pass per way of citing. A
pass earns its place only when it helps on documents it was not chosen on:
for each of k folds over the documents of train + dev, the passes are chosen
on the other folds (starting from all of them, a pass is dropped while
dropping it does not lower F1 there) and the held-out fold is scored with
the passes chosen. The pooled held-out table is the estimate for unseen
articles; the ablation table shows what each pass adds over all documents.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import Any

from ..legal import find_legal
from ..legal.find import PASSES
from ..text.normalize import normalize
from .data import GoldDoc, gold_docs
from .evaluate import Report, cross_validate, score, table

ROW = "legal_references"


def predict(docs: Iterable[GoldDoc], passes: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Legal references alone, spans on the gold text (through the normaliser's offset map)."""
    chosen = None if passes is None else list(passes)
    out: dict[str, dict[str, Any]] = {}
    for d in docs:
        norm, offsets = normalize(d["text"])
        refs = []
        for m in find_legal(norm, chosen):
            start, end = offsets.to_input(m.start, m.end)
            refs.append({"span": [start, end], "text": d["text"][start:end], **m.attrs})
        out[d["id"]] = {ROW: refs}
    return out


def f1(docs: list[GoldDoc], passes: Iterable[str]) -> float:
    return float(score(docs, predict(docs, passes))[ROW]["f1"] or 0.0)


def choose_passes(docs: list[GoldDoc]) -> list[str]:
    """Backward selection: drop the pass whose removal helps most, while none hurts."""
    kept = list(PASSES)
    best = f1(docs, kept)
    while len(kept) > 1:
        trials = {p: f1(docs, [q for q in kept if q != p]) for p in kept}
        drop, value = max(trials.items(), key=lambda kv: (kv[1], -list(PASSES).index(kv[0])))
        if value < best:
            break
        kept.remove(drop)
        best = value
    return kept


def cross_validation(docs: list[GoldDoc], k: int = 5, seed: int = 0) -> tuple[Report, list[list[str]]]:
    """The pooled held-out report, and the passes each fold chose."""
    chosen: list[list[str]] = []

    def fit_predict(train: list[GoldDoc], test: list[GoldDoc]) -> dict[str, dict[str, Any]]:
        passes = choose_passes(train)
        chosen.append(passes)
        return predict(test, passes)

    return cross_validate(docs, fit_predict, k=k, seed=seed), chosen


def ablation(docs: list[GoldDoc]) -> dict[str, float]:
    """F1 over all documents with every pass, and without each one in turn."""
    out = {"all passes": f1(docs, PASSES)}
    out.update({f"without {p}": f1(docs, [q for q in PASSES if q != p]) for p in PASSES})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    train, dev = gold_docs("train"), gold_docs("dev")
    report, chosen = cross_validation(train + dev, args.k, args.seed)
    print(table(report, [ROW], title=f"{args.k}-fold CV, train+dev"))
    print("passes chosen per fold:", "; ".join(",".join(c) for c in chosen))
    print(table(score(train, predict(train)), [ROW], title="train, all passes"))
    print(table(score(dev, predict(dev)), [ROW], title="dev, all passes"))
    print("ablation over train+dev (F1):")
    for name, value in ablation(train + dev).items():
        print(f"  {name:24} {value:.4f}")


if __name__ == "__main__":
    main()
