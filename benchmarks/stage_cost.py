"""CPU time per document of each pipeline stage, this version against a baseline, in one run.

    python3 benchmarks/stage_cost.py [--baseline-python /work/venvs/baseline/bin/python] [--docs 300] [--rounds 5] [--turns 2]

Each version runs in its own interpreter (a subprocess of this script in
`--worker` mode: two versions of the package cannot share one process). A
worker loads the pipeline, builds the Docs of the first `--docs` articles of
../shared/corpus/bench.jsonl, then runs make_doc and every stage on every
document `--rounds` times, keeping per document and stage the fastest CPU time
(time.process_time: other processes on a shared machine do not count). The
versions take `--turns` turns each, alternately (baseline, this, baseline,
this, ...), and the fastest turn counts. Prints ms per document for each stage,
the total and the ratio this / baseline (below 1 is faster). Without a
baseline interpreter (flag or VNP_BASELINE_PYTHON) only this version is shown.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUT = ROOT.parent / "shared" / "corpus" / "bench.jsonl"
MAKE_DOC = "make_doc"


def load_docs(path: Path, n: int) -> list[dict[str, Any]]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
                if len(docs) >= n:
                    break
    return docs


def worker(path: Path, n: int, rounds: int) -> dict[str, float]:
    """ms of CPU per document for make_doc and each stage: per document the fastest of `rounds`."""
    import vn_policy_nlp
    from vn_policy_nlp import make_doc
    from vn_policy_nlp.documents import Document

    nlp = vn_policy_nlp.load()
    documents = [Document.model_validate(d) for d in load_docs(path, n)]
    for d in documents[:5]:  # warm caches outside the timing
        nlp(make_doc(nlp, d))
    names = [MAKE_DOC, *nlp.pipe_names]
    best = {name: [float("inf")] * len(documents) for name in names}
    clock = time.process_time
    for _ in range(rounds):
        for i, d in enumerate(documents):
            t0 = clock()
            doc = make_doc(nlp, d)
            t1 = clock()
            best[MAKE_DOC][i] = min(best[MAKE_DOC][i], t1 - t0)
            for name, proc in nlp.pipeline:
                t0 = clock()
                doc = proc(doc)
                t1 = clock()
                best[name][i] = min(best[name][i], t1 - t0)
    return {name: 1000 * sum(times) / len(documents) for name, times in best.items()}


def run_worker(python: str, args: argparse.Namespace) -> dict[str, float]:
    cmd = [python, __file__, "--worker", "--docs", str(args.docs), "--rounds", str(args.rounds), str(args.jsonl)]
    # not from a worktree: its egg-info on sys.path would lend its entry points to the other version
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tempfile.gettempdir(), env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if proc.returncode:
        raise SystemExit(f"{python} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def fastest(runs: list[dict[str, float]]) -> dict[str, float]:
    return {name: min(r[name] for r in runs) for name in runs[0]}


def report(ours: dict[str, float], base: dict[str, float] | None) -> None:
    names = list(ours) + [n for n in (base or {}) if n not in ours]
    print(f"{'stage':22} {'baseline':>9} {'this':>9} {'ratio':>7}")
    for name in names:
        b = (base or {}).get(name)
        o = ours.get(name)
        cells = [f"{b:9.2f}" if b is not None else f"{'-':>9}", f"{o:9.2f}" if o is not None else f"{'-':>9}"]
        ratio = f"{o / b:7.2f}" if b and o is not None else ""
        print(f"{name:22} {cells[0]} {cells[1]} {ratio}")
    total = sum(ours.values())
    if base:
        btotal = sum(base.values())
        print(f"{'total':22} {btotal:9.2f} {total:9.2f} {total / btotal:7.2f}")
    else:
        print(f"{'total':22} {'-':>9} {total:9.2f}")
    share = ours.get("vnp_entities", 0.0) / total if total else 0.0
    print(f"entities' share of this version's time: {share:.0%} (bar < 40%)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl", nargs="?", type=Path, default=DEFAULT_INPUT)
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--turns", type=int, default=2)
    ap.add_argument("--baseline-python", default=os.environ.get("VNP_BASELINE_PYTHON"))
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.jsonl, args.docs, args.rounds)))
        return
    ours_runs: list[dict[str, float]] = []
    base_runs: list[dict[str, float]] = []
    for _ in range(args.turns):
        if args.baseline_python:
            base_runs.append(run_worker(args.baseline_python, args))
        ours_runs.append(run_worker(sys.executable, args))
    print(f"{args.docs} documents of {args.jsonl.name}; per document the fastest of {args.rounds} rounds, "
          f"the fastest of {args.turns} turns; CPU ms per document")
    report(fastest(ours_runs), fastest(base_runs) if base_runs else None)


if __name__ == "__main__":
    main()
