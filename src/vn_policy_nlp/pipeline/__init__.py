"""The pipeline, one module per stage, in the order they run:

    tokenize     text -> normalised text + offset map -> syllable tokens
    text         the text layer: sentences, clauses, paragraphs, list headers (read by every later stage)
    numbers      numbers (10,51 · 1.200 · 3 triệu · hai mươi lăm) and percentages
    timex        time expressions and deadlines, resolved against the publication date
    legal        legal references (Chỉ thị số 09-CT/TU)
    entities     organisations and locations (rules + gazetteer + model)
    targets      targets and results: cue + indicator + value + unit + comparator + deadline + place
    to_records   mentions -> records with spans on the caller's text

`STAGES` lists the spaCy factories `vn_policy_nlp.load()` adds, in order.
"""

from __future__ import annotations

STAGES: list[str] = [
    "vnp_text",
    "vnp_numbers",
    "vnp_timex",
    "vnp_legal",
    "vnp_entities",
    "vnp_targets",
    "vnp_records",
]
