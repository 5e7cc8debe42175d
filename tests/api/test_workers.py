"""The worker pool: a job over its time limit is abandoned, then its worker is killed and replaced."""

from __future__ import annotations

import asyncio
import contextlib
import operator
import os
import subprocess
import sys
import time

import pytest

from vn_policy_api.settings import Settings
from vn_policy_api.workers import ExtractionPool, ServiceBusy


def test_a_runaway_job_loses_its_worker_and_the_slot_recovers() -> None:
    async def scenario() -> tuple[ExtractionPool, int]:
        pool = ExtractionPool(Settings(executor="process", workers=1, time_limit=0.3, kill_grace=0.3))
        try:
            with pytest.raises(ServiceBusy, match="time limit"):
                await pool.run(time.sleep, 120)
            await asyncio.sleep(1.0)  # past the grace period: the reaper has run
            assert pool.stats.killed == 1
            return pool, await pool.run(operator.add, 1, 2, time_limit=120)
        finally:
            pool.close()

    pool, result = asyncio.run(scenario())
    assert result == 3, "a fresh worker takes the killed one's slot"
    assert pool.stats.running == 0 and pool.stats.timed_out == 1


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(ChildProcessError):  # reap it if it is our own child
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    return False


def test_closing_the_pool_stops_a_worker_inside_a_job() -> None:
    async def scenario() -> int:
        pool = ExtractionPool(Settings(executor="process", workers=1, time_limit=120))
        pid = await pool.run(os.getpid)
        job = asyncio.ensure_future(pool.run(time.sleep, 120))
        await asyncio.sleep(0.3)
        pool.close()
        job.cancel()
        return int(pid)

    assert _gone(asyncio.run(scenario()), within=10), "the busy worker outlived its pool"


SERVER_KILLED = """
import asyncio, os, signal
from vn_policy_api.settings import Settings
from vn_policy_api.workers import ExtractionPool
async def main():
    pool = ExtractionPool(Settings(executor="process", workers=1, time_limit=120))
    print(await pool.run(os.getpid), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
asyncio.run(main())
"""


def test_workers_end_when_the_server_is_killed() -> None:
    out = subprocess.run([sys.executable, "-c", SERVER_KILLED], capture_output=True, text=True, timeout=120)
    assert out.returncode == -9
    worker = int(out.stdout.split()[0])
    assert _gone(worker, within=10), "a worker of a killed server kept running"


@pytest.mark.parametrize(("env", "message"), [
    ({"VNP_API_WORKERS": "0"}, "WORKERS"),
    ({"VNP_API_TIME_LIMIT": "soon"}, "TIME_LIMIT"),
    ({"VNP_API_EXECUTOR": "gpu"}, "EXECUTOR"),
])
def test_bad_settings_name_their_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings.from_env(env)


def test_settings_from_env_and_overrides() -> None:
    s = Settings.from_env({"VNP_API_MAX_BATCH": "7", "VNP_API_WARM_UP": "false"}, workers=3)
    assert (s.max_batch, s.warm_up, s.workers, s.max_text_bytes) == (7, False, 3, 1_000_000)
