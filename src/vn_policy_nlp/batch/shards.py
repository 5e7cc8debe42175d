"""Inputs -> a stream of payloads -> fixed-size chunks with stable ids.

A payload is the plain-data form of one input unit, small and picklable, the
only thing that crosses to a worker:

- `{"doc": {id, date, title, text}, "warnings": [...], "source": path}`, or
- `{"error": {id, source, line?, error}, "file": bool}` for an input that
  could not become a document (a bad JSON line, an unreadable file, ...).

Chunks are numbered in input order, so the same inputs give the same chunks
on every run; each carries a digest of its items' identities, which `--resume`
compares so that a changed input is noticed rather than silently mixed in.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..io.readers import expand_paths, read_path, sniff_format

Payload = dict[str, Any]

#: File names read as JSON Lines without sniffing.
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


@dataclass(slots=True)
class Chunk:
    """A run of consecutive payloads; the unit of work, of output files and of resume."""

    index: int
    items: list[Payload] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.index:06d}"

    @property
    def documents(self) -> int:
        return sum(1 for p in self.items if "doc" in p)

    @property
    def digest(self) -> str:
        """Identity of the chunk's contents: source, id, date and text of every document,
        source, id and line of every error."""
        h = hashlib.blake2b(digest_size=12)
        for p in self.items:
            if "doc" in p:
                d = p["doc"]
                key = f"d\t{p['source']}\t{d['id']}\t{d.get('date')}\t{d.get('title')}\t{d['text']}"
            else:
                e = p["error"]
                key = f"e\t{e.get('source')}\t{e.get('id')}\t{e.get('line')}"
            h.update(key.encode("utf-8", "surrogatepass") + b"\n\x00")
        return h.hexdigest()


def _error(source: str, message: str, *, id: str | None = None, line: int | None = None, file: bool = False) -> Payload:
    err: dict[str, Any] = {"id": id, "source": source, "error": message}
    if line is not None:
        err["line"] = line
    return {"error": err, "file": file}


def _is_jsonl_name(path: Path) -> bool:
    return path.name.lower().endswith(_JSONL_SUFFIXES)


def iter_payloads(inputs: Iterable[str]) -> Iterator[Payload]:
    """Every input unit, streamed in a stable order; nothing is dropped silently."""
    for path in expand_paths(inputs):
        if path is None:
            raise InputError("batch does not read stdin: name files or directories")
        source = str(path)
        if not path.exists():
            yield _error(source, f"{source}: no such file or directory", file=True)
            continue
        seen = 0
        try:
            for item in read_path(path):
                seen += 1
                if item.document is not None:
                    yield {"doc": item.document.model_dump(), "warnings": list(item.warnings), "source": source}
                else:
                    assert item.error is not None
                    err = item.error.model_dump(exclude_none=True)
                    err.setdefault("id", None)
                    err.setdefault("source", source)
                    yield {"error": err, "file": False}
        except InputError as exc:
            # A one-document file stands for its document; a JSONL file that breaks
            # part-way (truncated gzip) gets one error for the rest of it.
            single = seen == 0 and not _is_jsonl_name(path)
            yield _error(source, exc.message, id=path.stem if single else None, file=True)


def chunked(payloads: Iterable[Payload], size: int) -> Iterator[Chunk]:
    """Consecutive payloads in chunks of `size` (the last may be shorter)."""
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    chunk = Chunk(0)
    for p in payloads:
        chunk.items.append(p)
        if len(chunk.items) >= size:
            yield chunk
            chunk = Chunk(chunk.index + 1)
    if chunk.items:
        yield chunk


def count_units(inputs: Iterable[str], *, block: int = 1 << 18) -> int:
    """How many payloads the inputs will give, about (blank JSON lines are counted too).

    Cheap next to extraction (a newline count), so the progress bar can show an ETA.
    """
    total = 0
    for path in expand_paths(inputs):
        if path is None:
            continue
        try:
            opener = gzip.open if path.name.lower().endswith(".gz") else open
            with opener(path, "rb") as fh:  # type: ignore[operator]
                if _is_jsonl_name(path) or sniff_format(path, fh.peek(4096)[:4096]) == "jsonl":
                    last = b"\n"
                    try:
                        while data := fh.read(block):
                            total += data.count(b"\n")
                            last = data[-1:]
                    except (OSError, EOFError):  # a broken file: its error record is one more unit
                        last = b""
                    total += last != b"\n"
                else:
                    total += 1
        except OSError:
            total += 1
    return total
