"""Ingest: records (the JSON Lines of `extract`/`batch`, or gold files) and raw
documents (run through the pipeline) into the store.

Idempotent by construction: row ids come from the document id and the record's
position, and a document whose content hash (records, text, pipeline version)
is unchanged is left as it is, so ingesting the same input twice leaves the
tables identical. A changed document has all its rows replaced. After a run
the links of every place the run touched are recomputed (linking.py).

Documents are written in batches, one write transaction each (holding the
store's write lock, `db.write_transaction`), every document in its own
savepoint: a document that cannot be written is one error and the rest of its
batch is kept. A batch that loses the race for the lock is retried; one that
still fails is reported in `store_errors` (the store, not the input, failed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, insert, or_, select
from sqlalchemy.engine import Connection

from ..entities.canonical import canonical
from ..records import RECORD_KEYS, DocumentRecords
from ..text import TextLayer
from . import schema
from .db import retrying, transient, write_transaction
from .inputs import Incoming, Parsed, PendingDocument, Rejected, classify, pipeline_version, read_inputs, run_pipeline
from .keys import fold, indicator_key, place_key, rules, unit_key
from .periods import interval, publication

__all__ = [
    "Incoming", "IngestStats", "Parsed", "PendingDocument", "Rejected", "classify", "ingest_items", "ingest_paths",
    "pipeline_version", "sentence_bounds",
]


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
    #: Inputs whose file could not be read (or its rest): the command exits with 2.
    unreadable: int = 0
    #: Documents not stored because the store failed (locked past every retry, connection lost).
    store_errors: list[str] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    document_ids: set[str] = field(default_factory=set)

    @property
    def documents(self) -> int:
        return self.new + self.replaced + self.unchanged

    def reject(self, item: Rejected | str) -> None:
        rejected = item if isinstance(item, Rejected) else Rejected(item)
        self.error_records += 1
        self.unreadable += rejected.file
        self.errors.append(rejected.message)

    def merge(self, other: IngestStats) -> None:
        """Add a committed batch's counts."""
        for name in ("new", "replaced", "unchanged", "error_records", "targets", "results", "mentions", "unreadable"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)
        self.store_errors.extend(other.store_errors)
        self.places |= other.places
        self.document_ids |= other.document_ids

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
            "unreadable": self.unreadable,
            "errors": list(self.errors),
            "store_errors": list(self.store_errors),
        }


def sentence_bounds(text: str, start: int, end: int, layer: TextLayer | None = None) -> tuple[int, int]:
    """The sentence (or sentences) holding [start, end): the pipeline's own sentences, from the
    text layer (`layer`, when the caller has built it for the whole document)."""
    layer = layer or TextLayer.of(text)
    first, last = layer.sentence_at(start), layer.sentence_at(max(start, end - 1))
    return min(first.start, start), max(last.end, end)


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
    place = item.place or document_place(rec)
    doc_row = {
        "id": rec.id,
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
    layer = TextLayer.of(item.text) if item.text and rec.targets else None  # evidence sentences
    target_rows = [_target_row(item, i, t, place, layer) for i, t in enumerate(rec.targets)]
    return doc_row, _mention_rows(rec), target_rows


def _mention_rows(rec: DocumentRecords) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for group in RECORD_KEYS:
        if group == "targets":
            continue
        for i, m in enumerate(getattr(rec, group)):
            rows.append({
                "id": f"{rec.id}:{group}:{i}",
                "document_id": rec.id,
                "grp": group,
                "start": m.span[0],
                "end": m.span[1],
                "text": m.text,
                "key": _mention_key(group, m),
                "attrs": m.model_dump(mode="json", exclude={"span", "text"}),
            })
    return rows


def _target_row(item: Incoming, i: int, t: Any, place: str | None, layer: TextLayer | None) -> dict[str, Any]:
    period = interval(t.deadline)
    location = t.location or place
    pkey, plevel = place_key(location)
    named = canonical(location) if location else None
    s_lo, s_hi = sentence_bounds(item.text, t.span[0], t.span[1], layer) if item.text else (None, None)
    extra = t.model_dump(mode="json", exclude=set(schema.targets.c.keys()) | {"span", "provenance"})
    if t.provenance is not None:
        extra["provenance"] = t.provenance.model_dump(mode="json")
    return {
        "id": f"{item.records.id}:t{i}",
        "document_id": item.records.id,
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
    }


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


def _store(engine: Engine, ready: list[Incoming | Rejected | str], stats: IngestStats, *, force: bool) -> None:
    """Write one batch in one write transaction, each document in its own savepoint."""
    docs: list[Incoming] = []
    seen: set[str] = set()
    for item in ready:
        if not isinstance(item, Incoming):
            stats.reject(item)
            continue
        if item.records.id in seen:
            stats.errors.append(f"{item.source}: duplicate id {item.records.id!r} in one batch: the later one wins")
        seen.add(item.records.id)
        docs.append(item)
    if not docs:
        return

    def attempt() -> IngestStats:
        part = IngestStats()  # counted only once the transaction commits
        with write_transaction(engine) as conn:
            for item in docs:
                try:
                    with conn.begin_nested():  # one bad document must not undo its batch
                        write(conn, item, part, force=force)
                except Exception as exc:
                    if transient(exc):
                        raise  # the whole batch is tried again
                    cause = getattr(exc, "orig", None) or exc
                    part.reject(f"{item.source}: {item.records.id}: not stored: {type(exc).__name__}: {cause}")
        return part

    try:
        stats.merge(retrying(attempt))
    except Exception as exc:
        cause = " ".join(str(getattr(exc, "orig", None) or exc).split())
        stats.store_errors.extend(f"{item.source}: {item.records.id}: not stored: {type(exc).__name__}: {cause}" for item in docs)


def _chars(item: Parsed) -> int:
    """Characters of text an input holds in memory."""
    if isinstance(item, PendingDocument):
        return len(item.document.text)
    if isinstance(item, Incoming):
        return len(item.text or "") + 200 * sum(len(getattr(item.records, k)) for k in RECORD_KEYS)
    return 0


def ingest_items(
    engine: Engine,
    items: Iterable[Parsed],
    *,
    nlp: Any = None,
    force: bool = False,
    relink: bool = True,
    batch_size: int = 64,
    batch_chars: int = 4_000_000,
    progress: Callable[[IngestStats], None] | None = None,
) -> IngestStats:
    """Store parsed inputs in batches (one transaction each) of at most `batch_size` inputs and
    about `batch_chars` characters of text, so memory holds one batch whatever the input; then
    relink touched places."""
    stats = IngestStats()
    batch: list[Parsed] = []
    chars = 0

    def flush() -> None:
        nonlocal nlp
        pending = [b for b in batch if isinstance(b, PendingDocument)]
        ready: list[Incoming | Rejected | str] = [b for b in batch if not isinstance(b, PendingDocument)]
        if pending:
            if nlp is None:
                from .. import default_pipeline

                nlp = default_pipeline()
            ready.extend(run_pipeline(pending, nlp))
        _store(engine, ready, stats, force=force)
        batch.clear()
        if progress:
            progress(stats)

    for item in items:
        batch.append(item)
        chars += _chars(item)
        if len(batch) >= batch_size or chars >= batch_chars:
            flush()
            chars = 0
    if batch:
        flush()
    if relink and (stats.places or stats.document_ids):
        from .linking import relink as _relink

        try:
            retrying(lambda: _relink(engine, places=stats.places, documents=stats.document_ids))
        except Exception as exc:
            stats.store_errors.append(f"links not updated: {type(exc).__name__}: {exc}; run `vn-policy-nlp relink`")
    return stats


def ingest_paths(engine: Engine, paths: Iterable[str | Path], **kwargs: Any) -> IngestStats:
    """`vn-policy-nlp ingest`: every file or directory named, records and documents alike."""
    return ingest_items(engine, read_inputs(paths), **kwargs)
