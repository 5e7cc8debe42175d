"""Stage 4: references to legal and policy documents (the engine is `vn_policy_nlp.legal`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Group, add_mentions, text_of
from ..legal import find_legal, grammar


class LegalMatcher:
    """Finds legal references; see the module docstring for scope."""

    def __init__(self, nlp: Language, name: str = "vnp_legal") -> None:
        self.name = name
        grammar()

    def __call__(self, doc: Doc) -> Doc:
        add_mentions(doc, Group.LEGAL, find_legal(text_of(doc)))
        return doc


@Language.factory("vnp_legal", assigns=["doc._.mentions", "doc.spans"], requires=[], default_config={})
def make_legal(nlp: Language, name: str) -> LegalMatcher:
    return LegalMatcher(nlp, name)
