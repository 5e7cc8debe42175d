"""Migrations: an old store upgrades in place, keeping its rows; the result is schema.py."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import MetaData, insert, inspect, select

from vn_policy_nlp.store import open_engine, schema_tables
from vn_policy_nlp.store.migrations import LATEST, StoreVersionError, current_version, upgrade


def test_version_1_store_upgrades_and_keeps_rows(db_url: str) -> None:
    engine = open_engine(db_url, migrate=False)
    assert upgrade(engine, to=1) == [1]
    old = MetaData()
    old.reflect(engine)
    assert "links" not in old.tables and "sentence_start" not in old.tables["targets"].c
    with engine.begin() as conn:
        conn.execute(insert(old.tables["documents"]).values(
            id="d1", date="2023-01", pub_date=date(2023, 1, 1), source_kind="records", pipeline_version="0.0.1",
            content_hash="x", ingested_at=datetime.now(UTC),
        ))
        conn.execute(insert(old.tables["targets"]).values(
            id="d1:t0", document_id="d1", ordinal=0, kind="target", indicator="thu ngân sách", value=300.0,
            comparator="eq", start=0, end=10, confidence=1.0, place_key="dong son", location="huyện Đông Sơn",
        ))
    assert upgrade(engine) == list(range(2, LATEST + 1))
    with engine.connect() as conn:
        assert current_version(conn) == LATEST
        row = conn.execute(select(schema_tables.targets)).mappings().one()
    assert row["indicator"] == "thu ngân sách" and row["place_from_document"] is False
    assert row["sentence_start"] is None
    assert (row["place_canonical"], row["place_code"]) == ("Huyện Đông Sơn", None)  # version 3 names the old row's place
    # The upgraded store works: linking runs over the old row.
    from vn_policy_nlp.store import relink

    stats = relink(engine, as_of=date(2024, 1, 1))
    assert stats.targets == 1 and dict(stats.status) == {"unknown": 1}
    engine.dispose()


def test_migrated_schema_is_schema_py(engine) -> None:  # type: ignore[no-untyped-def]
    insp = inspect(engine)
    for name, table in schema_tables.metadata.tables.items():
        got = {c["name"]: c["nullable"] for c in insp.get_columns(name)}
        want = {c.name: c.nullable for c in table.columns}
        assert got == want, name
        got_idx = {i["name"] for i in insp.get_indexes(name)}
        want_idx = {i.name for i in table.indexes}
        assert want_idx <= got_idx, name


def test_reopening_applies_nothing(db_url: str) -> None:
    engine = open_engine(db_url)
    assert upgrade(engine) == []
    engine.dispose()


def test_newer_store_is_refused(db_url: str) -> None:
    engine = open_engine(db_url)
    with engine.begin() as conn:
        conn.execute(insert(schema_tables.schema_migrations).values(version=LATEST + 1, description="future", applied_at=datetime.now(UTC)))
    with pytest.raises(StoreVersionError, match="newer"):
        upgrade(engine)
    engine.dispose()
