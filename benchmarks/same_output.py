"""Do the records stay byte-identical? For speed work, which must change no output.

    python3 benchmarks/same_output.py save DIR     # before: write the records of every set to DIR
    python3 benchmarks/same_output.py check DIR    # after: extract again and compare with DIR

The sets: ../shared/eval/dev.jsonl, ../shared/eval/train.jsonl and the first
`--bench-docs` (1000) articles of ../shared/corpus/bench.jsonl. Each is run
through `vn-policy-nlp extract --format jsonl` of this interpreter (a
subprocess, so the installed command is what is checked). `check` prints, per
set, the number of records and the ids of the first documents whose records
differ, and exits 1 when any differ.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL_SETS = {"dev": SHARED / "eval" / "dev.jsonl", "train": SHARED / "eval" / "train.jsonl"}
BENCH = SHARED / "corpus" / "bench.jsonl"


def head(path: Path, n: int, into: Path) -> Path:
    """The first n non-empty lines of a JSON Lines file, written to `into`."""
    lines = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                lines.append(line if line.endswith("\n") else line + "\n")
                if len(lines) >= n:
                    break
    into.write_text("".join(lines), encoding="utf-8")
    return into


def extract(source: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "vn_policy_nlp.cli", "extract", "--format", "jsonl", str(source), "-o", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if proc.returncode not in (0, 1):
        raise SystemExit(f"extract {source} failed ({proc.returncode}): {proc.stderr[-2000:]}")


def run_all(out_dir: Path, bench_docs: int) -> list[str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vnp-same-") as tmp:
        sets = {**EVAL_SETS, "bench": head(BENCH, bench_docs, Path(tmp) / "bench.jsonl")}
        for name, source in sets.items():
            extract(source, out_dir / f"{name}.jsonl")
    return list(sets)


def differing_ids(before: Path, after: Path) -> tuple[int, list[str]]:
    """Number of records before, and the ids (or line numbers) of those that differ."""
    old = before.read_bytes().splitlines()
    new = after.read_bytes().splitlines()
    diffs = []
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else b""
        b = new[i] if i < len(new) else b""
        if a != b:
            diffs.append((a or b)[:60].decode("utf-8", "replace").split('"id": ', 1)[-1].split(",", 1)[0] or f"line {i + 1}")
    return len(old), diffs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["save", "check"])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--bench-docs", type=int, default=1000)
    args = ap.parse_args()
    if args.action == "save":
        for name in run_all(args.dir, args.bench_docs):
            print(f"saved {args.dir / (name + '.jsonl')}")
        return
    with tempfile.TemporaryDirectory(prefix="vnp-same-out-") as tmp:
        names = run_all(Path(tmp), args.bench_docs)
        failed = False
        for name in names:
            n, diffs = differing_ids(args.dir / f"{name}.jsonl", Path(tmp) / f"{name}.jsonl")
            failed |= bool(diffs)
            status = "identical" if not diffs else f"{len(diffs)} DIFFER, first: {', '.join(diffs[:5])}"
            print(f"{name:6} {n:5} records  {status}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
