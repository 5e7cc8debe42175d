"""The legal grammar: document types, number formats, codes and issuers from
`lang/vi/legal.yaml`, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lang import alternation, require, table

_CODE_SEG = r"[A-ZĐ][A-ZĐa-zđ&]*\d*"
_CODE = rf"{_CODE_SEG}(?:\s?[\-–/]\s?{_CODE_SEG})*"
_NUMBER = rf"\d{{1,5}}[a-zA-Z]?(?:\s?[/\-–]\s?(?:19|20)\d\d)?(?:\s?[/\-–]\s?{_CODE})?"
_END = r"(?![\w/]|[.,]\d)"


@dataclass(frozen=True)
class LegalGrammar:
    types: dict[str, dict[str, Any]]  # lower-cased written type -> {canonical, code, bare}
    reference: re.Pattern[str]
    code_only: re.Pattern[str]
    named: re.Pattern[str]
    list_item: re.Pattern[str]
    count_after: re.Pattern[str]
    name_stops: re.Pattern[str]
    year_types: re.Pattern[str]
    law_year: re.Pattern[str]
    name_comma: re.Pattern[str]
    name_max: int
    window_law_name: int  # characters read after `Luật` for a name
    window_before_lower: int  # characters read before a lower-case type for words that make it a common noun
    not_after_lower: re.Pattern[str]
    code_types: dict[str, str]
    code_types_party: dict[str, str]
    issuers: dict[str, str]
    issuers_state: dict[str, str]


@cache
def grammar() -> LegalGrammar:
    data = table("legal")
    raw_types: dict[str, dict[str, Any]] = require(data, "types", "legal")
    types = {k.lower(): {"canonical": k, **v} for k, v in raw_types.items()}
    type_alt = alternation(list(raw_types))
    named = data.get("named_types", [])
    count_words = data.get("count_words", [])
    so = alternation(require(data, "number_word", "legal"))
    year = alternation(require(data, "year_word", "legal"))
    joiners = alternation(require(data, "list_joiners", "legal"))
    return LegalGrammar(
        types=types,
        reference=re.compile(
            rf"(?<!\w)(?P<type>{type_alt})(?:\s+(?P<so>{so})\s*:?\s*|\s+)(?P<num>{_NUMBER}){_END}", re.IGNORECASE
        ),
        code_only=re.compile(rf"(?<![\w/\-])(?P<num>\d{{1,5}}[a-zA-Z]?(?:/\d{{4}})?[/\-](?P<code>{_CODE}))(?![\w/])"),
        named=re.compile(rf"(?<!\w)(?P<type>{alternation(named)})\s+(?=[A-ZĐ])", re.IGNORECASE),
        list_item=re.compile(rf"\s*(?:{joiners})\s*(?:(?P<so>{so})\s*)?(?P<num>{_NUMBER}){_END}", re.IGNORECASE),
        count_after=re.compile(rf"\s*(?:{alternation(count_words)})(?!\w)", re.IGNORECASE),
        name_stops=re.compile(rf"(?:{alternation(data.get('name_stops', []))})(?!\w)", re.IGNORECASE),
        law_year=re.compile(rf"\s+(?:(?:{year})\s+)?((?:19|20)\d\d)(?![\w/])", re.IGNORECASE),
        year_types=re.compile(
            rf"(?<!\w)(?P<type>{alternation(data.get('year_types', []))})\s+(?:(?:{year})\s+)?(?P<year>(?:19|20)\d\d)(?![\w/])",
            re.IGNORECASE,
        ),
        name_comma=re.compile(rf",\s(?:{alternation(data.get('name_comma_words', []))})(?!\w)", re.IGNORECASE),
        name_max=int(data.get("name_max_words", 8)),
        window_law_name=int(require(data, "windows", "legal")["law_name"]),
        window_before_lower=int(require(data, "windows", "legal")["before_lower_type"]),
        not_after_lower=re.compile(rf"(?<!\w)(?:{alternation(data.get('not_after_lower', []))})\s+$", re.IGNORECASE),
        code_types=dict(data.get("code_types", {})),
        code_types_party=dict(data.get("code_types_party", {})),
        issuers=dict(require(data, "issuers", "legal")),
        issuers_state=dict(data.get("issuers_state", {})),
    )
