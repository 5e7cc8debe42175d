"""Stage 4: references to legal and policy documents.

Vietnamese documents are cited by type and number: `Chỉ thị số 09-CT/TU`
(Party format `số-LOẠI/CƠQUAN`), `Nghị định 100/2019/NĐ-CP` (state format
`số/năm/LOẠI-CƠQUAN`), by a programme number (`Chương trình 06`, `Đề án
911`) or, for laws, by name (`Luật Đất đai 2024`). The number's code names
the issuer (`CP` -> Chính phủ, `TU` -> Tỉnh ủy). Types, codes, issuers and
the words that end a law's name are data (`lang/vi/legal.yaml`).

The span covers the type and the number (and a law's name), never the date
after it: `ngày 5/7/2023` is a time expression of its own.

Mentions written: `legal_references`, label LAW, attrs `type`, `number`,
`issuer` (and `name`, `year` for a law cited by name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Mention, Occupied, add_mentions, text_of
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
        not_after_lower=re.compile(rf"(?<!\w)(?:{alternation(data.get('not_after_lower', []))})\s+$", re.IGNORECASE),
        code_types=dict(data.get("code_types", {})),
        code_types_party=dict(data.get("code_types_party", {})),
        issuers=dict(require(data, "issuers", "legal")),
        issuers_state=dict(data.get("issuers_state", {})),
    )


def _clean_number(num: str) -> str:
    """`01 / NQ - CP` -> `01/NQ-CP`; an en dash is a hyphen."""
    return re.sub(r"\s+", "", num).replace("–", "-")


def _parse_code(number: str) -> tuple[str | None, list[str], bool]:
    """`09-CT/TU` -> ("CT", ["TU"], party=True); `100/2019/NĐ-CP` -> ("NĐ", ["CP"], False)."""
    m = re.match(r"^\d+[a-zA-Z]?(?:[/\-](?:19|20)\d\d)?([/\-])(\D.*)$", number)
    if not m:
        return None, [], False
    party = m.group(1) == "-"
    segs = [re.sub(r"\d+$", "", s) for s in re.split(r"[\-/]", m.group(2)) if s]
    return (segs[0] if segs else None), segs[1:], party


def _issuer(number: str, g: LegalGrammar) -> str | None:
    first, rest, party = _parse_code(number)
    if first and first not in g.code_types:
        rest = [first, *rest]  # "45/2019/QH14", "1245/BXD-KHCN": no type code, the issuer comes first
    names = []
    for seg in rest:
        name = (None if party else g.issuers_state.get(seg)) or g.issuers.get(seg)
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _is_bare(number: str) -> bool:
    return re.fullmatch(r"\d+[a-zA-Z]?(?:[/\-]\d{4})?", number) is not None


def _accept(text: str, type_text: str, number: str, has_so: bool, end: int, g: LegalGrammar) -> bool:
    """A number without "số" or a code must suit the type and must not be a count or a year."""
    if not _is_bare(number):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", number) and not has_so:
        return False
    if g.count_after.match(text, end):
        return False
    if has_so:
        return True
    bare = g.types[re.sub(r"\s+", " ", type_text.lower())].get("bare")
    return bare is True or (bare == "capital" and type_text[:1].isupper())


def _law_name(text: str, start: int, g: LegalGrammar) -> tuple[int, str, int | None] | None:
    """The name after `Luật`: capitalised first word, then words up to a stop word; an optional year."""
    words = list(re.finditer(r"[^\s,.;:()\"“”'!?]+|,", text[start : start + 160]))
    if not words or not words[0].group(0)[:1].isupper():
        return None
    end = start + words[0].end()
    count = 1
    i = 1
    while i < len(words) and count < g.name_max:
        w = words[i].group(0)
        gap = text[end : start + words[i].start()]
        if w == ",":
            cm = g.name_comma.match(text, start + words[i].start())
            if not cm:
                break
            end = cm.end()
            count += len(cm.group(0).split()) - 1
            while i + 1 < len(words) and start + words[i + 1].start() < end:
                i += 1
            i += 1
            continue
        if gap.strip() or g.name_stops.match(text, start + words[i].start()) or w[:1].isupper() or w[:1].isdigit():
            break
        end = start + words[i].end()
        count += 1
        i += 1
    year = None
    name = text[start:end]
    ym = g.law_year.match(text[end:])
    if ym:
        year = int(ym.group(1))
        end += ym.end()
    return end, name, year


def find_legal(text: str) -> list[Mention]:
    g = grammar()
    out: list[Mention] = []
    taken = Occupied()
    free = taken.free

    def add(start: int, end: int, typ: str, number: str | None, rule: str, **extra: Any) -> None:
        attrs: dict[str, Any] = {"type": typ, "number": number, "issuer": _issuer(number, g) if number else None}
        attrs.update(extra)
        out.append(Mention("LAW", start, end, attrs, rule=rule))
        taken.add(start, end)

    for m in g.reference.finditer(text):
        number = _clean_number(m.group("num"))
        type_text = m.group("type")
        if not _accept(text, type_text, number, bool(m.group("so")), m.end(), g) or not free(m.start(), m.end()):
            continue
        canonical = g.types[re.sub(r"\s+", " ", type_text.lower())]["canonical"]
        add(m.start(), m.end(), canonical, number, "legal.reference")
        # "Nghị quyết 01, 02": the list shares the type.
        pos, first_bare = m.end(), _is_bare(number)
        while True:
            li = g.list_item.match(text, pos)
            if not li:
                break
            item = _clean_number(li.group("num"))
            if _is_bare(item) != first_bare or not _accept(text, type_text, item, bool(li.group("so")), li.end(), g):
                break
            add(li.start("num") if not li.group("so") else li.start("so"), li.end(), canonical, item, "legal.list")
            pos = li.end()
    for m in g.code_only.finditer(text):
        number = _clean_number(m.group("num"))
        code, _, party = _parse_code(number)
        typ = (g.code_types_party.get(code or "") if party else None) or g.code_types.get(code or "")
        if typ and free(m.start(), m.end()):
            add(m.start(), m.end(), typ, number, "legal.code")
    for m in g.named.finditer(text):
        type_text = m.group("type")
        if type_text[:1].islower() and g.not_after_lower.search(text[max(0, m.start() - 16) : m.start()]):
            continue
        found = _law_name(text, m.end(), g)
        if found is None:
            continue
        end, name, year = found
        if not free(m.start(), end):
            continue
        canonical = g.types[re.sub(r"\s+", " ", type_text.lower())]["canonical"]
        add(m.start(), end, canonical, None, "legal.named", name=name, year=year)
    for m in g.year_types.finditer(text):
        if free(m.start(), m.end()):
            canonical = g.types[m.group("type").lower()]["canonical"]
            add(m.start(), m.end(), canonical, None, "legal.year", year=int(m.group("year")))
    out.sort(key=lambda x: x.start)
    return out


class LegalMatcher:
    """Finds legal references; see the module docstring for scope."""

    def __init__(self, nlp: Language, name: str = "vnp_legal") -> None:
        self.name = name
        grammar()

    def __call__(self, doc: Doc) -> Doc:
        add_mentions(doc, "legal_references", find_legal(text_of(doc)))
        return doc


@Language.factory("vnp_legal", assigns=["doc.spans"], requires=[], default_config={})
def make_legal(nlp: Language, name: str) -> LegalMatcher:
    return LegalMatcher(nlp, name)
