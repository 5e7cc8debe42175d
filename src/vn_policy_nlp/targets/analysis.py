"""A document read for targets: its candidates, each in its context.

Model-free and computed once per document, so that training and
cross-validation can decide many times (with the models of each fold) over
one reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..extensions import text_layer, text_of
from .candidates import find_candidates
from .context import Context, DocView, TimeRef

#: `mod` values of the time stage that mark a limit ("đến năm 2030", "trước ngày 30/6"), not a period.
LIMIT_MODS = ("by", "before")


@dataclass
class Analysis:
    view: DocView
    contexts: list[Context]


def analyse(doc: Doc) -> Analysis:
    text = text_of(doc)
    mentions = doc._.mentions
    times = [TimeRef(m.start, m.end, str(m.attrs["value"]), bool(m.attrs.get("deadline")), m.attrs.get("mod") in LIMIT_MODS,
                     str(m.attrs.get("_why", "")))
             for m in mentions.get("time_expressions", []) if m.attrs.get("value")]
    blocked = [(t.start, t.end) for t in times] + [(m.start, m.end) for m in mentions.get("legal_references", [])]
    cands = find_candidates(text, mentions.get("numbers", []), mentions.get("percentages", []), blocked)
    view = DocView(text_layer(doc), times, mentions.get("locations", []), mentions.get("organisations", []),
                   doc._.published, doc._.place)
    contexts: list[Context] = []
    for i, c in enumerate(cands):
        ctx = Context(view, c, i)
        if contexts and contexts[-1].si == ctx.si:
            ctx.prev = contexts[-1].cand
        contexts.append(ctx)
    return Analysis(view, contexts)
