"""Stage 3: time expressions, resolved against the publication date, and deadlines.

Vietnamese news writes dates day-first and mostly without a year (`ngày
12-1`, `sáng 5/7`), names quarters in Roman numerals (`quý II/2024`), half
years by counting months (`6 tháng đầu năm`), periods as year ranges after a
frame word (`giai đoạn 2021-2025`) and deadlines with a limit preposition
(`đến hết năm 2025`, `trước ngày 30/6`). All of these words and the pattern
templates are data (`lang/vi/time.yaml`); this module compiles them, picks
the longest non-overlapping matches, resolves values and flags deadlines.

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

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Mention, Occupied, add_mentions, text_layer, text_of
from ..lang import alternation, require, table
from ..text import TextLayer

REFS = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")
_FLAGS = re.IGNORECASE
# Start and end guards shared by every pattern: not inside a word, a number or a code.
_LEFT = r"(?<![\w/.,\-–])"
_CLOCK = re.compile(r"^\d{1,2}[hg]\d{0,2}\W*$")  # 10h45, 9h: a clock time, not a code
_PAREN = re.compile(r"\([^()]*\)")  # an aside: "(tối đa 5% tổng chỉ tiêu)"
_RIGHT = r"(?![\w%]|[.,]\d|\s?[/\-–]\s?\d)"
_YEAR_END = re.compile(r"(?<![\d.,])(?:1[89]|2[01])\d\d$")  # "năm 2025", "tháng 6/2025": ends in a year
_CODE_AFTER = re.compile(r"\s?[/\-–]\s?[A-ZĐ]{2}")  # "15/NQ-CP": the number of a document


@dataclass(frozen=True)
class Pattern:
    name: str
    kind: str
    unit: str | None
    needs_cue: bool
    prefix: str  # its named groups are renamed `<prefix><group>` in the combined scanner


@dataclass(frozen=True)
class TimeGrammar:
    patterns: tuple[Pattern, ...]
    scanner: re.Pattern[str]  # all patterns as one alternation, in table order
    starts: re.Pattern[str]  # where an expression can start: a digit or the first syllable of a table word
    phrase: re.Pattern[str]  # vague words, relative days, anaphora
    phrase_kind: dict[str, tuple[str, Any]]
    phrase_not_after: dict[str, re.Pattern[str]]  # first syllable -> words that make it part of another word
    idioms: re.Pattern[str] | None
    quarter_numbers: dict[str, int]
    count_numbers: dict[str, int]
    count_directions: dict[str, str]
    month_names: dict[str, int]
    sides: dict[str, str]
    relative: dict[str, dict[str, Any]]
    qualifiers: re.Pattern[str]
    qualifier_mod: dict[str, str | None]
    bare_units: dict[str, str]  # unit word -> year/month/quarter/week
    coordination: re.Pattern[str]
    limits: re.Pattern[str]
    limit_mod: dict[str, str]
    frames: re.Pattern[str]
    frame_mod: dict[str, str | None]
    same_period: re.Pattern[str]
    suffixes: re.Pattern[str]
    suffix_direction: dict[str, str | None]
    day_bracket: re.Pattern[str]
    decade: re.Pattern[str]
    dl_plan: re.Pattern[str]
    dl_baseline: re.Pattern[str]
    dl_document: re.Pattern[str]
    range_joiner: re.Pattern[str]
    list_joiner: re.Pattern[str]
    bare_cue: re.Pattern[str]
    unit_after: re.Pattern[str]
    not_unit_after: re.Pattern[str] | None
    word_before: re.Pattern[str]
    frequency_before: re.Pattern[str]
    dl_cue: re.Pattern[str]
    dl_strong: re.Pattern[str]
    dl_clause_end: re.Pattern[str]
    dl_soft_end: re.Pattern[str]
    dl_exceptions: re.Pattern[str] | None
    dl_window: tuple[int, int]
    dl_window_headed: int
    dl_past_words: int
    dl_lead: re.Pattern[str]
    dl_purpose: re.Pattern[str]
    dl_subordinate: re.Pattern[str]
    quantity: re.Pattern[str]
    dl_as_of: re.Pattern[str]
    dl_horizon: re.Pattern[str]
    dl_past: re.Pattern[str]
    dl_horizon_after: re.Pattern[str]


def trie_alternation(phrases: list[str]) -> str:
    """A regex alternation of lower-cased `phrases` factored as a trie: one pass per
    character instead of one try per phrase (the phrase lists here run to hundreds).
    Spaces match any run of spaces; the longest phrase wins."""
    root: dict[str, Any] = {}
    for phrase in {p.lower() for p in phrases if p}:
        node = root
        for ch in re.sub(r"\s+", " ", phrase):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def lowered(text: str) -> str:
    """`text.lower()` with the same length, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _before(words: list[str]) -> re.Pattern[str]:
    """Matches one of `words` ending right where a search window ends (after optional spaces)."""
    return re.compile(rf"(?<!\w)({alternation(words)})\s*$", _FLAGS)


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower())


@cache
def grammar() -> TimeGrammar:
    data = table("time")
    atoms: dict[str, str] = require(data, "atoms", "time")
    words: dict[str, list[str]] = dict(require(data, "words", "time"))
    qual_mod: dict[str, str | None] = {_key(k): v for k, v in require(data, "qualifiers", "time").items()}
    bare_units: dict[str, str] = {_key(k): v for k, v in require(data, "bare_units", "time").items()}
    words["qualifier"], words["bare_unit"] = list(qual_mod), list(bare_units)
    # The scanners run over the lower-cased text, without IGNORECASE: much faster on Vietnamese.
    subst = {**{k: f"(?:{v})" for k, v in atoms.items()}, **{k: f"(?:{trie_alternation(v)})" for k, v in words.items()}}

    def expand(template: str) -> str:
        return re.sub(r"@([A-Za-z_]+)", lambda m: subst[m.group(1)], template)

    patterns, parts = [], []
    for i, p in enumerate(require(data, "patterns", "time")):
        prefix = f"p{i}_"
        body = re.sub(r"\(\?P<([a-z_0-9]+)>", lambda m, pre=prefix: f"(?P<{pre}{m.group(1)}>", expand(p["template"]))
        re.compile(body)  # a broken template fails here, with its own text in the error
        parts.append(f"(?P<p{i}>{body})")
        patterns.append(Pattern(p["name"], p["kind"], p.get("unit"), p.get("cue") == "required", prefix))
    # At each position the first pattern (in table order) that matches wins, so the
    # table lists longer forms before the shorter forms they contain.
    scanner = re.compile(_LEFT + "(?:" + "|".join(parts) + ")" + _RIGHT)
    firsts = {w.split()[0] for ws in words.values() for w in ws if w.strip() and not w[0].isdigit()}
    starts = re.compile(rf"(?<![\w/.,\-–])(?:\d|(?:{trie_alternation(sorted(firsts))})(?!\w))")

    phrase_kind: dict[str, tuple[str, Any]] = {}
    for w, v in require(data, "vague", "time").items():
        phrase_kind[_key(w)] = ("vague", v)
    for w, v in data.get("days", {}).items():
        phrase_kind[_key(w)] = ("day", v)
    for w, v in data.get("anaphora", {}).items():
        phrase_kind[_key(w)] = ("anaphora", v)
    phrase = re.compile(rf"(?<!\w)(?:{trie_alternation(list(phrase_kind))})(?!\w)")

    guard = require(data, "guard", "time")
    dl = require(data, "deadline", "time")
    qualifiers = words["qualifier"]
    coordination = rf"\s*(?:(?:{alternation(data.get('coordination', []))})\s*)*"
    limits: dict[str, str] = require(data, "limits", "time")
    frames: dict[str, str | None] = data.get("frames", {})
    time_words = alternation(words["day"] + words["month"] + words["year"] + words["quarter"] + list(limits))
    horizon_after = rf"^\s*,?\s*(?:{alternation(dl['horizon'])})(?!\w)"
    return TimeGrammar(
        patterns=tuple(patterns),
        scanner=scanner,
        starts=starts,
        phrase=phrase,
        phrase_kind=phrase_kind,
        phrase_not_after={_key(k): _before(v) for k, v in data.get("vague_not_after", {}).items()},
        idioms=re.compile(rf"(?<!\w)(?:{trie_alternation(data['idioms'])})(?!\w)") if data.get("idioms") else None,
        quarter_numbers={_key(str(k)): int(v) for k, v in data["quarter_numbers"].items()},
        count_numbers={_key(str(k)): int(v) for k, v in data["count_numbers"].items()},
        count_directions={_key(k): v for k, v in data["count_directions"].items()},
        month_names={_key(k): int(v) for k, v in data["month_names"].items()},
        sides={_key(k): v for k, v in data["sides"].items()},
        relative={_key(k): v for k, v in require(data, "relative", "time").items()},
        qualifiers=_before(qualifiers),
        qualifier_mod=qual_mod,
        bare_units=bare_units,
        coordination=re.compile(coordination, _FLAGS),
        limits=_before(list(limits)),
        limit_mod={_key(k): v for k, v in limits.items()},
        frames=_before(list(frames)),
        frame_mod={_key(k): v for k, v in frames.items()},
        same_period=_before(data.get("same_period", [])),
        suffixes=re.compile(
            rf"\s+({alternation(list(data.get('suffixes', {})))})(?!\w)(?!\s*(?:\d|{time_words})(?!\w))", _FLAGS
        ),
        suffix_direction={_key(k): v for k, v in data.get("suffixes", {}).items()},
        day_bracket=re.compile(expand(data["day_bracket"]), _FLAGS),
        decade=re.compile(rf"^(?:{alternation(words['decade'])})$", _FLAGS),
        dl_plan=re.compile(rf"(?<!\w)(?:{alternation(dl['plan_words'])})(?!\w)", _FLAGS),
        dl_baseline=_before(dl["baseline"]),
        dl_document=re.compile(
            rf"(?<!\w)(?:{alternation(dl['document_words'])})\s+(?:(?:{alternation(dl['number_word'])})\s+)?\d+[\w/\-–]*\s*$", _FLAGS
        ),
        range_joiner=re.compile(rf"\s*(?:{alternation(data['range_joiners'])})\s*$", _FLAGS),
        list_joiner=re.compile(rf"\s*(?:{alternation(data['list_joiners'])})\s*$", _FLAGS),
        bare_cue=_before(words["bare_date_cue"]),
        unit_after=re.compile(rf"\s*(?:{alternation(guard['units_after'])})(?!\w)", _FLAGS),
        not_unit_after=re.compile(rf"\s*(?:{alternation(guard['not_units_after'])})(?!\w)", _FLAGS)
        if guard.get("not_units_after") else None,
        word_before=re.compile(rf"(?<!\w)(?:{alternation(guard['words_before'])})\s*:?\s*$"),
        frequency_before=_before(guard["frequency_before"]),
        # Cues are matched case-sensitively: "Cần Thơ" is a city, "cần" a need.
        dl_cue=re.compile(rf"(?<!\w)(?:{alternation(dl['cues'])})(?!\w)"),
        dl_strong=re.compile(rf"(?<!\w)(?:{alternation(dl['strong_cues'])})(?!\w)"),
        dl_clause_end=re.compile("|".join(re.escape(x) for x in dl["clause_end"])),
        # a comma inside a list of numbers ("Nghị quyết 01, 02") does not end a clause
        dl_soft_end=re.compile("|".join([re.escape(x) for x in dl["clause_end"]]
                                        + [re.escape(x) + r"(?!\s?\d)" for x in dl.get("soft_end", [])])),
        dl_exceptions=re.compile(rf"(?<!\w)(?:{alternation(dl['cue_exceptions'])})(?!\w)", _FLAGS)
        if dl.get("cue_exceptions") else None,
        dl_window=(int(dl["window_before"]), int(dl["window_after"])),
        dl_window_headed=int(dl.get("window_after_headed", dl["window_after"])),
        dl_past_words=int(dl.get("past_after_limit_words", 0)),
        dl_purpose=_before(dl["purpose"]),
        dl_lead=re.compile(
            rf"^\s*(?:{alternation(dl['lead_openers'])})\s+(?:{alternation(dl['cues'])})(?!\w)"
            rf"|(?<!\w)(?:{alternation(dl['cues'])})(?!\w).*(?<!\w)(?:{alternation(dl['lead_reporting'])})\s*$"
        ),
        dl_subordinate=re.compile(rf"\s*(?:{alternation(dl.get('subordinate') or ['(?!)'])})(?!\w)", _FLAGS),
        # A quantity: a number that is not a year, a code, or a count of time units.
        quantity=re.compile(
            rf"(?<![\w/.,])(?<!thứ )(?!(?:19|20)\d\d(?!\d))\d+(?:[.,]\d+)*(?![\w/]|\s*(?:{alternation(words['count_unit'])})(?!\w))", _FLAGS
        ),
        dl_as_of=_before(dl["as_of"]),
        dl_horizon=_before(dl["horizon"]),
        dl_past=re.compile(rf"(?<!\w)(?:{alternation(dl['past'])})(?!\w)", _FLAGS),
        dl_horizon_after=re.compile(horizon_after, _FLAGS),
    )


@dataclass
class _Cand:
    start: int  # span start, after left extension
    end: int
    core_start: int
    kind: str
    groups: dict[str, str]
    rule: str
    unit: str | None = None
    mod: str | None = None
    limit: str | None = None
    frame: str | None = None
    qualifier: str | None = None
    same_period: bool = False
    direction: str | None = None  # "past"/"future" from a suffix ("tháng 9 tới")
    cued: bool = True
    end_value: Any = None  # second half of a merged range
    parts: list[_Cand] = field(default_factory=list)


@dataclass
class _Context:
    """What a reader knows at a point of the text: the publication date and the time under discussion."""

    py: int | None
    pm: int | None
    pd: int | None
    year: int | None = None  # last year named
    interval: tuple[int, int] | None = None  # last period named
    day: tuple[int | None, int, int] | None = None  # last day named (year may be unknown)
    sub: tuple[int, str] | None = None  # (sentence, "-H1") granularity of the last expression
    layer: TextLayer | None = None  # the text's sentences

    def sentence_of(self, pos: int) -> int:
        return 0 if self.layer is None else self.layer.sentence_index(pos)


def parse_published(published: str | None) -> tuple[int | None, int | None, int | None]:
    """`2023`, `2023-01`, `2023-01-12` -> (year, month, day); anything else -> unknown parts."""
    if not published:
        return None, None, None
    m = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(published))
    if not m:
        return None, None, None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


# --------------------------------------------------------------------------- finding


def _window(text: str, end: int, size: int = 48) -> str:
    return text[max(0, end - size) : end]


def _token_at(text: str, pos: int) -> str:
    """The run of non-space characters around `pos`."""
    s = e = pos
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    while e < len(text) and not text[e].isspace():
        e += 1
    return text[s:e]


def _amount_after(text: str, end: int, core: str, g: TimeGrammar) -> bool:
    """A unit word after the number makes it an amount ("2025 tỷ đồng"), unless the word only
    starts like a unit ("2025 tỷ lệ") or the number is a year written after its unit word
    ("năm 2025 tỷ lệ", "quý I/2025 doanh nghiệp"): no amount is written that way."""
    if not g.unit_after.match(text, end):
        return False
    if g.not_unit_after is not None and g.not_unit_after.match(text, end):
        return False
    return not (core[:1].isalpha() and _YEAR_END.search(core))


def _guarded(text: str, c: _Cand, g: TimeGrammar) -> bool:
    """True when the match is really an amount, a count, a code or a phone number."""
    core = text[c.core_start : c.end]
    if core[-1:].isdigit() and (_amount_after(text, c.end, core, g) or _CODE_AFTER.match(text, c.end)):
        return True
    if core[:1].isdigit():
        if g.word_before.search(_window(text, c.core_start, 24)):
            return True
        token = _token_at(text, c.core_start).strip(".,;:()\"'“”")
        # a code ("15/NQ-CP", "H5N1", "A320", "9001:2015"), not a date
        if not _CLOCK.match(token) and re.search(r"[/\-]\s?[A-ZĐ]{2,}|[A-ZĐa-z]\d|\d[A-ZĐ]|:", token):
            return True
        if sum(ch.isdigit() for ch in token) >= 9:
            return True
        # "1900 1234", "0912 345 678": numbers run on
        if re.match(r"\s\d{3}", text[c.end : c.end + 4]) or re.search(r"\d\s$", text[max(0, c.core_start - 2) : c.core_start]):
            return True
    return bool(c.kind in ("month", "quarter", "relative") and g.frequency_before.search(_window(text, c.core_start, 16)))


def _extend(text: str, c: _Cand, g: TimeGrammar) -> None:
    """Add qualifiers, limits and frames before the core, and suffixes after it."""
    pos = c.core_start
    if c.groups.get("frame"):
        c.frame = _key(c.groups["frame"])
        c.mod = "period" if c.groups.get("y2") else None
    if c.kind in ("year", "month", "quarter", "relative", "months_of_year", "half", "date"):
        m = g.qualifiers.search(_window(text, pos))
        if m:
            c.qualifier = _key(m.group(1))
            c.mod = g.qualifier_mod.get(c.qualifier)
            pos -= len(m.group(0))
    m = g.same_period.search(_window(text, pos))
    if m and c.kind in ("year", "relative"):
        c.same_period = True
        pos -= len(m.group(0))
    else:
        m = g.frames.search(_window(text, pos))
        if m and g.frame_mod.get(_key(m.group(1))) is None:
            c.frame = _key(m.group(1))
            pos -= len(m.group(0))
    if c.kind not in ("vague", "anaphora"):  # "đến nay" is whole already
        m = g.limits.search(_window(text, pos))
        if m:
            c.limit = _key(m.group(1))
            c.mod = g.limit_mod[c.limit]
            pos -= len(m.group(0))
    m = g.frames.search(_window(text, pos))
    if m and g.frame_mod.get(_key(m.group(1))) == "period":
        c.frame = _key(m.group(1))
        if c.mod is None:
            c.mod = "period"
        pos -= len(m.group(0))
        m = g.qualifiers.search(_window(text, pos))
        if m and c.qualifier is None:  # "đầu những năm 1990"
            c.qualifier = _key(m.group(1))
            c.mod = g.qualifier_mod.get(c.qualifier)
            pos -= len(m.group(0))
    c.start = pos
    m = g.suffixes.match(text, c.end)
    if m and c.kind in ("year", "date", "month", "quarter"):
        direction = g.suffix_direction.get(_key(m.group(1)))
        # "tháng 9 tới" picks a year; after a written year only "vừa qua" belongs to the span
        if direction == "past" or not (c.groups.get("y") or c.groups.get("y_w")):
            c.end = m.end()
            c.direction = direction
    if c.kind == "day":
        m = g.day_bracket.match(text, c.end)
        if m:  # "Chiều nay (9/7)": the bracket gives the date
            c.groups.update({k: v for k, v in m.groupdict().items() if v is not None})
            c.kind = "date"
            c.end = m.end()


def _candidates(text: str, g: TimeGrammar) -> list[_Cand]:
    """Every pattern's matches over `text` (lower-cased by the caller)."""
    out: list[_Cand] = []
    end = 0
    for s in g.starts.finditer(text):  # try the scanner only where an expression can start
        if s.start() < end:
            continue
        m = g.scanner.match(text, s.start())
        if m is None:
            continue
        end = m.end()
        p = g.patterns[int((m.lastgroup or "p0")[1:])]
        n = len(p.prefix)
        groups = {k[n:]: v for k, v in m.groupdict().items() if v is not None and k.startswith(p.prefix)}
        out.append(_Cand(m.start(), m.end(), m.start(), p.kind, groups, p.name, unit=p.unit, cued=not p.needs_cue))
    for m in g.phrase.finditer(text):
        key = _key(m.group(0))
        blocker = g.phrase_not_after.get(key.split()[0])
        if blocker is not None and blocker.search(_window(text, m.start(), 16)):
            continue
        kind, _ = g.phrase_kind[key]
        out.append(_Cand(m.start(), m.end(), m.start(), kind, {"phrase": m.group(0)}, f"phrase.{kind}"))
    return out


def _select(text: str, cands: list[_Cand], g: TimeGrammar) -> list[_Cand]:
    """Guard, extend, then keep the longest non-overlapping candidates; cue-less ones only in lists and ranges."""
    kept: list[_Cand] = []
    for c in cands:
        if _guarded(text, c, g):
            continue
        _extend(text, c, g)
        kept.append(c)
    kept.sort(key=lambda c: (-(c.end - c.start), c.start))
    chosen: list[_Cand] = []
    taken = Occupied()
    for c in kept:
        if not taken.free(c.start, c.end):
            continue
        chosen.append(c)
        taken.add(c.start, c.end)
    chosen.sort(key=lambda c: c.start)
    out: list[_Cand] = []
    for c in chosen:
        if not c.cued:
            prev = out[-1] if out else None
            between = text[prev.end : c.core_start] if prev else ""
            joined = prev and prev.kind == "date" and (g.list_joiner.match(between) or g.range_joiner.match(between))
            if c.limit or g.bare_cue.search(_window(text, c.core_start, 16)) or joined:
                c.cued = True
            if not c.cued:
                continue
        out.append(c)
    return _merge_ranges(text, out, g)


def _merge_ranges(text: str, cands: list[_Cand], g: TimeGrammar) -> list[_Cand]:
    """`từ năm 2021 đến năm 2025`, `từ ngày 7-6 đến 9-6`, `Từ năm 2018 đến nay`: one interval."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and (prev.mod == "start" or prev.frame) and not prev.parts and prev.end <= c.start:
            gap = text[prev.end : c.start]
            # "từ năm 2021 đến năm 2025": a joiner between the two cores (it may be the second's limit word)
            joined = "," not in gap and g.range_joiner.match(text[prev.end : c.core_start])
            # "Từ năm 2018 đến nay": the end is a vague word that starts with a joiner
            until_now = c.kind == "vague" and not gap.strip() and g.range_joiner.match(" " + c.groups["phrase"].split()[0])
            if joined or until_now:
                merged = _Cand(prev.start, c.end, prev.core_start, "range", {}, prev.rule + "+" + c.rule)
                merged.mod = "period"
                merged.frame = prev.frame
                merged.parts = [prev, c]
                out[-1] = merged
                continue
        out.append(c)
    return out


# --------------------------------------------------------------------------- resolving


def _ref(sign: int) -> str:
    return REFS[0] if sign < 0 else REFS[2] if sign > 0 else REFS[1]


def _closest_year(ctx: _Context, month: int, day: int | None, forward: bool = False, backward: bool = False) -> int | None:
    """The year that puts day/month nearest the publication date (news reports recent events);
    with `forward` (a limit: `trước ngày 30/6`, `tháng 9 tới`) the nearest one not before it,
    with `backward` (`tháng 3 vừa qua`) the nearest one not after it."""
    if ctx.py is None:
        return None
    if ctx.pm is None:
        return ctx.py
    pub = ctx.py * 12 + ctx.pm - 1 + ((ctx.pd or 15) - 15) / 31

    def at(y: int) -> float:
        return y * 12 + month - 1 + ((day or 15) - 15) / 31

    if forward:
        return ctx.py if at(ctx.py) >= pub - 0.5 else ctx.py + 1
    if backward:
        return ctx.py if at(ctx.py) <= pub + 0.5 else ctx.py - 1
    return min((ctx.py, ctx.py - 1, ctx.py + 1), key=lambda y: abs(at(y) - pub))


def _yfmt(y: int | None) -> str:
    return "XXXX" if y is None else f"{y:04d}"


def _safe_date(y: int | None, m: int, d: int) -> bool:
    try:
        date(y or 2000, m, d)
    except ValueError:
        return False
    return True


def _num(s: str | None) -> int | None:
    return int(s) if s and s.isdigit() else None


def _count(s: str, g: TimeGrammar) -> int | None:
    return int(s) if s.isdigit() else g.count_numbers.get(_key(s))


def _year_of(c: _Cand, ctx: _Context, g: TimeGrammar) -> int | None:
    """The year a month, quarter or half names: written, relative (`năm nay`) or None."""
    y = _num(c.groups.get("y") or c.groups.get("y_w"))
    if y is not None:
        return y
    rel = c.groups.get("rel")
    if rel:
        r = g.relative.get(_key(rel), {})
        if "offset" in r:
            base = ctx.year if r.get("anaphoric") and ctx.year else ctx.py
            return None if base is None else base + int(r["offset"])
    return None


def _relative_year(c: _Cand, ctx: _Context, g: TimeGrammar) -> str | None:
    rel = c.groups.get("rel")
    if not rel:
        return None
    r = g.relative.get(_key(rel), {})
    if "ref" in r:
        return str(r["ref"])
    off = int(r.get("offset", 0))
    base = ctx.year if r.get("anaphoric") and ctx.year else ctx.py  # "năm trước" after "năm 2016" is 2015
    return _ref(off) if base is None else _yfmt(base + off)


def _value(c: _Cand, ctx: _Context, g: TimeGrammar) -> str | None:
    k, gr = c.kind, c.groups
    if k == "date":
        d = int(gr["d"])
        m = _num(gr.get("m") or gr.get("m_w"))
        if m is None:
            return None
        y = _num(gr.get("y") or gr.get("y_w"))
        if y is None:
            y = _closest_year(ctx, m, d, forward=c.mod in ("by", "before") or c.direction == "future",
                              backward=c.direction == "past")
        if not _safe_date(y, m, d):
            return None
        v = f"{_yfmt(y)}-{m:02d}-{d:02d}"
        if gr.get("hh"):
            v += f"T{int(gr['hh']):02d}:{int(gr.get('mi') or 0):02d}"
        return v
    if k == "date_range":
        d, d2, m = int(gr["d"]), int(gr["d2"]), int(gr["m"])
        m2 = _num(gr.get("m2")) or m
        y = _num(gr.get("y")) or _closest_year(ctx, m, d)
        if (m2, d2) <= (m, d) or not _safe_date(y, m, d) or not _safe_date(y, m2, d2):
            return None
        return f"{_yfmt(y)}-{m:02d}-{d:02d}/{_yfmt(y)}-{m2:02d}-{d2:02d}"
    if k in ("month", "month_range"):
        mw = gr["m"]
        m = int(mw) if mw.isdigit() else g.month_names.get(_key(mw))
        if m is None:
            return None
        y = _year_of(c, ctx, g)
        if y is None and not gr.get("rel"):
            y = _closest_year(ctx, m, None, forward=c.mod in ("by", "before") or c.direction == "future",
                              backward=c.direction == "past")
        if gr.get("rel") and y is None:
            return f"XXXX-{m:02d}"
        if k == "month_range":
            m2 = int(gr["m2"])
            return None if m2 <= m else f"{_yfmt(y)}-{m:02d}/{_yfmt(y)}-{m2:02d}"
        return f"{_yfmt(y)}-{m:02d}"
    if k == "quarter":
        q = g.quarter_numbers.get(_key(gr["q"]))
        if q is None:
            return None
        y = _year_of(c, ctx, g)
        if y is None and not gr.get("y") and not gr.get("rel"):
            y = ctx.py
        return f"{_yfmt(y)}-Q{q}"
    if k in ("months_of_year", "half"):
        side = g.sides.get(_key(gr["side"])) if gr.get("side") else "first"
        y = _year_of(c, ctx, g)
        if y is None and not gr.get("rel"):
            y = ctx.py
        ys = _yfmt(y)
        n = 6 if k == "half" else _count(gr["n"], g)
        if not n or n > 12:
            return None
        first = side == "first"
        if n == 6:
            return f"{ys}-H{1 if first else 2}"
        if n == 3:
            return f"{ys}-Q{1 if first else 4}"
        if n == 12:
            return ys
        if n == 1:
            return f"{ys}-{1 if first else 12:02d}"
        return f"{ys}-01/{ys}-{n:02d}" if first else f"{ys}-{13 - n:02d}/{ys}-12"
    if k in ("year", "year_range"):
        y, y2 = int(gr["y"]), _num(gr.get("y2"))
        if y2 is not None:
            if y2 <= y or y2 - y > 30:
                return None
            return f"{y}/{y2}"
        if c.same_period and ctx.sub and ctx.sub[0] == ctx.sentence_of(c.start):
            return f"{y}{ctx.sub[1]}"
        if y % 10 == 0 and c.frame and g.decade.match(c.frame):
            return f"{y // 10}X"  # "những năm 1990": the decade
        return str(y)
    if k == "relative":
        unit = c.unit
        rel = _key(gr.get("rel", ""))
        r = g.relative.get(rel, {})
        if unit == "year":
            v = _relative_year(c, ctx, g)
            if v and c.same_period and v[:1].isdigit() and ctx.sub and ctx.sub[0] == ctx.sentence_of(c.start):
                return v + ctx.sub[1]
            return v
        if "ref" in r:
            return str(r["ref"])
        off = int(r.get("offset", 0))
        if unit == "month" and ctx.py and ctx.pm:
            t = ctx.py * 12 + ctx.pm - 1 + off
            return f"{t // 12:04d}-{t % 12 + 1:02d}"
        if unit == "quarter" and ctx.py and ctx.pm:
            t = ctx.py * 4 + (ctx.pm - 1) // 3 + off
            return f"{t // 4:04d}-Q{t % 4 + 1}"
        if unit == "week" and ctx.py and ctx.pm and ctx.pd:
            iso = (date(ctx.py, ctx.pm, ctx.pd) + timedelta(weeks=off)).isocalendar()
            return f"{iso[0]:04d}-W{iso[1]:02d}"
        return _ref(off)
    if k == "unit":
        unit = g.bare_units.get(_key(gr["unit"]))
        if unit == "year":
            y = ctx.year if ctx.year is not None else ctx.py
            return _yfmt(y)
        if unit == "month":
            if ctx.day and ctx.day[0] is not None:
                return f"{ctx.day[0]:04d}-{ctx.day[1]:02d}"
            if ctx.py and ctx.pm:
                return f"{ctx.py:04d}-{ctx.pm:02d}"
            return "XXXX-XX"
        return REFS[1]
    if k == "count":
        return g.count_directions.get(_key(gr["dir"]))
    if k == "clock":
        hh, mi = int(gr["hh"]), int(gr.get("mi") or gr.get("mi_w") or 0)
        if ctx.day:
            y, m, d = ctx.day
        elif ctx.pd:
            y, m, d = ctx.py, ctx.pm, ctx.pd
        else:
            return f"XXXX-XX-XXT{hh:02d}:{mi:02d}"
        return f"{_yfmt(y)}-{m:02d}-{d:02d}T{hh:02d}:{mi:02d}"
    if k == "vague":
        return str(g.phrase_kind[_key(gr["phrase"])][1])
    if k == "day":
        spec = g.phrase_kind[_key(gr["phrase"])][1]
        if "ref" in spec:
            return str(spec["ref"])
        off = int(spec.get("offset", 0))
        if spec.get("anaphoric") and ctx.day:
            y, m, d = ctx.day
        elif ctx.pd:
            y, m, d = ctx.py, ctx.pm, ctx.pd
        else:
            return _ref(off)
        day = date(y or 2000, m, d) + timedelta(days=off)
        return f"{_yfmt(day.year if y else None)}-{day.month:02d}-{day.day:02d}"
    if k == "anaphora":
        spec = g.phrase_kind[_key(gr["phrase"])][1]
        off = int(spec.get("offset", 0))
        unit = spec.get("unit")
        if unit == "period":
            if ctx.interval:
                a, b = ctx.interval
                span = b - a + 1
                return f"{a + off * span}/{b + off * span}"
            return _ref(off)
        if unit == "year":
            return _ref(off) if ctx.year is None else str(ctx.year + off)
        if unit == "same_period":
            base = ctx.py if spec.get("deictic") or ctx.year is None else ctx.year
            if base is None:
                return REFS[0]
            sub = ctx.sub[1] if ctx.sub and ctx.sub[0] == ctx.sentence_of(c.start) else ""
            return f"{base + off}{sub}"
    if k == "range":
        return None  # resolved from its parts
    return None


def _update(ctx: _Context, c: _Cand, value: str) -> None:
    """Move the time under discussion to what this expression named."""
    m = re.match(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?", value)
    iv = re.match(r"^(\d{4})[^/]*/(\d{4})", value)
    if iv:
        ctx.interval = (int(iv.group(1)), int(iv.group(2)))
        ctx.year = None
        return
    if not m:
        return
    y = None if m.group(1) == "XXXX" else int(m.group(1))
    if y is not None and c.kind not in ("relative", "unit", "anaphora", "day", "clock"):
        ctx.year = y  # only a written time moves the discussion; "năm trước" points back from it
    if m.group(2) and m.group(3) and c.kind in ("date", "date_range", "range"):
        ctx.day = (y, int(m.group(2)), int(m.group(3)))  # "hôm sau ... ngày hôm sau": both from the written day
    sub = value[4:]
    if sub.startswith("-H") or sub.startswith("-Q") or re.match(r"^-\d{2}$", sub):
        ctx.sub = (ctx.sentence_of(c.start), sub)
    elif value[:1].isdigit():
        ctx.sub = None


def resolve(text: str, cands: list[_Cand], published: str | None, g: TimeGrammar,
            layer: TextLayer | None = None) -> tuple[list[tuple[_Cand, str]], _Context]:
    py, pm, pd = parse_published(published)
    ctx = _Context(py, pm, pd, layer=layer or TextLayer.of(text))
    out: list[tuple[_Cand, str]] = []
    for c in cands:
        if c.kind == "range":
            a, b = c.parts
            va = _value(a, ctx, g)
            if va is None:
                continue
            if b.kind == "vague":
                vb = _yfmt(py) if va[:4].isdigit() and py and len(va) == 4 else (
                    f"{py:04d}-{pm:02d}" if py and pm and len(va) == 7 else REFS[1])
                if vb == REFS[1] and py:
                    vb = str(py)
            else:
                vb = _value(b, ctx, g)
                if vb is None:
                    continue
                vb = _fill_year(va, vb)
            value = f"{va.split('/')[0]}/{vb.split('/')[-1]}"
        else:
            v = _value(c, ctx, g)
            if v is None:
                continue
            value = v
        out.append((c, value))
        _update(ctx, c, value)
    return out, ctx


def _fill_year(first: str, second: str) -> str:
    """`từ ngày 7-6 đến 9-6`: the end takes the start's year when it was not written."""
    if second.startswith("XXXX") and first[:4].isdigit():
        return first[:4] + second[4:]
    return second


# --------------------------------------------------------------------------- deadlines


def _words_tail(s: str, n: int) -> str:
    parts = s.split()
    return " ".join(parts[-n:]) if parts else ""


def _words_head(s: str, n: int) -> str:
    return " ".join(s.split()[:n])


def _past_by(after: str, clause: str, g: TimeGrammar) -> bool:
    """Does a limit open an account of the past ("đến hết năm 2016, toàn tỉnh đã có 20 xã
    đạt chuẩn", "đến năm 2015 đã tăng 6,5 lần")? The limit's own clause is the words right after
    it, or the next comma clause when the limit stands alone at the head of the sentence or clause;
    a subordinate clause ("Đến năm 2030, khi đã chuẩn bị đủ ...") says nothing of it."""
    m = re.match(r"\s*,", after)
    if m and clause.strip(" \"“'(-"):
        return False  # "hoàn thành trước ngày 28/2, trong đó ...": the limit closes its clause
    own = _words_head(re.split(r"[,;:]|\svà\s", after[m.end() if m else 0 :], maxsplit=1)[0], g.dl_past_words)
    if g.dl_subordinate.match(own):
        return False
    past = g.dl_past.search(own)
    strong = g.dl_strong.search(own)
    return bool(past and (strong is None or past.start() < strong.start()))


def _deadline(
    text: str, c: _Cand, value: str, ctx: _Context, g: TimeGrammar, now: int | None, target_mode: bool,
    bounds: tuple[int, int] = (0, 1 << 30),
) -> bool:
    """Does the expression say by when a target or task must be met?

    A limit (`đến năm 2025`, `trước ngày 30/6`) does, unless it is "as of"
    (`tính đến`), a horizon (`tầm nhìn đến`) or past. A bare time does when
    its clause holds a verb of obligation or plan, or a target noun followed
    by a quantity, or when an earlier deadline of the sentence opened a list
    of targets (`đến năm 2025 là 12-15% và năm 2030 là 13-18%`). A cue belongs to the
    nearest time: the clause is cut at the neighbouring expressions (`bounds`).
    Also a deadline: a time right after a word of purpose (`để quý I đạt ...`), and a named
    period with a quantity after a framing clause (`Theo kế hoạch, năm 2019 ...`) or for a
    coming period (`giai đoạn 5 năm tới là 2.350 tỷ đồng`). Not: a time inside a plan's name
    (`chương trình CNTT năm 2017`), a limit that opens an account of the past
    (`đến hết năm 2016, toàn tỉnh đã có ...`).
    """
    if c.kind in ("vague", "day", "anaphora", "clock") or (value in (REFS[0], REFS[1]) and c.kind != "relative"):
        return False
    if value == REFS[0] or (c.kind == "relative" and value == REFS[1] and c.unit != "year"):
        return False
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", value)]
    if now is not None and years and max(years) < now:
        return False
    last = re.search(r"(\d{4})-(\d{2})(?!.*\d{4})", value)
    if last and ctx.py and ctx.pm and (int(last.group(1)), int(last.group(2))) < (ctx.py, ctx.pm):
        return False  # a month already past at publication ("trong tháng trước")
    s_idx = ctx.sentence_of(c.start)
    layer = ctx.layer or TextLayer.of(text)
    s_start = layer.sentence_at(c.start).start if layer.sentences else 0
    left = text[max(s_start, c.start - 24) : c.start]
    horizon = g.dl_horizon.search(left)
    if horizon and text[s_start : c.start - len(horizon.group(0))].strip(" \"“'(-"):
        return False  # "Chiến lược ... tầm nhìn đến năm 2045": a horizon inside a plan's name
    if g.dl_baseline.search(left) or g.dl_document.search(left):
        return False  # a baseline of comparison, or the date of a document
    s_end = layer.sentence_reach(s_idx)
    if g.dl_horizon_after.match(text[c.end : s_end]):
        return False
    after_all = text[c.end : min(s_end, bounds[1])]
    nb, na = g.dl_window
    head = text[s_start : c.start]
    head = head[:1].lower() + head[1:]  # a sentence-initial cue is still a cue
    near = text[max(s_start, bounds[0]) : c.start]
    clause = head[max((m.end() for m in g.dl_soft_end.finditer(head)), default=0) :]
    plan = None
    for plan in g.dl_plan.finditer(clause):  # noqa: B007 - the last plan name in the clause
        pass
    tail = clause[plan.end() :] if plan is not None else ""
    if plan is not None and not g.dl_strong.search(tail) and not g.dl_cue.search(tail):
        return False  # "Quy hoạch sử dụng đất đến năm 2020", "chương trình CNTT năm 2017": the plan's name
    if c.limit:
        if g.dl_as_of.search(text[max(0, c.start - 16) : c.start]):
            return False
        if c.mod in ("by", "before"):
            return not _past_by(after_all, clause, g)
        if not c.parts:
            return False
    if (c.kind in ("date", "date_range") and not c.limit) or (c.parts and c.parts[-1].kind in ("date", "date_range")):
        return False  # the day of an event
    if c.parts and c.parts[-1].kind == "vague":
        return False  # "từ 2012 đến nay": a span of the past
    clause = clause[max(0, len(clause) - len(near)) :] if bounds[0] > s_start else clause
    before = _words_tail(_PAREN.sub(" ", clause), nb)
    after_all = _PAREN.sub(" ", after_all)
    after = raw_after = _words_head(g.dl_clause_end.split(after_all, maxsplit=1)[0], na)
    if g.dl_exceptions is not None:
        before, after = g.dl_exceptions.sub(" ", before), g.dl_exceptions.sub(" ", after)
    if g.dl_strong.search(before) or g.dl_purpose.search(before):
        return True  # "phải vượt kế hoạch trong năm 2019", "để quý 1 đạt kết quả toàn diện"
    if target_mode and g.coordination.fullmatch(text[bounds[0] : c.start]):
        return True  # "hoàn thành các chỉ tiêu của năm 2019 và của cả giai đoạn 2016-2021": a coordinated time
    strong_after = g.dl_strong.search(after)
    own = re.split(r",|\svà\s", raw_after.lstrip(" ,"), maxsplit=1)[0]  # the expression's own clause
    past = g.dl_past.search(own)
    if past and (strong_after is None or past.start() < strong_after.start()):
        return False  # "trong năm 2016 đã xảy ra": an account of the past
    if strong_after:
        return True
    probe = after
    headed = before.rstrip()
    named = any(ch.isdigit() for ch in text[c.start : c.end])
    led = _led(head, clause, g)
    if named and (led or any(m.end() == len(headed) for m in g.dl_cue.finditer(headed))):
        # the time names a target noun's period ("chỉ tiêu kế hoạch năm 2017 ... là 6-7%",
        # "Theo kế hoạch, giai đoạn 2021-2025, ... là 443 người"): the value may come further on
        probe = _words_head(g.dl_clause_end.split(after_all, maxsplit=1)[0], g.dl_window_headed)
    if bounds[1] < s_end:  # the clause was cut at the next time: let a unit word be read past the cut
        unit = re.match(r"\s*[^\W\d]+", text[bounds[1] : bounds[1] + 12])
        probe += " " + unit.group(0).strip() if unit else ""
    quantity = g.quantity.search(probe) is not None
    # a quantity for a coming period is planned ("vốn bố trí giai đoạn 5 năm tới là 2.350 tỷ đồng")
    unit = c.groups.get("unit")
    ahead = value == REFS[2] and (unit is None or g.bare_units.get(_key(unit)) in ("year", "quarter", "month"))
    return quantity and bool(target_mode or led or ahead or g.dl_cue.search(before) or g.dl_cue.search(after))


def _led(head: str, clause: str, g: TimeGrammar) -> bool:
    """Is the expression at the head of its comma clause, after a clause that frames what follows
    as a target ("Theo kế hoạch, năm 2019 ...", "Kế hoạch của tỉnh cho biết, giai đoạn 2021-2025, ...")?"""
    if clause.strip(" \"“'(-"):
        return False
    cut = head[: len(head) - len(clause)]
    ends = [m.start() for m in g.dl_soft_end.finditer(cut)]
    if not ends:
        return False
    starts = [m.end() for m in g.dl_soft_end.finditer(cut, 0, ends[-1])]
    return bool(g.dl_lead.search(cut[starts[-1] if starts else 0 : ends[-1]]))


def _last_year(value: str) -> int | None:
    """The latest year a value reaches: `2016/2021` -> 2021."""
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", value)]
    return max(years) if years else None


def _text_now(resolved: list[tuple[_Cand, str]]) -> int | None:
    """Without a publication date, the latest fully dated day in the text stands in for "now"."""
    years = [int(v[:4]) for c, v in resolved if c.kind == "date" and re.match(r"^\d{4}-\d{2}-\d{2}", v)]
    return max(years) if years else None


def find_times(text: str, published: str | None = None, blocked: list[tuple[int, int]] | None = None,
               layer: TextLayer | None = None) -> list[Mention]:
    """Time expressions of `text`, resolved against `published` (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or None);
    `layer` is the text's layer when the caller has it."""
    g = grammar()
    low = lowered(text)
    cands = _select(text, _candidates(low, g), g)
    if g.idioms is not None:
        blocked = list(blocked or []) + [m.span() for m in g.idioms.finditer(low)]
    if blocked:
        cands = [c for c in cands if not any(c.start < e and s < c.end for s, e in blocked)]
    resolved, ctx = resolve(text, cands, published, g, layer)
    now = ctx.py if ctx.py is not None else _text_now(resolved)
    out: list[Mention] = []
    deadline_sentence, deadline_year, deadline_end = -1, 0, 0
    for i, (c, value) in enumerate(resolved):
        sentence = ctx.sentence_of(c.start)
        bounds = (resolved[i - 1][0].end if i else 0, resolved[i + 1][0].start if i + 1 < len(resolved) else len(text))
        year = _last_year(value)
        # A list of targets runs forward in time within a clause ("đến năm 2025 là 12% và năm 2030
        # là 13%"), not back to a baseline ("đến cuối 2020 đạt 9.800 USD, năm 2016 là 5.400 USD");
        # after a `;` a new item may start again ("...; kim ngạch xuất khẩu năm 2020 đạt ...").
        listed = deadline_sentence == sentence and (
            year is None or year >= deadline_year or bool(g.dl_clause_end.search(text, deadline_end, c.start))
        )
        deadline = _deadline(text, c, value, ctx, g, now, listed, bounds)
        if deadline:
            deadline_sentence, deadline_year, deadline_end = sentence, year or deadline_year, c.end
        attrs = {"value": value, "deadline": deadline, "mod": c.mod}
        out.append(Mention("TIME", c.start, c.end, attrs, rule=f"timex.{c.rule}"))
    return out


class TimeMatcher:
    """Finds time expressions and deadlines; see the module docstring for scope."""

    def __init__(self, nlp: Language, name: str = "vnp_timex") -> None:
        self.name = name
        grammar()  # a broken table fails at load time

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        blocked = [(m.start, m.end) for m in doc._.mentions.get("percentages", [])]
        add_mentions(doc, "time_expressions", find_times(text, doc._.published, blocked, text_layer(doc)))
        return doc


@Language.factory("vnp_timex", assigns=["doc.spans"], requires=["doc._.text_layer"], default_config={})
def make_timex(nlp: Language, name: str) -> TimeMatcher:
    return TimeMatcher(nlp, name)
