"""Sentences, hard clauses and soft separators, cheaply, with a few regexes (no model).

A target is stated by a clause: a list of aims under one cue is a run of
clauses separated by `;`, `:` or line-initial list markers, and coordinated
aims inside a clause are separated by commas. This module finds those
boundaries: sentence ends that are not abbreviations, headings run into the
next sentence, hard separators and soft ones. Punctuation, abbreviations and
limits are data (`lang/vi/text.yaml`). Every pass is a regex scan, so the
cost is linear in the text, run-on text included (`MAX_SENTENCE_CHARS`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from ..lang import require, table


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its span, its paragraph's index, its hard clauses and soft separators."""

    start: int
    end: int
    paragraph: int
    clauses: tuple[tuple[int, int], ...]  # hard clauses, in order
    softs: tuple[int, ...]  # offsets of soft separators inside the sentence
    section: int = 0  # index of its run of paragraphs ended by a line without a sentence end (a heading, a list item)


@dataclass(frozen=True)
class SegmentGrammar:
    sentence_end: re.Pattern[str]
    glued_end: re.Pattern[str]
    abbreviation: re.Pattern[str]
    abbreviation_reach: int  # the longest abbreviation and its dot: how far back a stop is read
    hard: re.Pattern[str]
    soft: re.Pattern[str]
    marker: re.Pattern[str]
    opener: re.Pattern[str] | None
    list_opener: str
    max_sentence_chars: int
    header_scope_sentences: int
    header_scope_paragraphs: int


def _letters(lower: bool) -> str:
    chars = (chr(i) for i in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)])
    return "".join(ch for ch in chars if ch.isalpha() and (ch.islower() if lower else ch.isupper()))


LOWER, UPPER = _letters(True), _letters(False)  # letters by case, for character classes
# a capital right after a lower-case letter, then a lower-case one: searched for by the capital
# (most letters fail the first test at once), the word before is checked after (`_glued_heading`)
_CASE_CHANGE = re.compile(f"[{UPPER}](?<=[{LOWER}][{UPPER}])(?=[{LOWER}])")


def _alternation(items: list[str]) -> str:
    return "|".join(re.escape(x) for x in items)


@cache
def grammar() -> SegmentGrammar:
    data = table("text")
    ends = [e for e in require(data, "sentence_end", "text") if e != "\n"]
    abbr = require(data, "abbreviations", "text")
    markers = require(data, "list_markers", "text")
    openers = data.get("sentence_openers", [])
    limits = require(data, "limits", "text")
    end_cls = "".join(re.escape(e) for e in ends)
    # a soft separator between two digits is a decimal mark ("10,51"), not a cut
    soft = "|".join(rf"{re.escape(s)}(?!(?<=\d{re.escape(s)})\d)" for s in require(data, "clause_soft", "text"))
    return SegmentGrammar(
        # the next sentence may open with a quote, a bracket or a list marker ("... năm 2014. - Tổng doanh thu")
        # (the lookahead first lets the scan skip to a stop or a line break)
        sentence_end=re.compile(rf"(?=[{end_cls}\n])(?:[{end_cls}]+\s+(?=(?:(?:{_alternation(markers)})\s+)?[\"“'(\[]?(\w))|\n+)"),
        # "... là năm 2055.Trong đó ...": a sentence end glued to the next sentence
        glued_end=re.compile(rf"[{end_cls}]+(?=[{UPPER}][{LOWER}])"),
        abbreviation=re.compile(rf"(?<!\w)(?:{_alternation(abbr)})\.$"),
        abbreviation_reach=max(map(len, abbr), default=0) + 1,
        hard=re.compile(_alternation(require(data, "clause_hard", "text"))),
        soft=re.compile(soft),
        # literal alternatives first, so the scan skips on their first letters; the lower-case
        # word before is checked after (`_after_lower_word`)
        opener=re.compile(f"(?:{_alternation(openers)})(?= )") if openers else None,
        marker=re.compile(rf"[ \t]*(?:{_alternation(markers)}|\w\)|\d+[.)])[ \t]+"),  # matched at a sentence start
        list_opener=require(data, "list_opener", "text"),
        max_sentence_chars=int(limits["max_sentence_chars"]),
        header_scope_sentences=int(limits["header_scope_sentences"]),
        header_scope_paragraphs=int(limits["header_scope_paragraphs"]),
    )


def max_sentence_chars() -> int:
    return grammar().max_sentence_chars


# What a boundary starts: a sentence, a paragraph (a line break after a sentence end), or a
# section too (a line break after a line without one: a heading, a list item).
SENTENCE, PARAGRAPH, SECTION = 0, 1, 2


class _LastSplit:
    """The last text split and its sentences. Stages that split the text themselves (targets.py,
    until it reads the Doc's layer) ask for the very text object the layer was built from, so
    an identity check, which costs nothing, saves splitting it twice."""

    last: tuple[str | None, tuple[Sentence, ...]] = (None, ())  # one tuple: swapped whole, safe across threads


def split(text: str) -> list[Sentence]:
    """Sentences (with paragraph and section numbers) and their hard clauses."""
    last_text, sentences = _LastSplit.last
    if last_text is text:
        return list(sentences)
    out = _split(text)
    _LastSplit.last = (text, tuple(out))
    return out


def _split(text: str) -> list[Sentence]:
    g = grammar()
    out: list[Sentence] = []
    para = section = 0
    pos = 0
    for end, nxt, starts in _bounded(text, _cuts(text, g), g.max_sentence_chars):
        if end > pos:
            s, e = strip(text, pos, end)
            if e > s:
                out.append(_sentence(text, s, e, (para, section), g))
        pos = nxt
        para += starts >= PARAGRAPH
        section += starts == SECTION
    return out


def _cuts(text: str, g: SegmentGrammar) -> list[tuple[int, int, int]]:
    """(sentence end, next start, what starts) for every boundary, in order, the text's end last."""
    # a heading glued to the next sentence ("... đề raTại phiên ..."), not a camel-cased name ("VietinBank")
    cuts = [(m.start(), m.start(), SENTENCE) for m in _CASE_CHANGE.finditer(text) if _glued_heading(text, m.start())]
    if g.opener is not None:
        # "... giảm 10% biên chế Tại buổi làm việc ...": a heading run into the next sentence
        cuts += [(m.start(), m.start(), SENTENCE) for m in g.opener.finditer(text) if _after_lower_word(text, m.start())]
    for m in g.sentence_end.finditer(text):
        if m.group(0)[0] == "\n":
            cuts.append((m.start(), m.end(), SECTION))
        elif (m.group(1).isupper() or m.group(1).isdigit()) and not _abbreviation(text, m.start(), g):
            cuts.append((m.end(), m.end(), PARAGRAPH if "\n" in m.group(0) else SENTENCE))
    cuts += [(m.end(), m.end(), SENTENCE) for m in g.glued_end.finditer(text) if not _abbreviation(text, m.start(), g)]
    cuts.sort()
    cuts.append((len(text), len(text), SENTENCE))
    return cuts


def _glued_heading(text: str, pos: int) -> bool:
    """Is the word ending at `pos` all lower case and at least two letters long ("raTại")?"""
    start = pos
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return pos - start >= 2 and text[start:pos].islower() and text[start:pos].isalpha()


def _after_lower_word(text: str, pos: int) -> bool:
    """Does a lower-case letter and one space come right before `pos`?"""
    return pos >= 2 and text[pos - 1] == " " and text[pos - 2].islower()


def _abbreviation(text: str, stop: int, g: SegmentGrammar) -> bool:
    """Is the stop at `stop` the dot of an abbreviation ("TP. HCM")?"""
    return g.abbreviation.search(text, max(0, stop - g.abbreviation_reach), stop + 1) is not None


def bounded_starts(text: str, starts: list[int], end: int | None = None, limit: int | None = None) -> list[int]:
    """Sentence starts (up to `end`) with extra cuts so none is longer than `limit`."""
    limit = limit or grammar().max_sentence_chars
    out: list[int] = []
    for s, e in zip(starts, [*starts[1:], len(text) if end is None else end], strict=True):
        out.append(s)
        while e - s > limit:
            cut = text.rfind(" ", s + limit // 2, s + limit)
            s = cut + 1 if cut > 0 else s + limit
            out.append(s)
    return out


def _bounded(text: str, cuts: list[tuple[int, int, int]], limit: int) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    pos = 0
    for end, nxt, starts in cuts:
        if end - pos > limit:  # a run-on stretch: cut it into pieces
            out += [(s, s, SENTENCE) for s in bounded_starts(text, [pos], end, limit)[1:]]
        out.append((end, nxt, starts))
        pos = max(pos, nxt)
    return out


def strip(text: str, s: int, e: int) -> tuple[int, int]:
    """[s, e) without the white space at either end."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _sentence(text: str, s: int, e: int, where: tuple[int, int], g: SegmentGrammar) -> Sentence:
    clauses: list[tuple[int, int]] = []
    pos = s
    for m in g.hard.finditer(text, s, e):
        if m.start() > pos:
            clauses.append(strip(text, pos, m.start()))
        pos = m.end()
    if e > pos:
        clauses.append(strip(text, pos, e))
    mk = g.marker.match(text, s)
    if mk and clauses and clauses[0][0] < mk.end():
        clauses[0] = (mk.end(), clauses[0][1])
    softs = tuple(m.start() for m in g.soft.finditer(text, s, e))
    return Sentence(s, e, where[0], tuple(c for c in clauses if c[1] > c[0]), softs, where[1])


def locate(sentences: list[Sentence], starts: list[int], offset: int) -> int:
    """Index of the sentence holding `offset` (the last one starting at or before it)."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def clause_of(sentence: Sentence, offset: int) -> tuple[int, int]:
    """The hard clause holding `offset` (or ending right at it), or the whole sentence."""
    for c in sentence.clauses:
        if c[0] <= offset <= c[1]:
            return c
    return sentence.start, sentence.end
