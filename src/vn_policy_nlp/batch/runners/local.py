"""`--engine local`: N worker processes on this machine (stdlib only).

Workers start through a fork server, started as soon as the runner is made,
that loads the pipeline once (`batch/preload.py`); each worker is forked from
it with the pipeline already loaded, which is quick, and safe although the
main process runs threads (the progress display). Where there is no fork
server (Windows, macOS defaults aside), workers are spawned and each loads
the pipeline in its initializer. With `workers=1` the pool still runs one
worker process, so the main process only reads and writes.

A worker killed while it sends a result (kill -9, the OOM killer) leaves half
a message in the result pipe: the pool's manager thread then waits for the rest
forever and never reports the pool broken. So the runner watches the worker
processes itself and raises `BrokenProcessPool` when one has died; on the way
out it kills the other workers, and if the manager thread is stuck, `stuck`
tells the command line to end the process without waiting for that thread.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
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
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc[0] is None:
            pool.shutdown(wait=True)
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
        for proc in processes:  # a stopped run leaves no worker computing on
            if proc.is_alive():
                proc.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        if manager is not None:
            manager.join(5.0)
            if manager.is_alive():
                global stuck
                stuck = True

    def _dead_worker(self) -> str | None:
        """Which worker process has died, if one has."""
        for proc in (getattr(self._pool, "_processes", None) or {}).values():
            if proc.exitcode is not None:
                return f"worker {proc.pid} ended with exit code {proc.exitcode}"
        return None

    def _finished(self, pending: dict[Future[dict[str, Any]], Chunk]) -> set[Future[dict[str, Any]]]:
        """Wait for a chunk to finish, checking on the workers meanwhile."""
        while True:
            done, _ = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            if done:
                return done
            dead = self._dead_worker()
            if dead:
                raise BrokenProcessPool(f"{dead} while chunks were being processed")

    def map_unordered(self, chunks: Iterator[Chunk]) -> Iterator[tuple[Chunk, dict[str, Any]]]:
        assert self._pool is not None, "use LocalRunner as a context manager"
        pending: dict[Future[dict[str, Any]], Chunk] = {}
        for chunk in chunks:
            pending[self._pool.submit(process_chunk, chunk.id, chunk.items, self.fmt, self.time_limit)] = chunk
            while len(pending) >= self.max_in_flight:
                for fut in self._finished(pending):
                    yield pending.pop(fut), fut.result()
        while pending:
            for fut in self._finished(pending):
                yield pending.pop(fut), fut.result()


#: Set when a stopped pool's manager thread could not end (see the module's docstring).
stuck = False
