"""Trainable parts: feature extraction, training, and loading of the small portable models in `models/`."""

from __future__ import annotations

from pathlib import Path


def model_dirs() -> list[Path]:
    """Where released models live: the package's `models/`, then the repository's (editable installs, clones)."""
    here = Path(__file__).resolve()
    dirs = [here.parents[1] / "models"]
    if len(here.parents) > 3:
        dirs.append(here.parents[3] / "models")
    return dirs


def newest_model(pattern: str) -> Path | None:
    """The newest model matching `pattern` (a glob under a models directory); names end in YYYYMMDD."""
    found = [p for d in model_dirs() if d.is_dir() for p in d.glob(pattern)]
    return max(found, key=lambda p: (p.parent.name if p.name == "weights.json" else p.name)) if found else None
