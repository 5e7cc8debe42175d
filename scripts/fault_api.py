"""The service's bar (issue 15, item 10) against a real `vn-policy-nlp serve` on 127.0.0.1.

Used by scripts/fault_replay.py (scenario s10_api): a text over 1 MB is 413, a
wrong method 405, a document over the time limit 503 with Retry-After, ingest
401 without the token and 200 with it, a foreign Host 400, and the page is
served with its Content-Security-Policy and X-Frame-Options.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SENTENCE = "Năm 2023, huyện phấn đấu giảm tỷ lệ hộ nghèo xuống còn 2,5%. "


def _request(base: str, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}
    except (urllib.error.URLError, OSError):  # not listening (yet)
        return 0, {}


def api_bar(tmp: Path, env: dict[str, str], record_line: str) -> list[tuple[str, bool, str]]:
    """(check, held, what came back) for each check of the bar."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**env, "VNP_API_TIME_LIMIT": "0.05", "VNP_API_TOKEN": "bar-token-1", "VNP_API_DB": str(tmp / "api.db")}
    server = subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", "serve", "--port", str(port), "--log-level", "warning"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if server.poll() is None and _request(base, "GET", "/v1/health")[0] == 200:
                break
            time.sleep(0.2)
        js = {"Content-Type": "application/json"}
        record = record_line.encode()
        token = {**js, "Authorization": "Bearer bar-token-1"}
        checks = {
            "text over 1 MB -> 413": (_request(base, "POST", "/v1/extract", json.dumps({"text": "x" * 1_000_001}).encode(), js), 413),
            "PUT /v1/extract -> 405": (_request(base, "PUT", "/v1/extract"), 405),
            "over the time limit -> 503": (_request(base, "POST", "/v1/extract", json.dumps({"text": SENTENCE * 400}).encode(), js), 503),
            "ingest without the token -> 401": (_request(base, "POST", "/v1/ingest", record, js), 401),
            "ingest with the token -> 200": (_request(base, "POST", "/v1/ingest", record, token), 200),
            "Host attacker.example -> 400": (_request(base, "GET", "/v1/health", headers={"Host": "attacker.example"}), 400),
        }
        out: list[tuple[str, bool, str]] = []
        for name, ((status, headers), want) in checks.items():
            extra = ""
            if want == 503:
                extra = f", Retry-After {headers.get('retry-after')}"
                status = status if headers.get("retry-after") else -status
            out.append((name, status == want, f"{status}{extra}"))
        status, headers = _request(base, "GET", "/")
        csp = headers.get("content-security-policy", "")
        out.append(("page: CSP and X-Frame-Options", status == 200 and "script-src 'self'" in csp
                    and headers.get("x-frame-options") == "DENY", f"{status}, CSP {csp[:48]}…"))
        return out
    finally:
        server.terminate()
        server.wait(30)
