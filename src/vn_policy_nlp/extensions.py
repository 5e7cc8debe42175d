"""Every `._` attribute the pipeline uses, and every mention group, declared once.

Stages talk to each other through `doc._.mentions` (the canonical store: plain
`Mention` objects with character offsets into `doc.text`, by `Group`) and
mirror them into `doc.spans[<group>]` for spaCy users (displacy, matchers).
Span extensions are avoided on purpose: spaCy keys them by character offsets,
so two groups with a span at the same place would share attributes. The
groups and what their mentions carry are declared in `mentions.py`.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from .mentions import GROUP_ATTRS, Group, Mention, Occupied
from .text.layer import TextLayer

__all__ = ["GROUP_ATTRS", "Group", "Mention", "Occupied", "add_mentions", "mentions_of", "register", "text_layer", "text_of"]


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
    if not Doc.has_extension("text_layer"):
        Doc.set_extension("text_layer", getter=text_layer)


# Docs cross process boundaries in `nlp.pipe(n_process=N)` through msgpack, so
# what stays in `user_data` between pipes is plain data: the offset map as
# tuples, the final records as a JSON dict. Mention objects and the text layer
# live only while the pipeline runs; `to_records` drops them.
OFFSETS_KEY = "vnp_offsets"
TEXT_KEY = "vnp_text"
MENTIONS_KEY = "vnp_mentions"
RECORDS_KEY = "vnp_records"
LAYER_KEY = "vnp_text_layer"


def _offset_map(doc: Doc) -> Any:
    from .text.normalize import OffsetMap

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


def text_layer(doc: Doc) -> TextLayer:
    """The Doc's sentences, clauses, paragraphs and list headers: computed once (by the
    `vnp_text` stage, or here on first use) and read by every later stage."""
    layer = doc.user_data.get(LAYER_KEY)
    if layer is None:
        layer = doc.user_data[LAYER_KEY] = TextLayer.of(text_of(doc))
    return layer  # type: ignore[no-any-return]


def _records(doc: Doc) -> Any:
    from .records import DocumentRecords

    raw = doc.user_data.get(RECORDS_KEY)
    return None if raw is None else DocumentRecords.model_validate(raw)


def _mentions(doc: Doc) -> dict[Group, list[Mention]]:
    store = doc.user_data.get(MENTIONS_KEY)
    if store is None:
        store = doc.user_data[MENTIONS_KEY] = {}
    return store


def mentions_of(doc: Doc, group: Group) -> list[Mention]:
    """A group's mentions so far (none when its stage has not run or was excluded)."""
    return _mentions(doc).get(group, [])


def add_mentions(doc: Doc, group: Group | str, mentions: list[Mention]) -> None:
    """Store a stage's findings under its group and mirror them as a spaCy SpanGroup.
    A group that is not a `Group` fails here, not as a silently empty read later."""
    group = Group(group)
    doc._.mentions[group] = mentions
    spans = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[group.value] = spans


register()
