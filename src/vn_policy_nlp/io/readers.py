"""Readers: corpus files, JSON Lines (.jsonl, .jsonl.gz) and plain text -> Documents.

Every reader yields `Item`s: a Document, or an `ErrorRecord` standing in its
place, so a bad line or file is accounted for and never silently dropped.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from pydantic import ValidationError

from ..documents import Document
from ..errors import EncodingError, InputError
from ..records import ErrorRecord
from .decode import CONVERTED, decode_bytes, repair_text
from .paths import Skipped, expand_paths
from .streams import HEAD_BYTES, MAX_INPUT_BYTES, OverlongLine, open_file, prefixed, read_head, stream_errors
from .streams import lines as stream_lines

Format = Literal["auto", "corpus", "jsonl", "text"]

#: File names read as JSON Lines without sniffing.
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")

# First line of a corpus file: " date YYYY-MM Title" (leading space optional).
_CORPUS_HEAD = re.compile(r"^\ufeff?\s*date\s+(\d{4}(?:-\d{2}){0,2})\s*(.*)$")

__all__ = ["JSONL_SUFFIXES", "MAX_INPUT_BYTES", "Item", "OverlongLine", "Skipped", "expand_paths", "read_inputs", "read_path", "read_stdin"]


@dataclass(slots=True)
class Item:
    """One input unit: a document, or the error that replaced it.

    `file` marks an error for a whole file or the rest of one (unreadable,
    corrupt, skipped): the commands exit with 2 when there is one.
    """

    document: Document | None
    error: ErrorRecord | None = None
    warnings: tuple[str, ...] = ()
    source: str | None = None
    file: bool = False


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
    if name.endswith(JSONL_SUFFIXES):
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
    (also part-way through, e.g. a corrupt or truncated gzip: the documents before it have
    been yielded)."""
    with open_file(path) as fh:
        yield from _read_stream(fh, fmt, name=str(path), doc_id=path.stem, sniff_as=path)


def read_stdin(fmt: Format = "auto", stream: BinaryIO | None = None) -> Iterator[Item]:
    """Documents from stdin, streamed like a file: JSON Lines a line at a time, one text bounded."""
    raw = stream if stream is not None else sys.stdin.buffer
    with stream_errors("<stdin>"):
        head = read_head(raw)
    yield from _read_stream(prefixed(head, raw), fmt, name="<stdin>", doc_id="stdin", sniff_as=Path("stdin"), head=head)


def _read_stream(fh: BinaryIO, fmt: Format, *, name: str, doc_id: str, sniff_as: Path, head: bytes | None = None) -> Iterator[Item]:
    with stream_errors(name):
        if fmt == "auto":
            fmt = sniff_format(sniff_as, head if head is not None else fh.peek(HEAD_BYTES)[:HEAD_BYTES])  # type: ignore[attr-defined]
        if fmt == "jsonl":
            yield from read_jsonl_lines(stream_lines(fh), source=name)
            return
        data = fh.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: file is over the limit of {MAX_INPUT_BYTES} bytes")
    text, warnings = decode_bytes(data, name=name)
    try:
        doc = parse_corpus_text(text, id=doc_id) if fmt == "corpus" else Document(id=doc_id, date=None, title=None, text=text)
    except (ValidationError, InputError) as exc:
        raise InputError(f"{name}: {_reason(exc)}") from None
    yield Item(doc, warnings=warnings)


def read_inputs(paths: Iterable[str], fmt: Format = "auto", *, stdin: bool = True) -> Iterator[Item]:
    """Every input unit of the paths named, in a stable order, each with its source; nothing dropped.

    A file that cannot be read (missing, skipped, binary, corrupt part-way)
    gives an Item with `file=True`: for a one-document file its id is the
    file's stem, for JSON Lines it stands for the rest of the file.
    """
    for path in expand_paths(paths):
        if path is None:
            if not stdin:
                raise InputError("stdin cannot be read here: name files or directories")
            yield from _guarded(read_stdin(fmt), "<stdin>", single_id="stdin", jsonl=fmt == "jsonl")
        elif isinstance(path, Skipped):
            yield _file_error(path.message, str(path.path), None)
        elif not path.exists() and not path.is_symlink():
            yield _file_error(f"{path}: no such file or directory", str(path), None)
        else:
            jsonl = fmt == "jsonl" or path.name.lower().endswith(JSONL_SUFFIXES)
            yield from _guarded(read_path(path, fmt), str(path), single_id=path.stem, jsonl=jsonl)


def _file_error(message: str, source: str, id: str | None) -> Item:
    return Item(None, ErrorRecord(id=id, source=source, error=message), source=source, file=True)


def _guarded(items: Iterator[Item], source: str, *, single_id: str, jsonl: bool) -> Iterator[Item]:
    """Items of one file with their source; a failure becomes one file error standing for the
    rest of the file (or, for a one-document file that gave nothing, for its document)."""
    seen = 0
    try:
        for item in items:
            seen += 1
            item.source = source
            if item.error is not None and item.error.source is None:
                item.error.source = source
            yield item
    except InputError as exc:
        single = seen == 0 and not jsonl
        yield _file_error(exc.message, source, single_id if single else None)
