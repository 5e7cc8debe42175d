"""Every `._` attribute the pipeline uses, declared once.

Stages talk to each other through `doc._.mentions` (the canonical store: plain
`Mention` objects with character offsets into `doc.text`) and mirror them into
`doc.spans[<group>]` for spaCy users (displacy, matchers). Span extensions are
avoided on purpose: spaCy keys them by character offsets, so two groups with a
span at the same place would share attributes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc


@dataclass(slots=True)
class Mention:
    """One finding of a stage, in normalised-text offsets."""

    label: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    rule: str | None = None
    confidence: float = 1.0

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end



class Occupied:
    """Disjoint character ranges already claimed by a stage.

    Stages claim spans greedily; a list scan per claim made long texts with
    thousands of numbers quadratic, so the ranges are kept sorted and checked
    by bisection against their two neighbours.
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        # Only the range starting last before `end` can reach into [start, end).
        return i == 0 or self._ends[i - 1] <= start

    def add(self, start: int, end: int) -> None:
        # Merge with every range it touches, so the kept ranges stay disjoint.
        lo = bisect.bisect_left(self._ends, start)
        hi = bisect.bisect_right(self._starts, end)
        if lo < hi:
            start = min(start, self._starts[lo])
            end = max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]


DOC_EXTENSIONS: dict[str, object] = {
    "input_text": None,  # the text exactly as the caller gave it
    "doc_id": None,
    "published": None,  # publication date string (YYYY[-MM[-DD]]) or None
    "warnings": None,  # list[str] of input repairs
    "place": None,  # the document's main place (set by the entities stage)
    "min_confidence": None,  # float: keep targets and results at least this confident (None: the model's threshold)
}


def register() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("mentions"):
        Doc.set_extension("mentions", getter=_mentions)
    if not Doc.has_extension("offset_map"):
        Doc.set_extension("offset_map", getter=_offset_map)
    if not Doc.has_extension("records"):
        Doc.set_extension("records", getter=_records)


# Docs cross process boundaries in `nlp.pipe(n_process=N)` through msgpack, so
# what stays in `user_data` between pipes is plain data: the offset map as
# tuples, the final records as a JSON dict. Mention objects live only while the
# pipeline runs; `to_records` drops them.
OFFSETS_KEY = "vnp_offsets"
TEXT_KEY = "vnp_text"
MENTIONS_KEY = "vnp_mentions"
RECORDS_KEY = "vnp_records"


def _offset_map(doc: Doc) -> Any:
    from .pipeline.normalize import OffsetMap

    raw = doc.user_data.get(OFFSETS_KEY)
    if raw is None:
        return OffsetMap(None, None, len(text_of(doc)))
    starts, ends, n = raw
    return OffsetMap(None if starts is None else tuple(starts), None if ends is None else tuple(ends), n)


def text_of(doc: Doc) -> str:
    """The normalised text; `doc.text` re-joins every token on each call, this does not."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text  # type: ignore[no-any-return]


def _records(doc: Doc) -> Any:
    from .records import DocumentRecords

    raw = doc.user_data.get(RECORDS_KEY)
    return None if raw is None else DocumentRecords.model_validate(raw)


def _mentions(doc: Doc) -> dict[str, list[Mention]]:
    store = doc.user_data.get(MENTIONS_KEY)
    if store is None:
        store = doc.user_data[MENTIONS_KEY] = {}
    return store


def add_mentions(doc: Doc, group: str, mentions: list[Mention]) -> None:
    """Store a stage's findings and mirror them as a spaCy SpanGroup."""
    doc._.mentions[group] = mentions
    spans = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[group] = spans


register()
