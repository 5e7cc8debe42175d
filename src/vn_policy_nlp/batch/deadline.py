"""A per-document time limit inside a worker: a runaway document becomes an error record.

In a process's main thread (the local engine's workers) the limit is a
SIGALRM timer whose handler raises `DocumentTimeout`; signals are also
checked inside long regular-expression matches, so a pathological pattern is
stopped too. In other threads (Dask workers run tasks in a thread pool) a
watchdog thread raises it in the worker thread with
`PyThreadState_SetAsyncExc`, which takes effect between bytecodes. Either
way the exception surfaces in the document's own `try`, and nothing is left
pending once `limit` returns.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any


class DocumentTimeout(Exception):
    """The document took longer than its time limit."""


@contextlib.contextmanager
def limit(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout` in this thread if the block runs longer than `seconds` (None: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _WATCHDOG.limit(seconds):
            yield


def _raise_timeout(signum: int, frame: Any) -> None:
    raise DocumentTimeout


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _async_raise(thread_id: int, exc: type[BaseException] | None) -> None:
    """Make `exc` pending in thread `thread_id` (None clears a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """One daemon thread per process that interrupts threads past their deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._deadlines: dict[int, tuple[float, int]] = {}  # thread id -> (deadline, token)
        self._fired: set[int] = set()  # tokens whose thread was interrupted
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        tid, token = threading.get_ident(), next(self._tokens)
        with self._cond:
            self._deadlines[tid] = (time.monotonic() + seconds, token)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="vnp-deadline", daemon=True)
                self._thread.start()
            self._cond.notify()
        try:
            yield
        finally:
            with self._cond:
                self._deadlines.pop(tid, None)
                if token in self._fired:  # fired as the block ended: clear what is still pending
                    self._fired.discard(token)
                    _async_raise(tid, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for tid, (deadline, token) in list(self._deadlines.items()):
                    if deadline <= now and token not in self._fired:
                        self._fired.add(token)
                        _async_raise(tid, DocumentTimeout)
                waiting = [d for d, t in self._deadlines.values() if t not in self._fired]
                self._cond.wait(timeout=max(min(waiting) - now, 0.01) if waiting else None)


_WATCHDOG = _Watchdog()
