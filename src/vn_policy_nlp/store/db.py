"""Opening a store: a database URL or a file path in, a migrated Engine out; and how to write to it.

SQLite is the default (a file, zero set-up; WAL so readers do not block the
ingester, foreign keys on); PostgreSQL is used by URL, through psycopg 3.

Several processes may write to one store at once (two `ingest` runs, the
service): every write goes through `write_transaction`, which holds the
store's single write lock for the transaction (SQLite `BEGIN IMMEDIATE`,
waiting up to `BUSY_TIMEOUT` seconds for it; PostgreSQL a transaction-scoped
advisory lock), and `retrying` redoes a transaction that lost a race for it.
Readers take no lock.
"""

from __future__ import annotations

import contextlib
import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import StaticPool

#: Where the store lives when neither `--db` nor `VNP_DB` says otherwise.
DEFAULT_DB = "vn_policy.db"
#: Seconds a writer waits for another's write lock before the attempt fails (then `retrying` retries).
BUSY_TIMEOUT = 30.0
#: Attempts `retrying` makes at a transaction that fails on a lock or a lost race.
ATTEMPTS = 5
#: PostgreSQL advisory lock key of the store's write lock (any constant; "vnp" in ASCII).
PG_WRITE_LOCK = 0x766E70
#: Execution option that makes a connection's transactions writers (`BEGIN IMMEDIATE` on SQLite).
_WRITE = "vnp_write"

T = TypeVar("T")


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
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """A writer takes the write lock when it begins, waiting its turn (busy timeout), instead of
    failing at its first write when another process wrote since it began reading."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


def open_engine(db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Engine:
    """An Engine on the store, upgraded to the latest schema unless `migrate=False`."""
    from .migrations import upgrade

    url = resolve_url(db)
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url
        kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT}}
        if memory:
            kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    if migrate:
        retrying(lambda: upgrade(engine))
    return engine


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the store's write lock: one writer at a time, across processes."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITE_LOCK})
            yield conn


#: SQLSTATEs of PostgreSQL errors that a retry can cure: serialization failure, deadlock, lock not available.
_PG_TRANSIENT = frozenset({"40001", "40P01", "55P03"})


def transient(exc: BaseException) -> bool:
    """An error another attempt may not meet: a lock held too long, a lost race."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _PG_TRANSIENT:
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database is busy" in message or "database table is locked" in message


def retrying(work: Callable[[], T], *, attempts: int | None = None, pause: float = 0.2) -> T:
    """`work()`, done again (with growing, jittered pauses) while it fails on a transient error;
    `ATTEMPTS` tries unless `attempts` says otherwise."""
    attempts = attempts or ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if attempt == attempts or not transient(exc):
                raise
            time.sleep(pause * 2 ** (attempt - 1) * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover
