"""A run that stops (disk full, a worker killed, Ctrl-C) says so in one line with the --resume
hint and an exit code of its own, never the code of a run with some error records."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from vn_policy_nlp.batch import runner as batch_runner
from vn_policy_nlp.cli import app
from vn_policy_nlp.cli.output import EXIT_CRASH, EXIT_INTERRUPTED

from .conftest import read_jsonl_dir, run_cli, write_docs


def _disk_full(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, "No space left on device")


def _worker_died(*args: Any, **kwargs: Any) -> Any:
    raise BrokenProcessPool("A process in the process pool was terminated abruptly while the future was running or pending.")


@pytest.mark.parametrize(("where", "fault", "says"), [
    ("write_tables", _disk_full, "No space left on device"),
    ("make_runner", _worker_died, "a worker process died"),
])
def test_crash_is_exit_3_with_resume_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, fault: Any, says: str) -> None:
    src = tmp_path / "docs.jsonl"
    write_docs(src, 3)
    monkeypatch.setattr(batch_runner, where, fault)
    result = CliRunner().invoke(app, ["batch", str(src), "-o", str(tmp_path / "out"), "--progress", "none"])
    assert result.exit_code == EXIT_CRASH, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and says in lines[0] and "--resume" in lines[0], lines
    assert "Traceback" not in result.output


def _manifest_lines(out: Path) -> int:
    try:
        return len((out / "manifest.jsonl").read_bytes().splitlines())
    except FileNotFoundError:
        return 0


def test_ctrl_c_prints_the_resume_hint_and_resume_finishes(tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    ids = write_docs(src, 80, sentences=12)
    out = tmp_path / "out"
    args = [str(src), "-o", str(out), "--chunk-size", "2", "--progress", "none"]
    # A shell starts background jobs with SIGINT ignored, and Python keeps it so: give the run the terminal's default.
    proc = subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", "batch", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while _manifest_lines(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_INTERRUPTED, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    done = run_cli(*args, "--resume")
    assert done.returncode == 0, done.stderr
    assert sorted(r["id"] for r in read_jsonl_dir(out / "records")) == ids


def test_a_dead_worker_is_noticed_even_if_the_pool_is_not() -> None:
    """A worker killed while sending its result leaves the pool waiting for the rest of the
    message forever: the runner notices the dead process itself."""
    from concurrent.futures import Future
    from types import SimpleNamespace

    from vn_policy_nlp.batch.runners.local import LocalRunner
    from vn_policy_nlp.batch.shards import Chunk

    runner = LocalRunner(1)
    runner._pool = SimpleNamespace(_processes={1: SimpleNamespace(pid=4242, exitcode=-9)})  # type: ignore[assignment]
    never: Future[dict[str, Any]] = Future()
    started = time.monotonic()
    with pytest.raises(BrokenProcessPool, match="worker 4242 ended with exit code -9"):
        runner._finished({never: Chunk(0)})
    assert time.monotonic() - started < 10
