"""`vn-policy-nlp ingest --api URL --token T`: the command line writes through a running service."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vn_policy_nlp.cli import app

LINKING = Path(__file__).resolve().parents[2] / "corpus" / "linking" / "articles.jsonl"
TOKEN = "t0ken-for-tests"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    import uvicorn

    from vn_policy_api.app import create_app
    from vn_policy_api.settings import Settings

    db = tmp_path_factory.mktemp("remote") / "served.db"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(executor="thread", workers=1, warm_up=False, db=str(db),
                                                                 token=TOKEN)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/v1/health", timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield base, db
    server.should_exit = True
    thread.join(10)


def test_ingest_through_the_service(service: tuple[str, Path], tmp_path: Path) -> None:
    base, db = service
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "error": "boom"}\n{not json\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(LINKING), str(bad), "--api", base, "--token", TOKEN, "--format", "json"])
    assert result.exit_code == 1, result.output  # the two bad lines are skipped
    summary = json.loads(result.stdout)
    assert summary["new"] == 25 and summary["error_records"] == 2
    local = CliRunner().invoke(app, ["targets", "--db", str(db), "--format", "json", "--limit", "1"])
    assert json.loads(local.stdout)["total"] > 50, "the service wrote its own store"
    again = CliRunner().invoke(app, ["ingest", str(LINKING), "--api", base, "--format", "json"], env={"VNP_API_TOKEN": TOKEN})
    assert again.exit_code == 0 and json.loads(again.stdout)["unchanged"] == 25


def test_wrong_token_is_a_clear_error(service: tuple[str, Path]) -> None:
    base, _ = service
    result = CliRunner().invoke(app, ["ingest", str(LINKING), "--api", base, "--token", "wrong"])
    assert result.exit_code == 2
    assert "401" in result.stderr and "token" in result.stderr and "Traceback" not in result.output
