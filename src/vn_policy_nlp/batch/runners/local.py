"""`--engine local`: N worker processes on this machine (stdlib only).

Workers start through a fork server, started as soon as the runner is made,
that loads the pipeline once (`batch/preload.py`); each worker is forked from
it with the pipeline already loaded, which is quick, and safe although the
main process runs threads (the progress display). Where there is no fork
server (Windows, macOS defaults aside), workers are spawned and each loads
the pipeline in its initializer. With `workers=1` the pool still runs one
worker process, so the main process only reads and writes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from ..shards import Chunk
from ..work import init_worker, process_chunk


def start_fork_server() -> bool:
    """Start the fork server, which loads the pipeline, if this platform has one (idempotent).

    Called by the command line before its own imports and again by the runner,
    so that loading overlaps everything else the main process does.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(["vn_policy_nlp.batch.preload"])
    forkserver.ensure_running()
    return True


def _context() -> multiprocessing.context.BaseContext:
    """The fork server, started now so that it loads the pipeline while the main process reads."""
    if start_fork_server():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


class LocalRunner:
    def __init__(self, workers: int, *, max_in_flight: int | None = None) -> None:
        if workers < 1:
            raise ValueError("--workers must be at least 1")
        self.workers = workers
        self.fmt: str | None = None  # set by the caller: workers then make the output tables
        self.time_limit: float | None = None  # set by the caller: seconds one document may take
        self.max_in_flight = max_in_flight or 2 * workers
        self._pool: ProcessPoolExecutor | None = None
        self._ctx = _context()

    def __enter__(self) -> LocalRunner:
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=self._ctx, initializer=init_worker, initargs=(os.getpid(),)
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)
            self._pool = None

    def map_unordered(self, chunks: Iterator[Chunk]) -> Iterator[tuple[Chunk, dict[str, Any]]]:
        assert self._pool is not None, "use LocalRunner as a context manager"
        pending: dict[Future[dict[str, Any]], Chunk] = {}
        for chunk in chunks:
            pending[self._pool.submit(process_chunk, chunk.id, chunk.items, self.fmt, self.time_limit)] = chunk
            while len(pending) >= self.max_in_flight:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield pending.pop(fut), fut.result()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield pending.pop(fut), fut.result()
