"""Where a name that follows a head ends: "Công ty [CP Sữa Việt Nam] ký ...".

A name runs over capitalised words, numbers, joiners followed by a
capitalised word, and a few lower-case words up to a stop word
(`name_stop_words`, `name_stop_phrases`). It ends at its place ("...
giao thông thành phố Hà Nội"), before a person ("Văn phòng Chính phủ Mai
Tiến Dũng"), before a university system, and after a proper name followed
by a lower-case word ("Bệnh viện Bình Dân tiếp nhận").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import gazetteer
from ..lexicon import NEXT_WORD, WORD, foreign_word, is_acronym, is_capitalised
from ..rules import OrgRules

_NUMBER_GOES_ON = re.compile(r"[.,]\d")
_NUMBER_AFTER = re.compile(r"[ ]\d")
_DASH = re.compile(r"[ ]?[-–&][ ]?")
STOP = -1  # the name ends: no next position


@dataclass
class _State:
    """What the reader knows of the name so far."""

    end: int  # end of the name read so far
    lower: int = 0  # lower-case words since the last capitalised one
    seen_cap: bool = False
    only_levels: bool = True  # every name word so far is a school level or an acronym ("THPT")
    place_end: int = -1  # end of a province or country inside the run: names end with their place
    foreign: bool = False  # the last capitalised word is a brand or foreign word: no lowercase after it
    cap_run: int = 0  # length of the current run of capitalised words
    last_word: str = ""  # the previous word, lower case


class NameReader:
    """Reads one name word by word; each step returns the next position or STOP."""

    def __init__(self, text: str, rules: OrgRules, lowercase_start: bool) -> None:
        self.text, self.rules, self.g = text, rules, gazetteer()
        self.lowercase_start = lowercase_start

    def end(self, pos: int) -> int:
        """End of the name starting at `pos`; `pos` itself when there is none."""
        st = _State(end=pos)
        i = pos
        while i < len(self.text) and i != STOP:
            m = WORD.match(self.text, i)
            if m is None:
                i = self._dash_gap(i, st)
                continue
            if not st.seen_cap and not self.lowercase_start and not is_capitalised(m.group(0)):
                return pos  # a name opens with a capitalised word unless its head allows otherwise
            i = self._word(m, st)
        return st.end if st.seen_cap else pos

    def _word(self, m: re.Match[str], st: _State) -> int:
        text, rules, word = self.text, self.rules, m.group(0)
        if st.seen_cap and not st.only_levels and rules.system_re.match(text, m.start()):
            return STOP  # "Trường ĐH Khoa học Tự nhiên ĐH Quốc gia ...": the system is not the school's name
        if is_capitalised(word):
            sp = rules.sector_phrase.match(text, m.start())
            if sp and sp.group("head")[:1].isupper():
                st.end, st.lower, st.cap_run, st.seen_cap, st.only_levels = sp.end(), 0, 2, True, False
                return sp.end() + 1 if text[sp.end():sp.end() + 1] == " " else STOP
        if self._closing_number(m, st):
            st.end = m.end()
            return STOP
        number = word.isdigit() and st.seen_cap and st.lower == 0 and not _NUMBER_GOES_ON.match(text, m.end())
        if is_capitalised(word) or number:
            if not self._capitalised(m, st):
                return STOP
        elif st.seen_cap and word in rules.joiners:
            nm = WORD.match(text, m.end() + 1)
            if nm is None or starts_body(text, nm.start(), rules):
                return STOP
            if not is_capitalised(nm.group(0)) and not (word in rules.pair_joiners and self._lowercase_pair(nm, st)):
                return STOP
        elif not self._lowercase(m, st):
            return STOP
        st.last_word = word.lower()
        return self._advance(m, st)

    def _lowercase_pair(self, nm: re.Match[str], st: _State) -> bool:
        """"Trung tâm Truyền thông [và tư vấn] tuyển sinh": after a descriptive name (one capitalised
        word and a few lower-case ones, not a brand), "và" goes on to lower-case words of the same kind."""
        rules = self.rules
        nw = NEXT_WORD.match(self.text, nm.end())
        return (st.cap_run == 1 and st.lower <= rules.windows.lowercase_before_pair and not st.foreign
                and st.end != st.place_end and not ends_name(nm.group(0), nw.group(1) if nw else None, "", rules))

    def _closing_number(self, m: re.Match[str], st: _State) -> bool:
        """A short number after a descriptive name, closing it ("Trường Tiểu học số 2")."""
        word = m.group(0)
        return (word.isdigit() and st.seen_cap and st.lower > 0 and st.cap_run == 1
                and len(word) <= self.rules.windows.name_number_digits
                and not _NUMBER_GOES_ON.match(self.text, m.end()) and closes_name(self.text, m.end(), self.rules))

    def _breaks_name(self, m: re.Match[str], st: _State) -> bool:
        """What starts after a name whose full stop the text lost: a caption word ("... Thành - Ảnh"), a
        time of day or date ("... Tân Tạo Tháng 11", "Sáng 30/6"), a number after the name's place
        ("Đại học Quốc gia TP. HCM 25 năm")."""
        word, rules = m.group(0), self.rules
        if word in rules.name_breakers:
            return True
        if word.lower() in rules.name_time_words and _NUMBER_AFTER.match(self.text, m.end()):
            return True
        return word.isdigit() and st.end == st.place_end

    def _capitalised(self, m: re.Match[str], st: _State) -> bool:
        """A capitalised word (or a number) joins the name; False when a person starts here."""
        word, rules, g = m.group(0), self.rules, self.g
        if st.seen_cap and self._breaks_name(m, st):
            return False
        b = g.bare_names.match(self.text, m.start())
        if b and (b.group(0) in g.provinces or g.others.get(b.group(0)) == "country"):
            st.place_end = b.end()
        elif word in rules.surnames and st.seen_cap and not st.only_levels:
            nw = NEXT_WORD.match(self.text, m.end())
            if nw and is_capitalised(nw.group(1)):
                return False  # "Văn phòng Chính phủ Mai Tiến Dũng": a person follows the body
        st.foreign = foreign_word(word) and word not in rules.legal_forms
        if not is_acronym(word):
            st.cap_run = st.cap_run + 1 if st.lower == 0 and st.seen_cap else 1
        st.seen_cap = True
        st.only_levels = st.only_levels and (word in rules.school_levels or is_acronym(word))
        st.end, st.lower = m.end(), 0
        return True

    def _lowercase(self, m: re.Match[str], st: _State) -> bool:
        """A lower-case word: part of a descriptive name ("Cục Quản lý giá"), or the end of the name."""
        word, text, rules, g = m.group(0), self.text, self.rules, self.g
        lp = g.level_phrase.match(text, m.start()) if st.seen_cap else None
        if lp and not lp.group("name").isdigit() and g.known(lp.group("name")):
            st.end = st.place_end = lp.end()  # "... giao thông thành phố Hà Nội": a scope ends the name
            return False
        if st.seen_cap and (st.end == st.place_end or st.foreign):
            return False
        nw = NEXT_WORD.match(text, m.end())
        two = f"{word} {nw.group(1)}" if nw else word
        compound = f"{st.last_word} {word}" in rules.name_compounds
        # After a proper name ("Bệnh viện Bình Dân", "Trường mầm non Hoa Sen") a lower-case word starts the
        # sentence again, even one that opens a compound the name list also stops at ("... Hoa Sen tuyển sinh").
        opens = two.lower() in rules.name_compounds and two not in rules.stop_phrases
        if st.seen_cap and st.cap_run > 1 and st.lower == 0 and not compound and not opens:
            return False
        if word.isdigit() or ends_name(word, nw.group(1) if nw else None, st.last_word, rules):
            return False
        st.lower += 1
        if st.lower > (rules.max_lowercase if st.seen_cap else rules.windows.lowercase_before_name):
            return False
        if st.seen_cap:
            st.end = m.end()
        return True

    def _advance(self, m: re.Match[str], st: _State) -> int:
        """The next word's position: after a space, an abbreviated level's dot, or a dash before a capital."""
        text, word = self.text, m.group(0)
        after = text[m.end():m.end() + 1]
        if after == " ":
            return m.end() + 1
        if after == "." and word + "." in self.g.abbreviated_levels and text[m.end() + 1:m.end() + 2] == " ":
            st.end = m.end() + 1
            return m.end() + 2
        d = _DASH.match(text, m.end())
        if d and st.seen_cap:
            nm = WORD.match(text, d.end())
            if nm and is_capitalised(nm.group(0)):
                return d.end()
        return STOP

    def _dash_gap(self, i: int, st: _State) -> int:
        """No word at `i`: a dash or ampersand after a space goes on to a capitalised word."""
        text = self.text
        d = _DASH.match(text, i - 1) if st.seen_cap and i > 0 and text[i - 1] == " " else None
        nm = WORD.match(text, d.end()) if d else None
        return d.end() if d and nm and is_capitalised(nm.group(0)) else STOP


def ends_name(word: str, next_word: str | None, last_word: str, rules: OrgRules) -> bool:
    """A lower-case word ends a name: a stop word or the start of a stop phrase, unless it is part of a
    compound a name runs over ("Công ty cổ phần Dịch vụ", "Viện ... và Phát triển")."""
    two = f"{word} {next_word}" if next_word else word
    if f"{last_word} {word}".lower() in rules.name_compounds or two.lower() in rules.name_compounds:
        return False
    return word in rules.stop_words or word in rules.stop_phrases or two in rules.stop_phrases


def name_end(text: str, pos: int, rules: OrgRules, lowercase_start: bool = False) -> int:
    """End of a name that starts at `pos` (`pos` when none does). `lowercase_start`
    lets a name open with a few lowercase words when a capitalised one follows
    ("Tập đoàn dầu khí Việt Nam", "Ban quản lý chợ Đông Ba")."""
    return NameReader(text, rules, lowercase_start).end(pos)


def closes_name(text: str, pos: int, rules: OrgRules) -> bool:
    """Punctuation, the end, or a stop word follows `pos`: a number there closes a name."""
    rest = text[pos:pos + 1]
    if rest == "" or rest in ",.;:)(\n-–\"”":
        return True
    nw = NEXT_WORD.match(text, pos)
    if not nw:
        return False
    after = NEXT_WORD.match(text, nw.end()) or nw
    return (nw.group(1) in rules.stop_words or nw.group(1) in rules.stop_phrases
            or f"{nw.group(1)} {after.group(1)}" in rules.stop_phrases)


def starts_body(text: str, pos: int, rules: OrgRules) -> bool:
    """A new body's head stands at `pos` ("... Hòa Phát và [Tập đoàn] ...")."""
    m = rules.head_re.match(text, pos) or rules.scoped_phrase.match(text, pos) or rules.central_re.match(text, pos)
    return m is not None
