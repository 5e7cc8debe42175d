"""Time expressions, resolved against the publication date, and deadlines.

Vietnamese news writes dates day-first and mostly without a year (`ngày
12-1`, `sáng 5/7`), names quarters in Roman numerals (`quý II/2024`), half
years by counting months (`6 tháng đầu năm`), periods as year ranges after a
frame word (`giai đoạn 2021-2025`) and deadlines with a limit preposition
(`đến hết năm 2025`, `trước ngày 30/6`). All of these words and the pattern
templates are data (`lang/vi/time.yaml`); this package compiles them, picks
the longest non-overlapping matches, resolves values and flags deadlines.

    grammar     the table compiled: scanner, value tables, span words, guards, windows
    candidates  the scanner's matches, guarded, extended to their whole span, ranges merged
    context     the publication date and the time under discussion
    resolve     one resolver per kind of expression, in a table
    deadline    the deadline role
    find        all of it, for one text

Values follow GUIDELINES.md section 4 (TIMEX3-like): `2023-01-12`, `2024-06`,
`2024-Q2`, `2023-H1`, `2023`, `2021/2025`, `PAST_REF`/`PRESENT_REF`/
`FUTURE_REF`, and `XXXX-01-12` when the year cannot be known. Deictic words
(`năm nay`, `hôm qua`) count from the publication date; anaphoric ones
(`năm trước`, `hôm sau`, `cùng kỳ năm 2016`, `giai đoạn trước đó`) from the
time under discussion, as a reader would.

Mentions written: `time_expressions`, label TIME, attrs `value`, `deadline`,
`mod` (`before`, `by`, `start`, `mid`, `end`, `period` or None).
"""

from __future__ import annotations

from .context import REFS, parse_published
from .find import find_times
from .grammar import TimeGrammar, grammar

__all__ = ["REFS", "TimeGrammar", "find_times", "grammar", "parse_published"]
