"""Ingest: records (the JSON Lines of `extract`/`batch`, or gold files) and raw
documents (run through the pipeline) into the store.

Idempotent by construction: row ids come from the document id and the record's
position, and a document whose content hash (records, text, pipeline version)
is unchanged is left as it is, so ingesting the same input twice leaves the
tables identical. A changed document has all its rows replaced. After a run
the links of every place the run touched are recomputed (linking.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, delete, insert, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..documents import Document
from ..entities.canonical import canonical
from ..errors import InputError
from ..records import RECORD_KEYS, DocumentRecords
from . import schema
from .keys import fold, indicator_key, place_key, rules, unit_key
from .periods import interval, publication

#: A sentence ends at . ! ? ; or a line break followed by space (not "10.5").
_SENTENCE_END = re.compile(r"[.!?;…](?=\s)|\n")


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
class IngestStats:
    """What one ingest run did; `errors` lists skipped inputs with the reason."""

    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    error_records: int = 0
    targets: int = 0
    results: int = 0
    mentions: int = 0
    errors: list[str] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    document_ids: set[str] = field(default_factory=set)

    @property
    def documents(self) -> int:
        return self.new + self.replaced + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "new": self.new,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "error_records": self.error_records,
            "targets": self.targets,
            "results": self.results,
            "mentions": self.mentions,
            "errors": list(self.errors),
        }


def pipeline_version() -> str:
    """This package's version and a hash of its stage list: what produced the records."""
    from .. import __version__
    from ..pipeline import STAGES

    digest = hashlib.sha1(",".join(STAGES).encode()).hexdigest()[:8]
    return f"{__version__}+{digest}"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the previous stop to the next one."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    m = _SENTENCE_END.search(text, max(end - 1, start))
    hi = m.end() if m else len(text)
    while lo < start and text[lo].isspace():
        lo += 1
    return lo, max(hi, end)


def document_place(records: DocumentRecords) -> str | None:
    """The place an article is about, when its records do not say: its most frequent
    location, if it is named at least `document_place_min_mentions` times."""
    need = int(rules()["thresholds"].get("document_place_min_mentions", 2))
    counts: dict[str, tuple[int, str]] = {}
    for loc in records.locations:
        key, _ = place_key(loc.text)
        if key:
            n, name = counts.get(key, (0, loc.text))
            counts[key] = (n + 1, name if len(name) >= len(loc.text) else loc.text)
    if not counts:
        return None
    ranked = sorted(counts.values(), key=lambda v: (-v[0], v[1]))
    if ranked[0][0] < need or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]


def content_hash(item: Incoming) -> str:
    payload = {
        "records": item.records.model_dump(mode="json"),
        "text": item.text,
        "title": item.title,
        "pipeline": item.pipeline_version,
        "place": item.place,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _mention_key(group: str, rec: Any) -> str | None:
    if group == "organisations":
        return fold(rec.name or rec.text)
    if group == "locations":
        return place_key(rec.text)[0]
    if group == "time_expressions":
        return rec.value
    if group == "legal_references":
        return fold(" ".join(p for p in (rec.type, rec.number) if p))
    return fold(rec.text)


def _rows(item: Incoming, content: str, now: datetime) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    rec = item.records
    doc_id = rec.id
    place = item.place or document_place(rec)
    doc_row = {
        "id": doc_id,
        "date": rec.date,
        "pub_date": publication(rec.date),
        "title": item.title,
        "text": item.text,
        "place": place,
        "source": item.source,
        "source_kind": item.source_kind,
        "pipeline_version": item.pipeline_version,
        "schema_version": rec.schema_version,
        "content_hash": content,
        "ingested_at": now,
        "warnings": list(rec.warnings),
    }
    mention_rows: list[dict[str, Any]] = []
    for group in RECORD_KEYS:
        if group == "targets":
            continue
        for i, m in enumerate(getattr(rec, group)):
            attrs = m.model_dump(mode="json", exclude={"span", "text"})
            mention_rows.append({
                "id": f"{doc_id}:{group}:{i}",
                "document_id": doc_id,
                "grp": group,
                "start": m.span[0],
                "end": m.span[1],
                "text": m.text,
                "key": _mention_key(group, m),
                "attrs": attrs,
            })
    target_rows: list[dict[str, Any]] = []
    for i, t in enumerate(rec.targets):
        period = interval(t.deadline)
        location = t.location or place
        pkey, plevel = place_key(location)
        named = canonical(location) if location else None
        s_lo, s_hi = sentence_bounds(item.text, t.span[0], t.span[1]) if item.text else (None, None)
        extra = t.model_dump(mode="json", exclude=set(schema.targets.c.keys()) | {"span", "provenance"})
        if t.provenance is not None:
            extra["provenance"] = t.provenance.model_dump(mode="json")
        target_rows.append({
            "id": f"{doc_id}:t{i}",
            "document_id": doc_id,
            "ordinal": i,
            "kind": t.kind,
            "indicator": t.indicator,
            "indicator_key": indicator_key(t.indicator, location),
            "value": t.value,
            "value_high": t.value_high,
            "unit": t.unit,
            "unit_key": unit_key(t.unit),
            "comparator": t.comparator,
            "direction": t.direction,
            "deadline": t.deadline,
            "period_start": period[0] if period else None,
            "period_end": period[1] if period else None,
            "location": location,
            "place_key": pkey,
            "place_level": plevel,
            "place_from_document": t.location is None and location is not None,
            "place_canonical": named[0] if named else None,
            "place_code": named[1] if named else None,
            "cue": t.cue,
            "start": t.span[0],
            "end": t.span[1],
            "text": t.text,
            "sentence_start": s_lo,
            "sentence_end": s_hi,
            "confidence": t.provenance.confidence if t.provenance else 1.0,
            "extra": extra or None,
        })
    return doc_row, mention_rows, target_rows


def delete_document(conn: Connection, doc_id: str) -> set[str]:
    """Remove a document and everything hanging off it; returns the place keys it had."""
    t = schema.targets
    ids = select(t.c.id).where(t.c.document_id == doc_id)
    places = {p for p in conn.execute(select(t.c.place_key).where(t.c.document_id == doc_id)).scalars() if p}
    conn.execute(delete(schema.links).where(or_(schema.links.c.target_id.in_(ids), schema.links.c.result_id.in_(ids))))
    conn.execute(delete(schema.target_status).where(schema.target_status.c.target_id.in_(ids)))
    conn.execute(delete(t).where(t.c.document_id == doc_id))
    conn.execute(delete(schema.mentions).where(schema.mentions.c.document_id == doc_id))
    conn.execute(delete(schema.documents).where(schema.documents.c.id == doc_id))
    return places


def write(conn: Connection, item: Incoming, stats: IngestStats, *, force: bool = False) -> str:
    """Store one document: 'new', 'replaced' or 'unchanged'."""
    content = content_hash(item)
    doc_id = item.records.id
    old = conn.execute(select(schema.documents.c.content_hash).where(schema.documents.c.id == doc_id)).scalar()
    if old is not None and old == content and not force:
        stats.unchanged += 1
        return "unchanged"
    if old is not None:
        stats.places |= delete_document(conn, doc_id)
    doc_row, mention_rows, target_rows = _rows(item, content, datetime.now(UTC))
    conn.execute(insert(schema.documents), [doc_row])
    if mention_rows:
        conn.execute(insert(schema.mentions), mention_rows)
    if target_rows:
        conn.execute(insert(schema.targets), target_rows)
    stats.places |= {r["place_key"] for r in target_rows if r["place_key"]}
    stats.document_ids.add(doc_id)
    stats.mentions += len(mention_rows)
    stats.targets += sum(r["kind"] == "target" for r in target_rows)
    stats.results += sum(r["kind"] == "result" for r in target_rows)
    if old is None:
        stats.new += 1
        return "new"
    stats.replaced += 1
    return "replaced"


# --- reading inputs -------------------------------------------------------


@dataclass(slots=True)
class PendingDocument:
    """A raw document still to be run through the pipeline (the API does it in its worker pool)."""

    document: Document
    warnings: tuple[str, ...]
    source: str


Parsed = Incoming | PendingDocument | str  # a str is an error message


def classify(obj: Any, *, source: str, line: int | None = None) -> Parsed:
    """One JSON object: records (has record lists), an error record, or a document."""
    where = f"{source}:{line}" if line else source
    if not isinstance(obj, dict):
        return f"{where}: not a JSON object"
    if "error" in obj and not any(k in obj for k in RECORD_KEYS) and not isinstance(obj.get("text"), str):
        return f"{where}: error record for {obj.get('id')!r}: {obj.get('error')}"
    if any(k in obj for k in RECORD_KEYS):
        try:
            records = DocumentRecords.model_validate(obj)
        except ValidationError as exc:
            return f"{where}: invalid records: {exc.errors()[0]['msg']}"
        text = obj.get("text") if isinstance(obj.get("text"), str) else None
        title = obj.get("title") if isinstance(obj.get("title"), str) else None
        version = obj.get("pipeline_version") if isinstance(obj.get("pipeline_version"), str) else "records"
        place = obj.get("place") if isinstance(obj.get("place"), str) else None
        return Incoming(records, text, title, source, "records", version, place)
    try:
        doc = Document.model_validate(obj)
    except (ValidationError, InputError) as exc:
        return f"{where}: invalid document: {exc}"
    return PendingDocument(doc, (), source)


#: `vn-policy-nlp batch` writes this file into its output directory.
BATCH_MANIFEST = "manifest.jsonl"


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | str | None]:
    """Files to read; a `batch` output directory gives its records and errors parts only."""
    from ..io.readers import expand_paths

    for p in paths:
        d = Path(p)
        if d.is_dir() and (d / BATCH_MANIFEST).is_file():
            parts = sorted((d / "records").glob("*.jsonl")) + sorted((d / "errors").glob("*.jsonl"))
            if not (d / "records").is_dir():
                yield f"{d}: batch output without records/: run batch with --format jsonl to ingest it"
            yield from parts
        else:
            yield from expand_paths([str(p)])


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Parsed]:
    """Records or documents from files and directories (JSON Lines, corpus or text files)."""
    from ..io.decode import decode_bytes
    from ..io.readers import read_path

    for path in _expand(paths):
        if isinstance(path, str):
            yield path
            continue
        if path is None:
            raise InputError("ingest reads files, not stdin")
        if not path.exists():
            yield f"{path}: no such file or directory"
            continue
        name = path.name.lower()
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
            try:
                data = path.read_bytes()
                if name.endswith(".gz"):
                    import gzip

                    data = gzip.decompress(data)
            except OSError as exc:
                yield f"{path}: cannot read: {exc}"
                continue
            for n, raw in enumerate(data.splitlines(), 1):
                if not raw.strip():
                    continue
                try:
                    line, _ = decode_bytes(raw)
                    obj = json.loads(line)
                except (InputError, json.JSONDecodeError) as exc:
                    yield f"{path}:{n}: not JSON: {exc}"
                    continue
                yield classify(obj, source=str(path), line=n)
            continue
        try:
            for item in read_path(path):
                if item.document is None:
                    yield f"{path}: {item.error.error if item.error else 'unreadable'}"
                else:
                    yield PendingDocument(item.document, item.warnings, str(path))
        except InputError as exc:
            yield exc.message


def run_pipeline(pending: list[PendingDocument], nlp: Any) -> Iterator[Incoming | str]:
    """Records for raw documents, with each document's main place; one failure stays one error."""
    from .. import make_doc

    version = pipeline_version()

    def one(p: PendingDocument, doc: Any) -> Incoming:
        return Incoming(doc._.records, p.document.text, p.document.title, p.source, "documents", version, doc._.place)

    try:
        docs = []
        for p in pending:
            d = make_doc(nlp, p.document)
            d._.warnings = list(p.warnings)
            docs.append(d)
        for p, doc in zip(pending, nlp.pipe(docs), strict=True):
            yield one(p, doc)
    except Exception:
        for p in pending:
            try:
                d = make_doc(nlp, p.document)
                d._.warnings = list(p.warnings)
                yield one(p, nlp(d))
            except Exception as exc:
                yield f"{p.source}: {p.document.id}: extraction failed: {type(exc).__name__}: {exc}"


def ingest_items(
    engine: Engine,
    items: Iterable[Parsed],
    *,
    nlp: Any = None,
    force: bool = False,
    relink: bool = True,
    batch_size: int = 64,
    progress: Callable[[IngestStats], None] | None = None,
) -> IngestStats:
    """Store parsed inputs in batches (one transaction each), then relink touched places."""
    stats = IngestStats()
    batch: list[Parsed] = []

    def flush() -> None:
        nonlocal nlp
        pending = [b for b in batch if isinstance(b, PendingDocument)]
        ready: list[Incoming | str] = [b for b in batch if not isinstance(b, PendingDocument)]
        if pending:
            if nlp is None:
                from .. import _default_nlp

                nlp = _default_nlp()
            ready.extend(run_pipeline(pending, nlp))
        seen: set[str] = set()
        with engine.begin() as conn:
            for item in ready:
                if isinstance(item, str):
                    stats.error_records += 1
                    stats.errors.append(item)
                    continue
                if item.records.id in seen:
                    stats.errors.append(f"{item.source}: duplicate id {item.records.id!r} in one batch: the later one wins")
                seen.add(item.records.id)
                try:
                    with conn.begin_nested():  # one bad document must not undo its batch
                        write(conn, item, stats, force=force)
                except SQLAlchemyError as exc:
                    stats.error_records += 1
                    cause = getattr(exc, "orig", None) or exc
                    stats.errors.append(f"{item.source}: {item.records.id}: not stored: {type(exc).__name__}: {cause}")
        batch.clear()
        if progress:
            progress(stats)

    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    if relink and (stats.places or stats.document_ids):
        from .linking import relink as _relink

        _relink(engine, places=stats.places, documents=stats.document_ids)
    return stats


def ingest_paths(engine: Engine, paths: Iterable[str | Path], **kwargs: Any) -> IngestStats:
    """`vn-policy-nlp ingest`: every file or directory named, records and documents alike."""
    return ingest_items(engine, read_inputs(paths), **kwargs)
