"""Where the training and evaluation data live, and reading it.

The gold sets (`train.jsonl`, `dev.jsonl`) and the shared corpus sit outside
the repository, in `../shared/` next to a checkout. Training refuses to run
without them rather than training on whatever it finds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import VNPError

GoldDoc = dict[str, Any]  # one line of a gold file: id, date, title, text and the record lists


class MissingDataError(VNPError):
    """Training or evaluation data is not where it should be."""


def repo_root() -> Path:
    """The checkout holding this package (an editable install), found from this file."""
    return Path(__file__).resolve().parents[3]


def shared_dir(shared: Path | None = None) -> Path:
    """`../shared` beside the checkout (or `$VNP_SHARED`); a clear error when it is absent."""
    path = shared or Path(os.environ.get("VNP_SHARED") or repo_root().parent / "shared")
    if not (path / "eval" / "train.jsonl").is_file():
        raise MissingDataError(
            f"no training data at {path}/eval/train.jsonl: training needs the shared gold sets "
            "(a checkout beside ../shared, or --shared PATH, or $VNP_SHARED); nothing was changed")
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def gold_docs(name: str, shared: Path | None = None) -> list[GoldDoc]:
    """A gold set by name (`train`, `dev`), in file order."""
    return list(read_jsonl(shared_dir(shared) / "eval" / f"{name}.jsonl"))


def corpus_docs(name: str, shared: Path | None = None) -> dict[str, dict[str, Any]]:
    """An unlabelled corpus file by name (`articles`, `bench`), by id. Never the held-out files."""
    if name.startswith("holdout"):
        raise MissingDataError(f"{name}: the held-out files measure the project and are never read for training")
    return {d["id"]: d for d in read_jsonl(shared_dir(shared) / "corpus" / f"{name}.jsonl")}


def labelled_docs(shared: Path | None = None, root: Path | None = None) -> list[GoldDoc]:
    """Our own labels (`corpus/targets/labels/*.jsonl`: ids and offsets) joined with the shared texts, as gold docs."""
    folder = (root or repo_root()) / "corpus" / "targets" / "labels"
    uses = label_uses(folder)
    texts: dict[str, dict[str, Any]] = {}
    out: list[GoldDoc] = []
    for path in sorted(folder.glob("*.jsonl")):
        for lab in read_jsonl(path):
            source = str(lab.get("source", "articles.jsonl")).removesuffix(".jsonl")
            if source not in texts:
                texts.update({f"{source}:{k}": v for k, v in corpus_docs(source, shared).items()})
                texts[source] = {}
            doc = texts.get(f"{source}:{lab['id']}")
            if doc is None:
                raise MissingDataError(f"{path.name}: article {lab['id']} is not in the shared {source}.jsonl")
            out.append({**_joined(doc, lab), "trains": uses.get(path.name)})
    return out


#: The models of the targets stage a label file can be limited to (`corpus/targets/labels/use.yaml`).
TARGET_MODELS = ("kind", "indicator", "deadline", "place", "time_role", "inherit")


def label_uses(folder: Path) -> dict[str, dict[str, float]]:
    """Which models each label file trains and with what weight, from the folder's `use.yaml` (a file not
    named there trains every model fully): a file whose labels help one model in cross-validation and hurt
    another trains only the first, or the other with a smaller weight."""
    import yaml

    path = folder / "use.yaml"
    if not path.exists():
        return {}
    uses = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, dict[str, float]] = {}
    for name, models in uses.items():
        weights = {str(m): float(w) for m, w in models.items()}
        if not (folder / name).exists():
            raise MissingDataError(f"{path}: {name}: no such label file")
        if unknown := sorted(set(weights) - set(TARGET_MODELS)):
            raise MissingDataError(f"{path}: {name}: no such models {unknown}")
        if not all(0 < w <= 1 for w in weights.values()):
            raise MissingDataError(f"{path}: {name}: a weight is a number in (0, 1]")
        out[str(name)] = weights
    return out


def _joined(doc: dict[str, Any], lab: dict[str, Any]) -> GoldDoc:
    text = doc["text"]
    targets = []
    for t in lab.get("targets", []):
        s, e = t["indicator_span"] if t.get("indicator_span") else (0, 0)
        targets.append({**{k: v for k, v in t.items() if k != "indicator_span"}, "indicator": text[s:e] or None})
    return {"id": doc["id"], "date": doc.get("date"), "title": doc.get("title"), "text": text,
            "targets": targets, "time_expressions": lab.get("time_expressions", []), "labelled_by": lab.get("annotator")}
