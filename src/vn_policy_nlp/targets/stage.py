"""The targets stage as a spaCy component: read the document, decide with the released models.

Reads the groups `numbers`, `percentages`, `time_expressions`,
`legal_references`, `locations`, `organisations` and `doc._.place`; writes
`targets` (label TARGET, attrs = the `Target` record's fields, confidence =
1 - P(none)), and decides which time expressions are deadlines
(`time_roles.py`: the role of a time depends on the figures it governs). Records below the minimum confidence are dropped: the
document's `doc._.min_confidence` when the caller set one, else the
component's `min_confidence`, else the thresholds chosen by cross-validation
when the models were trained (one for targets, one for results).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import VNPError
from ..extensions import add_mentions
from .analysis import analyse
from .assemble import TargetModels, decide, released
from .grammar import tables
from .time_roles import deadline_flags, governing_times

GROUP = "targets"


class ModelMissingError(VNPError):
    """The targets stage has no trained models to decide with."""


class TargetAssembler:
    def __init__(self, nlp: Language, name: str = "vnp_targets", models: str | None = None,
                 min_confidence: float | None = None) -> None:
        self.name = name
        loaded = TargetModels.load(Path(models)) if models else released()
        if loaded is None:
            raise ModelMissingError("no targets models found under models/ (targets_YYYYMMDD/): "
                                    "`vn-policy-nlp train targets` rebuilds them from the gold sets")
        self.models = loaded
        tables()  # the cue, unit and comparator patterns: compiled now, shared by forked workers
        self.min_confidence: float | dict[str, float] = loaded.thresholds if min_confidence is None else min_confidence

    def __call__(self, doc: Doc) -> Doc:
        asked = doc._.min_confidence
        threshold = self.min_confidence if asked is None else float(asked)
        analysis = analyse(doc)
        found = decide(analysis, self.models, floor=threshold)
        add_mentions(doc, GROUP, found)
        flags = deadline_flags(analysis.view, [c.cand.start for c in analysis.contexts], self.models.time_role,
                               governing_times(found))
        for m in doc._.mentions.get("time_expressions", []):
            if (m.start, m.end) in flags:
                m.attrs["deadline"] = flags[(m.start, m.end)]
        return doc
