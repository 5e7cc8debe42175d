"""Clients for the service: a real one (process pool, the pipeline) and small ones with tight limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

API_DATA = Path(__file__).resolve().parents[1] / "data" / "api"


def load_cases(name: str) -> list[Any]:
    """Cases of `tests/data/api/<name>.yaml`, as pytest params with their ids."""
    cases = yaml.safe_load((API_DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["id"]) for c in cases]


def expand(value: Any) -> Any:
    """`{repeat: s, times: n}` anywhere in a case -> s * n (big bodies stay out of the YAML)."""
    if isinstance(value, dict):
        if set(value) == {"repeat", "times"}:
            return value["repeat"] * value["times"]
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    return value


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The app as served: a process pool running the real pipeline."""
    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    with TestClient(create_app(Settings(executor="process", workers=1)), base_url="http://localhost") as c:
        yield c


@pytest.fixture()
def make_client() -> Iterator[Any]:
    """`make_client(**settings)`: an app on a thread pool with the given limits."""
    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    opened: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        settings = Settings(**{"executor": "thread", "warm_up": False, **overrides})
        c = TestClient(create_app(settings), base_url="http://localhost")
        c.__enter__()
        opened.append(c)
        return c

    yield make
    for c in opened:
        c.__exit__(None, None, None)
