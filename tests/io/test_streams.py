"""Streams: a corrupt gzip keeps what came before it, a decompression bomb is refused,
stdin and ingest inputs are read a line at a time, not whole."""

from __future__ import annotations

import gzip
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from vn_policy_nlp.io import streams
from vn_policy_nlp.io.readers import read_inputs


def lines_of(ids: list[str]) -> bytes:
    return "".join(json.dumps({"id": i, "text": f"Tỷ lệ hộ nghèo của {i} giảm còn 2,5%."}, ensure_ascii=False) + "\n"
                   for i in ids).encode("utf-8")


def corrupt_gzip(path: Path, good: list[str]) -> Path:
    """A gzip whose first member holds `good`, then a member whose deflate data is invalid
    (block type 3): zlib fails part-way through the file."""
    broken = gzip.compress(lines_of(["lost1", "lost2"]))
    path.write_bytes(gzip.compress(lines_of(good)) + broken[:10] + b"\x07" + broken[11:])
    return path


def test_corrupt_gzip_keeps_lines_before_and_goes_on(tmp_path: Path) -> None:
    bad = corrupt_gzip(tmp_path / "a.jsonl.gz", ["a1", "a2", "a3"])
    nxt = tmp_path / "b.jsonl"
    nxt.write_bytes(lines_of(["b1"]))
    items = list(read_inputs([str(bad), str(nxt)], stdin=False))
    assert [i.document.id if i.document else "ERR" for i in items] == ["a1", "a2", "a3", "ERR", "b1"]
    err = items[3]
    assert err.file and err.error.source == str(bad) and "corrupt compressed data" in err.error.error


@pytest.mark.parametrize("command", ["extract", "batch"])
def test_corrupt_gzip_on_the_command_line_and_resume(tmp_path: Path, command: str) -> None:
    bad = corrupt_gzip(tmp_path / "a.jsonl.gz", ["a1", "a2"])
    nxt = tmp_path / "b.jsonl"
    nxt.write_bytes(lines_of(["b1"]))
    out = tmp_path / "out"
    args = [command, str(bad), str(nxt)] + (["-o", str(out), "--progress", "none"] if command == "batch" else [])
    runs = [args] + ([[*args, "--resume"]] if command == "batch" else [])
    for argv in runs:
        done = subprocess.run([sys.executable, "-m", "vn_policy_nlp.cli", *argv], capture_output=True, text=True,
                              timeout=180, env={**os.environ, "HF_HUB_OFFLINE": "1"})
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "corrupt compressed data" in done.stderr + "".join(
            p.read_text() for p in out.glob("errors/*.jsonl"))
    if command == "extract":
        rows = [json.loads(line) for line in done.stdout.splitlines()]
    else:
        rows = [json.loads(line) for p in sorted(out.glob("*/part-*.jsonl")) for line in p.read_text().splitlines()]
    assert sorted(r.get("id") or "ERR" for r in rows) == ["ERR", "a1", "a2", "b1"]


def test_decompression_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "MIN_DECOMPRESSED_BYTES", 1 << 20)
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(lines_of(["first"]) + b" " * (64 << 20), compresslevel=9))
    items = list(read_inputs([str(bomb)], stdin=False))
    assert items[0].document is not None and items[0].document.id == "first"
    assert items[-1].file and "decompression bomb" in items[-1].error.error
    from vn_policy_nlp.store.inputs import Rejected
    from vn_policy_nlp.store.inputs import read_inputs as ingest_inputs

    parsed = list(ingest_inputs([bomb]))
    assert isinstance(parsed[-1], Rejected) and "decompression bomb" in parsed[-1].message


def _first_in_thread(make: Any, timeout: float) -> Any:
    """The first thing `make()` yields, or a TimeoutError if it waits for the end of its input."""
    got: queue.Queue[Any] = queue.Queue()
    threading.Thread(target=lambda: got.put(next(iter(make()))), daemon=True).start()
    return got.get(timeout=timeout)


def test_ingest_reads_jsonl_a_line_at_a_time(tmp_path: Path) -> None:
    """A file still being written (a FIFO) gives its first record before its end."""
    from vn_policy_nlp.store.inputs import Incoming
    from vn_policy_nlp.store.inputs import read_inputs as ingest_inputs

    fifo = tmp_path / "live.jsonl"
    os.mkfifo(fifo)
    record = {"id": "r1", "date": "2023-01", "targets": [], "percentages": []}
    writer_done = threading.Event()

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")
            fh.flush()
            writer_done.wait(30)  # keep the file open: no end of file yet

    threading.Thread(target=write, daemon=True).start()
    try:
        first = _first_in_thread(lambda: ingest_inputs([fifo]), timeout=20)
    finally:
        writer_done.set()
    assert isinstance(first, Incoming) and first.records.id == "r1"


def test_extract_reads_stdin_a_line_at_a_time() -> None:
    """`extract -` answers the first JSON line before stdin ends."""
    proc = subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", "extract", "-", "--format", "jsonl"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(lines_of(["s1"]))
        proc.stdin.flush()
        first = _first_in_thread(lambda: [proc.stdout.readline()], timeout=120)  # type: ignore[union-attr]
        assert json.loads(first)["id"] == "s1"
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
