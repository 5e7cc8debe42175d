"""The store's tables (SQLAlchemy 2 Core), as the latest migration leaves them.

Row ids are derived from the document id and the record's position, never
from a sequence, so re-ingesting a document rebuilds exactly the same rows.

    documents      one row per ingested article, with its text when known
    mentions       every non-target record (percentages, organisations, ...)
    targets        targets and results (kind) with folded keys for queries
    links          target -> result pairs with the status each result implies
    target_status  per target: its group across articles, status, evidence
    schema_migrations  applied migration versions (see migrations.py)
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("date", String(10)),
    Column("pub_date", Date, index=True),
    Column("title", Text),
    Column("text", Text),
    Column("place", Text),
    Column("source", Text),
    Column("source_kind", String(16), nullable=False),
    Column("pipeline_version", String(64), nullable=False),
    Column("schema_version", String(16)),
    Column("content_hash", String(64), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("warnings", JSON),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("grp", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text),
    Column("key", Text),
    Column("attrs", JSON),
    Index("ix_mentions_grp_key", "grp", "key"),
)

targets = Table(
    "targets",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("indicator", Text),
    Column("indicator_key", Text),
    Column("value", Float, nullable=False),
    Column("value_high", Float),
    Column("unit", Text),
    Column("unit_key", Text),
    Column("comparator", String(8), nullable=False),
    Column("direction", String(10)),
    Column("deadline", String(32)),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("location", Text),
    Column("place_key", Text),
    Column("place_level", String(16)),
    Column("place_from_document", Boolean, nullable=False),
    Column("place_canonical", Text),
    Column("place_code", String(16)),
    Column("cue", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("confidence", Float, nullable=False),
    Column("extra", JSON),
    Index("ix_targets_kind_place", "kind", "place_key"),
    Index("ix_targets_period", "period_end"),
    Index("ix_targets_place_canonical", "place_canonical"),
)

links = Table(
    "links",
    metadata,
    Column("target_id", String(300), ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True),
    Column("result_id", String(300), ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(8), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("indicator_score", Float, nullable=False),
    Column("reasons", JSON),
    Index("ix_links_result", "result_id"),
)

target_status = Table(
    "target_status",
    metadata,
    Column("target_id", String(300), ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", String(300), nullable=False, index=True),
    Column("status", String(8), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("result_id", String(300)),
    Column("as_of", Date, nullable=False),
)
