"""Time expressions: our `vnp_timex` stage against dateparser, scored the same way.

    python3 benchmarks/time_vs_dateparser.py [GOLD.jsonl] [--speed-docs 300]

Runs both over the gold dev documents (default ../shared/eval/dev.jsonl):

- ours: the pipeline's numbers, timex and legal stages (`vn_policy_nlp.load`);
- dateparser: `search_dates(text, languages=["vi"], settings={"RELATIVE_BASE":
  publication date})`. Each hit becomes a `time_expressions` record: its span is
  the hit found in the text (left to right), its value the returned datetime at
  the grain dateparser itself reports for the hit (`DateDataParser.get_date_data`
  -> period day/month/year), with `XXXX` for the year when the document has no
  date and the hit wrote none. dateparser has no notion of a deadline, so its
  records carry `deadline: false`.

Both prediction sets are scored with the project scorer's `score()` (imported
by path from ../shared/eval/score.py or $VNP_EVAL_DIR) and printed side by side:
time F1, value accuracy, deadline F1. Then the cost of each, in ms per 2.3 KB of
text, measured in this process on the first `--speed-docs` bench articles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_BYTES = 2300  # the reference article size of the speed budget


def eval_dir() -> Path:
    """The shared evaluation folder: $VNP_EVAL_DIR, ../shared/eval next to the repo, or /work/shared/eval."""
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


def relative_base(published: str | None) -> dt.datetime | None:
    if not published:
        return None
    parts = [int(p) for p in str(published).split("-")]
    year, month, day = ([*parts, 1, 15])[:3] if len(parts) == 1 else ([*parts, 15])[:3]
    if len(parts) == 1:
        month, day = 7, 1
    return dt.datetime(year, month, day)


def dateparser_records(text: str, published: str | None) -> list[dict[str, Any]]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    base = relative_base(published)
    settings: dict[str, Any] = {"RELATIVE_BASE": base} if base else {}
    hits = search_dates(text, languages=["vi"], settings=settings) or []
    ddp = DateDataParser(languages=["vi"], settings=settings)
    out: list[dict[str, Any]] = []
    pos = 0
    for substring, when in hits:
        start = text.find(substring, pos)
        if start < 0:
            start = text.find(substring)
            if start < 0:
                continue
        end = start + len(substring)
        pos = end
        data = ddp.get_date_data(substring)
        period = data.period or "day"
        wrote_year = "year" in (data.parts or ())
        year = f"{when.year:04d}" if (wrote_year or base is not None) else "XXXX"
        value = year if period == "year" else f"{year}-{when.month:02d}" if period == "month" else f"{year}-{when.month:02d}-{when.day:02d}"
        out.append({"span": [start, end], "text": substring, "value": value, "deadline": False})
    return out


def our_predictions(nlp: Any, docs: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    from vn_policy_nlp import Document, make_doc

    preds = {}
    for doc_id, g in docs.items():
        doc = nlp(make_doc(nlp, Document(id=doc_id, text=g["text"], date=g.get("date"))))
        preds[doc_id] = doc._.records.model_dump(mode="json")
    return preds


def load_pipeline() -> Any:
    import vn_policy_nlp
    from vn_policy_nlp.pipeline import STAGES

    mine = {"vnp_text", "vnp_numbers", "vnp_timex", "vnp_legal", "vnp_records"}
    return vn_policy_nlp.load(exclude=[s for s in STAGES if s not in mine])


def speed(nlp: Any, texts: list[tuple[str, str | None]]) -> tuple[float, float, float]:
    """ms per 2.3 KB: the timex + legal finders alone, the four stages through spaCy, dateparser."""
    from vn_policy_nlp import Document, make_doc
    from vn_policy_nlp.legal import find_legal
    from vn_policy_nlp.time import find_times

    size = sum(len(t.encode("utf-8")) for t, _ in texts) / ARTICLE_BYTES

    def best_of(runs: int, fn: Any) -> float:
        """CPU ms per 2.3 KB, the best of `runs` passes (other processes share the machine)."""
        best = float("inf")
        for _ in range(runs):
            t0 = time.process_time()
            for text, date in texts:
                fn(text, date)
            best = min(best, (time.process_time() - t0) * 1000 / size)
        return best

    ours = best_of(3, lambda text, date: (find_times(text, date), find_legal(text)))
    pipe = best_of(3, lambda text, date: nlp(make_doc(nlp, Document(text=text, date=date))))
    few = texts[: max(1, len(texts) // 10)]
    few_size = sum(len(t.encode("utf-8")) for t, _ in few) / ARTICLE_BYTES
    t0 = time.process_time()
    for text, date in few:
        dateparser_records(text, date)
    theirs = (time.process_time() - t0) * 1000 / few_size
    return ours, pipe, theirs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", type=Path, default=None)
    ap.add_argument("--speed-docs", type=int, default=300)
    args = ap.parse_args(argv)
    folder = eval_dir()
    scorer = load_scorer(folder)
    gold = scorer.load(str(args.gold or folder / "dev.jsonl"))

    nlp = load_pipeline()
    ours = our_predictions(nlp, gold)
    theirs = {doc_id: {"id": doc_id, "time_expressions": dateparser_records(g["text"], g.get("date"))}
              for doc_id, g in gold.items()}
    rows = {"vn_policy_nlp": scorer.score(gold, ours), "dateparser": scorer.score(gold, theirs)}

    def cell(x: Any) -> str:
        return f"{x:>10.3f}" if isinstance(x, (int, float)) else f"{'-':>10}"

    print(f"documents: {len(gold)}  ({folder / 'dev.jsonl' if args.gold is None else args.gold})")
    print(f"{'system':16}{'time P':>10}{'time R':>10}{'time F1':>10}{'value acc':>10}{'deadl. F1':>10}")
    for name, rep in rows.items():
        te, dl = rep["time_expressions"], rep["deadlines"]
        print(f"{name:16}{cell(te['precision'])}{cell(te['recall'])}{cell(te['f1'])}"
              f"{cell(te.get('value_accuracy'))}{cell(dl['f1'] or 0.0)}")
    lead = all(
        (rows["vn_policy_nlp"][k][f] or 0.0) > (rows["dateparser"][k][f] or 0.0)
        for k, f in (("time_expressions", "f1"), ("time_expressions", "value_accuracy"), ("deadlines", "f1"))
    )
    print(f"ours leads on every column: {lead}")

    if args.speed_docs > 0:
        bench = folder.parent / "corpus" / "bench.jsonl"
        texts: list[tuple[str, str | None]] = []
        if bench.exists():
            with bench.open(encoding="utf-8") as fh:
                for line in fh:
                    d = json.loads(line)
                    texts.append((d["text"], d.get("date")))
                    if len(texts) >= args.speed_docs:
                        break
        else:
            texts = [(g["text"], g.get("date")) for g in gold.values()]
        ours_ms, pipe_ms, theirs_ms = speed(nlp, texts)
        print(f"speed, ms per 2.3 KB article over {len(texts)} articles (dateparser over {max(1, len(texts) // 10)}):")
        print(f"  timex + legal finders                         {ours_ms:8.3f}")
        print(f"  tokenizer+numbers+timex+legal+records (spaCy)  {pipe_ms:8.3f}")
        print(f"  dateparser search_dates                       {theirs_ms:8.3f}   ({theirs_ms / ours_ms:.0f}x ours)")


if __name__ == "__main__":
    main()
