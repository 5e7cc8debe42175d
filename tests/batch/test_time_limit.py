"""The per-document time limit: a runaway document becomes an error record, the others go on."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from vn_policy_nlp.batch import work
from vn_policy_nlp.batch.deadline import DocumentTimeout, limit
from vn_policy_nlp.extensions import RECORDS_KEY

from .conftest import read_jsonl_dir, run_cli


class FakePipeline:
    """Stands in for the pipeline: a document saying how to misbehave does so."""

    def make_doc(self, text: str) -> Any:
        return SimpleNamespace(text=text, _=SimpleNamespace(warnings=None), user_data={})

    def __call__(self, doc: Any) -> Any:
        if doc.text == "loop":
            while True:
                pass
        if doc.text == "regex":  # catastrophic backtracking: one long call into the regex engine
            re.match(r"(a+)+$", "a" * 64 + "b")
        doc.user_data[RECORDS_KEY] = {"id": doc._.doc_id, "targets": []}
        return doc


def payload(doc_id: str, text: str) -> dict[str, Any]:
    return {"doc": {"id": doc_id, "date": None, "title": None, "text": text}, "warnings": [], "source": "test"}


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(work, "pipeline", FakePipeline)


@pytest.mark.parametrize("runaway", ["loop", "regex"])
def test_runaway_document_becomes_an_error_record(fake: None, runaway: str) -> None:
    items = [payload("a", "fine"), payload("b", runaway), payload("c", "fine")]
    started = time.perf_counter()
    result = work.process_chunk("000000", items, time_limit=0.5)
    assert time.perf_counter() - started < 10
    assert [r["id"] for r in result["records"]] == ["a", "c"]
    (error,) = result["errors"]
    assert error["id"] == "b" and "time limit of 0.5 s" in error["error"]


def test_limit_works_in_a_worker_thread(fake: None) -> None:
    """Dask runs chunks in worker threads, where no signal can be used."""
    out: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: out.update(work.process_chunk("000000", [payload("b", "loop"), payload("c", "x")],
                                                                         time_limit=0.3)))
    thread.start()
    thread.join(20)
    assert not thread.is_alive()
    assert [e["id"] for e in out["errors"]] == ["b"] and [r["id"] for r in out["records"]] == ["c"]


@pytest.mark.parametrize("in_thread", [False, True])
def test_nothing_fires_after_the_block(in_thread: bool) -> None:
    """A block that ends in time leaves no timer or pending exception behind."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            for _ in range(50):
                with limit(0.05):
                    pass
            time.sleep(0.2)  # any leftover alarm or pending exception would fire here
        except BaseException as exc:
            errors.append(exc)

    if in_thread:
        t = threading.Thread(target=run)
        t.start()
        t.join()
    else:
        run()
    assert errors == []


def test_limit_raises_in_the_block() -> None:
    with pytest.raises(DocumentTimeout), limit(0.1):
        time.sleep(5)


def test_batch_time_limit_option(tmp_path: Path) -> None:
    """End to end: a document far over a tiny limit ends as an error record, exit code 1."""
    src = tmp_path / "long.jsonl"
    text = "Năm 2023, huyện phấn đấu giảm tỷ lệ hộ nghèo xuống còn 2,5%. " * 800
    src.write_text(json.dumps({"id": "long", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(str(src), "-o", str(out), "--time-limit", "0.01", "--progress", "none")
    assert done.returncode == 1, done.stderr
    (error,) = read_jsonl_dir(out / "errors")
    assert error["id"] == "long" and "time limit" in error["error"]
    assert read_jsonl_dir(out / "records") == []
