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

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..io.readers import JSONL_SUFFIXES, Skipped, expand_paths, read_inputs, sniff_format
from ..io.streams import open_file

Payload = dict[str, Any]


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


def iter_payloads(inputs: Iterable[str]) -> Iterator[Payload]:
    """Every input unit, streamed in a stable order; nothing is dropped silently."""
    for item in read_inputs(inputs, stdin=False):
        if item.document is not None:
            yield {"doc": item.document.model_dump(), "warnings": list(item.warnings), "source": item.source}
            continue
        assert item.error is not None
        err: dict[str, Any] = {"id": item.error.id, "source": item.error.source or item.source, "error": item.error.error}
        if item.error.line is not None:
            err["line"] = item.error.line
        yield {"error": err, "file": item.file}


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
        if isinstance(path, Skipped):
            total += 1
            continue
        try:
            with open_file(path) as fh:
                if path.name.lower().endswith(JSONL_SUFFIXES) or sniff_format(path, fh.peek(4096)[:4096]) == "jsonl":
                    last = b"\n"
                    try:
                        while data := fh.read(block):
                            total += data.count(b"\n")
                            last = data[-1:]
                    except Exception:  # a broken file (corrupt, truncated, a bomb): its error record is one more unit
                        last = b""
                    total += last != b"\n"
                else:
                    total += 1
        except Exception:
            total += 1
    return total
