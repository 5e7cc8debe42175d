"""Archive-scale batch processing: streamed, resumable, parallel, nothing lost.

    from vn_policy_nlp.batch import BatchOptions, run_batch
    summary = run_batch(BatchOptions(inputs=["archive/"], out=Path("out"), workers=4))

Modules: `shards` (inputs -> payloads -> chunks with stable ids), `work` (a
chunk -> records, inside a worker), `runners` (process pool or Dask),
`output` (per-chunk files: JSONL, CSV, Parquet), `manifest` (resume),
`progress` (bar or log lines), `runner` (the orchestration).
"""

from __future__ import annotations

from .runner import BatchOptions, Summary, render_summary, run_batch

__all__ = ["BatchOptions", "Summary", "render_summary", "run_batch"]
