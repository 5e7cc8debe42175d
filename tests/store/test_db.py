"""Opening a store: URLs and paths, SQLite in WAL mode with foreign keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from vn_policy_nlp.store import open_engine, resolve_url


@pytest.mark.parametrize(
    ("given", "want"),
    [
        ("store.db", "sqlite:///store.db"),
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite://", "sqlite://"),
    ],
)
def test_resolve_url(given: str, want: str) -> None:
    assert resolve_url(given) == want


def test_default_comes_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VNP_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"


def test_sqlite_file_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "s.db")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()
