"""`run_batch`: inputs -> chunks -> an engine -> per-chunk files + manifest -> a summary.

The main process only reads inputs, hands chunks to the engine and writes what
comes back; workers do the extraction. Everything is streamed: at most
`2 x workers` chunks are in flight, so memory does not grow with the input.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..records import RECORD_KEYS
from .manifest import Manifest
from .output import FORMATS, atomic_write, sweep, write_tables
from .progress import Reporter, count_in_background
from .runners import make_runner
from .shards import Chunk, chunked, iter_payloads

DEFAULT_CHUNK_SIZE = 250
#: Seconds one document may take before it becomes an error record (a text near the
#: 2-million-character limit took 43 s on a busy 2-core machine).
DEFAULT_TIME_LIMIT = 300.0
SUMMARY = "summary.json"


@dataclass
class BatchOptions:
    inputs: list[str]
    out: Path
    fmt: str = "jsonl"
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    resume: bool = False
    chunk_size: int = DEFAULT_CHUNK_SIZE
    progress: str = "auto"  # auto | rich | log | none
    time_limit: float | None = DEFAULT_TIME_LIMIT  # seconds one document may take; None: no limit
    log_every: float = 10.0
    dask_processes: bool = True  # False: the embedded LocalCluster runs in threads of this process


@dataclass
class Summary:
    """Totals over the whole output directory (earlier runs included when resuming)."""

    documents: int = 0
    records: dict[str, int] = field(default_factory=lambda: {k: 0 for k in RECORD_KEYS})
    errors: int = 0
    file_errors: int = 0
    chunks: int = 0
    chunks_resumed: int = 0
    documents_this_run: int = 0
    #: Inputs (documents and error records) handled by this run: what docs/s counts.
    units_this_run: int = 0
    wall_seconds: float = 0.0
    docs_per_second: float = 0.0
    workers: int = 0
    engine: str = "local"
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)
    worker_load_seconds: dict[str, float] = field(default_factory=dict)
    #: Seconds each worker spent extracting this run's chunks: wall time less start-up and waiting.
    worker_busy_seconds: dict[str, float] = field(default_factory=dict)
    out: str = ""

    @property
    def exit_code(self) -> int:
        """0: no errors; 1: some inputs became error records; 2: some files could not be read."""
        return 2 if self.file_errors else 1 if self.errors else 0

    def add(self, entry: dict[str, Any]) -> None:
        self.documents += entry["documents"]
        self.errors += entry["errors"]
        self.file_errors += entry.get("file_errors", 0)
        for key, n in entry.get("records", {}).items():
            self.records[key] = self.records.get(key, 0) + n
        self.chunks += 1


def _progress_mode(requested: str) -> str:
    if requested != "auto":
        return requested
    return "rich" if sys.stderr.isatty() else "log"


def _entry(chunk: Chunk, result: dict[str, Any], files: dict[str, int]) -> dict[str, Any]:
    return {
        "chunk": chunk.id,
        "digest": chunk.digest,
        "units": len(chunk.items),
        "documents": result["documents"],
        "errors": result["errors_count"],
        "file_errors": result.get("file_errors", 0),
        "records": result["records_by_kind"],
        "files": files,
    }


def run_batch(opts: BatchOptions) -> Summary:
    """Run (or resume) a batch job; raises VNPError subclasses for misuse (bad OUT, changed inputs)."""
    if opts.fmt not in FORMATS:
        raise ValueError(f"--format must be one of {', '.join(FORMATS)}, not {opts.fmt!r}")
    if "-" in opts.inputs:
        raise ValueError("batch does not read stdin: name files or directories")
    started = time.perf_counter()
    inputs = [str(Path(p).resolve()) for p in opts.inputs]
    header = {"inputs": inputs, "format": opts.fmt, "chunk_size": opts.chunk_size, "version": __version__}
    runner = make_runner(opts.engine, opts.workers, opts.scheduler, dask_processes=opts.dask_processes)  # first: workers start meanwhile
    runner.fmt = opts.fmt
    runner.time_limit = opts.time_limit
    manifest = Manifest(opts.out, header, resume=opts.resume)
    summary = Summary(engine=opts.engine, out=str(opts.out))
    try:
        sweep(opts.out, opts.fmt, keep=set(manifest.done))
        already = sum(e["units"] for e in manifest.done.values())
        already_errors = sum(e["errors"] for e in manifest.done.values())
        reporter = Reporter(_progress_mode(opts.progress), already=already, already_errors=already_errors,
                            log_every=opts.log_every, started=started)

        def pending(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
            for chunk in chunks:
                if manifest.check(chunk.id, chunk.digest):
                    summary.add(manifest.done[chunk.id])
                    summary.chunks_resumed += 1
                else:
                    yield chunk

        with runner, reporter:
            summary.workers = runner.workers
            count_in_background(reporter, inputs)
            for chunk, result in runner.map_unordered(pending(chunked(iter_payloads(inputs), opts.chunk_size))):
                files = write_tables(opts.out, opts.fmt, chunk.id, result["tables"])
                entry = _entry(chunk, result, files)
                manifest.mark_done(entry)
                summary.add(entry)
                summary.documents_this_run += entry["documents"]
                summary.units_this_run += entry["units"]
                worker = result.get("worker") or {}
                key = str(worker.get("pid", "?"))
                summary.worker_peak_rss_mb[key] = max(summary.worker_peak_rss_mb.get(key, 0.0), worker.get("peak_rss_mb", 0.0))
                summary.worker_load_seconds[key] = worker.get("load_seconds", 0.0)
                summary.worker_busy_seconds[key] = round(summary.worker_busy_seconds.get(key, 0.0) + result.get("seconds", 0.0), 3)
                reporter.advance(entry["units"], entry["errors"])
            sweep(opts.out, opts.fmt, keep=set(manifest.done))
            summary.wall_seconds = round(time.perf_counter() - started, 3)
            summary.docs_per_second = reporter.finish(summary.wall_seconds)  # the bar ends on the same figure
        atomic_write(opts.out / SUMMARY, lambda fh: fh.write(json.dumps(asdict(summary), ensure_ascii=False, indent=2) + "\n"))
    finally:
        manifest.close()
    return summary


def render_summary(summary: Summary) -> str:
    """The end-of-run summary as plain lines."""
    kinds = ", ".join(f"{k} {v:,}" for k, v in summary.records.items())
    rss = max(summary.worker_peak_rss_mb.values(), default=0.0)
    lines = [
        f"documents: {summary.documents:,}"
        + (f" ({summary.documents_this_run:,} this run, {summary.chunks_resumed} chunks resumed)" if summary.chunks_resumed else ""),
        f"records:   {kinds}",
        f"errors:    {summary.errors:,}" + (f" ({summary.file_errors:,} unreadable files)" if summary.file_errors else ""),
        f"wall time: {summary.wall_seconds:.1f} s · {summary.docs_per_second:,.1f} docs/s · {summary.workers} worker(s), "
        f"engine {summary.engine} · peak RSS per worker {rss:.0f} MB",
        f"output:    {summary.out}",
    ]
    return "\n".join(lines)
