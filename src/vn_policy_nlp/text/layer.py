"""The text layer: sentences, clauses, paragraphs and list headers, computed once per text.

Every stage asks the same questions of the text around a finding: which
sentence holds it, which clause, which comma chunk, which paragraph, and
which header (a lead sentence or clause ending in `:`) governs the list it
is an item of. Stages used to answer them each with a splitter of its own,
and the answers disagreed; `TextLayer` answers them once. In the pipeline the layer is
computed by the `vnp_text` stage and kept on the Doc (`extensions.text_layer(doc)`);
outside it, `TextLayer.of(text)`. Lookups are bisections, so a stage asking
for every number of a long text stays linear.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from . import segment
from .segment import Sentence


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of text between line breaks, and the sentences in it."""

    index: int
    start: int
    end: int
    sentences: range  # indices into `TextLayer.sentences`


@dataclass(frozen=True, slots=True)
class Header:
    """A lead sentence or clause ending in the list opener, and the span of the items it governs.

    "Thị xã đặt mục tiêu năm 2021: tỷ lệ ... đạt 80%; ..." has the header
    "Thị xã đặt mục tiêu năm 2021" and its items run to the sentence's end;
    "Các chỉ tiêu:" on a line of its own governs the sentences below it.
    """

    start: int
    end: int  # the header's text, without the opener
    opener: int  # offset of the opener (":")
    scope: tuple[int, int]  # the items: from after the opener to the last governed character
    sentence: int  # index of the sentence holding the header
    whole_sentence: bool  # the header is a sentence (its items are the sentences below)


class TextLayer:
    """Sentences, hard clauses, soft chunks, paragraphs and list headers of one text."""

    __slots__ = ("_clause_headers", "_para_of", "_sentence_header", "_starts", "headers", "paragraphs", "sentences", "text")

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.text = text
        self.sentences: tuple[Sentence, ...] = tuple(sentences)
        self._starts = [s.start for s in sentences]
        self.paragraphs: tuple[Paragraph, ...] = _paragraphs(self.sentences)
        self._para_of = [k for k, p in enumerate(self.paragraphs) for _ in p.sentences]
        self._sentence_header: list[Header | None] = [None] * len(sentences)
        self._clause_headers: dict[int, list[Header]] = {}
        self.headers: tuple[Header, ...] = self._find_headers()

    @classmethod
    def of(cls, text: str) -> TextLayer:
        """The layer of a plain text (outside a pipeline)."""
        return cls(text, segment.split(text))

    # ------------------------------------------------------------------ lookups

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last one starting at or before it); 0 before the first."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding `offset`; the whole text as one sentence when it has none."""
        if not self.sentences:
            return Sentence(0, len(self.text), 0, ((0, len(self.text)),), ())
        return self.sentences[self.sentence_index(offset)]

    def sentence_reach(self, index: int) -> int:
        """Where sentence `index` stops reaching: the next sentence's start, or the text's end."""
        return self._starts[index + 1] if index + 1 < len(self._starts) else len(self.text)

    def sentences_in(self, start: int, end: int) -> list[Sentence]:
        """The sentences that overlap [start, end)."""
        out: list[Sentence] = []
        i = self.sentence_index(start)
        while i < len(self.sentences) and self.sentences[i].start < end:
            if self.sentences[i].end > start:
                out.append(self.sentences[i])
            i += 1
        return out

    def clause_at(self, offset: int) -> tuple[int, int]:
        """The hard clause (between `;`, `:`, list markers) holding `offset`, or its sentence."""
        return segment.clause_of(self.sentence_at(offset), offset)

    def chunk_at(self, offset: int) -> tuple[int, int]:
        """The soft chunk (between commas) of the hard clause holding `offset`."""
        cs, ce = self.clause_at(offset)
        softs = self.sentence_at(offset).softs
        i = bisect.bisect_left(softs, offset)
        start = softs[i - 1] + 1 if i > 0 and softs[i - 1] >= cs else cs
        end = softs[i] if i < len(softs) and softs[i] < ce else ce
        return segment.strip(self.text, start, end)

    def paragraph_of(self, offset: int) -> Paragraph:
        """The paragraph holding `offset` (through its sentence)."""
        if not self.paragraphs:
            return Paragraph(0, 0, len(self.text), range(0))
        return self.paragraphs[self._para_of[self.sentence_index(offset)]]

    def header_of(self, offset: int) -> Header | None:
        """The header governing the list item at `offset`: a clause header of its own sentence
        whose items hold it, else the nearest sentence header above whose scope reaches it."""
        if not self.sentences:
            return None
        si = self.sentence_index(offset)
        for h in self._clause_headers.get(si, ()):
            if h.scope[0] <= offset < h.scope[1]:
                return h
        return self._sentence_header[si]

    def items(self, header: Header) -> list[tuple[int, int]]:
        """The items a header governs: the sentences below a sentence header, the hard clauses after a clause header."""
        lo, hi = header.scope
        if header.whole_sentence:  # a sentence each, without its list marker
            return [(s.clauses[0][0] if s.clauses else s.start, s.end) for s in self.sentences_in(lo, hi)]
        return [c for c in self.sentences[header.sentence].clauses if lo <= c[0] and c[1] <= hi]

    # ------------------------------------------------------------------ building

    def _find_headers(self) -> tuple[Header, ...]:
        g = segment.grammar()
        out: list[Header] = []
        current: Header | None = None  # the sentence header whose scope we are in
        for si, sent in enumerate(self.sentences):
            if current is not None and sent.start >= current.scope[1]:
                current = None
            self._sentence_header[si] = current
            heads = _clause_openers(self.text, sent, g.list_opener)
            for k, (cs, colon, ci) in enumerate(heads):
                if ci == len(sent.clauses) - 1:  # the sentence ends in the opener: a sentence header
                    current = self._sentence_scope(si, colon, g)
                    out.append(current)
                    continue
                stop = heads[k + 1][0] if k + 1 < len(heads) else sent.end
                h = Header(cs, _rstrip(self.text, cs, colon), colon, (colon + 1, stop), si, False)
                self._clause_headers.setdefault(si, []).append(h)
                out.append(h)
        return tuple(out)

    def _sentence_scope(self, si: int, colon: int, g: segment.SegmentGrammar) -> Header:
        """A sentence ending in the opener governs the sentences after it, within the named limits."""
        sent = self.sentences[si]
        last = si
        for k in range(si + 1, min(len(self.sentences), si + 1 + g.header_scope_sentences)):
            if self.sentences[k].paragraph - sent.paragraph > g.header_scope_paragraphs:
                break
            last = k
        reach = self.sentences[last].end if last > si else colon + 1
        return Header(sent.start, _rstrip(self.text, sent.start, colon), colon, (colon + 1, reach), si, True)


def _rstrip(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def _clause_openers(text: str, sent: Sentence, opener: str) -> list[tuple[int, int, int]]:
    """(clause start, opener offset, clause index) for each hard clause followed by the opener."""
    out = []
    for k, (cs, ce) in enumerate(sent.clauses):
        pos = ce
        while pos < sent.end and text[pos].isspace():
            pos += 1
        # "lúc 10:30" is a clock time, not a list
        if text.startswith(opener, pos) and not (text[pos - 1 : pos].isdigit() and text[pos + 1 : pos + 2].isdigit()):
            out.append((cs, pos, k))
    return out


def _paragraphs(sentences: tuple[Sentence, ...]) -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    i = 0
    while i < len(sentences):
        j = i
        while j + 1 < len(sentences) and sentences[j + 1].paragraph == sentences[i].paragraph:
            j += 1
        out.append(Paragraph(sentences[i].paragraph, sentences[i].start, sentences[j].end, range(i, j + 1)))
        i = j + 1
    return tuple(out)
