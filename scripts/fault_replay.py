"""Replay the faults of issue 15 (items 2-10) against the real command line and check the outcome.

    python3 scripts/fault_replay.py [--only NAME ...] [--quick] [--pg URL]

Each scenario builds its inputs in a temporary directory, runs `vn-policy-nlp`
as a user would (a subprocess, a time limit so that a hang fails), and checks
that every input ended as a record or an error record, that the exit code is
the documented one (0 all processed, 1 error records, 2 unreadable files, 3 the
run stopped, 130 interrupted), and that no traceback was printed; and the
service's bar (item 10) against `vn-policy-nlp serve`. It prints one
row per scenario and exits 1 if any failed. `--quick` leaves out the scenarios
that need minutes or hundreds of megabytes (tests/test_fault_replay.py runs it).
Scenarios that need root (a small tmpfs for a full disk) or a PostgreSQL server
say so and are skipped without them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LINKING = ROOT / "corpus" / "linking" / "articles.jsonl"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
SENTENCE = "Năm 2023, huyện phấn đấu giảm tỷ lệ hộ nghèo xuống còn {p},5%. "


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float = 0.0


@dataclass
class Outcome:
    item: int
    name: str
    ok: bool
    detail: str
    extra: dict[str, Any] = field(default_factory=dict)


class Skip(Exception):
    """The scenario cannot run here (no root, no PostgreSQL)."""


def cli(*args: str, timeout: float = 300, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Run:
    """`vn-policy-nlp ARGS` in a subprocess, with its peak memory."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", *args], stdin=subprocess.PIPE if stdin else None,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or ENV)
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return Run(-1, out.decode(), err.decode() + f"\nHUNG: killed after {timeout} s", time.perf_counter() - started)
    return Run(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.perf_counter() - started)


def peak_rss(*args: str, timeout: float = 600) -> Run:
    """`vn-policy-nlp ARGS` and the peak resident memory of that process alone (wait4)."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=ENV)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(proc.returncode, out.decode(), "", time.perf_counter() - started, usage.ru_maxrss / 1024)


def rows(text: str) -> tuple[int, int]:
    """(records, error records) in JSON Lines."""
    objs = [json.loads(line) for line in text.splitlines() if line.strip()]
    return sum("error" not in o for o in objs), sum("error" in o for o in objs)


def out_rows(out: Path) -> tuple[int, int]:
    def count(table: str) -> int:
        return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in sorted((out / table).glob("part-*.jsonl")))

    return count("records"), count("errors")


def verdict(item: int, name: str, run: Run, want_code: int, got: tuple[int, int], want: tuple[int, int], **extra: Any) -> Outcome:
    problems = []
    if run.code != want_code:
        problems.append(f"exit {run.code}, want {want_code}")
    if got != want:
        problems.append(f"records/errors {got}, want {want}")
    if "Traceback" in run.stderr or "HUNG" in run.stderr:
        problems.append(run.stderr.strip().splitlines()[-1][:160])
    detail = "; ".join(problems) or f"exit {run.code}, {got[0]} records + {got[1]} error records, {run.seconds:.1f} s"
    return Outcome(item, name, not problems, detail, extra)


def docs_file(path: Path, n: int, prefix: str = "d", sentences: int = 3) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = "".join(SENTENCE.format(p=(i + k) % 9 + 1) for k in range(sentences))
            fh.write(json.dumps({"id": f"{prefix}{i:05d}", "date": "2023-02", "text": text}, ensure_ascii=False) + "\n")
    return path


# ------------------------------------------------------------------ item 2


def bad_directory(tmp: Path) -> Path:
    root = tmp / "archive"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(SENTENCE.format(p=3), encoding="utf-8")
    (root / "sub" / "b.txt").write_text(SENTENCE.format(p=4), encoding="utf-8")
    (root / "self").symlink_to(root / "self")
    (root / "sub" / "up").symlink_to(root)
    (root / "dangling").symlink_to(root / "nowhere")
    os.mkfifo(root / "pipe")
    (root / "null").symlink_to("/dev/null")
    if os.geteuid() != 0:  # root reads any directory: only a user can meet this one
        (root / "locked").mkdir()
        (root / "locked").chmod(0)
    return root


def s2_extract(tmp: Path) -> Outcome:
    root = bad_directory(tmp)
    n_bad = 5 + (os.geteuid() != 0)
    run = cli("extract", str(root), timeout=180)
    return verdict(2, "bad directory entries (extract)", run, 2, rows(run.stdout), (2, n_bad))


def s2_batch(tmp: Path) -> Outcome:
    root = bad_directory(tmp)
    n_bad = 5 + (os.geteuid() != 0)
    run = cli("batch", str(root), "-o", str(tmp / "out"), "--progress", "none", timeout=180)
    return verdict(2, "bad directory entries (batch)", run, 2, out_rows(tmp / "out"), (2, n_bad))


# ------------------------------------------------------------------ item 3


def corrupt_gzip(tmp: Path) -> list[str]:
    good = docs_file(tmp / "good.jsonl", 40, "g").read_bytes()
    broken = gzip.compress(docs_file(tmp / "lost.jsonl", 40, "l").read_bytes())
    (tmp / "a.jsonl.gz").write_bytes(gzip.compress(good) + broken[:10] + b"\x07" + broken[11:])
    docs_file(tmp / "b.jsonl", 3, "b")
    return [str(tmp / "a.jsonl.gz"), str(tmp / "b.jsonl")]


def s3_extract(tmp: Path) -> Outcome:
    run = cli("extract", *corrupt_gzip(tmp), timeout=300)
    return verdict(3, "corrupt gzip mid-stream (extract)", run, 2, rows(run.stdout), (43, 1))


def s3_batch_resume(tmp: Path) -> Outcome:
    inputs = corrupt_gzip(tmp)
    first = cli("batch", *inputs, "-o", str(tmp / "out"), "--progress", "none", "--chunk-size", "10", timeout=300)
    again = cli("batch", *inputs, "-o", str(tmp / "out"), "--progress", "none", "--chunk-size", "10", "--resume", timeout=300)
    v = verdict(3, "corrupt gzip mid-stream (batch, then --resume)", again, 2, out_rows(tmp / "out"), (43, 1))
    if first.code != 2:
        v.ok, v.detail = False, f"first run exit {first.code}: {first.stderr.strip()[-160:]}"
    return v


# ------------------------------------------------------------------ item 4


def _stop_midway(tmp: Path, stop: Callable[[subprocess.Popen[bytes]], None]) -> tuple[Run, Path, list[str]]:
    src = docs_file(tmp / "docs.jsonl", 300, sentences=12)
    args = [str(src), "-o", str(tmp / "out"), "--chunk-size", "5", "--progress", "none"]
    proc = subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", "batch", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ENV,  # SIGINT as from a terminal, even if this script runs in the background
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    manifest = tmp / "out" / "manifest.jsonl"
    deadline = time.monotonic() + 180
    while proc.poll() is None and time.monotonic() < deadline:
        if manifest.exists() and len(manifest.read_bytes().splitlines()) > 3:
            break
        time.sleep(0.05)
    stop(proc)
    out, err = proc.communicate(timeout=120)
    return Run(proc.returncode, out.decode(), err.decode(), 0.0), src, args


def _resumed(item: int, name: str, stopped: Run, want_code: int, args: list[str], tmp: Path) -> Outcome:
    lines = [line for line in stopped.stderr.splitlines() if line.strip()]
    if stopped.code != want_code or len(lines) != 1 or "--resume" not in lines[0] or "Traceback" in stopped.stderr:
        return Outcome(item, name, False, f"stopped with exit {stopped.code}, stderr {stopped.stderr.strip()[-200:]!r}")
    resumed = cli("batch", *args, "--resume", timeout=600)
    v = verdict(item, name, resumed, 0, out_rows(tmp / "out"), (300, 0))
    v.detail = f"stopped: exit {stopped.code}, '{lines[0][:90]}…'; resumed: {v.detail}"
    return v


def _worker_of(pid: int) -> int:
    """A grandchild of `pid` (the fork server's child): a batch worker process."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    for child in children.get(pid, []):
        for grandchild in children.get(child, []):
            return grandchild
    raise RuntimeError("no worker process found")


def s4_worker_killed(tmp: Path) -> Outcome:
    stopped, _, args = _stop_midway(tmp, lambda p: os.kill(_worker_of(p.pid), signal.SIGKILL))
    return _resumed(4, "a worker killed with -9, then --resume", stopped, 3, args, tmp)


def s4_ctrl_c(tmp: Path) -> Outcome:
    stopped, _, args = _stop_midway(tmp, lambda p: p.send_signal(signal.SIGINT))
    return _resumed(4, "Ctrl-C, then --resume", stopped, 130, args, tmp)


def s4_disk_full(tmp: Path) -> Outcome:
    if os.geteuid() != 0:
        raise Skip("needs root to mount a small tmpfs")
    mnt = tmp / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True).returncode:
        raise Skip("cannot mount a tmpfs here")
    try:
        src = docs_file(tmp / "docs.jsonl", 300, sentences=12)
        args = [str(src), "-o", str(mnt / "out"), "--chunk-size", "5", "--progress", "none"]
        full = cli("batch", *args, timeout=600)
        subprocess.run(["mount", "-o", "remount,size=256m", str(mnt)], check=True)
        lines = [line for line in full.stderr.splitlines() if line.strip()]
        if full.code != 3 or len(lines) != 1 or "No space left" not in lines[0] or "--resume" not in lines[0]:
            return Outcome(4, "disk full, then --resume", False, f"exit {full.code}: {full.stderr.strip()[-200:]!r}")
        resumed = cli("batch", *args, "--resume", timeout=600)
        v = verdict(4, "disk full, then --resume", resumed, 0, out_rows(mnt / "out"), (300, 0))
        v.detail = f"full: exit 3, '{lines[0][:90]}…'; resumed: {v.detail}"
        return v
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


# ------------------------------------------------------------------ items 5 and 6


def s5_concurrent(tmp: Path, pg: str | None) -> list[Outcome]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from concurrent_ingest import pg_schema, records_file, run

    files = [tmp / f"w{i}.jsonl" for i in range(3)]
    expected = sum(records_file(f, f"w{i}-", 4) for i, f in enumerate(files))
    expected += records_file(tmp / "shared.jsonl", "s-", 1)
    counter = iter(range(100))
    stores: list[tuple[str, Any]] = [("sqlite", lambda: (str(tmp / f"s{next(counter)}.db"), lambda: None))]
    if pg:
        stores.append(("postgresql", lambda: pg_schema(pg)))
    out = []
    for label, make in stores:
        r = run(label, make, files, tmp / "shared.jsonl", expected)
        out.append(Outcome(5, f"3 ingests at once on a new {label} store", r["ok"],
                           f"{r['stored']}/{r['expected']} stored, exits {r['exit_codes']}, migrations {r['migrations']}, "
                           f"{r['not_stored']} not stored, {r['wall_s']} s", r))
    return out


def s6_huge_span(tmp: Path) -> Outcome:
    lines = LINKING.read_text(encoding="utf-8").splitlines()[:3]
    bad = json.loads(lines[1])
    bad["id"] = "huge-span"
    bad["percentages"] = [{"span": [10**30, 10**30 + 1], "text": "x", "value": 1}]
    path = tmp / "in.jsonl"
    path.write_text("\n".join([lines[0], json.dumps(bad, ensure_ascii=False), lines[2]]) + "\n", encoding="utf-8")
    run = cli("ingest", str(path), "--db", str(tmp / "s.db"), "--format", "json")
    summary = json.loads(run.stdout or "{}")
    return verdict(6, "a records object with a span of 10**30 (ingest)", run, 1,
                   (summary.get("documents", 0), summary.get("error_records", 0)), (2, 1))


# ------------------------------------------------------------------ items 7, 8, 9


def s7_hostile(tmp: Path) -> list[Outcome]:
    targets = [{"span": [0, 1], "text": "x", "kind": "target", "indicator": i, "value": 1.5, "unit": "%", "location": "huyện Đông Sơn"}
               for i in ("[/]", "[link=https://example.invalid]bấm[/link]", "\x1b[31mđỏ\x1b[0m", "\x1b]8;;https://x\x1b\\y")]
    path = tmp / "h.jsonl"
    path.write_text(json.dumps({"id": "h", "date": "2024-01", "targets": targets}, ensure_ascii=False) + "\n", encoding="utf-8")
    cli("ingest", str(path), "--db", str(tmp / "h.db"))
    table = cli("targets", "--db", str(tmp / "h.db"), env={**ENV, "FORCE_COLOR": "1", "COLUMNS": "300"})
    leaked = "\x1b]8;" in table.stdout or "\x1b[31m" in table.stdout or "[/]" not in table.stdout
    (tmp / "tệp[").mkdir()
    (tmp / "tệp[" / "]x.bin").write_bytes(b"\x00\x01" * 64)
    named = cli("extract", str(tmp / "tệp[" / "]x.bin"))
    return [Outcome(7, "markup and escapes in stored text (targets)", table.code == 0 and not leaked,
                    f"exit {table.code}, " + ("escapes or markup leaked" if leaked else "shown as plain text")),
            verdict(7, "a file name with [/] (extract)", named, 2, rows(named.stdout), (0, 1))]


def s8_runaway(tmp: Path) -> Outcome:
    path = tmp / "docs.jsonl"
    big = "".join(SENTENCE.format(p=k % 9 + 1) for k in range(30_000))[:1_900_000]
    path.write_text(json.dumps({"id": "runaway", "text": big}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "normal", "text": SENTENCE.format(p=2)}, ensure_ascii=False) + "\n", encoding="utf-8")
    run = cli("batch", str(path), "-o", str(tmp / "out"), "--time-limit", "2", "--progress", "none", timeout=300)
    v = verdict(8, "a 1.9-million-character document, --time-limit 2 (batch)", run, 1, out_rows(tmp / "out"), (1, 1))
    errors = (tmp / "out" / "errors" / "part-000000.jsonl")
    if v.ok and "time limit" not in (errors.read_text(encoding="utf-8") if errors.exists() else ""):
        v.ok, v.detail = False, "the error record does not name the time limit"
    return v


def s9_streaming(tmp: Path) -> list[Outcome]:
    """Peak memory of ingest on 20 MB and 200 MB of records, and of `extract -` on 200 MB of stdin."""
    def big_records(path: Path, megabytes: int) -> Path:
        text = "".join(SENTENCE.format(p=k % 9 + 1) for k in range(18_000))[:1_000_000]
        with path.open("w", encoding="utf-8") as fh:
            for i in range(megabytes // 1 + 1):
                fh.write(json.dumps({"id": f"big{i}", "date": "2023-01", "text": text, "targets": []}, ensure_ascii=False) + "\n")
        return path

    small = peak_rss("ingest", str(big_records(tmp / "s.jsonl", 14)), "--db", str(tmp / "s.db"), "--no-link", "--format", "json")
    large = peak_rss("ingest", str(big_records(tmp / "l.jsonl", 140)), "--db", str(tmp / "l.db"), "--no-link", "--format", "json")
    sizes = [round(p.stat().st_size / 1e6) for p in (tmp / "s.jsonl", tmp / "l.jsonl")]
    stored = json.loads(large.stdout or "{}").get("documents", 0)
    ingest_ok = large.code == 0 and stored == 141 and large.peak_rss_mb < small.peak_rss_mb * 1.5
    line = tmp / "line.bin"
    with line.open("wb") as fh:
        fh.write(b'{"id": "huge", "text": "')
        for _ in range(200):
            fh.write(b"x" * 1_000_000)
        fh.write(b'"}\n')
    with line.open("rb") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "vn_policy_nlp.cli", "extract", "-", "--format", "jsonl"], stdin=fh,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
        out = proc.stdout.read() if proc.stdout else b""
        _, status, usage = os.wait4(proc.pid, 0)
    got = rows(out.decode())
    stdin_ok = os.waitstatus_to_exitcode(status) == 1 and got == (0, 1) and usage.ru_maxrss / 1024 < 300
    return [Outcome(9, f"ingest {sizes[1]} MB of records (against {sizes[0]} MB)", ingest_ok,
                    f"peak RSS {large.peak_rss_mb:.0f} MB (against {small.peak_rss_mb:.0f} MB), {stored} documents stored"),
            Outcome(9, "extract - on a 200 MB line of stdin", stdin_ok,
                    f"exit {os.waitstatus_to_exitcode(status)}, {got[0]} records + {got[1]} error records, "
                    f"peak RSS {usage.ru_maxrss / 1024:.0f} MB")]


def s10_api(tmp: Path) -> list[Outcome]:
    from fault_api import api_bar  # scripts/fault_api.py, beside this file

    return [Outcome(10, name, ok, detail) for name, ok, detail in api_bar(tmp, ENV, LINKING.read_text(encoding="utf-8").splitlines()[0])]


QUICK = {"s2_extract": s2_extract, "s2_batch": s2_batch, "s3_extract": s3_extract, "s3_batch_resume": s3_batch_resume,
         "s6_huge_span": s6_huge_span, "s7_hostile": s7_hostile, "s10_api": s10_api}
SLOW = {"s4_worker_killed": s4_worker_killed, "s4_ctrl_c": s4_ctrl_c, "s4_disk_full": s4_disk_full, "s5_concurrent": s5_concurrent,
        "s8_runaway": s8_runaway, "s9_streaming": s9_streaming}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=[*QUICK, *SLOW])
    ap.add_argument("--quick", action="store_true", help="only the scenarios that take seconds")
    ap.add_argument("--pg", default=os.environ.get("VNP_TEST_PG_URL"), help="PostgreSQL server for the concurrent ingest")
    args = ap.parse_args()
    chosen = {**QUICK, **({} if args.quick else SLOW)}
    if args.only:
        chosen = {k: v for k, v in {**QUICK, **SLOW}.items() if k in args.only}
    outcomes: list[Outcome] = []
    for name, scenario in chosen.items():
        with tempfile.TemporaryDirectory(prefix=f"vnp-fault-{name}-") as tmp:
            try:
                got = scenario(Path(tmp), args.pg) if name == "s5_concurrent" else scenario(Path(tmp))  # type: ignore[call-arg]
            except Skip as why:
                got = Outcome(int(name[1:].split("_")[0]), name, True, f"skipped: {why}")
        for o in got if isinstance(got, list) else [got]:
            outcomes.append(o)
            print(f"item {o.item} | {'ok  ' if o.ok else 'FAIL'} | {o.name} | {o.detail}", flush=True)
    failed = [o for o in outcomes if not o.ok]
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} scenarios held")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
