"""Time expressions of a text: found, resolved, and flagged as deadlines."""

from __future__ import annotations

import re

from ..mentions import Mention
from ..text import TextLayer
from .candidates import Cand, candidates, select
from .deadline import deadline_grammar, verdict
from .grammar import grammar, lowered
from .resolve import resolve

_YEARS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _last_year(value: str) -> int | None:
    """The latest year a value reaches: `2016/2021` -> 2021."""
    years = [int(y) for y in _YEARS.findall(value)]
    return max(years) if years else None


def _text_now(resolved: list[tuple[Cand, str]]) -> int | None:
    """Without a publication date, the latest fully dated day in the text stands in for "now"."""
    years = [int(v[:4]) for c, v in resolved if c.kind == "date" and _DAY.match(v)]
    return max(years) if years else None


def find_times(text: str, published: str | None = None, blocked: list[tuple[int, int]] | None = None,
               layer: TextLayer | None = None) -> list[Mention]:
    """Time expressions of `text`, resolved against `published` (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or None);
    nothing inside `blocked` spans (percentages, idioms); `layer` is the text's layer when the caller has it."""
    g = grammar()
    low = lowered(text)
    cands = select(text, candidates(low, g), g)
    if g.scan.idioms is not None:
        blocked = list(blocked or []) + [m.span() for m in g.scan.idioms.finditer(low)]
    if blocked:
        cands = [c for c in cands if not any(c.start < e and s < c.end for s, e in blocked)]
    resolved, ctx = resolve(text, cands, published, g, layer)
    now = ctx.py if ctx.py is not None else _text_now(resolved)
    clause_end = deadline_grammar().clause_end
    out: list[Mention] = []
    deadline_sentence, deadline_year, deadline_end = -1, 0, 0
    for i, (c, value) in enumerate(resolved):
        sentence = ctx.sentence_of(c.start)
        bounds = (resolved[i - 1][0].end if i else 0, resolved[i + 1][0].start if i + 1 < len(resolved) else len(text))
        year = _last_year(value)
        # A list of targets runs forward in time within a clause ("đến năm 2025 là 12% và năm 2030
        # là 13%"), not back to a baseline ("đến cuối 2020 đạt 9.800 USD, năm 2016 là 5.400 USD");
        # after a `;` a new item may start again ("...; kim ngạch xuất khẩu năm 2020 đạt ...").
        listed = deadline_sentence == sentence and (
            year is None or year >= deadline_year or bool(clause_end.search(text, deadline_end, c.start))
        )
        deadline, why = verdict(text, c, value, ctx, g, now, listed, bounds)
        if deadline:
            deadline_sentence, deadline_year, deadline_end = sentence, year or deadline_year, c.end
        attrs = {"value": value, "deadline": deadline, "mod": c.mod, "_why": why}
        out.append(Mention("TIME", c.start, c.end, attrs, rule=f"timex.{c.rule}"))
    return out
