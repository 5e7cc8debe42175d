"""A chosen indicator run's span, mended: widened to whole words and to a class word's number, kept
to one list item, without what stands at its edges but is no part of what is measured, without
punctuation (`piece`). The run is chosen in `indicator.py`; these rules only move its ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...ml.word_pairs import word_pairs
from ..grammar import tables

if TYPE_CHECKING:
    from .indicator import Tok


def piece(toks: list[Tok], idx: list[int], a: int, b: int) -> tuple[int, int]:
    """The character span of run idx[a]..idx[b], mended in this order: widened to whole words and to a
    class word's number, kept to one list item, without what stands at its edges, without punctuation."""
    lo, hi = _class_number(toks, idx, *_whole_words(toks, idx, a, b))
    return _trim(toks, *_edges(toks, *_one_clause(toks, lo, hi)))


def _whole_words(toks: list[Tok], idx: list[int], a: int, b: int) -> tuple[int, int]:
    """Run idx[a]..idx[b] widened by one syllable at an end that cuts a word ('sĩ đào tạo' -> 'tiến sĩ đào tạo';
    5-fold CV, three fold seeds: target indicator token F1 +0.001 to +0.004, results +0.000 to +0.002), only
    into the side's own syllables (`idx`: never a comparator's words or past a break)."""
    pairs = word_pairs()
    lo, hi = idx[a], idx[b]
    if a > 0 and idx[a - 1] == lo - 1 and (toks[lo - 1].word, toks[lo].word) in pairs:
        lo -= 1
    if b + 1 < len(idx) and idx[b + 1] == hi + 1 and (toks[hi].word, toks[hi + 1].word) in pairs:
        hi += 1
    return lo, hi


def _class_number(toks: list[Tok], idx: list[int], lo: int, hi: int) -> tuple[int, int]:
    """Run lo..hi with the number after a class word it ends with ("chợ hạng [1]", "lớp [10]": targets.yaml
    `numbered_nouns`), which names the class, not a quantity. 5-fold CV, three fold seeds, on top of the
    token feature `numbered`: target indicator token F1 +0.0002 / +0.0003 / +0.0002."""
    words = tables().words["numbered_nouns"]
    if toks[hi].word in words and hi + 1 in idx and toks[hi + 1].word[0].isdigit():
        hi += 1
    return lo, hi


def _one_clause(toks: list[Tok], lo: int, hi: int) -> tuple[int, int]:
    """Run lo..hi kept to the side of a list separator nearest the value (`run_cuts`: a run may cross
    a comma or a colon, not a ';'). 5-fold CV: no indicator of train + dev changes (none crossed one)."""
    cuts = [i for i in range(lo, hi + 1) if toks[i].word in tables().words["run_cuts"]]
    if not cuts:
        return lo, hi
    return (cuts[-1] + 1, hi) if toks[hi].side == "L" else (lo, cuts[0] - 1)


def _edges(toks: list[Tok], lo: int, hi: int) -> tuple[int, int]:
    """Run lo..hi without what stands at its edges but is no part of what is measured: a whole area it
    opens with, a direction particle it ends with."""
    return _without_particle(toks, *_past_scope(toks, lo, hi))


def _without_particle(toks: list[Tok], lo: int, hi: int) -> tuple[int, int]:
    """Run lo..hi without the direction particles it ends with ("giảm tỷ lệ học sinh bỏ học [xuống] dưới
    0,5%": `run_end_particles`), except in a fixed phrase ("bậc 3 trở lên": `link_keep`). No gold
    indicator ends with one."""
    words = tables().words
    while hi >= lo and toks[hi].word in words["run_end_particles"] \
            and not (hi > 0 and f"{toks[hi - 1].word} {toks[hi].word}" in words["link_keep"]):
        hi -= 1
    return lo, hi


def _past_scope(toks: list[Tok], lo: int, hi: int) -> tuple[int, int]:
    """Run lo..hi without a whole area it opens with ("[toàn] tỉnh có ..." -> "có ...": `scope_words`,
    `scope_areas`), unless the area's last syllable and the next word are one word ("toàn xã hội")."""
    words = tables().words
    if toks[lo].word in words["scope_words"]:
        first = lo + 1
    elif lo > 0 and toks[lo - 1].word in words["scope_words"]:
        first = lo
    else:
        return lo, hi
    for end in (first + 1, first):  # a two-syllable area first ("thành phố")
        after = toks[end + 1].word if end + 1 < len(toks) else ""
        if end <= hi and " ".join(t.word for t in toks[first:end + 1]) in words["scope_areas"] \
                and (toks[end].word, after) not in word_pairs():
            return end + 1, hi
    return lo, hi


def _trim(toks: list[Tok], a: int, b: int) -> tuple[int, int]:
    """A run's character span without punctuation at its ends."""
    while a <= b and not toks[a].word[0].isalnum():
        a += 1
    while b >= a and not toks[b].word[0].isalnum():
        b -= 1
    return (toks[a].start, toks[b].end) if a <= b else (0, 0)
