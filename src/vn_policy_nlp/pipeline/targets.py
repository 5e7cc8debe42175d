"""Stage: targets and results (the engine is the `targets` package)."""

from __future__ import annotations

from spacy.language import Language

from ..targets.stage import TargetAssembler


@Language.factory(
    "vnp_targets",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={"models": None, "min_confidence": None},
)
def make_targets(nlp: Language, name: str, models: str | None, min_confidence: float | None) -> TargetAssembler:
    return TargetAssembler(nlp, name, models=models, min_confidence=min_confidence)
