"""The target store: documents, mentions, targets and results in SQLite (default)
or PostgreSQL, with targets linked to the results reported later.

    >>> from vn_policy_nlp.store import open_engine, ingest_paths, search_targets, TargetQuery
    >>> engine = open_engine("targets.db")               # or "postgresql+psycopg://..."
    >>> ingest_paths(engine, ["records.jsonl"])          # idempotent
    >>> search_targets(engine, TargetQuery(place="Đông Sơn", year=2023)).items
"""

from __future__ import annotations

from . import schema as schema_tables
from .db import DEFAULT_DB, open_engine, resolve_url
from .ingest import IngestStats, ingest_items, ingest_paths
from .linking import relink
from .query import Page, TargetQuery, list_links, search_targets, target_detail

__all__ = [
    "DEFAULT_DB",
    "IngestStats",
    "Page",
    "TargetQuery",
    "ingest_items",
    "ingest_paths",
    "list_links",
    "open_engine",
    "relink",
    "resolve_url",
    "schema_tables",
    "search_targets",
    "target_detail",
]
