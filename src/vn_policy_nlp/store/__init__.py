"""The target store: documents, mentions, targets and results in SQLite (default)
or PostgreSQL, with targets linked to the results reported later.

    >>> from vn_policy_nlp.store import open_engine, ingest_paths, search_targets, TargetQuery
    >>> engine = open_engine("targets.db")               # or "postgresql+psycopg://..."
    >>> ingest_paths(engine, ["records.jsonl"])          # idempotent
    >>> search_targets(engine, TargetQuery(place="Đông Sơn", year=2023)).items
"""

from __future__ import annotations

import importlib
from typing import Any

# Names resolve on first use (PEP 562), so the command line, which registers the
# store commands on every start, does not import SQLAlchemy until one runs.
_EXPORTS = {
    "DEFAULT_DB": "db",
    "open_engine": "db",
    "resolve_url": "db",
    "IngestStats": "ingest",
    "ingest_items": "ingest",
    "ingest_paths": "ingest",
    "relink": "linking",
    "Page": "query",
    "TargetQuery": "query",
    "document": "query",
    "list_links": "query",
    "place_groups": "query",
    "search_targets": "query",
    "target_detail": "query",
}

__all__ = sorted([*_EXPORTS, "schema_tables"])


def __getattr__(name: str) -> Any:
    if name == "schema_tables":
        return importlib.import_module(".schema", __name__)
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
