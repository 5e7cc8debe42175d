"""Throughput of `vn-policy-nlp batch` against `underthesea.ner`, in one run.

    python3 benchmarks/throughput.py [JSONL] [--docs 1000] [--ner-docs 30] [--profile-docs 300] [--no-dask]

Measures, on the first `--docs` documents of JSONL (default
../shared/corpus/bench.jsonl):

- documents/s of the batch command with 1 and 2 local workers and on a Dask
  LocalCluster of 2 workers, start-up included (the CLI is run as a
  subprocess and timed from launch to exit);
- documents/s of `underthesea.ner` over the first `--ner-docs` of the same
  documents (after one warm-up call that loads its model);
- peak RSS of each worker process (reported by the workers themselves);
- where the time goes: ms per document for each pipeline stage, in process.

Prints the ratios against the targets (1 worker >= 50x underthesea.ner,
and >= 100x once start-up is excluded: the documents over the seconds the
worker spent extracting them; 2 workers >= 1.7x one, peak RSS <= 500 MB per
worker).

With `--baseline-python PATH` (or VNP_BASELINE_PYTHON), the batch command of
that interpreter's installed version (an earlier commit in its own
virtualenv: two versions cannot share a process) also runs with 2 workers,
interleaved with this version's runs, and its ratio is printed: this
version's docs/s over the baseline's, from the same machine under the same
load. (`benchmarks/batch_vs_baseline.py` compares them in CPU time too.)
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
TARGETS = {"vs_ner": 50.0, "two_workers": 1.7, "rss_mb": 500.0}
BASELINE = "baseline, 2 workers"


def first_docs(path: Path, n: int) -> list[dict[str, Any]]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                docs.append(json.loads(line))
                if len(docs) >= n:
                    break
    return docs


def run_batch_cli(inputs: Path, out: Path, *extra: str, python: str = sys.executable) -> tuple[float, dict[str, Any]]:
    """Wall time of the CLI (of `python`'s installed version) from launch to exit, and its summary.json."""
    cmd = [python, "-m", "vn_policy_nlp.cli", "batch", str(inputs), "-o", str(out), "--progress", "none", *extra]
    started = time.perf_counter()
    # run outside the worktree: `-m` puts the working directory on sys.path, and a worktree's
    # egg-info there would lend its entry points to another version
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=out.parent, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def time_ner(docs: list[dict[str, Any]]) -> float:
    """Seconds per document of underthesea.ner, after a warm-up call that loads the model."""
    from underthesea import ner

    ner("Hà Nội là thủ đô của Việt Nam.")
    started = time.perf_counter()
    for d in docs:
        ner(d["text"])
    return (time.perf_counter() - started) / len(docs)


def profile_stages(docs: list[dict[str, Any]]) -> dict[str, float]:
    """ms per document for tokenising (make_doc) and each pipeline component, in this process."""
    import vn_policy_nlp
    from vn_policy_nlp import make_doc
    from vn_policy_nlp.documents import Document

    started = time.perf_counter()
    nlp = vn_policy_nlp.load()
    load_ms = (time.perf_counter() - started) * 1000
    documents = [Document.model_validate(d) for d in docs]
    for d in documents[:5]:  # warm caches (tables, regexes) outside the timing
        nlp(make_doc(nlp, d))
    cost = {"make_doc (normalise + tokenise)": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for d in documents:
        t0 = time.perf_counter()
        doc = make_doc(nlp, d)
        cost["make_doc (normalise + tokenise)"] += time.perf_counter() - t0
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            cost[name] += time.perf_counter() - t0
    per_doc = {name: 1000 * s / len(documents) for name, s in cost.items()}
    per_doc["(pipeline load, ms once)"] = load_ms
    return per_doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("jsonl", nargs="?", type=Path, default=DEFAULT_INPUT)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--ner-docs", type=int, default=30)
    parser.add_argument("--profile-docs", type=int, default=300)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--repeat", type=int, default=2, help="runs per configuration; the fastest counts (the machine may be shared)")
    parser.add_argument("--baseline-python", default=os.environ.get("VNP_BASELINE_PYTHON"),
                        help="interpreter of an earlier version whose batch command runs interleaved with this one's")
    args = parser.parse_args()

    docs = first_docs(args.jsonl, args.docs)
    chars = sum(len(d["text"]) for d in docs) / len(docs)
    print(f"input: {args.jsonl} · {len(docs)} documents · {chars:,.0f} characters per document on average")
    with tempfile.TemporaryDirectory(prefix="vnp-bench-") as tmp:
        tmpdir = Path(tmp)
        inputs = tmpdir / "docs.jsonl"
        inputs.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")

        configs = {
            "local, 1 worker": ("--workers", "1"),
            "local, 2 workers": ("--workers", "2"),
        }
        if not args.no_dask:
            configs["dask LocalCluster, 2 workers"] = ("--engine", "dask", "--workers", "2")
        pythons = {name: sys.executable for name in configs}
        if args.baseline_python:
            configs[BASELINE] = ("--workers", "2")
            pythons[BASELINE] = args.baseline_python
        runs: dict[str, tuple[float, dict[str, Any]]] = {}
        for attempt in range(args.repeat):  # interleaved, so that load from elsewhere hits all alike
            for i, (name, extra) in enumerate(configs.items()):
                wall, summary = run_batch_cli(inputs, tmpdir / f"run{attempt}-{i}", *extra, python=pythons[name])
                print(f"  {name}: {wall:.2f} s", flush=True)
                if name not in runs or wall < runs[name][0]:
                    runs[name] = (wall, summary)

    print(f"best of {args.repeat} runs each; load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    ner_s = time_ner(docs[: args.ner_docs])
    ner_rate = 1 / ner_s
    n_ner = min(args.ner_docs, len(docs))
    print(f"\nunderthesea.ner: {ner_s * 1000:,.0f} ms/document · {ner_rate:.2f} docs/s (over {n_ner} documents, model loaded)")
    print(f"\n{'run':32} {'wall s':>7} {'docs/s':>8} {'x ner':>7} {'peak RSS/worker MB':>19} {'load s/worker':>14}")
    rates: dict[str, float] = {}
    max_rss = 0.0
    for name, (wall, summary) in runs.items():
        rate = summary["documents"] / wall
        rates[name] = rate
        rss = summary.get("worker_peak_rss_mb") or {}
        load = summary.get("worker_load_seconds") or {}
        if name != BASELINE:  # the bar is this version's
            max_rss = max([max_rss, *rss.values()])
        rss_s = ", ".join(f"{v:.0f}" for v in rss.values()) or "?"
        load_s = ", ".join(f"{v:.2f}" for v in load.values()) or "?"
        print(f"{name:32} {wall:7.2f} {rate:8.1f} {rate / ner_rate:7.1f} {rss_s:>19} {load_s:>14}")
        if summary.get("errors"):
            print(f"  ({summary['errors']} error records)")

    one = rates["local, 1 worker"]
    two = rates["local, 2 workers"]
    print("\nratios (target):")
    print(f"  1 worker / underthesea.ner   {one / ner_rate:7.1f}x  (>= {TARGETS['vs_ner']:.0f}x; goal 100x)  "
          f"{'ok' if one / ner_rate >= TARGETS['vs_ner'] else 'MISSED'}")
    busy = sum((runs["local, 1 worker"][1].get("worker_busy_seconds") or {}).values())
    if busy:  # the same run without start-up (interpreter, imports, loading models): what a long job sustains
        steady = runs["local, 1 worker"][1]["documents"] / busy
        print(f"  1 worker, start-up excluded   {steady / ner_rate:7.1f}x  (issue 13: >= 100x)  "
              f"{'ok' if steady / ner_rate >= 100 else 'MISSED'}")
    print(f"  2 workers / 1 worker         {two / one:7.2f}x  (>= {TARGETS['two_workers']}x)  "
          f"{'ok' if two / one >= TARGETS['two_workers'] else 'MISSED'}")
    if BASELINE in rates:
        print(f"  2 workers / {BASELINE}  {two / rates[BASELINE]:7.2f}x  (>= 1.00x: unchanged or better)  "
              f"{'ok' if two >= rates[BASELINE] else 'MISSED'}")
    if "dask LocalCluster, 2 workers" in rates:
        print(f"  dask (2 workers) / 1 worker  {rates['dask LocalCluster, 2 workers'] / one:7.2f}x")
    print(f"  peak RSS per worker          {max_rss:7.0f} MB (<= {TARGETS['rss_mb']:.0f} MB)  "
          f"{'ok' if max_rss <= TARGETS['rss_mb'] else 'MISSED'}")

    print(f"\nwhere the time goes (in process, {min(args.profile_docs, len(docs))} documents, ms per document):")
    stages = profile_stages(docs[: args.profile_docs])
    for name, ms in stages.items():
        print(f"  {name:36} {ms:8.2f}")
    per_doc = sum(ms for name, ms in stages.items() if not name.startswith("(pipeline load"))
    share = stages.get("vnp_entities", 0.0) / per_doc if per_doc else 0.0
    print(f"  entities' share of the per-document time: {share:.0%} (target < 40%)  {'ok' if share < 0.4 else 'MISSED'}")


if __name__ == "__main__":
    main()
