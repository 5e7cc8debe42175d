"""Sentences and clauses, cheaply, for the targets stage.

A target is stated by a clause: a list of aims under one cue is a run of
clauses separated by `;`, `:` or line-initial list markers, and coordinated
aims inside a clause are separated by commas. This module finds those
boundaries with a few regexes (no model): sentence ends that are not
abbreviations, hard separators and soft ones. Punctuation and abbreviations
are data (`lang/vi/targets.yaml`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from ..lang import require, table

# Work per value is linear in its sentence, so a run-on "sentence" (a table
# flattened to one line, a scraped page without stops) is cut into pieces of
# at most this many characters, at a space. News sentences stay far below it.
MAX_SENTENCE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    clauses: tuple[tuple[int, int], ...]  # hard clauses, in order
    softs: tuple[int, ...]  # offsets of soft separators inside the sentence


@dataclass(frozen=True)
class ClauseGrammar:
    sentence_end: re.Pattern[str]
    abbreviation: re.Pattern[str]
    hard: re.Pattern[str]
    soft: re.Pattern[str]
    marker: re.Pattern[str]
    opener: re.Pattern[str] | None


@cache
def grammar() -> ClauseGrammar:
    data = table("targets")
    ends = [e for e in require(data, "sentence_end", "targets") if e != "\n"]
    hard = require(data, "clause_hard", "targets")
    soft = require(data, "clause_soft", "targets")
    abbr = require(data, "abbreviations", "targets")
    markers = require(data, "list_markers", "targets")
    openers = data.get("sentence_openers", [])
    end_cls = "".join(re.escape(e) for e in ends)
    return ClauseGrammar(
        sentence_end=re.compile(rf"[{end_cls}]+\s+(?=[\"“'(\[]?(\w))|\n+"),
        abbreviation=re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(a) for a in abbr)})\.$"),
        hard=re.compile("|".join(re.escape(h) for h in hard)),
        soft=re.compile("|".join(re.escape(s) for s in soft)),
        opener=re.compile(f"(?<=[{_LOWER}] )(?:{'|'.join(re.escape(w) for w in openers)})(?= )") if openers else None,
        marker=re.compile(rf"^[ \t]*(?:{'|'.join(re.escape(m) for m in markers)}|\w\)|\d+[.)])[ \t]+", re.MULTILINE),
    )


def _letters(lower: bool) -> str:
    chars = (chr(i) for i in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)])
    return "".join(ch for ch in chars if ch.isalpha() and (ch.islower() if lower else ch.isupper()))


_LOWER, _UPPER = _letters(True), _letters(False)
UPPER = _UPPER  # upper-case letters, for character classes
_GLUED = re.compile(f"(?<=[{_LOWER}]{{2}})(?=[{_UPPER}][{_LOWER}])")


def split(text: str) -> list[Sentence]:
    """Sentences (with paragraph numbers) and their hard clauses."""
    g = grammar()
    out: list[Sentence] = []
    para = 0
    pos = 0
    cuts: list[tuple[int, int, bool]] = []  # (sentence end, next start, new paragraph)
    # a heading glued to the next sentence ("... đề raTại phiên ..."): lower case then Upper+lower
    for m in _GLUED.finditer(text):
        cuts.append((m.start(), m.start(), False))
    if g.opener is not None:
        # "... giảm 10% biên chế Tại buổi làm việc ...": a heading run into the next sentence
        for m in g.opener.finditer(text):
            cuts.append((m.start(), m.start(), False))
    for m in g.sentence_end.finditer(text):
        if m.group(0)[0] != "\n":
            nxt = m.group(1)
            if not (nxt.isupper() or nxt.isdigit()) or g.abbreviation.search(text, max(0, m.start() - 8), m.start() + 1):
                continue
            cuts.append((m.end(), m.end(), False))
        else:
            cuts.append((m.start(), m.end(), True))
    cuts.sort()
    cuts.append((len(text), len(text), False))
    cuts = _bounded(text, cuts)
    for end, nxt, new_para in cuts:
        if end > pos:
            s, e = _strip(text, pos, end)
            if e > s:
                out.append(_sentence(text, s, e, para, g))
        pos = nxt
        if new_para:
            para += 1
    return out


def bounded_starts(text: str, starts: list[int], end: int | None = None,
                   limit: int = MAX_SENTENCE_CHARS) -> list[int]:
    """Sentence starts (up to `end`) with extra cuts so none is longer than `limit`."""
    out: list[int] = []
    for s, e in zip(starts, [*starts[1:], len(text) if end is None else end], strict=True):
        out.append(s)
        while e - s > limit:
            cut = text.rfind(" ", s + limit // 2, s + limit)
            s = cut + 1 if cut > 0 else s + limit
            out.append(s)
    return out


def _bounded(text: str, cuts: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for end, nxt, new_para in cuts:
        for s in bounded_starts(text, [pos], end)[1:]:
            out.append((s, s, False))
        out.append((end, nxt, new_para))
        pos = max(pos, nxt)
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _sentence(text: str, s: int, e: int, para: int, g: ClauseGrammar) -> Sentence:
    cuts = [m for m in g.hard.finditer(text, s, e)]
    clauses: list[tuple[int, int]] = []
    pos = s
    for m in cuts:
        if m.start() > pos:
            clauses.append(_strip(text, pos, m.start()))
        pos = m.end()
    if e > pos:
        clauses.append(_strip(text, pos, e))
    mk = g.marker.match(text, s)
    if mk and clauses and clauses[0][0] < mk.end():
        clauses[0] = (mk.end(), clauses[0][1])
    softs = tuple(m.start() for m in g.soft.finditer(text, s, e))
    return Sentence(s, e, para, tuple(c for c in clauses if c[1] > c[0]), softs)


def locate(sentences: list[Sentence], starts: list[int], offset: int) -> int:
    """Index of the sentence holding `offset` (the last one starting at or before it)."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def clause_of(sentence: Sentence, offset: int) -> tuple[int, int]:
    """The hard clause holding `offset`, or the whole sentence."""
    for c in sentence.clauses:
        if c[0] <= offset < c[1] or c[0] <= offset <= c[1]:
            return c
    return sentence.start, sentence.end
