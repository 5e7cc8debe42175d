"""Does the cost of a document grow linearly with its length?

    python3 benchmarks/long_input.py [--chars 200000] [--corpus ../shared/corpus/bench.jsonl]

Archives hold pages no editor wrote: tables flattened into one line, scraped
menus, thousands of figures with no full stop. For each shape of text below
the script times `extract` on a short piece (the baseline, `--chars` / 16)
and on a long one (`--chars`) in the same process, and prints the ratio of
their costs per character. A linear pipeline prints about 1.0; a quadratic
step shows up as a ratio near 16. The first row concatenates real articles,
the others repeat one pattern with no sentence end.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PATTERNS = {
    "percentages": "1% ",
    "years": "năm 2023 ",
    "aims": "phấn đấu đạt 10% ",
    "list": "- tỷ lệ 5% ",
    "organisations": "UBND huyện Đông Sơn ",
    "country pairs": "Trung - Mỹ - ",
    "legal": "Nghị quyết số 15/NQ-CP ",
    "no spaces": "ướ",
}


def _cost(text: str, extract, Document) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        extract(Document(id="bench", text=text))
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=200_000)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bench.jsonl")
    args = ap.parse_args()

    from vn_policy_nlp import extract
    from vn_policy_nlp.documents import Document

    extract(Document(id="warm", text="Năm 2023 huyện phấn đấu đạt 10,51%."))
    shapes: dict[str, str] = {}
    if args.corpus.exists():
        with args.corpus.open(encoding="utf-8") as fh:
            texts = []
            for line in fh:
                texts.append(json.loads(line)["text"])
                if sum(map(len, texts)) > args.chars:
                    break
        shapes["real articles"] = "\n\n".join(texts)
    for name, unit in PATTERNS.items():
        shapes[name] = unit * (args.chars // len(unit) + 1)

    short_n = args.chars // 16
    print(f"{'text':15s} {'short ms':>9s} {'long ms':>9s} {'µs/char short':>14s} {'µs/char long':>13s} {'ratio':>6s}")
    for name, text in shapes.items():
        short, long = text[:short_n], text[: args.chars]
        a, b = _cost(short, extract, Document), _cost(long, extract, Document)
        pa, pb = a / len(short) * 1e6, b / len(long) * 1e6
        print(f"{name:15s} {a * 1000:9.1f} {b * 1000:9.1f} {pa:14.2f} {pb:13.2f} {pb / pa:6.2f}", flush=True)


if __name__ == "__main__":
    main()
