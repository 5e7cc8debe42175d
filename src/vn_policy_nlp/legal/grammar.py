"""The legal grammar: document types, number formats, codes, issuers, law names and Party
meetings from `lang/vi/legal.yaml`, compiled once, one part per way of citing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lang import alternation, require, table

# A code segment: "NQ", "BKHĐT", "QH14", a standard's "MT:2015".
_CODE_SEG = r"[A-ZĐ][A-ZĐa-zđ&]*\d*(?::(?:19|20)\d\d)?"
_CODE = rf"{_CODE_SEG}(?:\s?[\-–/]\s?{_CODE_SEG})*"
_NUMBER = rf"\d{{1,5}}[a-zA-Z]?(?:\s?[/\-–]\s?(?:19|20)\d\d)?(?:\s?[/\-–]\s?{_CODE})?"
_END = r"(?![\w/]|[.,]\d)"
_YEAR = r"(?:19|20)\d\d"
_I = re.IGNORECASE


def _starts(words: list[str]) -> str:
    """A lookahead on the first letters of `words`, either case: put first, it lets a case-blind
    scan skip every position no word can start at (several times faster on news text)."""
    firsts = {w[0] for w in words if w} | {w[0].swapcase() for w in words if w}
    return "(?=[" + "".join(sorted(re.escape(c) for c in firsts)) + "])"


@dataclass(frozen=True)
class Codes:
    """What a document number's code says: its type and its issuer."""

    types: dict[str, str]
    types_party: dict[str, str]  # read in the Party format (số-LOẠI/CƠQUAN)
    issuers: dict[str, str]
    issuers_state: dict[str, str]  # read in the state format (số/năm/LOẠI-CƠQUAN)


@dataclass(frozen=True)
class NumberedGrammar:
    reference: re.Pattern[str]  # a type and its number
    list_item: re.Pattern[str]  # another number after it
    code_only: re.Pattern[str]  # a coded number alone
    count_after: re.Pattern[str]  # a word after a bare number that makes it a count
    issuer_after: re.Pattern[str]  # "của" + a capitalised name: a lower-case type's number is a document's


@dataclass(frozen=True)
class NameGrammar:
    named: re.Pattern[str]  # a type cited by name ("Luật", "Bộ luật")
    stops: re.Pattern[str]
    not_starts: re.Pattern[str]  # first words that make "Luật X" no law ("Luật sư")
    openers: re.Pattern[str]  # words that open a sentence (text.yaml): "vào luật Để siết ..." runs a heading on
    field_before: re.Pattern[str]  # words that make "Luật" a school or field ("Trường ĐH Luật")
    field_after: re.Pattern[str]  # "Tài chính - Ngân hàng": a compound field of study
    not_after_lower: re.Pattern[str]
    year: re.Pattern[str]
    comma: re.Pattern[str]
    max_words: int
    window: int  # characters read after the type for a name
    window_before: int  # characters read before the type for `not_after_lower` and `field_before`


@dataclass(frozen=True)
class MeetingGrammar:
    pattern: re.Pattern[str]  # "Nghị quyết Trung ương 5", "Nghị quyết Đại hội XIII"
    issuers: dict[str, str]  # meeting as written (folded) -> issuer


@dataclass(frozen=True)
class LegalGrammar:
    types: dict[str, dict[str, Any]]  # lower-cased written type -> {canonical, code, bare}
    codes: Codes
    numbered: NumberedGrammar
    names: NameGrammar
    meetings: MeetingGrammar
    year_types: re.Pattern[str]


def _types(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Written type -> its entry; an entry may name its canonical type ("QCVN" is a Quy chuẩn)."""
    return {k.lower(): {"canonical": k, **v} for k, v in require(data, "types", "legal").items()}


def _numbered(data: dict[str, Any]) -> NumberedGrammar:
    so = alternation(require(data, "number_word", "legal"))
    count = alternation(data.get("count_words", []))
    return NumberedGrammar(
        reference=re.compile(rf"{_starts(list(require(data, 'types', 'legal')))}(?<!\w)"
                             rf"(?P<type>{alternation(list(require(data, 'types', 'legal')))})"
                             rf"(?:\s+(?P<so>{so})\s*:?\s*|\s+)(?P<num>{_NUMBER}){_END}", _I),
        list_item=re.compile(rf"\s*(?:{alternation(require(data, 'list_joiners', 'legal'))})\s*(?:(?P<so>{so})\s*)?"
                             rf"(?P<num>{_NUMBER}){_END}", _I),
        code_only=re.compile(rf"(?=\d)(?<![\w/\-])(?P<num>\d{{1,5}}[a-zA-Z]?(?:/\d{{4}})?[/\-](?P<code>{_CODE}))(?![\w/])"),
        # "Thông tư số 44 năm 2018": a count word followed by a year is the document's year
        count_after=re.compile(rf"\s*(?:{count})(?!\w)(?!\s+{_YEAR}(?!\d))", _I),
        issuer_after=re.compile(rf"\s+(?:{alternation(require(data, 'issuer_links', 'legal'))})\s+[A-ZĐ]"),
    )


def _names(data: dict[str, Any]) -> NameGrammar:
    windows = require(data, "windows", "legal")
    return NameGrammar(
        named=re.compile(rf"{_starts(data.get('named_types', []))}(?<!\w)"
                         rf"(?P<type>{alternation(data.get('named_types', []))})\s+(?=\w)", _I),
        stops=re.compile(rf"(?:{alternation(data.get('name_stops', []))})(?!\w)", _I),
        not_starts=re.compile(rf"(?:{alternation(require(data, 'not_name_starts', 'legal'))})(?!\w)", _I),
        openers=re.compile(rf"(?:{alternation(table('text').get('sentence_openers', []))})(?!\w)"),
        # after a field word, or after another (capitalised) field joined by a dash ("Kinh tế - Luật")
        field_before=re.compile(rf"(?:(?<!\w)(?:{alternation(require(data, 'field_words', 'legal'))})"
                                rf"|(?-i:[A-ZĐ])[^\W\d_]*(?:\s+[^\W\d_]+){{0,3}}\s*[-–])\s*$", _I),
        field_after=re.compile(r"\s*[-–]\s*[A-ZĐ]"),
        not_after_lower=re.compile(rf"(?<!\w)(?:{alternation(data.get('not_after_lower', []))})\s+$", _I),
        year=re.compile(rf"\s+(?:(?:{alternation(require(data, 'year_word', 'legal'))})\s+)?({_YEAR})(?![\w/])", _I),
        comma=re.compile(rf",\s(?:{alternation(data.get('name_comma_words', []))})(?!\w)", _I),
        max_words=int(data.get("name_max_words", 8)),
        window=int(windows["law_name"]),
        window_before=int(windows["before_type"]),
    )


def _meetings(data: dict[str, Any]) -> MeetingGrammar:
    m = require(data, "meetings", "legal")
    roman = r"(?-i:[IVXL]{1,6})"
    return MeetingGrammar(
        pattern=re.compile(
            rf"{_starts(m['types'])}(?<!\w)(?P<type>{alternation(m['types'])})\s+(?P<meeting>{alternation(list(m['issuers']))})"
            rf"(?:(?:\s+[^\s,.;:()]+){{0,4}}?\s+(?:{alternation(m['ordinals'])}))?\s+(?P<num>\d{{1,2}}|{roman})(?!\w)", _I),
        issuers={re.sub(r"\s+", " ", k.lower()): v for k, v in m["issuers"].items()},
    )


@cache
def grammar() -> LegalGrammar:
    data = table("legal")
    year = alternation(require(data, "year_word", "legal"))
    return LegalGrammar(
        types=_types(data),
        codes=Codes(dict(data.get("code_types", {})), dict(data.get("code_types_party", {})),
                    dict(require(data, "issuers", "legal")), dict(data.get("issuers_state", {}))),
        numbered=_numbered(data),
        names=_names(data),
        meetings=_meetings(data),
        year_types=re.compile(rf"{_starts(data.get('year_types', []))}(?<!\w)(?P<type>{alternation(data.get('year_types', []))})"
                              rf"\s+(?:(?:{year})\s+)?"
                              rf"(?P<year>{_YEAR})(?![\w/])", _I),
    )
