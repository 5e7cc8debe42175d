"""Per-chunk output files, written atomically, in three formats.

`OUT/<table>/part-<chunk>.<ext>`; a chunk writes only the tables it has rows
for. Tables by format:

- jsonl: `records` (the full per-document records, exactly as
  `vn-policy-nlp extract` prints them) and `errors`.
- csv (UTF-8 with BOM, so spreadsheet programs read the Vietnamese) and
  parquet (pyarrow): four flat tables,
  - `documents`: one row per processed document (`DOCUMENT_COLUMNS`);
  - `targets`: one row per target or result (`TARGET_COLUMNS`);
  - `mentions`: one row per record of every other kind (`MENTION_COLUMNS`);
  - `errors`: one row per error record (`ERROR_COLUMNS`).

Every part of a table has the same columns (Parquet: the same schema), so a
table directory reads as one dataset: `pyarrow.dataset.dataset("OUT/targets")`,
`duckdb "SELECT * FROM 'OUT/targets/*.csv'"`, `cat OUT/records/*.jsonl`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..records import RECORD_KEYS

FORMATS = ("jsonl", "csv", "parquet")

#: Singular record kind per record list, for the `kind` column of `mentions`.
KIND_OF = {
    "percentages": "percentage",
    "organisations": "organisation",
    "locations": "location",
    "time_expressions": "time_expression",
    "targets": "target",
    "legal_references": "legal_reference",
}

# column name -> pyarrow type name ("string", "int64", "float64", "bool")
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "date": "string",
    "source": "string",  # the input file
    "schema_version": "string",
    **{f"n_{key}": "int64" for key in RECORD_KEYS},
    "warnings": "string",  # "; "-joined
}
TARGET_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "doc_date": "string",
    "span_start": "int64",
    "span_end": "int64",
    "text": "string",
    "kind": "string",  # target | result
    "indicator": "string",
    "value": "float64",
    "value_high": "float64",
    "unit": "string",
    "comparator": "string",
    "direction": "string",
    "deadline": "string",
    "location": "string",
    "cue": "string",
    "rules": "string",  # provenance rule ids, "; "-joined
    "confidence": "float64",
    "extra": "string",  # JSON object of any further fields, or empty
}
MENTION_COLUMNS: dict[str, str] = {
    "doc_id": "string",
    "doc_date": "string",
    "kind": "string",  # percentage | organisation | location | time_expression | legal_reference
    "span_start": "int64",
    "span_end": "int64",
    "text": "string",
    "value": "string",  # the kind's main value as text: 10.51, 2023-01-12, the expanded name, ...
    "attrs": "string",  # JSON object of the kind's fields
    "rules": "string",
    "confidence": "float64",
}
ERROR_COLUMNS: dict[str, str] = {"id": "string", "source": "string", "line": "int64", "error": "string"}

TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "documents": DOCUMENT_COLUMNS,
    "targets": TARGET_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "errors": ERROR_COLUMNS,
}
TABLES: dict[str, tuple[str, ...]] = {
    "jsonl": ("records", "errors"),
    "csv": tuple(TABLE_COLUMNS),
    "parquet": tuple(TABLE_COLUMNS),
}
EXTENSION = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet"}
_MAIN_VALUE = {"percentages": "value", "organisations": "name", "locations": "level", "time_expressions": "value",
               "legal_references": "number"}
_COMMON = ("span", "text", "provenance")


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _rules(rec: dict[str, Any]) -> tuple[str | None, float | None]:
    prov = rec.get("provenance") or {}
    rules = prov.get("rules") or []
    return ("; ".join(rules) or None), prov.get("confidence")


# --- flattening -----------------------------------------------------------------


def document_rows(records: list[dict[str, Any]], sources: list[str | None] | None = None) -> list[dict[str, Any]]:
    rows = []
    for i, r in enumerate(records):
        row: dict[str, Any] = {
            "doc_id": r.get("id"),
            "date": r.get("date"),
            "source": sources[i] if sources and i < len(sources) else None,
            "schema_version": r.get("schema_version"),
        }
        for key in RECORD_KEYS:
            row[f"n_{key}"] = len(r.get(key) or [])
        row["warnings"] = "; ".join(r.get("warnings") or []) or None
        rows.append(row)
    return rows


def target_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    known = set(TARGET_COLUMNS) | set(_COMMON)
    rows = []
    for r in records:
        for t in r.get("targets") or []:
            rules, confidence = _rules(t)
            extra = {k: v for k, v in t.items() if k not in known}
            row = {col: t.get(col) for col in TARGET_COLUMNS}
            row.update(
                doc_id=r.get("id"),
                doc_date=r.get("date"),
                span_start=t["span"][0],
                span_end=t["span"][1],
                text=t.get("text"),
                rules=rules,
                confidence=confidence,
                extra=_dump(extra) if extra else None,
            )
            rows.append(row)
    return rows


def mention_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in records:
        for key in RECORD_KEYS:
            if key == "targets":
                continue
            for m in r.get(key) or []:
                rules, confidence = _rules(m)
                attrs = {k: v for k, v in m.items() if k not in _COMMON}
                value = m.get(_MAIN_VALUE.get(key, "value"))
                rows.append(
                    {
                        "doc_id": r.get("id"),
                        "doc_date": r.get("date"),
                        "kind": KIND_OF[key],
                        "span_start": m["span"][0],
                        "span_end": m["span"][1],
                        "text": m.get("text"),
                        "value": None if value is None else str(value),
                        "attrs": _dump(attrs),
                        "rules": rules,
                        "confidence": confidence,
                    }
                )
    return rows


def error_rows(errors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{col: e.get(col) for col in ERROR_COLUMNS} for e in errors]


def table_rows(
    fmt: str, records: list[dict[str, Any]], errors: list[dict[str, Any]], sources: list[str | None] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The rows each table of `fmt` gets from one chunk's results (JSONL: serialised lines).

    Run inside the worker, so that serialising is parallel too and the main
    process only writes.
    """
    if fmt == "jsonl":
        return {"records": [_dump(r) + "\n" for r in records], "errors": [_dump(e) + "\n" for e in errors]}
    return {
        "documents": document_rows(records, sources),
        "targets": target_rows(records),
        "mentions": mention_rows(records),
        "errors": error_rows(errors),
    }


# --- atomic files -------------------------------------------------------------------


def atomic_write(path: Path, write: Callable[[Any], None], *, binary: bool = False) -> None:
    """Write through a temporary file in the same directory, fsync, then rename over `path`.

    A reader (or a resumed run) sees either no file or the whole file, never a part.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        if binary:
            with tmp.open("wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _arrow_schema(columns: dict[str, str]) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(name, types[t]) for name, t in columns.items()])


def _write_jsonl(lines: list[str]) -> Callable[[Any], None]:
    def write(fh: Any) -> None:
        fh.write("".join(lines))

    return write


def _write_csv(columns: dict[str, str], rows: list[dict[str, Any]]) -> Callable[[Any], None]:
    def write(fh: Any) -> None:
        fh.write("\ufeff")
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        fh.write(buf.getvalue())

    return write


def _write_parquet(columns: dict[str, str], rows: list[dict[str, Any]]) -> Callable[[Any], None]:
    def write(fh: Any) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(columns)
        table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=schema)
        pq.write_table(table, fh, compression="zstd")

    return write


def part_path(out: Path, table: str, chunk_id: str, fmt: str) -> Path:
    return out / table / f"part-{chunk_id}.{EXTENSION[fmt]}"


def remove_parts(out: Path, fmt: str, chunk_id: str) -> None:
    """Delete whatever an interrupted earlier attempt at this chunk left."""
    for table in TABLES[fmt]:
        part_path(out, table, chunk_id, fmt).unlink(missing_ok=True)


def write_chunk(
    out: Path,
    fmt: str,
    chunk_id: str,
    records: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    sources: list[str | None] | None = None,
) -> dict[str, int]:
    """Write one chunk's tables (only those with rows); returns rows written per table."""
    return write_tables(out, fmt, chunk_id, table_rows(fmt, records, errors, sources))


def write_tables(out: Path, fmt: str, chunk_id: str, tables: dict[str, list[Any]]) -> dict[str, int]:
    """Write tables made by `table_rows`, each atomically; returns rows written per table."""
    remove_parts(out, fmt, chunk_id)
    counts: dict[str, int] = {}
    for table, rows in tables.items():
        if not rows:
            continue
        path = part_path(out, table, chunk_id, fmt)
        if fmt == "jsonl":
            atomic_write(path, _write_jsonl(rows))
        elif fmt == "csv":
            atomic_write(path, _write_csv(TABLE_COLUMNS[table], rows))
        else:
            atomic_write(path, _write_parquet(TABLE_COLUMNS[table], rows), binary=True)
        counts[table] = len(rows)
    return counts


def sweep(out: Path, fmt: str, keep: set[str]) -> int:
    """Remove temporary files and parts of chunks not in `keep` (left by a killed run)."""
    removed = 0
    for table in TABLES[fmt]:
        folder = out / table
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            stale_tmp = f.name.startswith(".") and ".tmp-" in f.name
            chunk = f.name[len("part-") :].split(".", 1)[0] if f.name.startswith("part-") else None
            if stale_tmp or (chunk is not None and chunk not in keep):
                f.unlink(missing_ok=True)
                removed += 1
    return removed
