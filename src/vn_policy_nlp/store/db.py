"""Opening a store: a database URL or a file path in, a migrated Engine out.

SQLite is the default (a file, zero set-up; WAL so readers do not block the
ingester, foreign keys on); PostgreSQL is used by URL, through psycopg 3.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from .migrations import upgrade

#: Where the store lives when neither `--db` nor `VNP_DB` says otherwise.
DEFAULT_DB = "vn_policy.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """`--db` value (URL or path) -> SQLAlchemy URL; `postgresql://` gets the psycopg driver."""
    raw = str(db) if db is not None else os.environ.get("VNP_DB", DEFAULT_DB)
    if "://" not in raw:
        return "sqlite:///" + str(Path(raw).expanduser())
    if raw.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, issue BEGIN: savepoints (one
    # document's failure inside a batch) then work as documented.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def open_engine(db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Engine:
    """An Engine on the store, upgraded to the latest schema unless `migrate=False`."""
    url = resolve_url(db)
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
        if memory:
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if migrate:
        upgrade(engine)
    return engine
