"""Gold documents read by the pipeline, each candidate aligned with its gold record.

A candidate matches a gold target or result the way the scorer matches them:
the spans overlap (in the caller's offsets) and the values are equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ...targets.analysis import Analysis, analyse
from ..data import GoldDoc

EPS = 1e-3


@dataclass
class Reading:
    gold: GoldDoc
    analysis: Analysis
    offsets: Any  # the Doc's offset map: normalised text -> caller's text
    labels: list[dict[str, Any] | None]  # per candidate: its gold record, or None


def read(docs: Iterable[GoldDoc], nlp: Any) -> Iterator[Reading]:
    """Run the stages before targets over each gold document and align its candidates."""
    from ... import make_doc
    from ...documents import Document

    for g in docs:
        doc = make_doc(nlp, Document(id=g["id"], text=g["text"], date=g.get("date"), title=g.get("title")))
        for name, proc in nlp.pipeline:
            if name in ("vnp_targets", "vnp_records"):
                break
            doc = proc(doc)
        analysis = analyse(doc)
        offsets = doc._.offset_map
        yield Reading(g, analysis, offsets, align(analysis, offsets, g.get("targets") or []))


def align(analysis: Analysis, offsets: Any, gold: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    out: list[dict[str, Any] | None] = []
    used: set[int] = set()
    for ctx in analysis.contexts:
        s, e = offsets.to_input(ctx.cand.start, ctx.cand.end)
        hit = None
        for j, rec in enumerate(gold):
            gs, ge = rec["span"]
            if j not in used and gs < e and s < ge and abs(float(rec["value"]) - ctx.cand.value) <= EPS:
                hit = j
                break
        if hit is not None:
            used.add(hit)
        out.append(gold[hit] if hit is not None else None)
    return out
