"""Load on the HTTP service: latency and throughput with 1 and N concurrent clients.

    python3 benchmarks/api_load.py [--requests 120] [--clients 1 8] [--workers 2] [--no-health-probe]

Starts `uvicorn vn_policy_api.app:create_app --factory` on 127.0.0.1 (a free
port; loopback traffic only) with `--workers` extraction processes, waits
until the workers have loaded the pipeline, then for each number of clients
sends `--requests` POST /v1/extract requests with the seed article
(`corpus/000_688f0dc97b67917a.txt`), the clients in threads with one
keep-alive connection each. Prints p50/p99 latency, throughput and the error
count, and the ratio of the API's p50 at one client to the in-process
`vn_policy_nlp.extract` p50 on the same article (the baseline, measured here).

With the health probe (default), it also sends a document of about 1 MB and
times `/v1/health` while that document is being processed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_688f0dc97b67917a.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    return resp.status, resp.read()


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            status, body = request(conn, "GET", "/v1/health")
            conn.close()
            if status == 200 and json.loads(body)["status"] == "ok":
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit("the server did not become ready")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_load(port: int, body: bytes, clients: int, n_requests: int) -> dict[str, Any]:
    """`n_requests` shared out over `clients` threads; latency per request, throughput overall."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(n_requests))

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if next(counter, None) is None:
                    break
            t0 = time.perf_counter()
            try:
                status, _ = request(conn, "POST", "/v1/extract", body)
                ok = status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                errors += not ok
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"clients": clients, "requests": len(latencies), "errors": errors,
            "p50_ms": 1000 * statistics.median(latencies), "p99_ms": 1000 * percentile(latencies, 0.99),
            "throughput_rps": len(latencies) / wall}


def health_probe(port: int, date: str | None, text: str) -> dict[str, Any]:
    """Time /v1/health while a ~1 MB document is being extracted."""
    big = (text + "\n\n") * max(1, 990_000 // len((text + "\n\n").encode("utf-8")))
    body = json.dumps({"id": "big", "date": date, "text": big}).encode("utf-8")
    result: dict[str, Any] = {}

    def send_big() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        t0 = time.perf_counter()
        result["status"], _ = request(conn, "POST", "/v1/extract", body)
        result["big_s"] = time.perf_counter() - t0
        conn.close()

    worker = threading.Thread(target=send_big)
    worker.start()
    time.sleep(0.5)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    probes: list[float] = []
    while worker.is_alive() and len(probes) < 200:
        t0 = time.perf_counter()
        _status, _ = request(conn, "GET", "/v1/health")
        if worker.is_alive():
            probes.append(time.perf_counter() - t0)
        time.sleep(0.05)
    worker.join()
    conn.close()
    return {"bytes": len(big.encode("utf-8")), "status": result.get("status"), "big_s": result.get("big_s"),
            "probes": len(probes), "health_p50_ms": 1000 * statistics.median(probes) if probes else None,
            "health_max_ms": 1000 * max(probes) if probes else None}


def baseline(date: str | None, text: str, n: int) -> float:
    """p50 of in-process extraction of the seed article, in ms."""
    import vn_policy_nlp

    nlp = vn_policy_nlp.load()
    doc = vn_policy_nlp.Document(id="seed", date=date, text=text)
    vn_policy_nlp.extract(doc, nlp=nlp)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        vn_policy_nlp.extract(doc, nlp=nlp)
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=120, help="requests per run (bounded)")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="extraction processes of the server")
    ap.add_argument("--no-health-probe", action="store_true")
    args = ap.parse_args()

    from vn_policy_nlp.io.readers import parse_corpus_text

    seed = parse_corpus_text(SEED.read_text(encoding="utf-8"), id=SEED.stem)
    body = json.dumps({"id": seed.id, "date": seed.date, "text": seed.text}).encode("utf-8")
    port = free_port()
    env = {**os.environ, "VNP_API_WORKERS": str(args.workers), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "uvicorn", "vn_policy_api.app:create_app", "--factory",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"]
    proc = subprocess.Popen(cmd, env=env)
    try:
        t0 = time.perf_counter()
        wait_ready(port, proc)
        print(f"server: 127.0.0.1:{port}, {args.workers} extraction worker process(es), "
              f"ready in {time.perf_counter() - t0:.1f} s; seed article {len(body)} bytes of JSON")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(2 * args.workers):  # warm every worker
            request(conn, "POST", "/v1/extract", body)
        conn.close()
        rows = [run_load(port, body, c, args.requests) for c in args.clients]
        probe = None if args.no_health_probe else health_probe(port, seed.date, seed.text)
    finally:
        proc.terminate()
        proc.wait(30)
    base = baseline(seed.date, seed.text, 30)
    print(f"{'clients':>7} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>7}")
    for r in rows:
        print(f"{r['clients']:>7} {r['requests']:>8} {r['errors']:>6} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} "
              f"{r['throughput_rps']:>7.2f}")
    print(f"baseline: in-process vn_policy_nlp.extract p50 {base:.1f} ms on the same article")
    one = next((r for r in rows if r["clients"] == 1), None)
    if one:
        print(f"ratio: API p50 at 1 client / in-process p50 = {one['p50_ms'] / base:.2f}")
    if len(rows) > 1:
        print(f"ratio: throughput at {rows[-1]['clients']} clients / at {rows[0]['clients']} = "
              f"{rows[-1]['throughput_rps'] / rows[0]['throughput_rps']:.2f}")
    if probe:
        print(f"health during a {probe['bytes']} byte document (status {probe['status']}, "
              f"{probe['big_s']:.1f} s): {probe['probes']} probes, p50 {probe['health_p50_ms']:.1f} ms, "
              f"max {probe['health_max_ms']:.1f} ms")


if __name__ == "__main__":
    main()
