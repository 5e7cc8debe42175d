"""Stage 3: time expressions and deadlines (the engine is `vn_policy_nlp.time`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Group, add_mentions, mentions_of, text_layer, text_of
from ..time import find_times, grammar
from ..time.deadline import deadline_grammar


class TimeMatcher:
    """Finds time expressions and deadlines; see `vn_policy_nlp.time` for scope."""

    def __init__(self, nlp: Language, name: str = "vnp_timex") -> None:
        self.name = name
        grammar()  # a broken table fails at load time
        deadline_grammar()

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        blocked = [(m.start, m.end) for m in mentions_of(doc, Group.PERCENTAGES)]
        add_mentions(doc, Group.TIMES, find_times(text, doc._.published, blocked, text_layer(doc)))
        return doc


@Language.factory("vnp_timex", assigns=["doc._.mentions", "doc.spans"], requires=["doc._.text_layer", "doc._.mentions"],
                  default_config={})
def make_timex(nlp: Language, name: str) -> TimeMatcher:
    return TimeMatcher(nlp, name)
