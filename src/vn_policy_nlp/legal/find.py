"""The legal references of a text: one pass per way of citing, the earlier pass owning a span."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..mentions import Mention, Occupied
from .codes import clean_number, is_bare, issuer_of, parse_code
from .grammar import LegalGrammar, grammar


class _Found:
    """The references found so far and the spans they claim."""

    def __init__(self, g: LegalGrammar) -> None:
        self.g = g
        self.mentions: list[Mention] = []
        self.taken = Occupied()

    def free(self, start: int, end: int) -> bool:
        return self.taken.free(start, end)

    def add(self, start: int, end: int, typ: str, number: str | None, rule: str, **extra: Any) -> None:
        attrs: dict[str, Any] = {"type": typ, "number": number, "issuer": issuer_of(number, self.g) if number else None}
        attrs.update(extra)
        self.mentions.append(Mention("LAW", start, end, attrs, rule=rule))
        self.taken.add(start, end)


def _canonical(g: LegalGrammar, type_text: str) -> str:
    return str(g.types[re.sub(r"\s+", " ", type_text.lower())]["canonical"])


def _accept(text: str, type_text: str, number: str, has_so: bool, end: int, g: LegalGrammar) -> bool:
    """A number without "số" or a code must suit the type and must not be a count or a year."""
    if not is_bare(number):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", number) and not has_so:
        return False
    if g.count_after.match(text, end):
        return False
    if has_so:
        return True
    bare = g.types[re.sub(r"\s+", " ", type_text.lower())].get("bare")
    return bare is True or (bare == "capital" and type_text[:1].isupper())


def _numbered(text: str, found: _Found) -> None:
    """A type and its number ("Chỉ thị số 09-CT/TU"), and the numbers listed after it ("Nghị quyết 01, 02")."""
    g = found.g
    for m in g.reference.finditer(text):
        number = clean_number(m.group("num"))
        type_text = m.group("type")
        if not _accept(text, type_text, number, bool(m.group("so")), m.end(), g) or not found.free(m.start(), m.end()):
            continue
        canonical = _canonical(g, type_text)
        found.add(m.start(), m.end(), canonical, number, "legal.reference")
        pos, first_bare = m.end(), is_bare(number)
        while li := g.list_item.match(text, pos):
            item = clean_number(li.group("num"))
            if is_bare(item) != first_bare or not _accept(text, type_text, item, bool(li.group("so")), li.end(), g):
                break
            found.add(li.start("num") if not li.group("so") else li.start("so"), li.end(), canonical, item, "legal.list")
            pos = li.end()


def _code_only(text: str, found: _Found) -> None:
    """A number whose code names the type, without the type word ("theo 09-CT/TU")."""
    g = found.g
    for m in g.code_only.finditer(text):
        number = clean_number(m.group("num"))
        code, _, party = parse_code(number)
        typ = (g.code_types_party.get(code or "") if party else None) or g.code_types.get(code or "")
        if typ and found.free(m.start(), m.end()):
            found.add(m.start(), m.end(), typ, number, "legal.code")


def _named(text: str, found: _Found) -> None:
    """A law cited by its name ("Luật Đất đai 2024", "Bộ luật Hình sự")."""
    g = found.g
    for m in g.named.finditer(text):
        type_text = m.group("type")
        if type_text[:1].islower() and g.not_after_lower.search(text[max(0, m.start() - g.window_before_lower) : m.start()]):
            continue
        name = law_name(text, m.end(), g)
        if name is None or not found.free(m.start(), name[0]):
            continue
        end, written, year = name
        found.add(m.start(), end, _canonical(g, type_text), None, "legal.named", name=written, year=year)


def _by_year(text: str, found: _Found) -> None:
    """A type cited by its year only ("Hiến pháp năm 2013")."""
    g = found.g
    for m in g.year_types.finditer(text):
        if found.free(m.start(), m.end()):
            found.add(m.start(), m.end(), _canonical(g, m.group("type")), None, "legal.year", year=int(m.group("year")))


#: The passes in order: a span found by an earlier pass is not found again.
PASSES: tuple[Callable[[str, _Found], None], ...] = (_numbered, _code_only, _named, _by_year)


def find_legal(text: str) -> list[Mention]:
    """Every legal reference of `text`, in order."""
    found = _Found(grammar())
    for step in PASSES:
        step(text, found)
    return sorted(found.mentions, key=lambda x: x.start)


def law_name(text: str, start: int, g: LegalGrammar) -> tuple[int, str, int | None] | None:
    """The name after `Luật` (its end, the name, an optional year): a capitalised first
    word, then words up to a stop word, a capital or a number."""
    words = list(re.finditer(r"[^\s,.;:()\"“”'!?]+|,", text[start : start + g.window_law_name]))
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
    name = text[start:end]
    ym = g.law_year.match(text[end:])
    return (end + ym.end(), name, int(ym.group(1))) if ym else (end, name, None)
