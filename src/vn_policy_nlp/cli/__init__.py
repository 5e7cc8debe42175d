"""The `vn-policy-nlp` command line.

Importing this package starts nothing; `main()` runs a command. The commands
live in `commands.py` (extract, train, batch, schema, serve) and
`store.py` (the store's: ingest, targets, links, relink).

Exit codes: 0 all documents processed; 1 some input lines or documents
became error records; 2 an input path could not be read or decoded (the rest
were still processed), or the command was misused; 3 the run stopped (a
crash: disk full, a worker killed, a bug), with a one-line message saying how
to finish it; 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys
from typing import Any


def _start_batch_workers_early() -> None:
    """`batch` on the local engine: start the fork server (it loads the pipeline)
    before this process imports the rest of the command line, so the two overlap."""
    import multiprocessing

    args = sys.argv[1:]
    if args[:1] != ["batch"] or "dask" in args or "--help" in args or multiprocessing.current_process().name != "MainProcess":
        return
    from ..batch.runners.local import start_fork_server

    start_fork_server()


def main() -> None:
    _start_batch_workers_early()
    from .commands import app
    from .output import EXIT_CRASH, EXIT_INTERRUPTED, describe, error, say

    try:
        app()
    except KeyboardInterrupt:
        say("interrupted", "stopped by the user", "yellow")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # outside any command's own guard: still one line, not a traceback
        import os
        import traceback

        if os.environ.get("VNP_DEBUG"):
            traceback.print_exc()
        error(f"stopped: {describe(exc)} (VNP_DEBUG=1 shows the traceback)")
        sys.exit(EXIT_CRASH)


def __getattr__(name: str) -> Any:
    """`from vn_policy_nlp.cli import app` for tests and embedding, imported on first use."""
    if name == "app":
        from .commands import app

        return app
    raise AttributeError(name)
