"""The manifest: which chunks are finished, so `--resume` does each input exactly once.

`OUT/manifest.jsonl` starts with a header line (the inputs, format and chunk
size of the run) and gets one line per finished chunk, appended and fsync'ed
only after the chunk's files have been renamed into place. So after a kill -9:

- a chunk in the manifest has all its files, complete;
- a chunk not in the manifest may have some files from the interrupted
  attempt; the resumed run deletes them and does the chunk again;
- a torn last manifest line (killed mid-write) is dropped.

The header must match on resume, and every finished chunk's digest must match
the chunk the inputs give now: changed inputs are refused, not mixed in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import VNPError
from .output import atomic_write

MANIFEST = "manifest.jsonl"
MANIFEST_VERSION = 1


class ResumeError(VNPError):
    """The output directory cannot be (re)used for this run."""

    code = "VNP402"


class Manifest:
    def __init__(self, out: Path, header: dict[str, Any], *, resume: bool) -> None:
        self.out = out
        self.path = out / MANIFEST
        self.header = {"manifest": MANIFEST_VERSION, **header}
        self.done: dict[str, dict[str, Any]] = {}
        self._lock_fh: Any = None
        out.mkdir(parents=True, exist_ok=True)
        self._lock()
        if self.path.exists():
            if not resume:
                raise ResumeError(f"{out} already holds a batch run: add --resume to finish it, or choose another -o")
            self._load()
        else:
            if any(p for p in out.iterdir() if not p.name.startswith(".")):
                raise ResumeError(f"{out} is not empty and has no {MANIFEST}: choose an empty or new directory")
            atomic_write(self.path, lambda fh: fh.write(json.dumps(self.header, ensure_ascii=False) + "\n"))

    def _lock(self) -> None:
        """One run per output directory at a time."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX
            return
        self._lock_fh = (self.out / ".lock").open("w")
        try:
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_fh.close()
            raise ResumeError(f"another batch run is writing to {self.out}") from None

    def _load(self) -> None:
        raw = self.path.read_bytes()
        lines = raw.split(b"\n")
        complete = lines[:-1]  # what follows the last newline is a torn line (or empty)
        if not complete:
            raise ResumeError(f"{self.path} has no header line")
        header = json.loads(complete[0])
        for key in ("inputs", "format", "chunk_size"):
            if header.get(key) != self.header.get(key):
                raise ResumeError(
                    f"cannot resume: {key} differs from the first run ({header.get(key)!r} then, {self.header.get(key)!r} now)"
                )
        self.header = header
        for line in complete[1:]:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            self.done[entry["chunk"]] = entry
        if lines[-1]:  # drop the torn tail so that appends start on a fresh line
            atomic_write(self.path, lambda fh: fh.write(b"\n".join(complete).decode("utf-8") + "\n"))

    def check(self, chunk_id: str, digest: str) -> bool:
        """True when the chunk is finished; refuses a finished chunk whose inputs changed."""
        entry = self.done.get(chunk_id)
        if entry is None:
            return False
        if entry.get("digest") != digest:
            raise ResumeError(f"cannot resume: the inputs of chunk {chunk_id} changed since the first run")
        return True

    def mark_done(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        self.done[entry["chunk"]] = entry

    def close(self) -> None:
        if self._lock_fh is not None:
            self._lock_fh.close()
            self._lock_fh = None
