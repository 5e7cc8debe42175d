"""What ingest reads: records (the JSON Lines of `extract`/`batch`, or gold files) and raw
documents, streamed from files and checked before they reach the database.

A records object is refused, as that one input, when it could not be stored
the same way on SQLite and PostgreSQL or would break a reader later: a span
outside its text (or not matching its `text`), an id longer than the store's
column, NUL characters, lone surrogates, or numbers that are not finite.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..documents import MAX_TEXT_CHARS, Document
from ..errors import InputError
from ..records import RECORD_KEYS, DocumentRecords

#: Longest document id the store keeps (`documents.id`).
MAX_ID_CHARS = 255
#: `vn-policy-nlp batch` writes this file into its output directory.
BATCH_MANIFEST = "manifest.jsonl"


@dataclass(slots=True)
class Incoming:
    """One document's records as they enter the store."""

    records: DocumentRecords
    text: str | None
    title: str | None
    source: str | None
    source_kind: str  # "records" or "documents"
    pipeline_version: str
    place: str | None = None


@dataclass(slots=True)
class PendingDocument:
    """A raw document still to be run through the pipeline (the API does it in its worker pool)."""

    document: Document
    warnings: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that is not stored, and why; `file` when a whole file (or its rest) could not be read."""

    message: str
    file: bool = False


Parsed = Incoming | PendingDocument | Rejected | str  # a str is a Rejected input's message


def pipeline_version() -> str:
    """This package's version and a hash of its stage list: what produced the records."""
    from .. import __version__
    from ..pipeline import STAGES

    digest = hashlib.sha1(",".join(STAGES).encode()).hexdigest()[:8]
    return f"{__version__}+{digest}"


def hostile(obj: Any) -> str | None:
    """What in a JSON value no store keeps faithfully: NUL, a lone surrogate, NaN or infinity."""
    stack = [obj]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return "a string contains NUL characters"
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "a string contains a lone UTF-16 surrogate"
        elif isinstance(value, float) and not math.isfinite(value):
            return f"a number is {value} (not finite)"
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def check_records(records: DocumentRecords, text: str | None) -> str | None:
    """Why these records cannot be stored, or None: the id fits, every span lies in the text
    (and gives the record's `text` when the text is known)."""
    if len(records.id) > MAX_ID_CHARS:
        return f"id is {len(records.id)} characters, over the store's {MAX_ID_CHARS}"
    end_max = len(text) if text is not None else MAX_TEXT_CHARS
    for group in RECORD_KEYS:
        for i, rec in enumerate(getattr(records, group)):
            start, end = rec.span
            if not 0 <= start <= end <= end_max:
                where = "the text's" if text is not None else "the largest text's"
                return f"{group}[{i}]: span [{start}, {end}] is outside {where} {end_max} characters"
            if text is not None and text[start:end] != rec.text:
                return f"{group}[{i}]: span [{start}, {end}] gives {text[start:end][:60]!r}, not its text {rec.text[:60]!r}"
    return None


def classify(obj: Any, *, source: str, line: int | None = None) -> Parsed:
    """One JSON object: records (has record lists), an error record, or a document."""
    where = f"{source}:{line}" if line else source
    if not isinstance(obj, dict):
        return f"{where}: not a JSON object"
    if "error" in obj and not any(k in obj for k in RECORD_KEYS) and not isinstance(obj.get("text"), str):
        return f"{where}: error record for {obj.get('id')!r}: {obj.get('error')}"
    problem = hostile(obj)
    if problem:
        return f"{where}: {problem}"
    if any(k in obj for k in RECORD_KEYS):
        try:
            records = DocumentRecords.model_validate(obj)
        except ValidationError as exc:
            return f"{where}: invalid records: {exc.errors()[0]['msg']}"
        text = obj.get("text") if isinstance(obj.get("text"), str) else None
        problem = check_records(records, text)
        if problem:
            return f"{where}: {records.id}: invalid records: {problem}"
        title = obj.get("title") if isinstance(obj.get("title"), str) else None
        version = obj.get("pipeline_version") if isinstance(obj.get("pipeline_version"), str) else "records"
        place = obj.get("place") if isinstance(obj.get("place"), str) else None
        return Incoming(records, text, title, source, "records", version, place)
    try:
        doc = Document.model_validate(obj)
    except (ValidationError, InputError) as exc:
        return f"{where}: invalid document: {exc}"
    if len(doc.id) > MAX_ID_CHARS:
        return f"{where}: invalid document: id is {len(doc.id)} characters, over the store's {MAX_ID_CHARS}"
    return PendingDocument(doc, (), source)


def _expand(paths: Iterable[str | Path]) -> Iterator[str | Rejected]:
    """Paths to read; a `batch` output directory gives its records and errors parts only."""
    for p in paths:
        d = Path(p)
        if d.is_dir() and (d / BATCH_MANIFEST).is_file():
            if not (d / "records").is_dir():
                yield Rejected(f"{d}: batch output without records/: run batch with --format jsonl to ingest it", file=True)
            for part in sorted((d / "records").glob("*.jsonl")) + sorted((d / "errors").glob("*.jsonl")):
                yield str(part)
        else:
            yield str(p)


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Parsed]:
    """Records or documents from files and directories (JSON Lines, corpus or text files), streamed:
    memory holds one line at a time, whatever the size of a file."""
    from ..io.readers import JSONL_SUFFIXES, Skipped, expand_paths
    from ..io.readers import read_inputs as read_documents

    for entry in _expand(paths):
        if isinstance(entry, Rejected):
            yield entry
            continue
        for path in expand_paths([entry]):
            if path is None:
                raise InputError("ingest reads files, not stdin")
            if isinstance(path, Skipped):
                yield Rejected(path.message, file=True)
            elif path.name.lower().endswith(JSONL_SUFFIXES) and (path.exists() or path.is_symlink()):
                yield from _json_lines(path)
            else:
                for item in read_documents([str(path)], stdin=False):
                    if item.document is not None:
                        yield PendingDocument(item.document, item.warnings, str(path))
                    else:
                        msg = item.error.error if item.error else "unreadable"
                        yield Rejected(msg if msg.startswith(str(path)) else f"{path}: {msg}", file=item.file)


def _json_lines(path: Path) -> Iterator[Parsed]:
    """Each line of a JSON Lines file (gzipped or not) classified; a file that breaks part-way
    keeps the lines before and gives one error for the rest."""
    from ..io.decode import decode_bytes
    from ..io.streams import MAX_INPUT_BYTES, OverlongLine, lines, open_file, stream_errors

    try:
        with open_file(path) as fh, stream_errors(str(path)):
            for n, raw in enumerate(lines(fh), 1):
                if isinstance(raw, OverlongLine):
                    yield f"{path}:{n}: line of {raw.size} bytes, over the limit of {MAX_INPUT_BYTES}"
                    continue
                if not raw.strip():
                    continue
                try:
                    text, _ = decode_bytes(raw, name=f"line {n}", legacy_text=False)
                    obj = json.loads(text)
                except (InputError, json.JSONDecodeError, RecursionError) as exc:
                    yield f"{path}:{n}: not JSON: {getattr(exc, 'message', None) or exc}"
                    continue
                yield classify(obj, source=str(path), line=n)
    except InputError as exc:
        yield Rejected(exc.message, file=True)


def run_pipeline(pending: list[PendingDocument], nlp: Any) -> Iterator[Incoming | str]:
    """Records for raw documents, with each document's main place; one failure stays one error."""
    from .. import make_doc

    version = pipeline_version()

    def one(p: PendingDocument, doc: Any) -> Incoming:
        return Incoming(doc._.records, p.document.text, p.document.title, p.source, "documents", version, doc._.place)

    done = 0
    try:
        docs = []
        for p in pending:
            d = make_doc(nlp, p.document)
            d._.warnings = list(p.warnings)
            docs.append(d)
        for p, doc in zip(pending, nlp.pipe(docs), strict=True):
            yield one(p, doc)
            done += 1
    except Exception:
        for p in pending[done:]:  # one at a time from the one that failed, so only it is lost
            try:
                d = make_doc(nlp, p.document)
                d._.warnings = list(p.warnings)
                yield one(p, nlp(d))
            except Exception as exc:
                yield f"{p.source}: {p.document.id}: extraction failed: {type(exc).__name__}: {exc}"
