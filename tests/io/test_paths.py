"""Walking input directories: every entry that is not a readable file becomes an error
record in its place (tests/data/io/bad_entries.yaml), never a silent loss or a hang."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from vn_policy_nlp.io import paths as paths_module
from vn_policy_nlp.io.readers import read_inputs

DATA = Path(__file__).resolve().parents[1] / "data" / "io"
ENTRIES = yaml.safe_load((DATA / "bad_entries.yaml").read_text(encoding="utf-8"))["entries"]


def make_entry(root: Path, spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch | None = None) -> list[Any]:
    """Create the bad entry `spec` in `root`; returns what must be closed afterwards."""
    path = root / spec["name"]
    kind = spec["make"]
    keep: list[Any] = []
    if kind == "symlink_loop":
        path.symlink_to(root / "loop2")
        (root / "loop2").symlink_to(path)
    elif kind == "symlink_to_itself":
        path.symlink_to(path)
    elif kind == "link_to_ancestor":
        path.symlink_to(root)
    elif kind == "broken_link":
        path.symlink_to(root / "nowhere")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(path))
        keep.append(sock)
    elif kind == "link_to_char_device":
        path.symlink_to("/dev/null")
    elif kind == "unreadable_dir":
        path.mkdir()
        (path / "inside.txt").write_text("Tăng 5%.", encoding="utf-8")
        if os.geteuid() != 0:
            path.chmod(0)
        else:  # root reads anything: make scandir refuse this directory as it would for a user
            assert monkeypatch is not None
            real = os.scandir

            def scandir(p: Any = ".") -> Any:
                if Path(p) == path:
                    raise PermissionError(13, "Permission denied", str(p))
                return real(p)

            monkeypatch.setattr(paths_module.os, "scandir", scandir)
    else:  # pragma: no cover - a typo in the YAML
        raise ValueError(kind)
    return keep


def archive(tmp_path: Path, spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[Path, list[Any]]:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("Tỷ lệ hộ nghèo giảm còn 2,5%.", encoding="utf-8")
    (root / "z.jsonl").write_text(json.dumps({"id": "z1", "text": "Thu ngân sách đạt 102%."}) + "\n", encoding="utf-8")
    return root, make_entry(root, spec, monkeypatch)


@pytest.mark.parametrize("spec", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_bad_entry_becomes_an_error_record_in_its_place(tmp_path: Path, spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    root, keep = archive(tmp_path, spec, monkeypatch)
    try:
        items = list(read_inputs([str(root)], stdin=False))
    finally:
        for k in keep:
            k.close()
    docs = [i.document.id for i in items if i.document]
    errors = [i for i in items if i.error]
    assert docs == ["a", "z1"], "the files around the bad entry are read"
    assert len(errors) == 1 + (spec["make"] == "symlink_loop"), errors  # a two-link loop is two bad entries
    for e in errors:
        assert spec["says"] in e.error.error and e.file
    assert errors[0].error.source == str(root / spec["name"])


@pytest.mark.parametrize("command", ["extract", "batch"])
def test_fifo_and_loop_do_not_hang_the_command(tmp_path: Path, command: str) -> None:
    root, _ = archive(tmp_path, {"name": "pipe", "make": "fifo"})
    (root / "loop").symlink_to(root / "loop")
    out = tmp_path / "out"
    args = [str(root)] + (["-o", str(out), "--progress", "none"] if command == "batch" else [])
    done = subprocess.run([sys.executable, "-m", "vn_policy_nlp.cli", command, *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 2, done.stderr  # files skipped: exit 2
    assert "Traceback" not in done.stderr
    if command == "batch":
        lines = [line for p in sorted((out / "errors").glob("*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines()]
        records = [line for p in sorted((out / "records").glob("*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines()]
    else:
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        lines = [r for r in rows if "error" in r]
        records = [r for r in rows if "error" not in r]
    assert len(records) == 2 and len(lines) == 2
