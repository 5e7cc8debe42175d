"""Linking precision and recall on the annotated article pairs in corpus/linking/.

    python benchmarks/linking_eval.py [--dir corpus/linking] [--as-of 2024-03-31] [--diff] [--extracted]

Ingests the hand-written records (documents with their records, GUIDELINES
JSON) into an in-memory store, links, and compares the target -> result pairs
with `gold_links.jsonl`; also reports status accuracy over every gold target.
The gold statuses assume the date given by --as-of (see the set's README).

`--extracted` measures the whole chain instead: the pipeline extracts the
records from the texts, and a gold record is matched to the extracted record
of its kind whose span overlaps it most.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from vn_policy_nlp.store import ingest_paths, open_engine, relink, schema_tables

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2024, 3, 31)


def _documents_only(folder: Path, tmp: Path) -> Path:
    """The set's documents without their records, for the pipeline to extract."""
    path = tmp / "documents.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            a = json.loads(line)
            fh.write(json.dumps({k: a[k] for k in ("id", "date", "title", "text")}, ensure_ascii=False) + "\n")
    return path


def evaluate(folder: Path = ROOT / "corpus" / "linking", as_of: date = AS_OF, *, extracted: bool = False) -> dict[str, Any]:
    import tempfile

    engine = open_engine("sqlite://")
    with tempfile.TemporaryDirectory() as tmp:
        source = _documents_only(folder, Path(tmp)) if extracted else folder / "articles.jsonl"
        stats = ingest_paths(engine, [source], relink=False)
    relink(engine, as_of=as_of)
    t, lk, st = schema_tables.targets, schema_tables.links, schema_tables.target_status
    with engine.connect() as conn:
        stored = conn.execute(select(t.c.id, t.c.document_id, t.c.kind, t.c.start, t.c.end)).all()
        ids = {(r.document_id, r.start, r.end): r.id for r in stored}
        if extracted:
            ids = _overlap_map(folder, stored)
        texts = {r.id: f"{r.document_id} «{r.text}»" for r in conn.execute(select(t.c.id, t.c.document_id, t.c.text))}
        predicted = {(r.target_id, r.result_id) for r in conn.execute(select(lk.c.target_id, lk.c.result_id))}
        status = {r.target_id: r.status for r in conn.execute(select(st.c.target_id, st.c.status))}
    gold: set[tuple[str, str]] = set()
    status_right, status_total, confusion = 0, 0, []

    def resolve(ref: dict[str, Any]) -> str:
        """The stored id of a gold record, or a stand-in naming it when nothing was extracted there."""
        key = (ref["document"], *ref["span"])
        if key in ids:
            return ids[key]
        stand_in = f"?{ref['document']}:{ref['span']}"
        texts[stand_in] = f"{ref['document']} «{ref['text']}» (not extracted)"
        return stand_in

    for line in (folder / "gold_links.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        tid = resolve(g["target"])
        for r in g["results"]:
            gold.add((tid, resolve(r)))
        status_total += 1
        if status.get(tid) == g["status"]:
            status_right += 1
        else:
            confusion.append((texts[tid], g["status"], status.get(tid)))
    tp = len(gold & predicted)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": stats.documents,
        "gold_links": len(gold),
        "predicted_links": len(predicted),
        "true_positives": tp,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "status_accuracy": status_right / status_total if status_total else 0.0,
        "targets": status_total,
        "false_links": sorted((texts[a], texts[b]) for a, b in predicted - gold),
        "missed_links": sorted((texts[a], texts[b]) for a, b in gold - predicted),
        "wrong_status": sorted(confusion),
    }


def _overlap_map(folder: Path, stored: list[Any]) -> dict[tuple[str, int, int], str]:
    """Gold (document, start, end) -> the extracted record overlapping it most."""
    out: dict[tuple[str, int, int], str] = {}
    for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        for rec in a["targets"]:
            s, e = rec["span"]
            best = max(
                ((min(e, r.end) - max(s, r.start), r.id) for r in stored if r.document_id == a["id"] and r.kind == rec["kind"]),
                default=(0, ""),
            )
            if best[0] > 0:
                out[(a["id"], s, e)] = best[1]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", type=Path, default=ROOT / "corpus" / "linking")
    ap.add_argument("--as-of", type=date.fromisoformat, default=AS_OF)
    ap.add_argument("--diff", action="store_true", help="list false and missed links and wrong statuses")
    ap.add_argument("--extracted", action="store_true", help="link the pipeline's records instead of the gold ones")
    args = ap.parse_args(argv)
    r = evaluate(args.dir, args.as_of, extracted=args.extracted)
    print("records: " + ("extracted by the pipeline" if args.extracted else "gold (hand-written)"))
    print(f"documents {r['documents']}  targets {r['targets']}  gold links {r['gold_links']}  predicted {r['predicted_links']}")
    print(f"links    P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    print(f"status   accuracy {r['status_accuracy']:.3f} over {r['targets']} targets")
    if args.diff:
        for a, b in r["false_links"]:
            print(f"  FALSE  {a}  ->  {b}")
        for a, b in r["missed_links"]:
            print(f"  MISSED {a}  ->  {b}")
        for text, want, got in r["wrong_status"]:
            print(f"  STATUS {text}: gold {want}, predicted {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
