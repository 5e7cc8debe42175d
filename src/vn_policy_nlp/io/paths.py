"""The files a list of paths names: directories walked, bad entries reported, not dropped.

A directory is walked lazily, each one's entries sorted, so the order is
stable between runs and memory holds one listing at a time. Hidden entries
are left out. An entry that cannot be read as a file (a subdirectory without
permission, a symbolic link loop or a link back to an ancestor, a broken
link, a FIFO, a device, a socket) is yielded as a `Skipped` naming the reason,
never silently dropped and never opened: a FIFO would block the reader
forever. A path named by the user is read whatever it is (`<(zcat a.gz)` is a
pipe); only entries found inside directories are checked.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: What `stat` calls the kinds of file that are not read from inside a directory.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A directory entry that is not read, and why: it becomes an error record."""

    path: Path
    reason: str

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}"


def expand_paths(paths: Iterable[str]) -> Iterator[Path | Skipped | None]:
    """Files named by the user; a directory means every file under it; None means stdin."""
    for p in paths:
        if p == "-":
            yield None
            continue
        path = Path(p)
        if path.is_dir():
            try:
                identity = _identity(os.stat(path))
            except OSError as exc:
                yield Skipped(path, f"cannot read directory: {exc.strerror or exc}")
                continue
            yield from _walk(path, (identity,))
        else:
            yield path


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _walk(directory: Path, ancestors: tuple[tuple[int, int], ...]) -> Iterator[Path | Skipped]:
    """Entries of `directory` in order of their full paths; `ancestors` are the directories
    above it (by device and inode), so a link back to one is reported instead of followed."""
    try:
        with os.scandir(directory) as it:
            names = [e.name for e in it if not e.name.startswith(".")]
    except OSError as exc:
        yield Skipped(directory, f"cannot read directory: {exc.strerror or exc}")
        return
    entries: list[tuple[str, Path | Skipped, os.stat_result | None]] = []
    for name in names:
        path = directory / name
        try:
            st = os.stat(path)
        except OSError as exc:
            entries.append((name, Skipped(path, _stat_problem(path, exc)), None))
            continue
        entries.append((name + ("/" if stat.S_ISDIR(st.st_mode) else ""), path, st))
    for _, entry, st in sorted(entries, key=lambda e: e[0]):
        if isinstance(entry, Skipped) or st is None:
            yield entry
        elif stat.S_ISDIR(st.st_mode):
            identity = _identity(st)
            if identity in ancestors:
                yield Skipped(entry, "symbolic link loop: leads back to a directory above it, not followed")
            else:
                yield from _walk(entry, (*ancestors, identity))
        elif stat.S_ISREG(st.st_mode):
            yield entry
        else:
            kind = next((what for test, what in _KINDS if test(st.st_mode)), "not a regular file")
            yield Skipped(entry, f"{kind}, not a regular file: skipped")


def _stat_problem(path: Path, exc: OSError) -> str:
    """Why an entry cannot be looked at: a loop, a dangling link, or what the system says."""
    if path.is_symlink():
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: skipped"
        if isinstance(exc, FileNotFoundError):
            return f"broken symbolic link to {os.readlink(path)!r}: skipped"
    return f"cannot read: {exc.strerror or exc}"
