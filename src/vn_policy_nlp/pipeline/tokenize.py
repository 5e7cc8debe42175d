"""Stage 1: text -> tokens, the spaCy tokenizer.

It masks markup, normalises the text (`text/normalize.py`), keeps the
normalised text and the offset map on the Doc, and makes the tokens
(`text/tokens.py`): syllables by default, underthesea words with
`segment=True`.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab

from .. import extensions as ext
from ..text.normalize import mask_markup, normalize
from ..text.tokens import segment_words, tokens_with_spaces, words_with_spaces


class VietnameseTokenizer(DummyTokenizer):
    """Normalising tokenizer with exact offsets back to the input."""

    def __init__(self, vocab: Vocab, segment: bool = False) -> None:
        self.vocab = vocab
        self.segment = segment
        normalize("")  # loads the normalisation table now, before a batch forks its workers

    def __call__(self, text: str) -> Doc:
        masked, was_html = mask_markup(text)
        norm, offsets = normalize(masked)
        if self.segment:
            words, spaces = words_with_spaces(norm, segment_words(norm))
        else:
            words, spaces = tokens_with_spaces(norm)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc._.input_text = text
        doc._.warnings = ["HTML markup masked"] if was_html else []
        doc.user_data[ext.TEXT_KEY] = norm
        if offsets.starts is not None:
            doc.user_data[ext.OFFSETS_KEY] = (list(offsets.starts), list(offsets.ends or ()), offsets.input_length)
        return doc


@registry.tokenizers("vnp.tokenizer.v1")
def create_tokenizer(segment: bool = False) -> Callable[[Language], VietnameseTokenizer]:
    def make(nlp: Language) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab, segment=segment)

    return make
