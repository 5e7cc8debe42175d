"""The targets stage's name for the sentence splitter, which now lives in `text/segment.py`.

Kept only until `targets.py` reads the Doc's text layer (`extensions.text_layer`);
nothing else imports it. targets.py was tuned with `paragraph` counting what the
layer calls a section (a run of paragraphs up to a heading or list line), so
`split` hands it that number.
"""

from __future__ import annotations

from dataclasses import replace

from ..text.segment import UPPER, Sentence, clause_of, grammar, locate
from ..text.segment import split as _split


def split(text: str) -> list[Sentence]:
    """Sentences whose `paragraph` is their section's number, as targets.py expects."""
    return [replace(s, paragraph=s.section) for s in _split(text)]


__all__ = ["UPPER", "Sentence", "clause_of", "grammar", "locate", "split"]
