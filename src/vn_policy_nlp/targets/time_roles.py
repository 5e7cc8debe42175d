"""Which time expressions are deadlines: the time by which a target or a task must be met.

GUIDELINES.md flags a time as a deadline when it says by when a target or
task is to be met ('đến năm 2025', 'trước ngày 30/6', 'năm 2023' in
'phấn đấu ... năm 2023 đạt 10,51%'); a time that only dates a result is not
one. A limit the time stage flags is a deadline (`TRUSTED_WHY`). For the
other times the stage's rule verdict is one feature among the words around
the time, the cues of its sentence, the values that follow it and its tense;
a logistic regression learned from the gold decides, and a target record that
takes a time as its deadline can make it one (`governing_times`).
"""

from __future__ import annotations

from bisect import bisect_left

from ..extensions import Mention
from ..ml.linear import LinearModel
from .context import DocView, TimeRef, tokens
from .features import tense
from .fields.deadline import grain

#: Syllables read on each side of the time.
SIDE_WORDS = 2
#: Tenses (`features.tense`, against the publication year) of a time that a target record's choice does not
#: make a deadline: a period before the article's year dates what was done ('đến cuối năm 2014, tổng
#: nguồn vốn ... khoảng'). 5-fold CV, three fold seeds: deadlines F1 +0.005..+0.007 (past alone +0.004;
#: with present_ref -0.006). An undated article is not given a year of its own here: the year its times
#: name most is often a plan's horizon, which makes the plan's own yearly deadlines look past ('Năm 2017,
#: tỷ lệ ... đạt 59-62%; ... tiến tới năm 2020'). Reading past times against it, as released until
#: 2026-12-08, scored deadlines F1 0.0077 / 0.0055 / 0.0017 lower (fold seeds 0 / 1 / 2).
NOT_GOVERNED = ("past", "past_ref")
#: Rules of the time stage (`time.deadline.verdict`) whose "no" a target record's choice does not overturn:
#: a time inside a plan's or strategy's name, a baseline or a document's date ('Kế hoạch tổng thể ... đến
#: năm 2020', 'Quy chế tuyển sinh ... năm 2018'). With the rule's reason as a feature (`role_features`),
#: 5-fold CV, three fold seeds: deadlines F1 +0.007..+0.008 (the feature alone +0.005 on seed 0, this
#: alone +0.002; the reason in the deadline field's features as well: -0.004).
NOT_GOVERNED_WHY = ("named",)
#: A target record's choice makes a deadline only where the time-role model gives it at least this
#: probability: below it, the words around the time rule a deadline out. 5-fold CV, three fold seeds:
#: deadlines F1 +0.007..+0.009 at 0.1 (0.7494 -> 0.7579 on seed 0; 0.15 gives 0.7546 there).
GOVERN_FLOOR = 0.1
#: Rules of the time stage (`time.deadline.verdict`) whose "yes" stands whatever the time-role model says: a
#: limit ('đến năm 2025', 'trước ngày 30/6', not 'tính đến' nor a horizon nor the past) says by when, which
#: is GUIDELINES.md's own definition of a deadline. In train + dev 62 of the 74 times it flags are gold
#: deadlines (our label files: 136 of 197); before this rule, the model and the targets' deadlines flagged 59
#: of the 62 and 11 of the other 12 (fold seed 0).
#: 5-fold CV, fold seeds 0 / 1 / 2: deadlines F1 +0.0072 / +0.0051 / +0.0072 (the rule's "cued" yes as
#: well: 4 more gold deadlines against 17 more false ones in train + dev, so not).
TRUSTED_WHY = ("limit",)


def role_features(view: DocView, t: TimeRef, cand_starts: list[int]) -> dict[str, float]:
    """The features of time `t`; `cand_starts` (the candidates' starts) sorted."""
    si = view.sentence_index(t.start)
    sent = view.sentences[si]
    f = {"bias": 1.0, f"tense={tense(t.value, view.pub_year)}": 1.0, f"grain={grain(t.value)}": 1.0}
    if t.deadline:
        f["rule_deadline"] = 1.0
    if t.limit:
        f["limit"] = 1.0
    f[f"why={t.why}:{t.deadline}"] = 1.0  # which of the time stage's rules decided, and how
    before = tokens(view.text[max(sent.start, t.start - 40):t.start])[-SIDE_WORDS:]
    after = tokens(view.text[t.end:min(sent.end, t.end + 40)])[:SIDE_WORDS]
    own = tokens(view.text[t.start:t.end])
    for i, w in enumerate(reversed(before)):
        f[f"w-{i + 1}={w}"] = 1.0
    for i, w in enumerate(after):
        f[f"w+{i + 1}={w}"] = 1.0
    if own:
        f["first=" + own[0]] = 1.0
    for q in view.cues(si):
        f[("cue_before=" if q.end <= t.start else "cue_after=") + q.id] = 1.0
    values_after = bisect_left(cand_starts, sent.end) - bisect_left(cand_starts, t.end) if t.end < sent.end else 0
    values_before = bisect_left(cand_starts, t.start) - bisect_left(cand_starts, sent.start) if sent.start < t.start else 0
    f[f"values_after={min(values_after, 2)}"] = 1.0
    f[f"values_before={min(values_before, 2)}"] = 1.0
    if view.text[sent.start:sent.end].rstrip().endswith(":"):
        f["heads_list"] = 1.0
    if not view.text[sent.start:t.start].strip():  # no token before it
        f["sentence_start"] = 1.0
    return f


def deadline_flags(view: DocView, cand_starts: list[int], model: LinearModel,
                   governing: set[tuple[int, int]]) -> dict[tuple[int, int], bool]:
    """(start, end) of each time -> whether it is a deadline: the model says so, the time stage's rule says so
    for a reason it is trusted with (`TRUSTED_WHY`), or a target record's deadline is written there
    (`governing`), it is not in the past and the model does not rule it out (`GOVERN_FLOOR`; cross-validation:
    the union beats either alone)."""
    cand_starts = sorted(cand_starts)
    flags = {}
    for t in view.times:
        if t.deadline and t.why in TRUSTED_WHY:
            flags[(t.start, t.end)] = True
            continue
        p = model.positive(role_features(view, t, cand_starts))
        governed = (t.start, t.end) in governing and can_govern(t, view.pub_year)
        flags[(t.start, t.end)] = p >= model.threshold or (governed and p >= GOVERN_FLOOR)
    return flags


def can_govern(t: TimeRef, year: int | None) -> bool:
    """Whether a target record's choice of time `t` as its deadline makes it a deadline, against the
    publication year (`NOT_GOVERNED`, `NOT_GOVERNED_WHY`)."""
    return tense(t.value, year) not in NOT_GOVERNED and t.why not in NOT_GOVERNED_WHY


def governing_times(records: list[Mention]) -> set[tuple[int, int]]:
    """The times where target records' deadlines are written (`fields.deadline.written_at`)."""
    return {span for m in records if m.attrs.get("kind") == "target" for span in m.attrs.get("_deadline_spans", ())}
