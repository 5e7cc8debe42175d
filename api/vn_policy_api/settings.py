"""Service limits and pool size: defaults here, each overridable from the environment.

A plain frozen dataclass rather than pydantic-settings, so the service needs no
package beyond the project's own dependencies. `Settings.from_env()` reads
`VNP_API_<FIELD>` variables (upper case), e.g. `VNP_API_TIME_LIMIT=60`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

Executor = Literal["process", "thread"]

ENV_PREFIX = "VNP_API_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits of the service. Sizes are bytes of UTF-8, times are seconds."""

    #: Largest `text` of one document (1 MB); larger gives 413.
    max_text_bytes: int = 1_000_000
    #: Most documents in one batch request; more gives 413.
    max_batch: int = 100
    #: Largest body of a batch request; a JSON body may escape every character, so it is
    #: checked before parsing against this and, for a single document, 6 x max_text_bytes.
    max_batch_body_bytes: int = 32_000_000
    #: Time one document may take in a worker; longer gives 503 (an error entry in a batch).
    time_limit: float = 30.0
    #: Further time an abandoned job gets before its worker process is killed and replaced.
    kill_grace: float = 10.0
    #: Time a request may wait for a free worker before it is told the service is busy (503).
    queue_time_limit: float = 120.0
    #: Extraction workers. `process`: a pool of processes, each with its own pipeline (the default;
    #: extraction runs on all cores and never blocks the event loop). `thread`: threads sharing
    #: the pipeline of the server process (for tests and small machines).
    executor: Executor = "process"
    workers: int = 1
    #: Load the pipeline in every worker when the service starts, not at the first request.
    warm_up: bool = True
    #: Token that `POST /v1/ingest` requires (`Authorization: Bearer <token>`); empty: none required.
    token: str = ""
    #: Address the service listens on: decides the Host names it answers to when `allowed_hosts` is empty.
    host: str = "127.0.0.1"
    #: Host names the service answers to, comma-separated (DNS rebinding); `*` for any.
    allowed_hosts: str = ""
    #: The store `/v1/targets` reads and `/v1/ingest` writes: a SQLite path or a URL; empty: $VNP_DB, else ./vn_policy.db.
    db: str = ""

    @property
    def max_single_body_bytes(self) -> int:
        """Body limit for one document: worst-case JSON escaping (`\\u0000` is 6 bytes for 1) plus room."""
        return 6 * self.max_text_bytes + 65_536

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then `VNP_API_*` variables, then keyword overrides (the CLI's options)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _parse(f.name, raw, getattr(cls(), f.name))
        settings = replace(cls(), **values, **{k: v for k, v in overrides.items() if v is not None})
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse settings the service cannot run with, naming the variable."""
        if self.executor not in ("process", "thread"):
            raise ValueError(f"{ENV_PREFIX}EXECUTOR must be 'process' or 'thread', not {self.executor!r}")
        for name in ("max_text_bytes", "max_batch", "max_batch_body_bytes", "workers"):
            if getattr(self, name) < 1:
                raise ValueError(f"{ENV_PREFIX}{name.upper()} must be at least 1")
        for name in ("time_limit", "queue_time_limit", "kill_grace"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{ENV_PREFIX}{name.upper()} must be positive")
        if self.token and not (self.token.isascii() and self.token.isprintable() and " " not in self.token):
            raise ValueError(f"{ENV_PREFIX}TOKEN must be printable ASCII without spaces: it travels in an HTTP header")


def _parse(name: str, raw: str, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            if raw.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("1", "true", "yes")
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        return raw
    except ValueError:
        raise ValueError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a valid {type(default).__name__}") from None
