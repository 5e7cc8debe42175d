"""The unit of work, run inside a worker process: a chunk's payloads -> records.

Every engine (process pool, Dask) calls `process_chunk`; the pipeline is
loaded once per worker process (once per thread, should a Dask worker run
several) and reused for every chunk. What goes back is plain data: record
dicts, error dicts, and the worker's own measurements.
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import threading
import time
from typing import Any

from ..records import RECORD_KEYS
from .deadline import DocumentTimeout, limit
from .shards import Payload

_local = threading.local()
_LOAD_SECONDS: dict[int, float] = {}
#: A pipeline loaded before the worker processes were forked (`preload`); the
#: first thread of each forked worker takes it over instead of loading its own.
_inherited: Any = None
_inherited_seconds = 0.0


def _load() -> Any:
    """The pipeline, with everything alive after loading it moved out of the collector's sight.

    The pipeline's objects (vocabulary, models, gazetteers) live as long as the
    worker; without `gc.freeze` every full collection walks all of them again,
    and in a forked worker touching them also copies their pages.
    """
    import vn_policy_nlp

    nlp = vn_policy_nlp.load()
    gc.collect()
    gc.freeze()
    return nlp


def preload() -> None:
    """Load the pipeline in the process that workers will be forked from (the fork server)."""
    global _inherited, _inherited_seconds
    started = time.perf_counter()
    _inherited = _load()
    _inherited_seconds = time.perf_counter() - started


def pipeline() -> Any:
    """This thread's pipeline: inherited from the fork server, or built on first use."""
    global _inherited
    nlp = getattr(_local, "nlp", None)
    if nlp is None:
        if _inherited is not None:
            nlp, _inherited = _inherited, None
            _LOAD_SECONDS[threading.get_ident()] = _inherited_seconds
        else:
            started = time.perf_counter()
            nlp = _load()
            _LOAD_SECONDS[threading.get_ident()] = time.perf_counter() - started
        _local.nlp = nlp
    return nlp


def init_worker(main_pid: int | None = None) -> None:
    """Process-pool initializer: load the pipeline before the first chunk arrives.

    With `main_pid`, the worker also exits when that process is gone (killed
    with -9, say), instead of waiting for work forever as an orphan.
    """
    if main_pid is not None:
        exit_with_parent(main_pid)
    pipeline()


def exit_with_parent(pid: int) -> None:
    """End this worker process when process `pid` is gone (killed with -9, say).

    A pool worker blocks reading its task queue, and the queue's pipe never
    closes while sibling workers hold it, so without this watch a killed parent
    leaves its workers running forever.
    """
    threading.Thread(target=_exit_with, args=(pid,), name="vnp-watch", daemon=True).start()


def _exit_with(pid: int, every: float = 1.0) -> None:
    while True:
        time.sleep(every)
        if not _alive(pid):
            os._exit(1)


def _alive(pid: int) -> bool:
    """Is `pid` running? A killed process its parent has not reaped yet (a zombie) is not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user (pid reused)
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:  # no /proc (macOS): kill(0) is all we know
        return True


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def extract_payload(nlp: Any, payload: Payload, time_limit: float | None = None) -> dict[str, Any]:
    """One document payload -> its record dict, or an error dict if extraction failed or took
    longer than `time_limit` seconds."""
    from .. import make_doc
    from ..documents import Document
    from ..extensions import RECORDS_KEY

    doc_fields = payload["doc"]
    try:
        with limit(time_limit):
            doc = make_doc(nlp, Document.model_construct(**doc_fields))
            doc._.warnings = list(payload.get("warnings") or ())
            doc = nlp(doc)
            record = doc.user_data.get(RECORDS_KEY)
            if record is None:
                record = doc._.records.model_dump(mode="json")
        return {"record": record}
    except DocumentTimeout:
        message = f"extraction took longer than the time limit of {time_limit:g} s (--time-limit): skipped"
    except Exception as exc:
        message = f"extraction failed: {type(exc).__name__}: {exc}"
    return {"error": {"id": doc_fields.get("id"), "source": payload.get("source"), "error": message}}


def process_chunk(chunk_id: str, items: list[Payload], fmt: str | None = None, time_limit: float | None = None) -> dict[str, Any]:
    """Records and errors for one chunk, in input order, with counts and the worker's measurements;
    a document over `time_limit` seconds becomes an error record.

    With `fmt`, the output tables are also made here (`output.table_rows`) and
    returned under "tables" instead of the records, so that the main process
    only writes files.
    """
    nlp = pipeline()
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    sources: list[str | None] = []
    errors: list[dict[str, Any]] = []
    file_errors = 0
    for payload in items:
        if "error" in payload:
            errors.append(payload["error"])
            file_errors += bool(payload.get("file"))
            continue
        out = extract_payload(nlp, payload, time_limit)
        if "record" in out:
            records.append(out["record"])
            sources.append(payload.get("source"))
        else:
            errors.append(out["error"])
    kinds = {key: sum(len(r.get(key) or ()) for r in records) for key in RECORD_KEYS}
    result: dict[str, Any] = {
        "chunk": chunk_id,
        "documents": len(records),
        "errors_count": len(errors),
        "records_by_kind": kinds,
        "file_errors": file_errors,
        "seconds": time.perf_counter() - started,
        "worker": {
            "pid": os.getpid(),
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "load_seconds": round(_LOAD_SECONDS.get(threading.get_ident(), 0.0), 3),
        },
    }
    if fmt is None:
        result.update(records=records, sources=sources, errors=errors)
    else:
        from .output import table_rows

        result["tables"] = table_rows(fmt, records, errors, sources)
    return result
