"""Bodies known by name (`known_names`: firms, banks, media, international
bodies) and bodies written as a head and a name (`named_heads`: "Công ty
...", "Trường ...", "Bệnh viện ...")."""

from __future__ import annotations

import re
from typing import Any

from ...lang.wordlist import two_syllable_words
from ..gazetteer import Gazetteer, gazetteer
from ..lexicon import WORD, at_sentence_start, brand_word, is_acronym, is_capitalised, left_ok, prev_word
from ..rules import OrgRules
from .name_run import name_end
from .org import Org, is_generic


def find_known(text: str, hits: list[re.Match[str]], rules: OrgRules) -> list[Org]:
    """Bodies known by name, named by full_names or by their kind's pattern ("Câu lạc bộ bóng đá Chelsea")."""
    found = []
    for m in hits:
        if not left_ok(text, m.start(), "&."):
            continue
        written, kind = m.group(0), rules.known[m.group(0)]
        name = rules.full_names.get(written.replace(". ", "."))
        if name is None:
            name = rules.known_name_patterns.get(kind, "{name}").format(name=written)
        found.append(Org(m.start(), m.end(), "org.known", kind, None, name))
    return found


def _head_excluded(text: str, m: re.Match[str], rules: OrgRules) -> bool:
    """A head that is no body here: inside a person's or another body's name
    ("Vũ Văn Viện"), part of a word ("thị trường"), a newspaper's name for
    the school it names ("báo Trường ĐH ..."), or generic."""
    head = m.group("head")
    pw = prev_word(text, m.start(), rules.windows.prev_word)
    if pw and is_capitalised(pw) and not is_acronym(pw) and not at_sentence_start(
            text, m.start() - len(pw) - 1, rules.windows.sentence_start):
        return True
    if pw and f"{pw.lower()} {head.split(' ')[0].lower()}" in rules.head_compounds:
        return True
    first = WORD.match(text, m.end())
    if first and rules.heads[head] == "media" and first.group(0) in rules.heads:
        return True
    if first and f"{head.lower()} {first.group(0).lower()}" in rules.head_compounds:
        return True  # "trường hợp": a word that opens with a head word
    return is_generic(text, m.start(), m.end() - 1, rules)


def _extend(text: str, m: re.Match[str], end: int, g: Gazetteer, rules: OrgRules) -> tuple[int, dict[str, Any]]:
    """A school's university system ("Trường ĐH Bách khoa, ĐHQG TP.HCM") and a
    branch's place ("Phân hiệu ... tại Bến Tre") are part of the mention."""
    head = m.group("head")
    attrs: dict[str, Any] = {}
    u = rules.system_after.match(text, end)
    if u and rules.heads[head] == "education" and not rules.system_re.match(text, m.end()):
        end = u.end()
        attrs["_system"] = (u.start("sys") - m.start(), rules.system_names[u.group("sys")])
    if head in rules.branch_heads:
        b = rules.branch_after.match(text, end)
        p = (g.level_phrase.match(text, b.end()) or g.bare_names.match(text, b.end())) if b else None
        if b and p:
            attrs["_branch"] = (b.start() - m.start(), text[b.end():p.end()])
            end = p.end()
    return end, attrs


def find_headed(text: str, hits: list[re.Match[str]], g: Gazetteer, rules: OrgRules) -> list[Org]:
    found: list[Org] = []
    for m in hits:
        head = m.group("head")
        if not left_ok(text, m.start(), "&") or _head_excluded(text, m, rules):
            continue
        end = name_end(text, m.end(), rules, lowercase_start=head in rules.lowercase_name_heads)
        if end <= m.end() or all(w in rules.school_levels for w in text[m.end():end].split()):
            continue
        if _too_short(text[m.end():end].split(), rules.min_name_words.get(head, 0)):
            continue
        end, attrs = _extend(text, m, end, g, rules)
        found.append(Org(m.start(), end, "org.head", rules.heads[head], None, head=head, attrs=attrs))
    return found


def _too_short(words: list[str], fewest: int) -> bool:
    """A name of fewer Vietnamese words than its head needs (`min_name_words`), or of fewer capitalised
    ones when it opens with one proper syllable that is no two-syllable word (`lang.wordlist`: "Trường
    Sơn họp mặt", not "trường Kinh tế" or "Trường Sĩ quan"): a person's or a place's name, not a body's."""
    if fewest == 0 or any(is_acronym(w) or brand_word(w) for w in words):
        return False
    if len(words) < fewest:
        return True
    capitalised = sum(is_capitalised(w) for w in words)
    return (capitalised < fewest and is_capitalised(words[0])
            and f"{words[0]} {words[1]}".lower() not in two_syllable_words())


def find_described(text: str, rules: OrgRules) -> list[Org]:
    """A brand after a describing head and what the firm does ("hãng bảo mật Kaspersky",
    "trang đặt phòng Agoda"): the brand alone, when it has a foreign word or an acronym
    and no family name opens it."""
    g = gazetteer()
    found: list[Org] = []
    for m in rules.described.finditer(text):
        words = m.group("name").replace("-", " ").split()
        what = m.group("what").split()
        if not any(brand_word(w) for w in words) or words[0] in rules.surnames or g.known(m.group("name")):
            continue
        if any(w in rules.stop_words or w in g.place_words for w in what):
            continue  # "đội bóng đã cưu mang Messi", "đội bóng xứ Catalan"
        found.append(Org(m.start("name"), m.end("name"), "org.described", "business", None))
    return found
