"""Helpers for the batch tests: build the mixed archive from tests/data/batch/mixed.yaml,
encode legacy text, run the CLI as a subprocess, read an output directory back."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"

def encode_tcvn3(text: str) -> str:
    from vn_policy_nlp.io.legacy import encode_legacy

    return encode_legacy(text, "TCVN3")


def encode_vni(text: str) -> str:
    from vn_policy_nlp.io.legacy import encode_legacy

    return encode_legacy(text, "VNI")


def encode_unknown(text: str) -> str:
    """Vietnamese letters replaced by Latin-1 symbols through a table no converter knows."""
    return "".join(ch if ch.isascii() else chr(0xC0 + (ord(ch) * 7) % 64) for ch in text)


ENCODERS = {"tcvn3": encode_tcvn3, "vni": encode_vni, "unknown": encode_unknown}


@dataclass
class Expected:
    docs: set[str] = field(default_factory=set)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: dict[str, str] = field(default_factory=dict)


def build_archive(root: Path) -> tuple[list[str], Expected]:
    """Write the files of mixed.yaml under `root`; returns the inputs to name and what must come out."""
    spec = yaml.safe_load((DATA / "batch" / "mixed.yaml").read_text(encoding="utf-8"))
    expected = Expected()
    inputs: list[str] = []
    for f in spec["files"]:
        path = root / f["path"]
        exp = f.get("expect", {})
        expected.docs.update(exp.get("docs", []))
        for e in exp.get("errors", []):
            expected.errors.append({**e, "source": str(path)})
        expected.warnings.update(exp.get("warnings", {}))
        if f.get("missing"):
            inputs.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        encode = ENCODERS[f["encode"]] if "encode" in f else None
        if "binary" in f:
            data = bytes(range(0, 32)) * (f["binary"] // 32 + 1)
        elif "lines" in f:
            lines = []
            for line in f["lines"]:
                if isinstance(line, dict):
                    line = dict(line)
                    if "text_size" in line:
                        size = line.pop("text_size")
                        line["text"] = ("Tăng 5%. " * (size // 9 + 1))[:size]
                    if encode is not None:
                        line["text"] = encode(line["text"])
                    line = json.dumps(line, ensure_ascii=encode is not None)
                lines.append(line)
            data = ("\n".join(lines) + "\n").encode("utf-8")
        else:
            text = f["text"]
            data = encode(text).encode("latin-1") if encode is not None else text.encode("utf-8")
        if f.get("gzip"):
            data = gzip.compress(data)
            if f.get("truncate"):
                data = data[: -f["truncate"]]
        path.write_bytes(data)
    inputs.extend(str(root / top) for top in sorted({Path(f["path"]).parts[0] for f in spec["files"] if not f.get("missing")}))
    return inputs, expected


def read_jsonl_dir(folder: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for part in sorted(folder.glob("part-*.jsonl")) if folder.is_dir() else []:
        rows.extend(json.loads(line) for line in part.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vn_policy_nlp.cli", "batch", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )


def write_docs(path: Path, n: int, *, sentences: int = 1, start: int = 0) -> list[str]:
    """A JSONL file of `n` documents written from our own sentences; returns their ids."""
    base = [
        "Năm {i}, huyện phấn đấu giảm tỷ lệ hộ nghèo xuống còn {p}%.",
        "Ủy ban nhân dân tỉnh giao chỉ tiêu tăng thu ngân sách {p}% so với năm trước.",
        "Kết quả, tỷ lệ trẻ em được tiêm chủng đầy đủ đạt {q}%, vượt kế hoạch.",
    ]
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(base[k % 3].format(i=2000 + i % 25, p=(i + start) % 9 + 1, q=90 + i % 10) for k in range(sentences))
            doc_id = f"doc-{i:04d}"
            ids.append(doc_id)
            fh.write(json.dumps({"id": doc_id, "date": "2023-01", "text": text}, ensure_ascii=False) + "\n")
    return ids


@pytest.fixture
def archive(tmp_path: Path) -> tuple[list[str], Expected]:
    return build_archive(tmp_path / "archive")
