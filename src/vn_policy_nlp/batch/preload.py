"""Imported by the local engine's fork server: load the pipeline once, then fork workers.

Workers forked from the server inherit the loaded pipeline (copy-on-write), so
starting N workers costs one load, not N. If loading fails here, each worker
loads for itself and reports the error properly.
"""

from __future__ import annotations

import contextlib

from . import work

with contextlib.suppress(Exception):
    work.preload()
