"""scripts/fault_replay.py: its quick scenarios (items 2, 3, 6, 7 and the service's bar, 10, of issue 15)
hold, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quick_fault_replay_holds() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "fault_replay.py"), "--quick"], capture_output=True,
                          text=True, timeout=600, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("item ")]
    assert len(rows) == 14 and all("| ok" in r for r in rows), done.stdout
    assert {r.split(" |")[0] for r in rows} == {"item 2", "item 3", "item 6", "item 7", "item 10"}
