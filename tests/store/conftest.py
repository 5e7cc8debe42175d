"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when a server answers.

The server comes from $VNP_TEST_PG_URL, else the role `.ci/run` creates
(vnp/vnp on 127.0.0.1, database vnp_test), else postgres on 127.0.0.1. Each
test gets a fresh schema on it, dropped afterwards. Without a server the
PostgreSQL variants skip, saying so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

CANDIDATES = (
    "postgresql+psycopg://vnp:vnp@127.0.0.1:5432/vnp_test",
    "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres",
)


@cache
def pg_url() -> tuple[str | None, str]:
    """(a reachable server URL or None, why not)."""
    wanted = os.environ.get("VNP_TEST_PG_URL")
    tried: list[str] = []
    for url in ([wanted] if wanted else []) + list(CANDIDATES):
        try:
            eng = create_engine(url, connect_args={"connect_timeout": 3})
            with eng.connect() as conn:
                conn.execute(text("SELECT 1"))
            eng.dispose()
            return url, ""
        except Exception as exc:
            tried.append(f"{url.split('@')[-1]}: {type(exc).__name__}")
    return None, "no PostgreSQL server reachable (set VNP_TEST_PG_URL; tried " + "; ".join(tried) + ")"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store: a SQLite file, or a fresh schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    url, why = pg_url()
    if url is None:
        pytest.skip(why)
    schema = f"vnp_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    from vn_policy_nlp.store import open_engine

    eng = open_engine(db_url)
    yield eng
    eng.dispose()
