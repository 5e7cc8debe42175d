"""Extraction off the event loop.

Extraction is CPU-bound pure Python, so it runs in a pool: by default a pool
of processes, each loading the pipeline once (`_init_worker`), so documents
are processed on every core while the event loop keeps answering (`/v1/health`
during a 1 MB document). The functions a worker runs are module-level, because
the pool starts workers with `spawn` and pickles functions by reference.

Each worker is its own single-process executor (a "slot"), so one worker can
be stopped without touching the others. Time limits: a job gets `time_limit`
seconds once a slot is free for it; its caller then gets `ServiceBusy` (503).
The job is given `kill_grace` more seconds to finish (its slot stays busy);
after that the worker process is killed and a fresh one takes its slot, so a
pathological document cannot hold a core for minutes. A request waits for a
free slot at most `queue_time_limit` seconds. With `executor="thread"` slots
are threads sharing this process's pipeline, and cannot be killed.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .settings import Settings


class ServiceBusy(Exception):
    """No answer in time: the document took too long, or no worker became free."""


# ---------------------------------------------------------------- in a worker


def _init_worker(server_pid: int | None = None) -> None:
    """Load the pipeline when the worker starts, not inside the first request; end with the server."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if server_pid is not None:
        from vn_policy_nlp.batch.work import exit_with_parent

        exit_with_parent(server_pid)
    from vn_policy_nlp import default_pipeline

    default_pipeline()


def run_document(payload: dict[str, Any]) -> tuple[bool, Any]:
    """A validated document's fields -> (True, records JSON) or (False, error message).

    Errors come back as values: the package's exceptions format their message
    in `__init__` and would be garbled by pickling.
    """
    from vn_policy_nlp import Document, extract

    try:
        records = extract(Document.model_validate(payload), min_confidence=payload.get("min_confidence"))
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, records.model_dump(mode="json")


def run_for_store(payload: dict[str, Any]) -> tuple[bool, Any]:
    """A document's fields -> (True, what the store ingests: records, text, main place, pipeline
    version) or (False, error message)."""
    from vn_policy_nlp import Document, default_pipeline, make_doc
    from vn_policy_nlp.store.ingest import pipeline_version

    try:
        nlp = default_pipeline()
        doc = nlp(make_doc(nlp, Document.model_validate(payload)))
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, {**doc._.records.model_dump(mode="json"), "text": payload.get("text"), "title": payload.get("title"),
                  "place": doc._.place, "pipeline_version": pipeline_version()}


def pipeline_info() -> dict[str, Any]:
    """The loaded pipeline: component names, factories and the models they loaded."""
    from vn_policy_nlp import default_pipeline

    nlp = default_pipeline()
    components = []
    for name, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        components.append({
            "name": name,
            "factory": nlp.get_pipe_meta(name).factory,
            "model": None if model is None else str(getattr(model, "name", type(model).__name__)),
        })
    return {"components": components, "pid": os.getpid()}


# ---------------------------------------------------------------- in the server


@dataclass
class PoolStats:
    """What `/v1/health` reports about the pool."""

    running: int = 0
    waiting: int = 0
    completed: int = 0
    timed_out: int = 0
    killed: int = 0


class ExtractionPool:
    """Worker slots with a per-job time limit, shared by all requests of one app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stats = PoolStats()
        self.info: dict[str, Any] | None = None
        self._slots: list[Executor | None] = [None] * settings.workers
        self._free: tuple[asyncio.AbstractEventLoop, asyncio.Queue[int]] | None = None
        self._reapers: set[asyncio.Task[None]] = set()

    def _executor(self, slot: int) -> Executor:
        ex = self._slots[slot]
        if ex is None:
            if self.settings.executor == "process":
                ex = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_worker, initargs=(os.getpid(),))
            else:
                ex = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"vnp-extract-{slot}",
                                        initializer=_init_worker)
            self._slots[slot] = ex
        return ex

    def _free_slots(self) -> asyncio.Queue[int]:
        # One queue per event loop: a server has one loop, a test client may start several.
        loop = asyncio.get_running_loop()
        if self._free is None or self._free[0] is not loop:
            queue: asyncio.Queue[int] = asyncio.Queue()
            for slot in range(len(self._slots)):
                queue.put_nowait(slot)
            self._free = (loop, queue)
        return self._free[1]

    async def run(self, fn: Any, *args: Any, time_limit: float | None = None) -> Any:
        """`fn(*args)` in a worker; `ServiceBusy` when no worker is free or the job is too slow."""
        free = self._free_slots()
        self.stats.waiting += 1
        try:
            slot = await asyncio.wait_for(free.get(), self.settings.queue_time_limit)
        except TimeoutError:
            raise ServiceBusy(f"no extraction worker became free within {self.settings.queue_time_limit:g} s") from None
        finally:
            self.stats.waiting -= 1
        self.stats.running += 1

        def release(_: object) -> None:
            # The slot is free when the job ends (or its worker was killed), even if its caller gave up.
            self.stats.running -= 1
            self.stats.completed += 1
            free.put_nowait(slot)

        try:
            job = asyncio.wrap_future(self._executor(slot).submit(fn, *args))
        except BrokenExecutor:
            self._slots[slot] = None
            release(None)
            raise ServiceBusy("an extraction worker stopped; it was restarted, retry") from None
        job.add_done_callback(release)
        limit = self.settings.time_limit if time_limit is None else time_limit
        try:
            return await asyncio.wait_for(asyncio.shield(job), limit)
        except TimeoutError:
            self.stats.timed_out += 1
            if self.settings.executor == "process":
                reaper = asyncio.create_task(self._reap(slot, job))
                self._reapers.add(reaper)
                reaper.add_done_callback(self._reapers.discard)
            raise ServiceBusy(f"extraction took longer than the time limit of {limit:g} s") from None
        except BrokenExecutor:
            self._slots[slot] = None
            raise ServiceBusy("an extraction worker stopped; it was restarted, retry") from None

    async def _reap(self, slot: int, job: asyncio.Future[Any]) -> None:
        """Kill the worker of an abandoned job that is still running after the grace period."""
        done, _ = await asyncio.wait({job}, timeout=self.settings.kill_grace)
        if done:
            return
        old = self._slots[slot]
        self._slots[slot] = None  # the next job on this slot starts a fresh worker
        if isinstance(old, ProcessPoolExecutor):
            for proc in list(getattr(old, "_processes", {}).values()):
                proc.kill()
            old.shutdown(wait=False, cancel_futures=True)
            self.stats.killed += 1

    async def extract(self, payload: dict[str, Any]) -> tuple[bool, Any]:
        """One document's records (see `run_document`)."""
        result: tuple[bool, Any] = await self.run(run_document, payload)
        if self.info is None and not self.settings.warm_up:
            # Without a warm-up nobody has asked what the workers loaded; now one has loaded it.
            self.info = await self.run(pipeline_info)
        return result

    async def warm_up(self) -> None:
        """Start every worker and record what pipeline they loaded (for `/v1/health`)."""
        limit = max(self.settings.time_limit, 300.0)
        infos = await asyncio.gather(
            *(self.run(pipeline_info, time_limit=limit) for _ in self._slots), return_exceptions=True,
        )
        found = [i for i in infos if isinstance(i, dict)]
        if found:
            self.info = found[0]

    def close(self) -> None:
        """Stop the workers; jobs still running are abandoned."""
        for reaper in list(self._reapers):
            reaper.cancel()
        for i, ex in enumerate(self._slots):
            self._slots[i] = None
            if ex is not None:
                # shutdown() forgets the processes; a worker still inside a job would outlive the server
                procs = list((getattr(ex, "_processes", None) or {}).values())
                ex.shutdown(wait=False, cancel_futures=True)
                for proc in procs:
                    if proc.is_alive():
                        proc.terminate()
