"""Readers: corpus files, JSON Lines (.jsonl, .jsonl.gz) and plain text -> Documents.

Every reader yields `Item`s: a Document, or an `ErrorRecord` standing in its
place, so a bad line or file is accounted for and never silently dropped.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from ..documents import Document
from ..errors import EncodingError, InputError
from ..records import ErrorRecord
from .decode import decode_bytes

Format = Literal["auto", "corpus", "jsonl", "text"]

# First line of a corpus file: " date YYYY-MM Title" (leading space optional).
_CORPUS_HEAD = re.compile(r"^\ufeff?\s*date\s+(\d{4}(?:-\d{2}){0,2})\s*(.*)$")


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


def _open_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    return data


def read_jsonl_lines(lines: Iterable[bytes | str], *, source: str) -> Iterator[Item]:
    """JSON Lines: each line `{id, date, title, text}`; a bad line becomes an error record."""
    for n, raw in enumerate(lines, 1):
        warnings: tuple[str, ...] = ()
        if isinstance(raw, bytes):
            try:
                line, warnings = decode_bytes(raw)
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
            if doc_id is None:
                obj["id"] = f"{Path(source).name}:{n}"
            doc = Document.model_validate(obj)
        except (ValidationError, InputError) as exc:
            yield _error(_reason(exc), id=None if doc_id is None else str(doc_id), line=n, source=source)
            continue
        yield Item(doc, warnings=warnings)


def read_path(path: Path, fmt: Format = "auto") -> Iterator[Item]:
    """Documents from one file. Raises InputError when the file itself cannot be read."""
    try:
        if path.name.lower().endswith(".gz") or fmt != "jsonl":
            data = _open_bytes(path)
        else:
            data = None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (gzip.BadGzipFile, EOFError) as exc:
        raise InputError(f"{path}: not a gzip file: {exc}") from None

    if fmt == "auto":
        head = data[:4096] if data is not None else path.open("rb").read(4096)
        fmt = sniff_format(path, head)
    if fmt == "jsonl":
        if data is not None:
            yield from read_jsonl_lines(data.splitlines(), source=str(path))
        else:
            with path.open("rb") as fh:
                yield from read_jsonl_lines(fh, source=str(path))
        return
    assert data is not None
    text, warnings = decode_bytes(data, name=str(path))
    doc_id = path.stem
    try:
        if fmt == "corpus":
            doc = parse_corpus_text(text, id=doc_id)
        else:
            doc = Document(id=doc_id, date=None, title=None, text=text)
    except (ValidationError, InputError) as exc:
        raise InputError(f"{path}: {_reason(exc)}") from None
    yield Item(doc, warnings=warnings)


def expand_paths(paths: Iterable[str]) -> Iterator[Path | None]:
    """Files named by the user; a directory means every file in it (sorted); None means stdin."""
    for p in paths:
        if p == "-":
            yield None
            continue
        path = Path(p)
        if path.is_dir():
            yield from sorted(f for f in path.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            yield path


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
