"""Last stage: linked mentions -> records, the only exit from spaCy land.

Each mention group maps to one record list of GUIDELINES.md. Spans go back
through the offset map to the caller's text, and `text` is re-read from that
text, so a span and its text can never disagree. Attributes whose name starts
with `_` are working state of a stage and stay inside.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .. import extensions as ext
from ..mentions import RECORDED
from ..records import DocumentRecords


def build_records(doc: Doc) -> DocumentRecords:
    """The Doc's records: each group's mentions as plain data, validated in one pass."""
    text = doc._.input_text if doc._.input_text is not None else ext.text_of(doc)
    offsets = doc._.offset_map
    lists: dict[str, list[dict[str, Any]]] = {}
    for group in RECORDED:
        items = []
        for m in ext.mentions_of(doc, group):
            start, end = offsets.to_input(m.start, m.end)
            item = {k: v for k, v in m.attrs.items() if not k.startswith("_")}
            item.update(span=(start, end), text=text[start:end], provenance=_provenance(m.rule, m.confidence))
            items.append(item)
        items.sort(key=lambda r: r["span"])
        lists[group.value] = items
    return DocumentRecords.model_validate({
        "id": doc._.doc_id or "doc", "date": doc._.published, "warnings": list(doc._.warnings or []), **lists,
    })


#: A mention's rule id names the model that decided it after this prefix ("model.targets_20261207").
MODEL_PREFIX = "model."


def _provenance(rule: str | None, confidence: float) -> dict[str, Any]:
    """Where a record came from: its rule id, and for a learned decision the model's name and version
    (what `Provenance.model` promises the tracking systems that read it)."""
    model = rule.removeprefix(MODEL_PREFIX) if rule and rule.startswith(MODEL_PREFIX) else None
    return {"source": "model" if model else "rule", "rules": [rule] if rule else [], "model": model,
            "confidence": round(confidence, 4)}


class RecordBuilder:
    """Turns the Doc's mentions into `doc._.records` and drops the working state."""

    def __init__(self, nlp: Language, name: str = "vnp_records") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        records = build_records(doc)
        doc.user_data[ext.RECORDS_KEY] = records.model_dump(mode="json")
        # Mention objects and the text layer do not serialise; records and SpanGroups carry the result on.
        doc.user_data.pop(ext.MENTIONS_KEY, None)
        doc.user_data.pop(ext.LAYER_KEY, None)
        return doc


@Language.factory("vnp_records", assigns=["doc._.records"], requires=["doc._.mentions"], default_config={})
def make_records(nlp: Language, name: str) -> RecordBuilder:
    return RecordBuilder(nlp, name)
