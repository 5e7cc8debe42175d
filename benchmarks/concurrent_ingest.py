"""Several `vn-policy-nlp ingest` processes on one new store at once: is every document stored?

    python3 benchmarks/concurrent_ingest.py [--writers 4] [--copies 20] [--pg postgresql+psycopg://...]

Each writer ingests its own records file (`--copies` x the 25 articles of
corpus/linking under new ids), and every writer also ingests one shared file,
all started together on a store that does not exist yet (SQLite, and the
PostgreSQL server of `--pg` or $VNP_TEST_PG_URL in a fresh schema). Prints,
per store, the documents expected and stored, the writers' exit codes, the
skipped and not-stored inputs they report, and the wall time against one
writer ingesting everything alone (the baseline, same process).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LINKING = ROOT / "corpus" / "linking" / "articles.jsonl"


def records_file(path: Path, prefix: str, copies: int) -> int:
    lines = LINKING.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            for line in lines:
                obj = json.loads(line)
                obj["id"] = f"{prefix}{k}-{obj['id']}"
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return copies * len(lines)


def ingest(db: str, jobs: list[list[Path]]) -> tuple[float, list[dict[str, Any]]]:
    """Start one `ingest` per job at once; (wall seconds, [{exit, summary}])."""
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", "ingest", *map(str, files), "--db", db,
                               "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for files in jobs]
    out = []
    for p in procs:
        stdout, stderr = p.communicate()
        summary = json.loads(stdout) if stdout.strip() else {"errors": [stderr.strip()[-300:]], "store_errors": []}
        out.append({"exit": p.returncode, **summary})
    return time.perf_counter() - started, out


def stored(db: str) -> tuple[int, int]:
    """(documents, schema_migrations rows) in the store."""
    from sqlalchemy import func, select

    from vn_policy_nlp.store import open_engine, schema_tables

    engine = open_engine(db, migrate=False)
    with engine.connect() as conn:
        docs = conn.execute(select(func.count()).select_from(schema_tables.documents)).scalar_one()
        migrations = conn.execute(select(func.count()).select_from(schema_tables.schema_migrations)).scalar_one()
    engine.dispose()
    return docs, migrations


def pg_schema(url: str) -> tuple[str, Any]:
    """A URL on a fresh schema of the server, and a function that drops it."""
    from sqlalchemy import create_engine, text

    name = f"vnp_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()

    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{name}", drop


def run(label: str, make_db: Any, files: list[Path], shared: Path, expected: int) -> dict[str, Any]:
    db, cleanup = make_db()
    try:
        alone, _ = ingest(db, [[*files, shared]])
    finally:
        cleanup()
    db, cleanup = make_db()
    try:
        wall, results = ingest(db, [[f, shared] for f in files])
        docs, migrations = stored(db)
    finally:
        cleanup()
    return {
        "store": label, "writers": len(files), "expected": expected, "stored": docs, "migrations": migrations,
        "exit_codes": [r["exit"] for r in results], "skipped": sum(len(r.get("errors", [])) for r in results),
        "not_stored": sum(len(r.get("store_errors", [])) for r in results), "wall_s": round(wall, 2),
        "alone_s": round(alone, 2), "ok": docs == expected and all(r["exit"] == 0 for r in results),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--pg", default=os.environ.get("VNP_TEST_PG_URL"))
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        files = [d / f"w{i}.jsonl" for i in range(args.writers)]
        expected = sum(records_file(f, f"w{i}-", args.copies) for i, f in enumerate(files))
        shared = d / "shared.jsonl"
        expected += records_file(shared, "s-", max(1, args.copies // 4))
        counter = iter(range(1000))

        def sqlite_db() -> tuple[str, Any]:
            return str(d / f"store{next(counter)}.db"), lambda: None

        rows.append(run("sqlite", sqlite_db, files, shared, expected))
        if args.pg:
            rows.append(run("postgresql", lambda: pg_schema(args.pg), files, shared, expected))
    cols = ["store", "writers", "expected", "stored", "migrations", "exit_codes", "skipped", "not_stored", "wall_s", "alone_s", "ok"]
    print(" | ".join(cols))
    for r in rows:
        print(" | ".join(str(r[c]) for c in cols))
    for r in rows:
        print(f"{r['store']}: {r['writers']} writers at once took {r['wall_s'] / r['alone_s']:.2f}x the time of one writer alone")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
