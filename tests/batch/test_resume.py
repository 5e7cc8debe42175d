"""kill -9 in the middle of a run, then --resume: every input exactly once, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vn_policy_nlp.batch import BatchOptions, run_batch
from vn_policy_nlp.batch.manifest import ResumeError

from .conftest import read_jsonl_dir, run_cli, write_docs


def manifest_chunks(out: Path) -> int:
    try:
        return len((out / "manifest.jsonl").read_bytes().splitlines()) - 1
    except FileNotFoundError:
        return 0


def test_kill_9_then_resume_gives_each_input_once(tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    ids = write_docs(src, 120, sentences=12)
    with src.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")  # an error record must also come out exactly once
    out = tmp_path / "out"
    args = [str(src), "-o", str(out), "--chunk-size", "2", "--workers", "1", "--progress", "log"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "vn_policy_nlp.cli", "batch", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    deadline = time.monotonic() + 120
    while manifest_chunks(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = manifest_chunks(out)
    assert 3 <= done_before < 45, "the run must be killed part-way"
    assert not (out / "summary.json").exists()

    # What a kill can also leave: a torn manifest line, a temporary file, a part of an unfinished chunk.
    with (out / "manifest.jsonl").open("ab") as fh:
        fh.write(b'{"chunk": "000055", "dig')
    (out / "records" / ".part-000056.jsonl.tmp-1").write_text("half", encoding="utf-8")
    (out / "records" / "part-000057.jsonl").write_text(json.dumps({"id": ids[114]}) + "\n", encoding="utf-8")

    result = run_cli(*args, "--resume")
    assert result.returncode == 1, result.stderr  # the bad line is an error record
    records = read_jsonl_dir(out / "records")
    errors = read_jsonl_dir(out / "errors")
    assert sorted(r["id"] for r in records) == ids, "no loss, no duplicate"
    assert [(e["line"], e["source"]) for e in errors] == [(121, str(src.resolve()))]
    assert not list((out / "records").glob(".*tmp*"))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["chunks_resumed"] == done_before and summary["documents"] == 120
    assert manifest_chunks(out) == 61

    # Resuming a finished run does nothing and changes nothing.
    again = run_cli(*args, "--resume")
    assert again.returncode == 1
    assert sorted(r["id"] for r in read_jsonl_dir(out / "records")) == ids


def test_resume_refuses_changed_inputs(tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    write_docs(src, 6)
    out = tmp_path / "out"
    run_batch(BatchOptions(inputs=[str(src)], out=out, chunk_size=2, progress="none"))
    write_docs(src, 6, start=1)  # the same path and ids, other texts
    with pytest.raises(ResumeError, match="changed"):
        run_batch(BatchOptions(inputs=[str(src)], out=out, chunk_size=2, progress="none", resume=True))
    with pytest.raises(ResumeError, match="chunk_size"):
        run_batch(BatchOptions(inputs=[str(src)], out=out, chunk_size=3, progress="none", resume=True))
