"""The Dask engine on a small LocalCluster gives the same records as the local engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from vn_policy_nlp.batch import BatchOptions, run_batch

from .conftest import read_jsonl_dir, write_docs

pytest.importorskip("dask.distributed")


@pytest.mark.dask
def test_dask_local_cluster_matches_local_engine(tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    ids = write_docs(src, 12, sentences=3)
    with src.open("a", encoding="utf-8") as fh:
        fh.write("[1, 2]\n")
    common = {"inputs": [str(src)], "chunk_size": 5, "progress": "none"}
    local = run_batch(BatchOptions(out=tmp_path / "local", **common))
    dask = run_batch(BatchOptions(out=tmp_path / "dask", engine="dask", workers=1, dask_processes=False, **common))
    assert (dask.engine, dask.documents, dask.errors) == ("dask", 12, 1)
    assert (local.engine, local.documents, local.errors) == ("local", 12, 1)
    assert dask.records == local.records
    by_id = lambda rows: sorted(rows, key=lambda r: r["id"])  # noqa: E731
    assert by_id(read_jsonl_dir(tmp_path / "dask" / "records")) == by_id(read_jsonl_dir(tmp_path / "local" / "records"))
    assert [r["id"] for r in by_id(read_jsonl_dir(tmp_path / "dask" / "records"))] == ids
    assert read_jsonl_dir(tmp_path / "dask" / "errors") == read_jsonl_dir(tmp_path / "local" / "errors")
