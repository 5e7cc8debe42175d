"""From a document's reading to target and result mentions: the kind, then each field.

`TargetModels` holds the learned parts; `decide` runs them over every
candidate. Kept apart from the spaCy component so that training and
cross-validation decide with the models of each fold over one reading.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..extensions import Mention
from ..ml import newest_model
from ..ml.linear import LinearModel
from .analysis import Analysis
from .context import Context
from .fields.comparator import comparator
from .fields.deadline import carried, deadline, written_at
from .fields.direction import direction
from .fields.indicator import indicator
from .fields.inherit import inherits
from .fields.place import place
from .fields.span import span
from .kind import CONFIDENCE_FLOOR, read_kinds

MODEL_GLOB = "targets_*"
PARTS = ("kind", "indicator", "inherit", "deadline", "place", "time_role")


@dataclass(frozen=True)
class TargetModels:
    kind: LinearModel
    indicator: LinearModel
    inherit: LinearModel
    deadline: LinearModel
    place: LinearModel
    time_role: LinearModel
    name: str = ""

    @property
    def threshold(self) -> float:
        """The default minimum confidence of a target record (chosen by cross-validation)."""
        return self.kind.threshold

    @property
    def thresholds(self) -> dict[str, float]:
        """The default minimum confidence of a record, by kind: a result's may be set apart from a
        target's (`result_threshold` on the kind model's card, chosen by cross-validation)."""
        return by_kind(self.kind.threshold, self.kind.card.get("result_threshold"))

    @classmethod
    def load(cls, directory: Path) -> TargetModels:
        parts = {p: LinearModel.load(directory / f"{p}.json") for p in PARTS}
        return cls(**parts, name=directory.name)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for part in PARTS:
            model: LinearModel = getattr(self, part)
            (directory / f"{part}.json").write_text(json.dumps(model.to_json(), ensure_ascii=False), encoding="utf-8")


def released() -> TargetModels | None:
    path = newest_model(MODEL_GLOB)
    return TargetModels.load(path) if path is not None and path.is_dir() else None


def by_kind(threshold: float, result_threshold: float | None) -> dict[str, float]:
    """Minimum confidence by kind: a result's is the target's unless it has one of its own."""
    return {"target": threshold, "result": threshold if result_threshold is None else float(result_threshold)}


@dataclass(frozen=True, slots=True)
class _Before:
    """The record before: what a record may take from it (its indicator, its deadline)."""

    ctx: Context
    kind: str
    indicator: str | None
    deadline: str | None


def decide(analysis: Analysis, models: TargetModels, floor: float | Mapping[str, float] = CONFIDENCE_FLOOR) -> list[Mention]:
    """The records at least `floor` confident (one minimum, or one per kind).

    A record lends its indicator and deadline to the next when it is as confident as the models' own
    minimum (`TargetModels.thresholds`), whatever `floor` is asked for: a record's fields do not depend
    on it, and cross-validation (which decides at the lowest floor and filters after) measures what the
    released stage gives. Lending from every record kept at `CONFIDENCE_FLOOR` scored higher in
    cross-validation (fold seed 0: target indicator token F1 +0.003, results +0.008) but makes the stage
    compute the fields of every such record: 2.8x the numbers stage, over the 2x bar."""
    out: list[Mention] = []
    prev: _Before | None = None
    default = models.thresholds
    asked = by_kind(floor, None) if isinstance(floor, float | int) else floor
    for ctx, k in zip(analysis.contexts, read_kinds(analysis.contexts, models.kind), strict=True):
        shown = k.confidence >= asked[k.kind]
        lends = k.confidence >= default[k.kind]
        if not (shown or lends):
            continue
        record = _record(ctx, k.kind, k.confidence, models, prev)
        if shown:
            out.append(record)
        if lends:
            prev = _Before(ctx, k.kind, record.attrs["indicator"], record.attrs["deadline"])
    return out


def _record(ctx: Context, kind: str, confidence: float, models: TargetModels, prev: _Before | None) -> Mention:
    c = ctx.cand
    cmp = comparator(ctx)
    ind = indicator(ctx, models.indicator)
    named = ind.text if ind else None
    if prev is not None and prev.indicator and inherits(ctx, ind, prev.ctx, models.inherit):
        named, ind = prev.indicator, None  # named by the figure before: its own words are not the indicator
    when = deadline(ctx, kind, models.deadline)
    if when is not None:
        due: str | None = when.value
    else:  # only a record without a time of its own takes one from the record before
        due = carried(ctx, kind, prev.ctx, prev.kind, prev.deadline) if prev is not None else None
    cues = ctx.cues_where()["clause"]
    starts = [cmp.words_start] + ([ind.pieces[0][0]] if ind else []) + [q.start for q in cues[-1:]]
    ends = [ind.pieces[-1][1]] if ind else []
    s, e = span(ctx, starts, ends)
    attrs = {
        "kind": kind,
        "indicator": named,
        "value": c.value,
        "value_high": c.value_high,
        "unit": c.unit,
        "comparator": cmp.op,
        "direction": direction(ctx, cmp.words_start),
        "deadline": due,
        "location": place(ctx, kind, models.place),
        "cue": ctx.doc.text[cues[-1].start:cues[-1].end] if cues else None,
        "_deadline_spans": written_at(ctx, when) if when else (),
    }
    return Mention("TARGET", s, e, attrs, rule=f"model.{models.name or 'targets'}", confidence=confidence)
