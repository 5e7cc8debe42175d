"""The indicator: what is measured, as written ('tỷ lệ lao động qua đào tạo').

A learned token selection. Each syllable in a window around the value (its
sentence, up to `LEFT_REACH` syllables before and `RIGHT_REACH` after) is
scored by a logistic regression on its word, its neighbours, its distance
and side, and what it is part of (a cue, a time, a place, another value).
The indicator is the best-scoring contiguous run before the value, the
counted noun, and the best run after it, in text order, each widened where
its end cuts a two-syllable word (`ml/word_pairs.py`): the gold writes an
indicator as a phrase on either side of the value, or both
('5 doanh nghiệp thành lập mới').
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from ...ml.linear import LinearModel
from ..context import Context
from ..grammar import tables
from .comparator import comparator, written_after
from .run_edges import piece

LEFT_REACH, RIGHT_REACH = 20, 15
#: Distance buckets (in syllables from the value) the features use.
DISTANCE_BUCKETS = (1, 2, 4, 7, 12, 20)
#: A run before the value is dropped when at least this share of its words recur in the runs after it:
#: it names the previous item of a list ("10.000 tiến sĩ đào tạo trong nước, 10.000 tiến sĩ đào tạo
#: nước ngoài"). 5-fold CV, three fold seeds: target indicator token F1 +0.002 to +0.006, results -0.001
#: to +0.002 (share 1.0: targets +0.002 to +0.003; 0.3: targets +0.003 to +0.006, results -0.002 to +0.001).
REPEATED_SHARE = 0.5
#: How much less than the run threshold a side's words need, by side: the counted noun's words right after the
#: number ("3,1 triệu [du khách]", side U) name what is measured more often than the words around them, and
#: the gold keeps them. 5-fold CV, fold seeds 0 / 1 / 2, U at 0.05: target indicator token F1 +0.0030 /
#: +0.0030 / +0.0040, results +0.0023 / +0.0018 / +0.0021, the F1 rows unchanged. Seed 0 otherwise: U at
#: 0.10 gives what 0.05 gives; the words before the value (L) at 0.05: targets -0.010; the words after it
#: (R) at 0.05: targets -0.000, results -0.003; R at -0.05 with U at 0.05: targets +0.004 / +0.002 / -0.001
#: on seeds 0 / 1 / 2.
SIDE_EASE = {"U": 0.05}
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    word: str  # lower case
    side: str  # L (before the value), U (its unit's words), R (after)
    dist: int  # syllables from the value


@dataclass(frozen=True, slots=True)
class Indicator:
    text: str
    pieces: tuple[tuple[int, int], ...]  # character spans of the runs, in text order
    score: float = 0.0  # the runs' summed gain over the threshold: how sure the words around the value are


def window(ctx: Context) -> list[Tok]:
    """The syllables the indicator is chosen from, in text order."""
    text, c, sent = ctx.doc.text, ctx.cand, ctx.sentence
    lower = ctx.doc.lower
    left = [(m.start(), m.end()) for m in _TOKEN.finditer(lower, sent.start, c.start)][-LEFT_REACH:]
    unit = [(m.start(), m.end()) for m in _TOKEN.finditer(lower, c.noun_start, c.end)] if c.noun_start < c.end else []
    right = [(m.start(), m.end()) for m in _TOKEN.finditer(lower, c.end, sent.end)][:RIGHT_REACH]
    toks = [Tok(s, e, lower[s:e], "L", len(left) - i) for i, (s, e) in enumerate(left)]
    toks += [Tok(s, e, lower[s:e], "U", 0) for s, e in unit]
    toks += [Tok(s, e, lower[s:e], "R", i + 1) for i, (s, e) in enumerate(right)]
    del text
    return toks


def _bucket(d: int) -> int:
    return bisect.bisect_left(DISTANCE_BUCKETS, d)


class _Marks:
    """What each character of the sentence belongs to: a cue, a time, a place, an organisation, another value."""

    def __init__(self, ctx: Context) -> None:
        sent = ctx.sentence
        self.spans: list[tuple[int, int, str]] = []
        self.spans += [(q.start, q.end, "cue:" + q.kind) for q in ctx.cues]
        self.spans += [(t.start, t.end, "time") for t in ctx.times]
        self.spans += [(m.start, m.end, "place") for m in ctx.doc.places_between(sent.start, sent.end)]
        self.spans += [(m.start, m.end, "org") for m in ctx.doc.orgs if sent.start <= m.start < sent.end]
        self.spans.sort()

    def of(self, s: int, e: int) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag for a, b, tag in self.spans if a <= s and e <= b))


#: Word lists whose membership is a token feature.
ROLE_LISTS = ("links", "conjunctions", "indicator_lead", "indicator_heads", "place_links", "clause_links",
              "right_phrase_stops", "copulas")
_BREAKS = frozenset((",", ";", ":", "(", ")"))


@lru_cache(maxsize=20000)
def _roles(word: str) -> tuple[str, ...]:
    words = tables().words
    return tuple(name for name in ROLE_LISTS if word in words[name])


#: What `_between` counts, and the count from which it stops telling them apart.
BETWEEN = ("cue", "time", "place", "link", "comma", "digit")
BETWEEN_CAP = 2
Between = tuple[int, ...]  # a count (up to BETWEEN_CAP) of each of BETWEEN


def _between(toks: list[Tok], tags: list[tuple[str, ...]]) -> list[Between]:
    """For each token, what stands between it and the value on its side: cue words, times, places,
    link words, breaks (commas, semicolons, brackets) and digits; one pass outwards from the value."""
    out: list[Between] = [() for _ in toks]
    cap = BETWEEN_CAP
    for side, order in (("L", range(len(toks) - 1, -1, -1)), ("R", range(len(toks)))):
        cue = time = place = link = comma = digit = 0
        for i in order:
            t = toks[i]
            if t.side != side:
                continue
            out[i] = (cue, time, place, link, comma, digit)
            if tags[i]:
                cue += cue < cap and any(x.startswith("cue") for x in tags[i])
                time += time < cap and "time" in tags[i]
                place += place < cap and "place" in tags[i]
            if t.word in _BREAKS:
                comma += comma < cap and not _joins_list(toks, i)
            elif t.word[0].isdigit():
                digit += digit < cap
            elif link < cap and "links" in _roles(t.word):
                link += 1
    return out


def token_features(ctx: Context, toks: list[Tok], tags: list[tuple[str, ...]], between: list[Between],
                   i: int) -> list[str]:
    """The names of token i's (binary) features."""
    return [*_word_features(ctx, toks, i), *_place_features(*_place_key(ctx, toks, tags, between, i))]


def _word_features(ctx: Context, toks: list[Tok], i: int) -> list[str]:
    """Token features that come from the words: the word, its neighbours, its side, its case and its roles."""
    t = toks[i]
    word, side = t.word, t.side
    before = toks[i - 1].word if i > 0 else "<s>"
    after = toks[i + 1].word if i + 1 < len(toks) else "</s>"
    # the two-syllable words a syllable belongs to ("quốc gia", "chỉ tiêu"): a run should not cut a word
    # (cross-validation, three fold seeds: target indicator token F1 +0.004 to +0.015)
    f = ["w=" + word, "w-1=" + before, "w+1=" + after, f"bg-={before}_{word}", f"bg+={word}_{after}",
         f"{side}w={word}"]
    if not word[0].isalnum():
        f.append("punct")
    elif word[0].isdigit():
        f.append("digit")
        # a number naming a class ("chợ hạng 1"; 5-fold CV, three fold seeds: target indicator token F1
        # +0.003 / +0.006 / +0.002, results +0.001 / +0.001 / +0.000)
        if before in tables().words["numbered_nouns"]:
            f.append(f"numbered:{side}")
    if ctx.doc.text[t.start].isupper():
        f.append("upper")
    f += [f"role={role}:{side}" for role in _roles(word)]
    return f


def _place_key(ctx: Context, toks: list[Tok], tags: list[tuple[str, ...]], between: list[Between],
               i: int) -> tuple[str, int, str, bool, tuple[str, ...], Between]:
    """What the place features of token i depend on."""
    t = toks[i]
    return t.side, _bucket(t.dist), ctx.cand.unit_kind, t.side == "L" and t.start < ctx.left_bound, tags[i], between[i]


@lru_cache(maxsize=20000)
def _place_features(side: str, bucket: int, unit_kind: str, before_bound: bool, tags: tuple[str, ...],
                    between: Between) -> tuple[str, ...]:
    """Token features that come from where the token stands: its distance and side, the value's unit
    kind, what it is part of and what stands between it and the value (memoised: four tokens in five
    of a stream of new articles repeat a key)."""
    f = ["bias", f"pos={side}{bucket}", f"uk={unit_kind}:{side}"]
    if before_bound:
        f.append("before_bound")
    for tag in tags:
        f += ("in=" + tag, f"in={tag}:{side}")
    # the unit's own words (side U) have nothing between them and the value: no counts
    f += [f"{side}:{what}_between={n}" for what, n in zip(BETWEEN, between, strict=False)]
    return tuple(f)


def features(ctx: Context) -> tuple[list[Tok], list[list[str]]]:
    """The window's tokens and each token's features (what training learns from)."""
    toks, tags, between = _read(ctx)
    return toks, [token_features(ctx, toks, tags, between, i) for i in range(len(toks))]


def _read(ctx: Context) -> tuple[list[Tok], list[tuple[str, ...]], list[Between]]:
    toks = window(ctx)
    marks = _Marks(ctx)
    tags = [marks.of(t.start, t.end) for t in toks]
    return toks, tags, _between(toks, tags)


def indicator(ctx: Context, model: LinearModel) -> Indicator | None:
    toks, tags, between = _read(ctx)
    # only the tokens `choose` may take are scored (not those past a break after the value); punctuation
    # is never part of an indicator's words, though runs may cross it
    sides = _sides(ctx, toks)
    open_ = {i for idx in sides.values() for i in idx if toks[i].word[0].isalnum()}
    probs = [model.positive(token_features(ctx, toks, tags, between, i)) if i in open_ else 0.0
             for i in range(len(toks))]
    return choose(ctx, toks, probs, model.threshold, sides)


def choose(ctx: Context, toks: list[Tok], probs: list[float], threshold: float,
           sides: dict[str, list[int]] | None = None) -> Indicator | None:
    """The best run before the value, the counted noun's chosen words, the best run after (up to a break).

    (Runs anchored next to the value scored lower in cross-validation: a cue or a place often
    stands between an indicator and its value.)"""
    pieces: list[tuple[int, int]] = []
    score = 0.0
    for side, idx in (sides or _sides(ctx, toks)).items():
        bar = threshold - SIDE_EASE.get(side, 0.0)
        gains = [probs[i] - bar for i in idx]
        run = _best_run(gains)
        if run is not None:
            pieces.append(piece(toks, idx, *run))
            score += sum(gains[run[0]:run[1] + 1])
    pieces = _without_repeated_left([(s, e) for s, e in pieces if e > s], toks, ctx.cand.start)
    if not pieces:
        return None
    text = " ".join(ctx.doc.text[s:e] for s, e in pieces)
    return Indicator(re.sub(r"\s+", " ", text).strip(), tuple(pieces), score)


def _sides(ctx: Context, toks: list[Tok]) -> dict[str, list[int]]:
    """The tokens each run may take, by side: before the value from its own aim on and short of its
    comparator's words (L), the counted noun's (U), and after the value up to the first break (R)."""
    sides: dict[str, list[int]] = {"L": [], "U": [], "R": []}
    for i, t in enumerate(toks):
        sides[t.side].append(i)
    sides["L"] = _own_aim(toks, sides["L"], comparator(ctx).words_start)
    sides["R"] = _before_break(toks, sides["R"], _comparator_end(ctx))
    return sides


def _own_aim(toks: list[Tok], idx: list[int], comparator_start: int) -> list[int]:
    """The words before the value from the verb of change after the last joiner ("... kết nối internet và
    [giảm tỷ lệ học sinh bỏ học xuống] dưới 0,5%": the words before it name the previous aim), up to
    where the value's comparator starts. 5-fold CV, three fold seeds: target indicator token F1 +0.0015 /
    -0.0015 / +0.0053, the other rows unchanged (the joiner alone: +0.0009 / -0.0022 / +0.0052)."""
    idx = [i for i in idx if toks[i].start < comparator_start]
    for k in range(len(idx) - 2, -1, -1):
        if _opens_aim(toks, idx, k):
            return idx[k + 1:]
    return idx


def _opens_aim(toks: list[Tok], idx: list[int], k: int) -> bool:
    """Whether the k-th word of `idx` is a joiner followed by a verb of change (`aim_joiners`, `aim_openers`):
    a new aim starts there."""
    words = tables().words
    return (toks[idx[k]].word in words["aim_joiners"] and k + 1 < len(idx)
            and toks[idx[k + 1]].word in words["aim_openers"])


def _without_repeated_left(pieces: list[tuple[int, int]], toks: list[Tok], value_start: int) -> list[tuple[int, int]]:
    """The pieces without a run before the value whose words mostly recur after it (`REPEATED_SHARE`)."""
    left = [p for p in pieces if p[1] <= value_start]
    rest = [p for p in pieces if p[1] > value_start]
    if not left or not rest:
        return pieces
    words = _words_in(toks, [left[0]])
    later = set(_words_in(toks, rest))
    if words and sum(w in later for w in words) >= REPEATED_SHARE * len(words):
        return rest
    return pieces


def _words_in(toks: list[Tok], spans: list[tuple[int, int]]) -> list[str]:
    """The window's words (not punctuation) inside the character spans."""
    return [t.word for t in toks if t.word[0].isalnum() and any(s <= t.start and t.end <= e for s, e in spans)]


def _comparator_end(ctx: Context) -> int:
    """Where a comparator written after the value ends ("85% trở lên"): its words name no indicator."""
    after = written_after(ctx)
    return after.end() if after else ctx.cand.end


def _before_break(toks: list[Tok], idx: list[int], start: int) -> list[int]:
    """The words after the value (from `start`) up to the first comma, semicolon, colon or bracket that
    separates list items (`_joins_list`): past one, the words name the next item ("... đạt trên 92,6%, cơ
    quan ..."; CV: target indicator token F1 0.659 -> 0.669); or up to a joiner and a verb of change, which
    open the next aim ("... kết nối internet và giảm tỷ lệ ..."; three fold seeds: +0.001)."""
    idx = [i for i in idx if toks[i].start >= start]
    for k, i in enumerate(idx):
        if (toks[i].word in _BREAKS and not _joins_list(toks, i)) or _opens_aim(toks, idx, k):
            return idx[:k]
    return idx


def _joins_list(toks: list[Tok], i: int) -> bool:
    """Whether token i is a comma between two members of one enumeration ("100% xã, phường, thị trấn được
    ...": targets.yaml `enumerations`): it separates no list items, so a run goes on past it and the
    words after it do not count as past a break. 5-fold CV, fold seeds 0 / 1 / 2: target indicator token
    F1 +0.0039 / +0.0072 / +0.0120, result indicator +0.0062 / +0.0040 / +0.0094, the F1 rows unchanged
    (the run alone, with the words after the comma still counted as past a break: -0.0006 / -0.0011)."""
    e = tables().enumerations
    if toks[i].word != "," or not 0 < i < len(toks) - 1 or toks[i - 1].word not in e.lasts \
            or toks[i + 1].word not in e.firsts:
        return False
    return e.join([t.word for t in toks[max(0, i - e.longest):i]], [t.word for t in toks[i + 1:i + 1 + e.longest]])


def _best_run(gains: list[float]) -> tuple[int, int] | None:
    """The contiguous run with the largest positive total (Kadane); None when nothing gains."""
    best, best_run, total, start = 0.0, None, 0.0, 0
    for i, g in enumerate(gains):
        if total <= 0:
            total, start = g, i
        else:
            total += g
        if total > best:
            best, best_run = total, (start, i)
    return best_run

