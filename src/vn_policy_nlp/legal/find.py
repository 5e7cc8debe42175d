"""The legal references of a text: one pass per way of citing, the earlier pass owning a span.

    numbered    a type and its number ("Chỉ thị số 09-CT/TU"), the numbers listed after it
    meeting     a Party resolution named by its meeting ("Nghị quyết Trung ương 5")
    code        a coded number alone ("theo 09-CT/TU")
    named       a law by its name, in either case ("Luật Đất đai 2024", "Luật dầu khí")
    year        a type by its year ("Hiến pháp năm 2013")
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ..mentions import Mention, Occupied
from .codes import clean_number, is_bare, issuer_of, parse_code
from .grammar import LegalGrammar, grammar

_WORD = re.compile(r"[^\s,.;:()\"“”'!?]+|,")


class _Found:
    """The references found so far and the spans they claim."""

    def __init__(self, g: LegalGrammar) -> None:
        self.g = g
        self.mentions: list[Mention] = []
        self.taken = Occupied()

    def free(self, start: int, end: int) -> bool:
        return self.taken.free(start, end)

    def add(self, start: int, end: int, typ: str, number: str | None, rule: str, **extra: Any) -> None:
        issuer = extra.pop("issuer", None) or (issuer_of(number, self.g) if number else None)
        attrs: dict[str, Any] = {"type": typ, "number": number, "issuer": issuer}
        attrs.update(extra)
        self.mentions.append(Mention("LAW", start, end, attrs, rule=rule))
        self.taken.add(start, end)


def _entry(g: LegalGrammar, type_text: str) -> dict[str, Any]:
    return g.types[re.sub(r"\s+", " ", type_text.lower())]


def _accept(text: str, type_text: str, number: str, has_so: bool, end: int, g: LegalGrammar) -> bool:
    """A number without "số" or a code must suit the type and must not be a count or a year.
    A type that is also an everyday word ("quyết định") takes a bare number when written with a
    capital, or when its issuer follows ("quyết định 319 của Thủ tướng")."""
    if not is_bare(number):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", number) and not has_so:
        return False
    if g.numbered.count_after.match(text, end):
        return False
    if has_so:
        return True
    bare = _entry(g, type_text).get("bare")
    return bare is True or (bare == "capital" and (type_text[:1].isupper() or bool(g.numbered.issuer_after.match(text, end))))


def _numbered(text: str, found: _Found) -> None:
    g = found.g
    for m in g.numbered.reference.finditer(text):
        number = clean_number(m.group("num"))
        type_text = m.group("type")
        if not _accept(text, type_text, number, bool(m.group("so")), m.end(), g) or not found.free(m.start(), m.end()):
            continue
        canonical = _entry(g, type_text)["canonical"]
        found.add(m.start(), m.end(), canonical, number, "legal.reference")
        pos, first_bare = m.end(), is_bare(number)
        while li := g.numbered.list_item.match(text, pos):
            item = clean_number(li.group("num"))
            if is_bare(item) != first_bare or not _accept(text, type_text, item, bool(li.group("so")), li.end(), g):
                break
            found.add(li.start("num") if not li.group("so") else li.start("so"), li.end(), canonical, item, "legal.list")
            pos = li.end()


def _meeting(text: str, found: _Found) -> None:
    g = found.g
    for m in g.meetings.pattern.finditer(text):
        if found.free(m.start(), m.end()):
            issuer = g.meetings.issuers.get(re.sub(r"\s+", " ", m.group("meeting").lower()))
            found.add(m.start(), m.end(), _entry(g, m.group("type"))["canonical"], m.group("num"), "legal.meeting",
                      issuer=issuer)


def _code_only(text: str, found: _Found) -> None:
    g = found.g
    for m in g.numbered.code_only.finditer(text):
        number = clean_number(m.group("num"))
        code, _, party = parse_code(number)
        typ = (g.codes.types_party.get(code or "") if party else None) or g.codes.types.get(code or "")
        if typ and found.free(m.start(), m.end()):
            found.add(m.start(), m.end(), typ, number, "legal.code")


def _named(text: str, found: _Found) -> None:
    g, names = found.g, found.g.names
    for m in g.names.named.finditer(text):
        type_text = m.group("type")
        left = text[max(0, m.start() - names.window_before) : m.start()]
        if names.field_before.search(left):
            continue  # "Trường ĐH Luật ...", "ĐH Kinh tế - Luật ..."
        name = law_name(text, m.end(), g, capital_type=type_text[:1].isupper())
        if name is None or not found.free(m.start(), name[0]):
            continue
        end, written, year = name
        if type_text[:1].islower() and year is None and names.not_after_lower.search(left):
            continue  # "vi phạm luật ...", but "thi hành luật hợp tác xã năm 2012" names one
        found.add(m.start(), end, _entry(g, type_text)["canonical"], None, "legal.named", name=written, year=year)


def _by_year(text: str, found: _Found) -> None:
    g = found.g
    for m in g.year_types.finditer(text):
        if found.free(m.start(), m.end()):
            found.add(m.start(), m.end(), _entry(g, m.group("type"))["canonical"], None, "legal.year", year=int(m.group("year")))


#: The passes by name, in order: a span found by an earlier pass is not found again.
PASSES: dict[str, Callable[[str, _Found], None]] = {
    "numbered": _numbered, "meeting": _meeting, "code": _code_only, "named": _named, "year": _by_year,
}


def find_legal(text: str, passes: Iterable[str] | None = None) -> list[Mention]:
    """Every legal reference of `text`, in order (`passes`: run only these, for evaluation)."""
    found = _Found(grammar())
    chosen = set(PASSES) if passes is None else set(passes)
    for name, step in PASSES.items():
        if name in chosen:
            step(text, found)
    return sorted(found.mentions, key=lambda x: x.start)


def law_name(text: str, start: int, g: LegalGrammar, capital_type: bool = True) -> tuple[int, str, int | None] | None:
    """The name after `Luật` (its end, the name, an optional year), or None: words up to a stop
    word, a capital or a number. After a capitalised type the name may start in lower case
    ("Luật dầu khí"); after a lower-case one it needs a capital or a year ("luật hợp tác xã năm 2012")."""
    names = g.names
    words = list(_WORD.finditer(text, start, start + names.window))
    if not words or not words[0].group(0)[:1].isalpha() or names.not_starts.match(text, words[0].start()) \
            or names.openers.match(text, words[0].start()):
        return None
    first = words[0].group(0)
    if first[:1].islower() and names.stops.match(text, words[0].start()):
        return None  # "Luật quy định ...", "luật về ...": no name ("Luật Các tổ chức tín dụng" has one)
    end, count, i = words[0].end(), 1, 1
    while i < len(words) and count < names.max_words:
        w = words[i]
        if w.group(0) == ",":
            cm = names.comma.match(text, w.start())
            if not cm:
                break
            end, count = cm.end(), count + len(cm.group(0).split()) - 1
            while i + 1 < len(words) and words[i + 1].start() < end:
                i += 1
        elif (text[end : w.start()].strip() or names.stops.match(text, w.start()) or not w.group(0)[:1].isalpha()
              or w.group(0)[:1].isupper()):
            break
        else:
            end, count = w.end(), count + 1
        i += 1
    if names.field_after.match(text, end):
        return None  # "Luật Tài chính - Ngân hàng": a field of study
    ym = names.year.match(text, end)
    if not first[:1].isupper() and not capital_type and not ym:
        return None
    return (ym.end(), text[start:end], int(ym.group(1))) if ym else (end, text[start:end], None)
