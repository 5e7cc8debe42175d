"""Readers: corpus files, JSON Lines (.jsonl, .jsonl.gz) and plain text -> Documents.

Every reader yields `Item`s: a Document, or an `ErrorRecord` standing in its
place, so a bad line or file is accounted for and never silently dropped.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from pydantic import ValidationError

from ..documents import MAX_TEXT_CHARS, Document
from ..errors import EncodingError, InputError
from ..records import ErrorRecord
from .decode import CONVERTED, decode_bytes, repair_text

Format = Literal["auto", "corpus", "jsonl", "text"]

# First line of a corpus file: " date YYYY-MM Title" (leading space optional).
_CORPUS_HEAD = re.compile(r"^\ufeff?\s*date\s+(\d{4}(?:-\d{2}){0,2})\s*(.*)$")

#: A JSON line or a one-document file longer than this many bytes is refused
#: without being read into memory (a text over MAX_TEXT_CHARS would be refused anyway).
MAX_INPUT_BYTES = 4 * MAX_TEXT_CHARS + 65536


@dataclass(frozen=True, slots=True)
class OverlongLine:
    """Stands in for a JSON line that was skipped because it was over MAX_INPUT_BYTES."""

    size: int


@dataclass(slots=True)
class Item:
    """One input unit: a document, or the error that replaced it."""

    document: Document | None
    error: ErrorRecord | None = None
    warnings: tuple[str, ...] = ()


def _error(message: str, *, id: str | None = None, line: int | None = None, source: str | None = None) -> Item:
    return Item(None, ErrorRecord(id=id, line=line, source=source, error=message))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'document'}: {e['msg']}" for e in exc.errors())
    return str(exc)


def parse_corpus_text(text: str, *, id: str) -> Document:
    """A corpus-format article: date line, empty line, body."""
    head, _, rest = text.partition("\n")
    m = _CORPUS_HEAD.match(head)
    if not m:
        raise InputError(f"{id}: first line is not ' date YYYY-MM Title'")
    body = rest[1:] if rest.startswith("\n") else rest
    return Document(id=id, date=m.group(1), title=m.group(2).strip() or None, text=body)


def sniff_format(path: Path, head: bytes) -> Format:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        return "jsonl"
    try:
        first = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    except Exception:  # pragma: no cover - decode with ignore does not raise
        first = ""
    if _CORPUS_HEAD.match(first.split("\n", 1)[0]):
        return "corpus"
    if first.lstrip().startswith("{"):
        return "jsonl"
    return "text"


def _open_stream(path: Path) -> BinaryIO:
    """A binary stream of the file's content, decompressed when it is gzipped."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _lines(fh: BinaryIO, limit: int = MAX_INPUT_BYTES) -> Iterator[bytes | OverlongLine]:
    """Lines of a stream, each read with a size limit, so one huge line cannot exhaust memory."""
    while True:
        line = fh.readline(limit)
        if not line:
            return
        if len(line) == limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                rest = fh.readline(limit)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield OverlongLine(size)
            continue
        yield line


def read_jsonl_lines(lines: Iterable[bytes | str | OverlongLine], *, source: str) -> Iterator[Item]:
    """JSON Lines: each line `{id, date, title, text}`; a bad line becomes an error record.

    Text fields that are legacy-encoded Vietnamese read as Latin-1 are converted
    (with a warning) or refused; bytes that are not UTF-8 are tried as legacy
    encodings line by line.
    """
    for n, raw in enumerate(lines, 1):
        warnings: tuple[str, ...] = ()
        if isinstance(raw, OverlongLine):
            yield _error(f"line {n} is {raw.size} bytes, over the limit of {MAX_INPUT_BYTES}", line=n, source=source)
            continue
        if isinstance(raw, bytes):
            try:
                line, warnings = decode_bytes(raw, name=f"line {n}", legacy_text=False)
            except EncodingError as exc:
                yield _error(exc.message, line=n, source=source)
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _error(f"line {n} is not JSON: {exc.msg}", line=n, source=source)
            continue
        if not isinstance(obj, dict):
            yield _error(f"line {n} is not a JSON object", line=n, source=source)
            continue
        doc_id = obj.get("id")
        if not isinstance(obj.get("text"), str):
            yield _error(f"line {n} has no text", id=None if doc_id is None else str(doc_id), line=n, source=source)
            continue
        try:
            encoding = None
            for field in ("text", "title"):  # the text decides; the title follows it
                if isinstance(obj.get(field), str):
                    obj[field], repaired = repair_text(obj[field], name=f"line {n} {field}", encoding=encoding)
                    warnings += tuple(w for w in repaired if w not in warnings)
                    encoding = next((w[len(CONVERTED) :] for w in repaired if w.startswith(CONVERTED)), encoding)
        except EncodingError as exc:
            yield _error(exc.message, id=None if doc_id is None else str(doc_id), line=n, source=source)
            continue
        try:
            if doc_id is None:
                obj["id"] = f"{Path(source).name}:{n}"
            doc = Document.model_validate(obj)
        except (ValidationError, InputError) as exc:
            yield _error(_reason(exc), id=None if doc_id is None else str(doc_id), line=n, source=source)
            continue
        yield Item(doc, warnings=warnings)


def read_path(path: Path, fmt: Format = "auto") -> Iterator[Item]:
    """Documents from one file, streamed. Raises InputError when the file itself cannot be read
    (also part-way through, e.g. a truncated gzip: the documents before it have been yielded)."""
    try:
        fh = _open_stream(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with fh:
        try:
            if fmt == "auto":
                head = fh.peek(4096)[:4096] if hasattr(fh, "peek") else b""
                fmt = sniff_format(path, head)
            if fmt == "jsonl":
                yield from read_jsonl_lines(_lines(fh), source=str(path))
                return
            data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:  # also gzip.BadGzipFile
            raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except EOFError as exc:
            raise InputError(f"{path}: truncated compressed file: {exc}") from None
        except (UnicodeError, ValueError) as exc:
            raise InputError(f"{path}: cannot read: {exc}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{path}: file is over the limit of {MAX_INPUT_BYTES} bytes")
    text, warnings = decode_bytes(data, name=str(path))
    doc_id = path.stem
    try:
        doc = parse_corpus_text(text, id=doc_id) if fmt == "corpus" else Document(id=doc_id, date=None, title=None, text=text)
    except (ValidationError, InputError) as exc:
        raise InputError(f"{path}: {_reason(exc)}") from None
    yield Item(doc, warnings=warnings)


def expand_paths(paths: Iterable[str]) -> Iterator[Path | None]:
    """Files named by the user; a directory means every file under it; None means stdin.

    Directories are walked lazily, each one's entries sorted (in the order of
    their full paths), so the order is stable between runs and memory holds one
    directory listing at a time. Hidden files and directories are skipped.
    """
    for p in paths:
        if p == "-":
            yield None
            continue
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(directory: Path) -> Iterator[Path]:
    try:
        entries = [(e.name, e.is_dir()) for e in os.scandir(directory) if not e.name.startswith(".")]
    except OSError:
        return
    for name, is_dir in sorted(entries, key=lambda e: e[0] + ("/" if e[1] else "")):
        if is_dir:
            yield from _walk(directory / name)
        else:
            yield directory / name


def read_stdin(fmt: Format = "auto") -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    head = data[:4096]
    if fmt == "auto":
        fmt = sniff_format(Path("stdin"), head)
    if fmt == "jsonl":
        yield from read_jsonl_lines(data.splitlines(), source="<stdin>")
        return
    text, warnings = decode_bytes(data, name="<stdin>")
    try:
        doc = parse_corpus_text(text, id="stdin") if fmt == "corpus" else Document(id="stdin", text=text)
    except (ValidationError, InputError) as exc:
        raise InputError(f"<stdin>: {_reason(exc)}") from None
    yield Item(doc, warnings=warnings)
