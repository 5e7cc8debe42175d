"""Archive-scale batch processing: streamed, resumable, parallel, nothing lost.

    from vn_policy_nlp.batch import BatchOptions, run_batch
    summary = run_batch(BatchOptions(inputs=["archive/"], out=Path("out"), workers=4))

Modules: `shards` (inputs -> payloads -> chunks with stable ids), `work` (a
chunk -> records, inside a worker), `runners` (process pool or Dask),
`output` (per-chunk files: JSONL, CSV, Parquet), `manifest` (resume),
`progress` (bar or log lines), `runner` (the orchestration).
"""

from __future__ import annotations

from typing import Any

__all__ = ["BatchOptions", "Summary", "render_summary", "run_batch"]


def __getattr__(name: str) -> Any:
    # Resolved on first use (PEP 562): the command line starts the fork server
    # from `runners.local` before it imports the orchestration and its display.
    if name in __all__:
        from . import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
