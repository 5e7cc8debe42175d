"""The batch command of this version against a baseline's, run alternately, in wall time and CPU time.

    python3 benchmarks/batch_vs_baseline.py --baseline-python /work/venvs/baseline/bin/python [--runs 3] [--workers 2]
        [--format parquet] [INPUT ...]

Runs `vn-policy-nlp batch INPUT... -o OUT --workers N --progress none --format F`
of each interpreter (this one and the baseline's, each with its own installed
package) as a subprocess, alternately (baseline, this, baseline, this, ...),
`--runs` times each. Default inputs: ../shared/corpus/bench.jsonl and
articles.jsonl. For each run: documents/s from launch to exit, and the CPU
seconds of the whole process tree (the command, its fork server and its
workers), read from /proc while it runs: on a shared machine the wall time
moves with other people's load, the CPU time much less. Prints every run, the
best of each version and the ratios this / baseline (docs/s above 1 and CPU
below 1 are better). Without a baseline interpreter (flag or
VNP_BASELINE_PYTHON) only this version runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


class TreeCPU:
    """Polls /proc for the CPU time of a process and all its descendants, keeping each one's last reading
    (a process that ends between two polls loses at most one interval)."""

    def __init__(self, root: int, every: float = 0.05) -> None:
        self.root, self.every = root, every
        self.seen: dict[int, float] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while not self.done.is_set():
            self._sample()
            time.sleep(self.every)

    def _sample(self) -> None:
        stats = {pid: s for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if (s := _cpu_of(pid))}
        tree = {self.root}
        changed = True
        while changed:
            changed = False
            for pid, (ppid, _) in stats.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        for pid in tree & stats.keys():
            self.seen[pid] = stats[pid][1]

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        return sum(self.seen.values())


def run_batch(python: str, inputs: list[Path], out: Path, workers: int, fmt: str) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process tree, documents) of one batch run."""
    cmd = [python, "-m", "vn_policy_nlp.cli", "batch", *map(str, inputs), "-o", str(out), "--workers", str(workers),
           "--progress", "none", "--format", fmt]
    started = time.perf_counter()
    # run from the output's folder: `-m` puts the working directory on sys.path, and a worktree's
    # egg-info there would lend its entry points to the other version
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=out.parent,
                            env={**os.environ, "HF_HUB_OFFLINE": "1"})
    cpu = TreeCPU(proc.pid)
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    cpu_s = cpu.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{python}: batch failed ({proc.returncode}): {err.decode()[-2000:]}")
    return wall, cpu_s, int(json.loads((out / "summary.json").read_text(encoding="utf-8"))["documents"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", type=Path, default=[CORPUS / "bench.jsonl", CORPUS / "articles.jsonl"])
    ap.add_argument("--baseline-python", default=os.environ.get("VNP_BASELINE_PYTHON"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--format", default="parquet")
    args = ap.parse_args()
    versions = {"baseline": args.baseline_python} if args.baseline_python else {}
    versions["this"] = sys.executable
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in versions}
    with tempfile.TemporaryDirectory(prefix="vnp-batch-") as tmp:
        for run in range(args.runs):
            for name, python in versions.items():
                wall, cpu, docs = run_batch(python, args.inputs, Path(tmp) / f"{name}-{run}", args.workers, args.format)
                results[name].append((wall, cpu, docs))
                print(f"run {run + 1} {name:8} {docs} docs  {wall:6.1f} s  {docs / wall:6.1f} docs/s  "
                      f"CPU {cpu:6.1f} s  {1000 * cpu / docs:5.2f} ms/doc  (load {os.getloadavg()[0]:.2f})", flush=True)
    best = {name: (max(d / w for w, _, d in rs), min(1000 * c / d for _, c, d in rs)) for name, rs in results.items()}
    print(f"\nbest of {args.runs} runs each ({args.workers} workers, --format {args.format}):")
    for name, (rate, cpu) in best.items():
        print(f"  {name:8} {rate:6.1f} docs/s   {cpu:5.2f} CPU ms/doc")
    if "baseline" in best:
        (b_rate, b_cpu), (rate, cpu) = best["baseline"], best["this"]
        print(f"  ratio this / baseline: docs/s {rate / b_rate:.2f}x, CPU per document {cpu / b_cpu:.2f}x")


if __name__ == "__main__":
    main()
