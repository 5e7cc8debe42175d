"""Numbers and percentages: quantities written with digits, scale words or number words.

Vietnamese writes `1.234,5` (dot for thousands, comma for decimals), glues
scale words after digits (`1,5 tỷ`), spells numbers out (`hai mươi lăm`)
and writes ranges as `5-7%` or `từ 5 đến 7%`. The separators, scale words,
number words, percent words and range joiners are data
(`lang/vi/numbers.yaml`); this package only compiles them.

    grammar     the table compiled to regexes
    parse       the value of one written number
    find        numbers and percentages of a text, as mentions

Mentions written:
- `numbers`: every number, attrs `value` (as written), `scale_word`,
  `scaled` (value x scale), `written`, and `multiple` for "gấp đôi";
- `percentages`: per GUIDELINES.md section 1, attrs `value`, `value_high`.
"""

from __future__ import annotations

from .find import find_numbers, find_percentages
from .grammar import NumberGrammar, grammar
from .parse import parse_number, parse_number_words, whole_count

__all__ = ["NumberGrammar", "find_numbers", "find_percentages", "grammar", "parse_number", "parse_number_words", "whole_count"]
