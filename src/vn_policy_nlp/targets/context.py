"""What a candidate's surroundings say: its sentence and clause, the cues around
it, the times and places of its sentence, the list header above it.

`DocView` holds what every candidate of a document shares (sentences, cues per
sentence, times, places, the publication date), computed once and lazily;
`Context` is one candidate's view of it. Features (`features.py`) and the
field extractors (`fields/`) read contexts, never the Doc.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..extensions import Mention
from ..text.layer import Header, TextLayer
from ..text.segment import Sentence, clause_of
from .candidates import Candidate
from .grammar import fold, tables

_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    id: str
    kind: str  # target | result


@dataclass(frozen=True, slots=True)
class TimeRef:
    start: int
    end: int
    value: str
    deadline: bool  # the time stage's own verdict
    limit: bool  # "đến năm 2030", "trước ngày 30/6": a limit, not a period
    why: str = ""  # which rule of the time stage decided `deadline` (`time.deadline.verdict`)


def tokens(s: str) -> list[str]:
    """Lower-cased syllables and punctuation marks."""
    return _TOKEN.findall(s.lower())


#: Characters read for a window of syllables (a Vietnamese syllable and its space average under 6).
CHARS_PER_WORD = 8


def tail_tokens(text: str, start: int, end: int, n: int) -> list[str]:
    """The last `n` tokens of text[start:end], reading only as far back as they can reach."""
    lo = max(start, end - n * CHARS_PER_WORD)
    out = _TOKEN.findall(text[lo:end].lower())
    if lo > start and out:
        out = out[1:]  # the window may have cut the first syllable
    return out[-n:]


def head_tokens(text: str, start: int, end: int, n: int) -> list[str]:
    """The first `n` tokens of text[start:end]."""
    hi = min(end, start + n * CHARS_PER_WORD)
    out = _TOKEN.findall(text[start:hi].lower())
    if hi < end and out:
        out = out[:-1]
    return out[:n]


def year_of(value: str | None) -> int | None:
    m = re.match(r"(\d{4})", value or "")
    return int(m.group(1)) if m else None


class DocView:
    """One document as the targets stage reads it."""

    def __init__(self, layer: TextLayer, times: list[TimeRef], places: list[Mention], orgs: list[Mention],
                 published: str | None, place: str | None) -> None:
        self.layer = layer
        self.text = text = layer.text
        self.lower = text.lower() if len(text.lower()) == len(text) else text
        self.sentences = layer.sentences
        self.times = sorted(times, key=lambda t: t.start)
        self.time_starts = [t.start for t in self.times]
        self.places = sorted(places, key=lambda m: m.start)
        self.place_starts = [m.start for m in self.places]
        self.orgs = sorted(orgs, key=lambda m: m.start)
        self.published = published
        self.pub_year = year_of(published)
        self.pub_month = int(published[5:7]) if published and re.match(r"\d{4}-\d\d", published) else None
        self.place = place
        self.memo: dict[object, object] = {}  # per-document results that stages of the engine share

    def sentence_index(self, offset: int) -> int:
        return self.layer.sentence_index(offset)

    def cues(self, si: int) -> list[Cue]:
        """Cue phrases of sentence `si`."""
        return self.sentence_cues[si]

    @cached_property
    def sentence_cues(self) -> list[list[Cue]]:
        """Every cue phrase of the document (one regex pass), by sentence."""
        c = tables().cues
        out: list[list[Cue]] = [[] for _ in self.sentences]
        ends = [sent.end for sent in self.sentences]
        k, info = 0, c.info
        for m in c.pattern.finditer(self.lower):
            phrase = m.group(0)
            cid, kind = info.get(phrase) or info.get(fold(phrase), ("", ""))
            if not cid:
                continue
            while k + 1 < len(ends) and m.start() >= ends[k]:  # matches come in text order
                k += 1
            if out:
                out[k].append(Cue(m.start(), m.end(), cid, kind))
        return out

    @cached_property
    def cue_counts(self) -> dict[str, int]:
        """How many target and result cues the whole document has: a plan reads differently from a report."""
        counts = {"target": 0, "result": 0}
        for cues in self.sentence_cues:
            for q in cues:
                counts[q.kind] += 1
        return counts

    def paragraph_lead(self, si: int) -> int:
        """The first sentence of sentence `si`'s paragraph."""
        sentences = self.layer.paragraph_of(self.sentences[si].start).sentences
        return sentences.start if sentences else si

    def times_between(self, s: int, e: int) -> list[TimeRef]:
        i = bisect.bisect_left(self.time_starts, s)
        j = bisect.bisect_left(self.time_starts, e)
        return self.times[i:j]

    def places_between(self, s: int, e: int) -> list[Mention]:
        i = bisect.bisect_left(self.place_starts, s)
        j = bisect.bisect_left(self.place_starts, e)
        return self.places[i:j]


@dataclass
class Context:
    """One candidate in its document."""

    doc: DocView
    cand: Candidate
    index: int  # among the document's candidates
    prev: Candidate | None = None  # the candidate before, when it is in the same sentence
    si: int = field(init=False)
    sentence: Sentence = field(init=False)
    clause: tuple[int, int] = field(init=False)

    def __post_init__(self) -> None:
        self.si = self.doc.sentence_index(self.cand.start)
        self.sentence = self.doc.sentences[self.si] if self.doc.sentences else self.doc.layer.sentence_at(0)
        self.clause = clause_of(self.sentence, self.cand.start)

    @property
    def prev_end(self) -> int:
        """Where the candidate before ends (-1 when none stands before it in its sentence)."""
        return self.prev.end if self.prev is not None else -1

    @cached_property
    def left_bound(self) -> int:
        """Where this value's own words may start: its clause, or after the value before it in that clause."""
        cs = self.clause[0]
        return self.prev_end if cs <= self.prev_end <= self.cand.start else cs

    @cached_property
    def cues(self) -> list[Cue]:
        return self.doc.cues(self.si)

    def cues_where(self) -> dict[str, list[Cue]]:
        """The sentence's cues by where they stand: in the clause before the value, earlier, after
        (computed once: the kind's features and the record's span both read it; do not change it)."""
        return self._cues_where

    @cached_property
    def _cues_where(self) -> dict[str, list[Cue]]:
        cs, _ = self.clause
        out: dict[str, list[Cue]] = {"clause": [], "before": [], "after": []}
        for q in self.cues:
            key = "after" if q.start >= self.cand.end else ("clause" if q.start >= cs else "before")
            out[key].append(q)
        return out

    @cached_property
    def times(self) -> list[TimeRef]:
        return self.doc.times_between(self.sentence.start, self.sentence.end)

    @cached_property
    def header(self) -> Header | None:
        """The lead sentence or clause ending in ':' that governs the list this value is an item of."""
        return self.doc.layer.header_of(self.cand.start)
