"""The progress display and the summary agree on documents/s."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vn_policy_nlp.batch import BatchOptions, render_summary, run_batch

from .conftest import write_docs

RATE = re.compile(r"([\d,.]+) docs/s")


@pytest.mark.parametrize("mode", ["rich", "log"])
def test_bar_and_summary_show_one_rate(tmp_path: Path, mode: str, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "docs.jsonl"
    write_docs(src, 12, sentences=3)
    with src.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")  # an error record is an input handled too
    summary = run_batch(BatchOptions(inputs=[str(src)], out=tmp_path / "out", chunk_size=4, progress=mode, log_every=0.0))
    shown = RATE.findall(capsys.readouterr().err)
    assert shown, "the display shows a rate"
    assert summary.units_this_run == 13
    assert summary.docs_per_second == round(13 / summary.wall_seconds, 2)
    (in_summary,) = RATE.findall(render_summary(summary))
    assert shown[-1] == in_summary, (shown, in_summary)


def test_summary_keeps_each_workers_busy_seconds(tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    write_docs(src, 8, sentences=3)
    summary = run_batch(BatchOptions(inputs=[str(src)], out=tmp_path / "out", chunk_size=4, progress="none"))
    assert summary.worker_busy_seconds.keys() == summary.worker_load_seconds.keys()
    busy = sum(summary.worker_busy_seconds.values())
    assert 0 < busy <= summary.wall_seconds
