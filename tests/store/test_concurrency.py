"""Several writers on one store: every document stored, the schema migrated once, on SQLite
and PostgreSQL. Writers are real processes (`vn-policy-nlp ingest`), started together."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, func, select, text

from vn_policy_nlp.store import ingest_paths, open_engine, schema_tables
from vn_policy_nlp.store.db import write_transaction
from vn_policy_nlp.store.migrations import LATEST

LINKING = Path(__file__).resolve().parents[2] / "corpus" / "linking" / "articles.jsonl"


def records_file(path: Path, prefix: str, copies: int) -> int:
    """`copies` x the linking articles under new ids; returns how many documents."""
    lines = LINKING.read_text(encoding="utf-8").splitlines()
    with path.open("w", encoding="utf-8") as fh:
        for k in range(copies):
            for line in lines:
                obj = json.loads(line)
                obj["id"] = f"{prefix}{k}-{obj['id']}"
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return copies * len(lines)


def ingest_together(db: str, files: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    procs = [subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", "ingest", str(f), "--db", db, "--format", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema_tables.metadata.tables[table])).scalar_one()


def test_concurrent_ingests_store_every_document(db_url: str, tmp_path: Path) -> None:
    """Three processes on a new store: distinct documents, and one file all three ingest."""
    files = [tmp_path / f"w{i}.jsonl" for i in range(3)]
    total = sum(records_file(f, f"w{i}-", 6) for i, f in enumerate(files))
    shared = tmp_path / "shared.jsonl"
    total += records_file(shared, "s-", 2)
    runs = ingest_together(db_url, [*files, shared, shared, shared])
    for run in runs:
        assert run.returncode == 0, run.stderr
        summary = json.loads(run.stdout)
        assert summary["errors"] == [] and summary["store_errors"] == []
    engine = open_engine(db_url)
    assert count(engine, "documents") == total
    assert count(engine, "schema_migrations") == LATEST
    shared_runs = [json.loads(r.stdout) for r in runs[3:]]
    assert sum(s["new"] for s in shared_runs) == 50 and sum(s["unchanged"] for s in shared_runs) == 100
    engine.dispose()


def test_writer_waits_for_the_write_lock(db_url: str, tmp_path: Path) -> None:
    """A write transaction held elsewhere delays an ingest; it does not make it lose documents."""
    engine = open_engine(db_url)
    path = tmp_path / "r.jsonl"
    n = records_file(path, "r-", 1)
    released = threading.Event()

    def hold() -> None:
        with write_transaction(engine) as conn:
            conn.execute(text("SELECT 1"))
            time.sleep(1.5)
        released.set()

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.3)
    other = open_engine(db_url)
    stats = ingest_paths(other, [path])
    holder.join()
    assert released.is_set()
    assert stats.new == n and stats.store_errors == [] and stats.errors == []
    assert count(other, "documents") == n
    engine.dispose()
    other.dispose()


def test_new_store_opened_at_once_migrates_once(db_url: str) -> None:
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            open_engine(db_url).dispose()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    engine = open_engine(db_url, migrate=False)
    with engine.connect() as conn:
        versions = conn.execute(select(schema_tables.schema_migrations.c.version)).scalars().all()
    assert sorted(versions) == list(range(1, LATEST + 1))
    engine.dispose()

