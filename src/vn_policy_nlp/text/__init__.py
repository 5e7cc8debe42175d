"""The text itself, below every dimension.

    normalize   one canonical spelling, with a map back to the caller's offsets
    tokens      syllable (or word) tokens with exact offsets
    segment     sentence ends, hard and soft clause separators (regexes over `lang/vi/text.yaml`)
    layer       `TextLayer`: sentences, clauses, chunks, paragraphs and list headers, with lookups

    layer = TextLayer.of("Thị xã đặt mục tiêu năm 2021: tỷ lệ hộ nghèo dưới 1%; 100% xã đạt chuẩn.")
    layer.header_of(40)   # Header "Thị xã đặt mục tiêu năm 2021", whose items are the two clauses

In the pipeline every stage reads the Doc's one layer: `extensions.text_layer(doc)`.
"""

from __future__ import annotations

from .layer import Header, Paragraph, TextLayer
from .segment import Sentence

__all__ = ["Header", "Paragraph", "Sentence", "TextLayer"]
