"""Stage 1b: the text layer (sentences, clauses, paragraphs, list headers), once per Doc.

Every later stage reads it through `extensions.text_layer(doc)`; computing it
here, first, makes its cost one line of the pipeline's profile.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import text_layer
from ..text import segment


class TextLayerStage:
    """Computes the Doc's text layer."""

    def __init__(self, nlp: Language, name: str = "vnp_text") -> None:
        self.name = name
        segment.grammar()  # a broken table fails at load time

    def __call__(self, doc: Doc) -> Doc:
        text_layer(doc)
        return doc


@Language.factory("vnp_text", assigns=["doc._.text_layer"], requires=[], default_config={})
def make_text(nlp: Language, name: str) -> TextLayerStage:
    return TextLayerStage(nlp, name)
