"""The pipeline, one thin spaCy factory per stage, in the order they run:

    tokenize     text -> normalised text + offset map -> syllable tokens (the spaCy tokenizer)
    text         the text layer: sentences, clauses, paragraphs, list headers (read by every later stage)
    numbers      numbers (10,51 · 1.200 · 3 triệu · hai mươi lăm) and percentages
    timex        time expressions and deadlines, resolved against the publication date
    legal        legal references (Chỉ thị số 09-CT/TU)
    entities     organisations and locations (rules + gazetteer + model)
    targets      targets and results: cue + indicator + value + unit + comparator + deadline + place
    to_records   mentions -> records with spans on the caller's text

The engines live by dimension (`vn_policy_nlp.text`, `.numbers`, `.time`,
`.legal`); a factory here only reads the Doc, calls its engine and stores the
mentions. `STAGE_TABLE` says which mention groups each stage reads and writes;
`STAGES` lists the factories `vn_policy_nlp.load()` adds, in order.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..mentions import RECORDED, Group


@dataclass(frozen=True)
class Stage:
    factory: str
    module: str  # the module of this package that registers the factory
    reads: tuple[Group, ...] = ()
    writes: tuple[Group, ...] = ()


STAGE_TABLE: tuple[Stage, ...] = (
    Stage("vnp_text", "text"),
    Stage("vnp_numbers", "numbers", writes=(Group.NUMBERS, Group.PERCENTAGES)),
    Stage("vnp_timex", "timex", reads=(Group.PERCENTAGES,), writes=(Group.TIMES,)),
    Stage("vnp_legal", "legal", writes=(Group.LEGAL,)),
    Stage("vnp_entities", "entities", writes=(Group.ORGANISATIONS, Group.LOCATIONS)),
    Stage("vnp_targets", "targets", reads=(Group.NUMBERS, Group.PERCENTAGES, Group.TIMES, Group.LEGAL,
                                           Group.ORGANISATIONS, Group.LOCATIONS), writes=(Group.TARGETS,)),
    Stage("vnp_records", "to_records", reads=RECORDED),
)

STAGES: list[str] = [s.factory for s in STAGE_TABLE]


def register_stages() -> None:
    """Import the tokenizer's and every stage's module, so spaCy knows their factories."""
    importlib.import_module(f"{__name__}.tokenize")
    for stage in STAGE_TABLE:
        importlib.import_module(f"{__name__}.{stage.module}")
