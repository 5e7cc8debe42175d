"""Engines that run `work.process_chunk` over chunks: a process pool or Dask.

Each engine is a context manager with one method, `map_unordered(chunks)`,
yielding `(chunk, result)` as chunks finish, with at most `max_in_flight`
chunks submitted at once so that memory stays flat however long the input.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from ..shards import Chunk


class Runner(Protocol):
    workers: int
    fmt: str | None
    time_limit: float | None

    def __enter__(self) -> Runner: ...

    def __exit__(self, *exc: object) -> None: ...

    def map_unordered(self, chunks: Iterator[Chunk]) -> Iterator[tuple[Chunk, dict[str, Any]]]: ...


def make_runner(engine: str, workers: int, scheduler: str | None = None, *, dask_processes: bool = True) -> Runner:
    """The engine by name; `dask_processes=False` runs an embedded Dask cluster in threads (tests)."""
    if engine == "local":
        if scheduler:
            raise ValueError("--scheduler needs --engine dask")
        from .local import LocalRunner

        return LocalRunner(workers)
    if engine == "dask":
        from .dask import DaskRunner

        return DaskRunner(workers, scheduler=scheduler, processes=dask_processes)
    raise ValueError(f"unknown engine {engine!r}: use local or dask")
