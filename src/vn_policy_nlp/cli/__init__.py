"""The `vn-policy-nlp` command line.

Importing this package starts nothing; `main()` runs a command. The commands
live in `commands.py` (extract, train, batch, schema, serve) and
`store/commands.py` (ingest, targets, links, relink).

Exit codes: 0 all documents processed; 1 some input lines or documents
became error records; 2 an input path could not be read or decoded (the rest
were still processed), or the command was misused.
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
    from .commands import app, err

    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


def __getattr__(name: str) -> Any:
    """`from vn_policy_nlp.cli import app` for tests and embedding, imported on first use."""
    if name == "app":
        from .commands import app

        return app
    raise AttributeError(name)
