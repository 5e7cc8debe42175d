"""Stage 2: numbers and percentages (the engine is `vn_policy_nlp.numbers`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Group, add_mentions, text_of
from ..numbers import find_numbers, find_percentages, grammar


class NumberMatcher:
    """Finds numbers and percentages; see the module docstring for scope."""

    def __init__(self, nlp: Language, name: str = "vnp_numbers") -> None:
        self.name = name
        grammar()  # fail at load time, not on the first document, if the table is broken

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        numbers = find_numbers(text)
        add_mentions(doc, Group.NUMBERS, numbers)
        add_mentions(doc, Group.PERCENTAGES, find_percentages(text, numbers))
        return doc


@Language.factory("vnp_numbers", assigns=["doc._.mentions", "doc.spans"], requires=[], default_config={})
def make_numbers(nlp: Language, name: str) -> NumberMatcher:
    return NumberMatcher(nlp, name)
