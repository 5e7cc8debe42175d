"""`--engine dask`: the same chunks on Dask distributed.

By default an embedded `LocalCluster` (N worker processes, one thread each);
with `--scheduler tcp://HOST:PORT` an existing cluster (SLURM through
dask-jobqueue, Kubernetes through dask-kubernetes or the Dask Helm chart).
The workers need `vn-policy-nlp` installed; chunks travel as plain payloads
and records come back as dicts, so no shared file system is needed. Dask is
imported only here (`pip install 'vn-policy-nlp[dask]'`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from ...errors import VNPError
from ..shards import Chunk
from ..work import process_chunk


class DaskMissingError(VNPError):
    """`--engine dask` without Dask installed."""

    code = "VNP401"


class DaskRunner:
    def __init__(
        self,
        workers: int,
        *,
        scheduler: str | None = None,
        processes: bool = True,
        max_in_flight: int | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("--workers must be at least 1")
        self.workers = workers
        self.fmt: str | None = None  # set by the caller: workers then make the output tables
        self.time_limit: float | None = None  # set by the caller: seconds one document may take
        self.scheduler = scheduler
        self.processes = processes
        self.max_in_flight = max_in_flight
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskRunner:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise DaskMissingError("--engine dask needs Dask: pip install 'vn-policy-nlp[dask]'") from None
        if self.scheduler:
            self._client = Client(self.scheduler)
            self.workers = max(1, sum(w.get("nthreads", 1) for w in self._client.scheduler_info()["workers"].values()))
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=self.processes,
                dashboard_address=None,
                silence_logs=40,  # logging.ERROR
            )
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def map_unordered(self, chunks: Iterator[Chunk]) -> Iterator[tuple[Chunk, dict[str, Any]]]:
        from dask.distributed import as_completed

        assert self._client is not None, "use DaskRunner as a context manager"
        limit = self.max_in_flight or 2 * self.workers
        run = uuid.uuid4().hex[:8]
        pending: dict[str, Chunk] = {}
        queue = as_completed()
        for chunk in chunks:
            fut = self._client.submit(process_chunk, chunk.id, chunk.items, self.fmt, self.time_limit,
                                      key=f"vnp-{run}-{chunk.id}", pure=False)
            pending[fut.key] = chunk
            queue.add(fut)
            while len(pending) >= limit:
                fut = next(queue)
                yield pending.pop(fut.key), fut.result()
        for fut in queue:
            yield pending.pop(fut.key), fut.result()
