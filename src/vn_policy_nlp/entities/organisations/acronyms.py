"""Acronyms and short names an article defines, and their later mentions.

"Ngân hàng TMCP Quân đội (MB)": the bracketed acronym names the body, and
every later "MB" is the same body with the same `name`. "Quân đội Syria Tự
do (FSA)": an acronym in brackets after a proper name is a body even when no
rule found the name. "(sau đây gọi là DATC)": a short name defined in words,
whose later mentions take the body's name as written.
"""

from __future__ import annotations

import bisect
import re

from ..gazetteer import Gazetteer
from ..lexicon import UPPER, after_phrase, is_acronym, is_capitalised
from ..rules import OrgRules
from .org import Org

_BRACKETED = re.compile(r"[ ]?\(([^\W_][^\s()]{1,15})\)")
_BRACKET_ACRONYM = re.compile(rf"[ ]\(([{UPPER}][{UPPER}0-9]{{1,8}})\)")
_WORDS_TO_ACRONYM = re.compile(rf"((?:[ ][^\W_]+){{1,30}}?)[ ]\(([{UPPER}][{UPPER}0-9&]{{1,8}})\)")


def _later_mentions(text: str, written: set[str], before: str = "") -> re.Pattern[str]:
    alt = "|".join(re.escape(a) for a in sorted(written, key=len, reverse=True))
    return re.compile(rf"(?<![\w&.{before}])(?:{alt})(?![\w&{')' if before else ''}])")


def _names_a_body(text: str, m: re.Match[str], rules: OrgRules) -> bool:
    """Two capitalised words or more before the bracket, not a treaty's or plan's
    name, not a person ("Nguyễn Văn A (SN 1975)")."""
    w = rules.windows
    before = text[max(0, m.start() - w.bracket_name):m.start()].split()[-w.bracket_name_words:]
    if sum(is_capitalised(x) for x in before) < 2:
        return False
    if rules.bracket_not_after.search(text, max(0, m.start() - w.bracket_not_after), m.start()):
        return False
    caps: list[str] = []
    for x in reversed(before):
        if not is_capitalised(x):
            break
        caps.append(x)
    caps.reverse()
    return not (caps and (caps[0] in rules.surnames or after_phrase(
        text, m.start() - len(" ".join(caps)), rules.person_titles, w.person_title)))


def extend_to_acronym(text: str, orgs: list[Org], rules: OrgRules) -> list[Org]:
    """A name cut before lower-case words that its bracketed acronym closes takes them in:
    "Công ty TNHH MTV Thiết kế [và tư vấn xây dựng công trình hàng không] (ADCC)". Only
    over joiners and words that are not verbs or function words, and never into another body."""
    if "(" not in text:
        return orgs
    for o in orgs:
        m = _WORDS_TO_ACRONYM.match(text, o.end)
        if m is None or o.rule == "org.bracketed" or not is_acronym(m.group(2)):
            continue
        words = m.group(1).split()
        if len(words) > rules.windows.words_to_acronym or not _may_continue(text, m.start(1) + 1, words, rules):
            continue
        o.end = m.end(1)
    return orgs


def _may_continue(text: str, start: int, words: list[str], rules: OrgRules) -> bool:
    from .name_run import ends_name, starts_body

    pos = start
    for i, w in enumerate(words):
        if w in rules.joiners:
            if starts_body(text, pos + len(w) + 1, rules):
                return False
        elif ends_name(w.lower(), words[i + 1].lower() if i + 1 < len(words) else None,
                       words[i - 1].lower() if i else "", rules):
            return False
        pos += len(w) + 1
    return True


def bracketed_acronyms(text: str, g: Gazetteer, rules: OrgRules) -> list[Org]:
    """An acronym in brackets after a proper name ("Quân đội Syria Tự do (FSA)",
    "Phái bộ ... tại Mali (MINUSMA)") names a body; so do its later mentions.
    Not after a person ("Nguyễn Văn A (SN 1975)") or a place."""
    if "(" not in text:
        return []
    out: list[Org] = []
    defined: set[str] = set()
    for m in _BRACKET_ACRONYM.finditer(text):
        acr = m.group(1)
        if (not is_acronym(acr) or acr in rules.bracket_not_acronyms or acr in rules.abbreviations or g.known(acr)
                or acr in rules.known or not _names_a_body(text, m, rules)):
            continue
        defined.add(acr)
        out.append(Org(m.start(1), m.end(1), "org.bracketed", "other", None, acr))
    if defined:
        out.extend(Org(x.start(), x.end(), "org.bracketed", "other", None, x.group(0))
                   for x in _later_mentions(text, defined, "(").finditer(text))
    return out


def _definitions(text: str, orgs: list[Org], rules: OrgRules) -> dict[str, Org]:
    """Acronym -> the body it names (with its full name), for each body followed by its acronym."""
    defined: dict[str, Org] = {}
    for o in orgs:
        cue = rules.definition_cues.match(text, o.end)
        if cue and o.name and " " not in cue.group("short").strip():
            defined[cue.group("short").strip()] = o  # "(sau đây gọi là VietinBank)"
            continue
        m = _BRACKETED.match(text, o.end)
        if not m or not (is_acronym(m.group(1)) or (m.group(1)[:1].isupper() and " " not in m.group(1))):
            continue
        acronym = m.group(1)
        if is_acronym(text[o.start:o.end]):
            continue  # "EU (EVFTA)": an acronym is not defined by another; the bracket names something else
        if o.name and acronym not in o.name and acronym not in rules.abbreviations:
            curated = rules.full_names.get(acronym)
            o.name = curated or rules.defined_acronym_name.format(name=o.name, acronym=acronym)
            defined[acronym] = o
    return defined


def defined_acronyms(text: str, orgs: list[Org], rules: OrgRules) -> list[Org]:
    """`Ngân hàng TMCP Quân đội (MB)`: the bracketed acronym names the body; later
    mentions of it (found here if no rule knew them) share the full name."""
    defined = _definitions(text, orgs, rules)
    if not defined:
        return orgs
    for acronym, body in list(defined.items()):  # "MASECO" defined, "Maseco" written later
        if len(acronym) >= rules.windows.title_case_acronym and acronym.isalpha() and acronym.isupper():
            defined.setdefault(acronym.title(), body)
    taken = {(o.start, o.end) for o in orgs}
    new: list[Org] = []
    org_starts = [o.start for o in orgs]
    for m in _later_mentions(text, set(defined)).finditer(text):
        i = bisect.bisect_right(org_starts, m.start())
        if i and orgs[i - 1].start <= m.start() < orgs[i - 1].end:
            if (m.start(), m.end()) in taken:
                here, body = orgs[i - 1], defined[m.group(0)]
                here.name = body.name
                if here.rule == "org.bracketed":
                    here.type = body.type  # an acronym no rule knew is the body it stands for
            continue
        body = defined[m.group(0)]
        new.append(Org(m.start(), m.end(), "org.defined_acronym", body.type, body.level, body.name))
    return sorted(orgs + new, key=lambda x: x.start) if new else orgs
