"""Versioned schema migrations, applied in order when a store is opened.

Each migration is a function of a Connection with its own frozen table
definitions (never `schema.py`, which describes only the latest state), so an
old file or server database upgrades step by step. `schema_migrations` records
what has been applied; a database newer than this code is refused rather than
written to. Every migration runs in its own transaction, holding the store's
write lock (`db.write_transaction`) and checking again, under the lock, that
no other process applied it meanwhile: two processes opening a new store at
once migrate it once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection

from ..errors import VNPError
from . import schema


class StoreVersionError(VNPError):
    """The database was written by a newer version of this package."""

    code = "VNP401"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _v1(conn: Connection) -> None:
    """Documents, their mentions, and targets/results with spans and keys."""
    md = MetaData()
    Table(
        "documents", md,
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
    Table(
        "mentions", md,
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
    Table(
        "targets", md,
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
        Column("cue", Text),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("text", Text),
        Column("confidence", Float, nullable=False),
        Column("extra", JSON),
        Index("ix_targets_kind_place", "kind", "place_key"),
    )
    md.create_all(conn)


def _v2(conn: Connection) -> None:
    """Linking: evidence sentences and the place's origin on targets; links and statuses."""
    for ddl in (
        "ALTER TABLE targets ADD COLUMN sentence_start INTEGER",
        "ALTER TABLE targets ADD COLUMN sentence_end INTEGER",
        "ALTER TABLE targets ADD COLUMN place_from_document BOOLEAN NOT NULL DEFAULT FALSE",
    ):
        conn.execute(text(ddl))
    md = MetaData()
    md.reflect(conn, only=["targets"])
    Index("ix_targets_period", md.tables["targets"].c.period_end).create(conn)
    Table(
        "links", md,
        Column("target_id", String(300), ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True),
        Column("result_id", String(300), ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True),
        Column("status", String(8), nullable=False),
        Column("confidence", Float, nullable=False),
        Column("indicator_score", Float, nullable=False),
        Column("reasons", JSON),
        Index("ix_links_result", "result_id"),
    )
    Table(
        "target_status", md,
        Column("target_id", String(300), ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True),
        Column("group_id", String(300), nullable=False, index=True),
        Column("status", String(8), nullable=False),
        Column("confidence", Float, nullable=False),
        Column("result_id", String(300)),
        Column("as_of", Date, nullable=False),
    )
    md.create_all(conn, tables=[md.tables["links"], md.tables["target_status"]])


def _v3(conn: Connection) -> None:
    """Canonical places: each target's place as the gazetteer names it, and its administrative code."""
    from ..entities.canonical import canonical

    conn.execute(text("ALTER TABLE targets ADD COLUMN place_canonical TEXT"))
    conn.execute(text("ALTER TABLE targets ADD COLUMN place_code VARCHAR(16)"))
    md = MetaData()
    md.reflect(conn, only=["targets"])
    targets = md.tables["targets"]
    Index("ix_targets_place_canonical", targets.c.place_canonical).create(conn)
    for location in conn.execute(select(targets.c.location).distinct()).scalars().all():
        named = canonical(location) if location else None
        if named is not None:
            conn.execute(targets.update().where(targets.c.location == location)
                         .values(place_canonical=named[0], place_code=named[1]))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, mentions, targets and results", _v1),
    Migration(2, "linking: evidence sentences, links, target status", _v2),
    Migration(3, "canonical places of targets", _v3),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The highest applied version; 0 for an empty database."""
    if not inspect(conn).has_table("schema_migrations"):
        return 0
    versions = conn.execute(select(schema.schema_migrations.c.version)).scalars().all()
    return max(versions, default=0)


def upgrade(engine: Engine, *, to: int = LATEST) -> list[int]:
    """Apply the missing migrations up to `to`; returns the versions applied (by this call)."""
    from .db import write_transaction

    with engine.connect() as conn:
        have = current_version(conn)
        conn.rollback()
    if have > LATEST:
        raise StoreVersionError(f"the store is at schema version {have}, newer than this package's {LATEST}: upgrade vn-policy-nlp")
    applied: list[int] = []
    for mig in MIGRATIONS:
        if not have < mig.version <= to:
            continue
        with write_transaction(engine) as conn:
            schema.schema_migrations.create(conn, checkfirst=True)
            have = current_version(conn)  # another process may have got there first
            if have >= mig.version:
                continue
            mig.apply(conn)
            conn.execute(
                insert(schema.schema_migrations).values(
                    version=mig.version, description=mig.description, applied_at=datetime.now(UTC)
                )
            )
            have = mig.version
        applied.append(mig.version)
    return applied
