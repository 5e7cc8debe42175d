"""A mixed archive (tests/data/batch/mixed.yaml): bad lines, bad files, legacy encodings.
Every input unit ends as exactly one record or one error record, and the exit code says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vn_policy_nlp.batch import BatchOptions, run_batch
from vn_policy_nlp.batch.shards import Chunk, chunked, iter_payloads
from vn_policy_nlp.cli import app

from .conftest import Expected, read_jsonl_dir, run_cli


def check_accounted(out: Path, expected: Expected) -> tuple[list[dict], list[dict]]:
    records = read_jsonl_dir(out / "records")
    errors = read_jsonl_dir(out / "errors")
    ids = [r["id"] for r in records]
    assert sorted(ids) == sorted(expected.docs), "each document exactly once"
    assert len(errors) == len(expected.errors)
    unmatched = list(errors)
    for want in expected.errors:
        match = [
            e
            for e in unmatched
            if e["source"] == want["source"]
            and want["says"] in e["error"]
            and ("line" not in want or e.get("line") == want["line"])
            and ("id" not in want or e.get("id") == want["id"])
        ]
        assert match, f"no error record for {want}; got {unmatched}"
        unmatched.remove(match[0])
    for r in records:
        assert r["warnings"] == ([expected.warnings[r["id"]]] if r["id"] in expected.warnings else [])
    return records, errors


def test_mixed_archive_all_accounted_for(tmp_path: Path, archive: tuple[list[str], Expected]) -> None:
    inputs, expected = archive
    out = tmp_path / "out"
    result = run_cli(*inputs, "-o", str(out), "--chunk-size", "3", "--workers", "2", "--progress", "log")
    assert result.returncode == 2, result.stderr  # unreadable files -> 2
    assert "Traceback" not in result.stderr
    records, errors = check_accounted(out, expected)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["documents"], summary["errors"]) == (len(records), len(errors))
    assert f"documents: {len(records)}" in result.stderr and "wall time" in result.stderr
    legacy_marks = "µ¸¶·¹»¾¼½øûïäå"  # TCVN3 letters and VNI marks that are no Vietnamese letters
    for r in records:
        for key in ("percentages", "targets", "time_expressions"):
            for m in r.get(key, []):
                assert not any(ch in m["text"] for ch in legacy_marks), m


def test_exit_code_0_without_errors_and_1_for_bad_lines(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "x", "text": "Tăng 5%."}) + "\n", encoding="utf-8")
    summary = run_batch(BatchOptions(inputs=[str(good)], out=tmp_path / "o1", progress="none"))
    assert (summary.documents, summary.errors, summary.exit_code) == (1, 0, 0)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "y", "text": "Tăng 5%."}) + "\n{oops\n", encoding="utf-8")
    summary = run_batch(BatchOptions(inputs=[str(bad)], out=tmp_path / "o2", progress="none"))
    assert (summary.documents, summary.errors, summary.exit_code) == (1, 1, 1)


def test_chunks_are_stable_between_runs(archive: tuple[list[str], Expected]) -> None:
    inputs, _ = archive

    def ids(chunks: list[Chunk]) -> list[tuple[str, str, int]]:
        return [(c.id, c.digest, len(c.items)) for c in chunks]

    first = list(chunked(iter_payloads(inputs), 4))
    assert ids(first) == ids(list(chunked(iter_payloads(inputs), 4)))
    assert all(len(c.items) == 4 for c in first[:-1])


def test_refuses_a_used_output_directory_without_resume(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "x", "text": "Tăng 5%."}) + "\n", encoding="utf-8")
    run_batch(BatchOptions(inputs=[str(good)], out=tmp_path / "o", progress="none"))
    again = CliRunner().invoke(app, ["batch", str(good), "-o", str(tmp_path / "o")])
    assert again.exit_code == 2 and "--resume" in again.output


@pytest.mark.parametrize("bad", [["-"], ["--format", "xml", "in.jsonl"], ["--engine", "spark", "in.jsonl"]])
def test_misuse_is_exit_2(tmp_path: Path, bad: list[str]) -> None:
    result = CliRunner().invoke(app, ["batch", *bad, "-o", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
