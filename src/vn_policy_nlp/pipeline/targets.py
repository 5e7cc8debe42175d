"""Stage: targets and results.

Every number with a unit, a percentage, a range or a multiple inside a clause
is a candidate. For each one this module reads its clause: the cue that
governs it (in the clause, earlier in the sentence, or in the header of a
list of aims), the comparator and direction words right before it, the
indicator phrase, the governing time expression and place. Rules give a
kind (`target`, `result` or nothing); when the classifier in `models/` is
there, it decides the kind from the same context as features, with the
rule's verdict as one of them.

Reads the groups `numbers`, `percentages` and, when their stages ran,
`time_expressions`, `legal_references`, `locations` and `doc._.place`.
Writes `targets` (label TARGET, attrs = the `Target` record fields).
All language knowledge is in `lang/vi/targets.yaml`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import Mention, Occupied, add_mentions, text_of
from ..lang import alternation, require, table
from ..ml.target_classifier import combine
from ..numbers import grammar as number_grammar
from ..numbers import parse_number
from . import clauses as cl

GROUP = "targets"
KINDS = ("target", "result", "none")


def _words(phrases: list[str]) -> str:
    return rf"(?<!\w)(?:{alternation(phrases)})(?!\w)"


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


@dataclass(frozen=True)
class TargetGrammar:
    cue: re.Pattern[str]
    cue_info: dict[str, tuple[str, str]]  # folded phrase -> (id, kind)
    cue_tail: re.Pattern[str]
    trailing_cues: frozenset[str]
    plan_naming_cues: frozenset[str]
    plan_after: re.Pattern[str]
    cmp_before: re.Pattern[str]
    cmp_before_ops: dict[str, str]
    cmp_after: re.Pattern[str]
    cmp_after_ops: dict[str, str]
    opener_before: re.Pattern[str]
    joiner: re.Pattern[str]
    dir_tail: re.Pattern[str]
    dir_lead: re.Pattern[str]
    dir_ops: dict[str, str]
    dir_blocker: re.Pattern[str]
    frame_particle: re.Pattern[str]
    frame_verbs: dict[str, re.Pattern[str]]
    unit: re.Pattern[str]
    unit_kinds: dict[str, str]
    unit_case: dict[str, str]
    per: re.Pattern[str]
    multiple_unit: str
    multiple_direction: str
    multiple_prefix: re.Pattern[str]
    not_before: re.Pattern[str]
    not_unit: re.Pattern[str]
    neither: re.Pattern[str]
    compare_after: re.Pattern[str]
    compare_before: re.Pattern[str]
    compare_any: re.Pattern[str]
    neither_except: frozenset[str]
    quota_units: frozenset[str]
    conj_lead: re.Pattern[str]
    link_tail: re.Pattern[str]
    link_keep: re.Pattern[str]
    conj_tail: re.Pattern[str]
    right_tail: re.Pattern[str]
    predicate: re.Pattern[str]
    coord_stop: re.Pattern[str]
    clause_link: re.Pattern[str]
    named_owner: re.Pattern[str]
    owner_keep: re.Pattern[str]
    right_stop: re.Pattern[str]
    price_per: re.Pattern[str]
    conversion: re.Pattern[str]
    place_lead: re.Pattern[str]
    breakdown: re.Pattern[str]
    amount: re.Pattern[str]
    lead: re.Pattern[str]
    heads: re.Pattern[str]
    heads_any: re.Pattern[str]
    copula_tail: re.Pattern[str]
    year: re.Pattern[str]
    fraction: re.Pattern[str]
    by_words: frozenset[str]


def _not_verb(d: dict[str, Any]) -> str:
    """A lookahead refusing words that start like a verb of change but are not one ("tăng trưởng")."""
    words = d.get("direction_lookalikes", [])
    return f"(?!{_words(words)})" if words else ""


@cache
def grammar() -> TargetGrammar:
    d = table("targets")
    cue_info: dict[str, tuple[str, str]] = {}
    for entry in require(d, "cues", "targets"):
        for p in entry["phrases"]:
            cue_info.setdefault(_fold(p), (entry["id"], entry["kind"]))
    for p in d.get("not_cues", []):  # found like a cue so that it hides the cue inside it, then dropped
        cue_info.setdefault(_fold(p), ("", ""))
    cmp_b = {_fold(p): e["op"] for e in require(d, "comparators", "targets") for p in e["phrases"]}
    cmp_a = {_fold(p): e["op"] for e in require(d, "comparators_after", "targets") for p in e["phrases"]}
    dirs = require(d, "directions", "targets")
    dir_ops = {_fold(p): op for op, ps in dirs.items() for p in ps}
    target_phrases = [p for e in d["cues"] if e["kind"] == "target" for p in e["phrases"]]
    frames = require(d, "direction_frames", "targets")
    units = require(d, "units", "targets")
    unit_kinds: dict[str, str] = {}
    for kind in ("counted", "currency", "measure"):
        for u in units[kind]:
            unit_kinds[_fold(u)] = kind
    return TargetGrammar(
        cue=re.compile(_words(list(cue_info))),  # run over the lower-cased text: much faster than IGNORECASE
        cue_info=cue_info,
        trailing_cues=frozenset(e["id"] for e in require(d, "cues", "targets") if e.get("trailing")),
        plan_naming_cues=frozenset(e["id"] for e in require(d, "cues", "targets") if e.get("names_plan")),
        cue_tail=re.compile(rf"{_words(list(cue_info))}\s*$"),
        plan_after=re.compile(r"\s*" + _words(require(d, "plan_after", "targets")), re.IGNORECASE),
        cmp_before=re.compile(rf"{_words(list(cmp_b))}\s*$", re.IGNORECASE),
        cmp_before_ops=cmp_b,
        cmp_after=re.compile(r"\s*" + _words(list(cmp_a)), re.IGNORECASE),
        cmp_after_ops=cmp_a,
        opener_before=re.compile(rf"{_words(require(d, 'range_openers', 'targets'))}\s*$", re.IGNORECASE),
        joiner=re.compile(rf"\s*(?:[-–—]|(?<=\s)(?:{alternation([j for j in d['range_joiners'] if j[0].isalpha()])})(?=\s))\s*",
                          re.IGNORECASE),
        dir_tail=re.compile(rf"{_words(list(dir_ops))}\s*$", re.IGNORECASE),
        dir_lead=re.compile(rf"^\s*{_not_verb(d)}{_words(list(dir_ops))}", re.IGNORECASE),
        dir_ops=dir_ops,
        dir_blocker=re.compile(rf"{_words(require(d, 'direction_blockers', 'targets'))}\s*$", re.IGNORECASE),
        frame_particle=re.compile(
            rf"(?P<p>{_words([f['particle'] for f in frames.values()])})\s*$", re.IGNORECASE),
        frame_verbs={_fold(f["particle"]) + ":" + op: re.compile(_words(f["verbs"]), re.IGNORECASE)
                     for op, f in frames.items()},
        unit=re.compile(r"\s*(" + _words(list(unit_kinds)) + ")", re.IGNORECASE),
        unit_kinds=unit_kinds,
        unit_case={_fold(u): u for k in ("counted", "currency", "measure") for u in units[k]},
        per=re.compile(rf"\s*/\s*{_words(units['per'])}|\s+{_words(units['per_words'])}", re.IGNORECASE),
        multiple_unit=require(d, "multiple_unit", "targets"),
        multiple_direction=require(d, "multiple_direction", "targets"),
        multiple_prefix=re.compile(rf"{_words(require(d, 'multiple_prefix', 'targets'))}\s*$", re.IGNORECASE),
        not_before=re.compile(rf"{_words(require(d, 'not_quantity_before', 'targets'))}\s*$"),
        not_unit=re.compile(r"\s*" + _words(require(d, "not_quantity_units", "targets")), re.IGNORECASE),
        neither=re.compile(_words(require(d, "neither_context", "targets") + d.get("neither_exceptions", [])),
                           re.IGNORECASE),
        compare_after=re.compile(r"\s*" + _words(d.get("compare_words", [])), re.IGNORECASE),
        compare_before=re.compile(_words(d.get("compare_words", [])) + r"\s*(?:cùng kỳ\s*)?$", re.IGNORECASE),
        compare_any=re.compile(_words(d.get("compare_words", [])), re.IGNORECASE),
        neither_except=frozenset(_fold(p) for p in d.get("neither_exceptions", [])),
        quota_units=frozenset(_fold(p) for p in d.get("quota_units", [])),
        conj_lead=re.compile(rf"^[\s,.\-–(]*{_words(require(d, 'conjunctions', 'targets'))}", re.IGNORECASE),
        link_tail=re.compile(rf"{_words(require(d, 'links', 'targets'))}[\s,:(\-–]*$", re.IGNORECASE),
        price_per=re.compile(rf"\s*/\s*{_words(d.get('price_per', []))}", re.IGNORECASE),
        conversion=re.compile(rf"{_words(d.get('conversion_words', []))}(?P<gap>[^\d.;:!?]*)$", re.IGNORECASE),
        place_lead=re.compile(rf"(?<!\w)(?:{alternation(d.get('place_links', []))})\s*$", re.IGNORECASE),
        breakdown=re.compile(rf"[\s,;:(\-–]*{_words(d.get('breakdown_words', []))}", re.IGNORECASE),
        amount=re.compile(rf"\d\S*\s+(?:\w+\s+)?{_words(units['currency'])}", re.IGNORECASE),
        coord_stop=re.compile(rf"\s(?:{alternation(d.get('coordinators', []))})\s+(?={_words(list(dir_ops) + target_phrases)})",
                              re.IGNORECASE),
        right_stop=re.compile(rf"(?<=\s){_words(d.get('right_phrase_stops', []))}", re.IGNORECASE),
        clause_link=re.compile(rf"(?<=\s){_words(d.get('clause_links', []))}", re.IGNORECASE),
        named_owner=re.compile(rf"\s{_words(d.get('owner_words', []))}\s+[{cl.UPPER}]\S*(?:\s+\S+){{0,4}}?"
                               rf"(?:\s(?:trong|sau)\s+\d+\s+\w+)?\s*$"),
        owner_keep=re.compile(rf"{_words(d.get('owned_rules', []))}\s*$", re.IGNORECASE),
        predicate=re.compile(rf"(?<![^\s]){_words(d.get('shared_predicate_starts', []))}", re.IGNORECASE),
        conj_tail=re.compile(rf"{_words(require(d, 'conjunctions', 'targets'))}[\s,:(\-–]*$", re.IGNORECASE),
        right_tail=re.compile(rf"{_words(require(d, 'conjunctions', 'targets') + d.get('right_tail_links', []))}"
                              rf"[\s,:(\-–]*$", re.IGNORECASE),
        link_keep=re.compile(rf"{_words(d.get('link_keep', []))}\s*$", re.IGNORECASE),
        lead=re.compile(rf"^[\s,.\-–(]*{_not_verb(d)}{_words(require(d, 'indicator_lead', 'targets'))}", re.IGNORECASE),
        heads=re.compile(rf"\s*{_words(require(d, 'indicator_heads', 'targets'))}", re.IGNORECASE),
        copula_tail=re.compile(rf"{_words(d.get('copulas', []))}[\s\w]{{0,12}}$", re.IGNORECASE),
        heads_any=re.compile(rf"(?<=\s){_words(require(d, 'indicator_heads', 'targets'))}", re.IGNORECASE),
        year=re.compile(rf"{_words(require(d, 'year_words', 'targets'))}\s+(?P<y1>(?:19|20)\d\d)"
                        rf"(?:\s*[-–]\s*(?P<y2>(?:19|20)\d\d))?(?!\w)", re.IGNORECASE),
        fraction=re.compile(r"(?<![\w/.,])(?P<a>\d{1,3}(?:\.\d{3})+|\d+)\s*/\s*(?P<b>\d{1,3}(?:\.\d{3})+|\d+)(?![\w/]|[.,]\d)"),
        by_words=frozenset(_fold(w) for w in require(d, "deadline_words", "targets")),
    )


@dataclass
class Candidate:
    """A value that may be a target or a result, with what its clause says."""

    start: int  # the value (number, percent, multiple)
    end: int  # end of the value and its unit
    value: float
    value_high: float | None
    unit: str | None
    unit_kind: str  # pct | counted | currency | measure | scale | multiple
    unit_start: int
    noun_start: int = -1  # where the counted noun starts (after a scale word)
    sentence: int = 0
    clause: tuple[int, int] = (0, 0)
    feats: dict[str, float] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)
    span: tuple[int, int] = (0, 0)
    rule_kind: str = "none"
    rule: str = ""
    cue: str | None = None
    paren_of: int | None = None  # index of the count this share belongs to
    part_of: int | None = None  # index of the figure this one is a listed part of ("bao gồm ...")


# ----------------------------------------------------------------- candidates


def find_candidates(text: str, numbers: list[Mention], percentages: list[Mention],
                    blocked: list[tuple[int, int]]) -> list[Candidate]:
    """Values with a unit, outside time expressions, legal numbers and dates."""
    g = grammar()
    blocked = sorted(blocked)
    out: list[Candidate] = []
    taken = Occupied()

    def inside(s: int, e: int) -> bool:
        i = bisect.bisect_right(blocked, (s, 1 << 30)) - 1
        return any(a <= s and e <= b for a, b in blocked[max(0, i - 2):i + 2])

    free = taken.free

    pcts = sorted(percentages, key=lambda m: m.start)
    skip_pct: set[int] = set()
    for i, p in enumerate(pcts):
        if i in skip_pct or inside(p.start, p.end):
            continue
        hi = p.attrs.get("value_high")
        end = p.end
        # "từ 3% đến 5%": one range for a target.
        if hi is None and i + 1 < len(pcts):
            j = g.joiner.match(text, p.end)
            if j and j.end() == pcts[i + 1].start and g.opener_before.search(text, max(0, p.start - 8), p.start):
                hi = pcts[i + 1].attrs["value"]
                end = pcts[i + 1].end
                skip_pct.add(i + 1)
        unit_start = p.start + len(re.match(r"[\d.,\s\-–—]*[\d]", text[p.start:p.end]).group(0)) \
            if re.match(r"\d", text[p.start:p.end]) else p.start
        out.append(Candidate(p.start, end, float(p.attrs["value"]), hi, "%", "pct", unit_start))
        taken.add(p.start, end)

    nums = sorted(numbers, key=lambda m: m.start)
    by_start = {m.start: m for m in nums}
    consumed: set[int] = set()
    last_counted: Candidate | None = None
    for m in nums:
        if m.start in consumed or not free(m.start, m.end) or inside(m.start, m.end):
            continue
        before = text[max(0, m.start - 16): m.start]
        if m.attrs.get("multiple"):
            out.append(Candidate(m.start, m.end, float(m.attrs["value"]), None, g.multiple_unit, "multiple", m.end))
            taken.add(m.start, m.end)
            continue
        if g.not_before.search(before):
            continue
        written = str(m.attrs.get("written") or "")
        num_end = m.start + len(written) if written and text.startswith(written, m.start) else m.end
        value = float(m.attrs["value"])
        if value == 0:
            continue
        hi: float | None = None
        pos = m.end
        # "6-12 triệu", "từ 800.000 đến 1 triệu ha": a range of two numbers.
        j = g.joiner.match(text, num_end)
        if j:
            nm = _number_at(text, j.end())
            nxt = by_start.get(j.end())
            if nxt is not None and not nxt.attrs.get("multiple"):
                hv = float(nxt.attrs["value"])
                if hv > value:
                    hi, pos = hv, nxt.end
                    consumed.add(nxt.start)
            elif nm is not None and nm[1] > value:
                hi, pos = nm[1], nm[0]
                sm = number_grammar().scale.match(text, pos)
                if sm:
                    pos = sm.end()
        scale = m.attrs.get("scale_word")
        # the unit as written starts after the (upper) number, its scale word included
        unit_start = _after_number(text, j.end()) if hi is not None and j else num_end
        um = g.unit.match(text, pos)
        if um and um.group(1)[0].isupper() and um.group(1)[0] != g.unit_case.get(_fold(um.group(1)), "")[:1]:
            um = None  # "Bệnh viện Quân y 354": a name, not a count
        if g.not_unit.match(text, pos) and not (um and um.end() > g.not_unit.match(text, pos).end()):
            continue
        if um:
            unit_end = um.end()
            kind = g.unit_kinds.get(_fold(um.group(1)), "counted")
            pm = g.per.match(text, unit_end)
            if pm:
                unit_end = pm.end()
        elif scale and not re.match(r"\s*\w", text[pos:pos + 3]):
            unit_end, kind = pos, "scale"
        elif last_counted is not None and m.start - last_counted.end < 160 and \
                g.dir_tail.search(text[max(0, m.start - 16): m.start]) and \
                (not re.match(r"\s*\w", text[pos:pos + 2]) or g.compare_after.match(text, pos)):
            # "tăng 22.000 so với năm trước": the count of the figure before
            out.append(Candidate(m.start, pos, value, hi, last_counted.unit, "counted", pos, noun_start=pos))
            taken.add(m.start, pos)
            continue
        else:
            continue
        unit = _fold(text[unit_start:unit_end]) or None
        cand = Candidate(m.start, unit_end, value, hi, unit, kind, num_end, noun_start=um.start(1) if um else unit_end)
        out.append(cand)
        if kind == "counted":
            last_counted = cand
        taken.add(m.start, unit_end)

    # "8/9 gói thầu", "808/860 đơn vị": the numerator, with the unit after.
    for f in g.fraction.finditer(text):
        um = g.unit.match(text, f.end())
        if not um or not free(f.start(), um.end()) or inside(f.start(), f.end()):
            continue
        if g.not_before.search(text[max(0, f.start() - 16): f.start()]):
            continue
        value = parse_number(f.group("a"))
        if value is None:
            continue
        kind = g.unit_kinds.get(_fold(um.group(1)), "counted")
        out.append(Candidate(f.start(), um.end(), value, None, _fold(um.group(1)), kind, f.end()))
        taken.add(f.start(), um.end())
    out.sort(key=lambda c: c.start)
    return out


def _number_at(text: str, pos: int) -> tuple[int, float] | None:
    """A digit number written at `pos` (the upper end of "6-12"), as (end, value)."""
    m = re.match(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text[pos:pos + 24])
    if not m:
        return None
    v = parse_number(m.group(0))
    return None if v is None else (pos + m.end(), v)


def _after_number(text: str, start: int) -> int:
    """The end of the digits written at `start` (a range's upper end)."""
    m = re.match(r"\d[\d.,]*\d|\d", text[start:start + 24])
    return start + m.end() if m else start


# ----------------------------------------------------------------- context


@dataclass
class Cue:
    start: int
    end: int
    id: str
    kind: str
    text: str

    @property
    def trailing(self) -> bool:
        """Cues written after the value they qualify ("tăng 8% so với cùng kỳ")."""
        return self.id in grammar().trailing_cues

    @property
    def strong(self) -> bool:
        return not self.id.startswith("cue.result.verb")


def find_cues(text: str, start: int = 0, end: int | None = None, lower: str | None = None) -> list[Cue]:
    """Cue phrases in `text[start:end]`; `lower` is `text.lower()` when the caller has it."""
    g = grammar()
    if lower is None or len(lower) != len(text):
        lower = text.lower()
        if len(lower) != len(text):  # a character whose lower case is longer: match case-blind instead
            rx = re.compile(g.cue.pattern, re.IGNORECASE)
            return [Cue(m.start(), m.end(), *g.cue_info[_fold(m.group(0))], m.group(0))
                    for m in rx.finditer(text, start, len(text) if end is None else end)
                    if g.cue_info.get(_fold(m.group(0)), ("",))[0]]
    out = []
    for m in g.cue.finditer(lower, start, len(text) if end is None else end):
        cid, kind = g.cue_info.get(re.sub(r"\s+", " ", m.group(0)), ("", ""))
        if cid:
            out.append(Cue(m.start(), m.end(), cid, kind, text[m.start():m.end()]))
    return out


class CueIndex:
    """Cues found sentence by sentence, only where a candidate needs them."""

    def __init__(self, text: str, sentences: list[cl.Sentence]) -> None:
        self.text = text
        self.lower = text.lower()
        self.sentences = sentences
        self.starts = [x.start for x in sentences]
        self.cache: dict[int, list[Cue]] = {}

    def sentence(self, k: int) -> list[Cue]:
        got = self.cache.get(k)
        if got is None:
            sent = self.sentences[k]
            got = self.cache[k] = find_cues(self.text, sent.start, sent.end, self.lower)
        return got

    def within(self, s: int, e: int) -> list[Cue]:
        if not self.sentences:
            return [c for c in find_cues(self.text, lower=self.lower) if s <= c.start and c.end <= e]
        k0 = max(0, bisect.bisect_right(self.starts, s) - 1)
        out: list[Cue] = []
        k = k0
        while k < len(self.sentences) and self.sentences[k].start < e:
            out += [c for c in self.sentence(k) if s <= c.start and c.end <= e]
            k += 1
        return out


def _cues_in(cues: CueIndex, _starts: object, s: int, e: int) -> list[Cue]:
    return cues.within(s, e)


@dataclass
class TimeRef:
    start: int
    end: int
    value: str
    deadline: bool
    by: bool = False  # "đến năm 2030", "trước ngày 30/6": a limit, not a period


def time_refs(doc: Doc, text: str) -> tuple[list[TimeRef], bool]:
    """Time expressions from their stage, or years found here when it has not run."""
    ms = doc._.mentions.get("time_expressions")
    if ms is not None:
        return [TimeRef(m.start, m.end, str(m.attrs.get("value")), bool(m.attrs.get("deadline")),
                        m.attrs.get("mod") in ("by", "before")) for m in ms if m.attrs.get("value")], True
    out = []
    for m in grammar().year.finditer(text):
        v = m.group("y1") + (f"/{m.group('y2')}" if m.group("y2") else "")
        by = _fold(m.group(0)).split()[0] in grammar().by_words
        out.append(TimeRef(m.start(), m.end(), v, by, by))
    return out, False


def _year_of(value: str) -> int | None:
    m = re.match(r"(\d{4})", value)
    return int(m.group(1)) if m else None


# ----------------------------------------------------------------- fields


def _strip_indicator(text: str, s: int, e: int, times: list[TimeRef], cues: Any,
                     tail_links: bool = True) -> tuple[int, int]:
    """Trim cues, conjunctions, time expressions and link words off a phrase's ends.

    A phrase read rightwards from the value keeps its last words ("tiến sĩ mới"):
    `tail_links=False` trims only conjunctions there.
    """
    g = grammar()
    for _ in range(12):
        changed = False
        while s < e and (text[s].isspace() or text[s] in ",.;:-–()\"“”'"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:-–(\"“”'"):
            e -= 1
        chunk = text[s:e]
        for rx in (g.conj_lead, g.lead, g.dir_lead):
            m = rx.match(chunk)
            if m and m.end() > 0 and m.end() <= len(chunk):
                s += m.end()
                chunk = text[s:e]
                changed = True
                break
        for t in times:
            if t.start <= s < t.end and t.end <= e:
                s = t.end
                changed = True
            elif s < t.start < e <= t.end or (s < t.start and t.end >= e - 1 and t.start < e):
                e = t.start
                changed = True
        m = (g.link_tail if tail_links else g.right_tail).search(text, s, e)
        if m and g.link_keep.search(text, s, m.end()):
            m = None  # "bậc 4 trở lên" ends the phrase; its "lên" is not a link
        if m and (m.start() > s or (tail_links and m.start() == s and m.end() >= e)):
            e = m.start()  # a phrase of link words only ("chỉ có", "so với") names nothing
            changed = True
        m2 = g.cue_tail.search(text[s:e].lower())
        if m2 and m2.start() > 0 and g.cue_info.get(_fold(m2.group(0)), ("",))[0] not in ("", "cue.result.verb"):
            e = s + m2.start()
            changed = True
        if not changed:
            break
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:-–(\"“”'"):
        e -= 1
    return s, e


def _trim_left_phrase(text: str, s: int, e: int, times: list[TimeRef], cues: Any) -> tuple[int, int]:
    """The measured phrase inside a phrase read leftwards from the value: after the last clause
    link ("... lãi vay nên lợi nhuận trước thuế"), before a time inside it ("số dư ... đến ngày
    31/12 của MB") and without a named owner at its end ("thu ngân sách của TP Hồ Chí Minh")."""
    g = grammar()
    last = None
    for m in g.clause_link.finditer(text, s, e):
        last = m
    if last is not None and _syllables(text[last.end():e]) >= 1:
        s = last.end()
    for t in times:
        if s < t.start and t.end <= e and _syllables(text[s:t.start]) >= 2:
            e = t.start
            break
    m = g.named_owner.search(text, s, e)
    if m and m.start() > s and m.end() == e and not g.owner_keep.search(text, s, m.start()):
        e = m.start()
    return _strip_indicator(text, s, e, times, cues)


def _drop_place(ctx: DocContext, s: int, e: int) -> tuple[int, int]:
    """The place a phrase ends with is the record's location, not what is measured: "giá trị sản
    xuất của huyện Nga Sơn" -> "giá trị sản xuất". A phrase that is only a place ("Huyện Nga Sơn
    có 2 xã ...") is the subject: nothing is left, and the phrase after the value names the count."""
    g = grammar()
    text = ctx.text
    i = bisect.bisect_left([m.start for m in ctx.places], s)
    for m in ctx.places[max(0, i - 1): i + 12]:
        if m.start > e:
            break
        if m.end < e - 1 or m.end > e or m.start < s:
            continue
        if any(a < m.start and m.end <= b for a, b in ctx.orgs if a < e):
            continue  # the place of an organisation's name ("ĐH Quốc gia TP. HCM") stays with it
        lead = g.place_lead.search(text, s, m.start)
        if not re.search(r"\w", text[s:m.start]) or (lead and not re.search(r"\w", text[s:lead.start()])):
            return s, s  # the place is the whole phrase
        cut = lead.start() if lead else m.start
        if _syllables(text[s:cut]) >= 2:
            return s, len(text[:cut].rstrip(" ,"))
    return s, e


def _syllables(s: str) -> int:
    return len(re.findall(r"\w+", s))


@dataclass
class DocContext:
    text: str
    sentences: list[cl.Sentence]
    sent_starts: list[int]
    cues: CueIndex
    cue_starts: list[int]
    times: list[TimeRef]
    time_stage: bool
    places: list[Mention]
    place: str | None
    pub_year: int | None
    cand_starts: list[int] = field(default_factory=list)
    pub_month: int | None = None
    orgs: list[tuple[int, int]] = field(default_factory=list)


def analyse(doc: Doc) -> tuple[DocContext, list[Candidate]]:
    """Candidates with their fields, features and rule verdict (no model yet)."""
    text = text_of(doc)
    mentions = doc._.mentions
    times, time_stage = time_refs(doc, text)
    blocked = [(t.start, t.end) for t in times]
    blocked += [(m.start, m.end) for m in mentions.get("legal_references", [])]
    cands = find_candidates(text, mentions.get("numbers", []), mentions.get("percentages", []), blocked)
    sentences = cl.split(text)
    pub = doc._.published
    ctx = DocContext(text, sentences, [s.start for s in sentences], CueIndex(text, sentences), [], times, time_stage,
                     sorted(mentions.get("locations", []), key=lambda m: m.start),
                     doc._.place if Doc.has_extension("place") else None,
                     int(pub[:4]) if isinstance(pub, str) and pub[:4].isdigit() else None)
    ctx.times.sort(key=lambda t: t.start)
    ctx.orgs = sorted((m.start, m.end) for m in mentions.get("organisations", []))
    if isinstance(pub, str) and re.match(r"\d{4}-\d\d", pub):
        ctx.pub_month = int(pub[5:7])
    ctx.cand_starts = [c.start for c in cands]
    prev: Candidate | None = None
    for i, c in enumerate(cands):
        nxt = cands[i + 1].start if i + 1 < len(cands) else len(text)
        describe(ctx, c, prev if prev is not None and prev.sentence == cl.locate(
            sentences, ctx.sent_starts, c.start) else None, i, nxt)
        prev = c
    share_predicate(cands)
    return ctx, cands


def share_predicate(cands: list[Candidate]) -> None:
    """"100% chợ hạng 1, 40% chợ hạng 2 và 20% chợ hạng 3 được công nhận ...": the predicate is everyone's."""
    g = grammar()
    group: list[Candidate] = []

    def flush() -> None:
        if len(group) > 1:
            last = group[-1].attrs.get("indicator") or ""
            m = g.predicate.search(last)
            if m and m.start() > 0:
                tail = last[m.start():]
                for c in group[:-1]:
                    ind = c.attrs.get("indicator") or ""
                    if ind and not g.predicate.search(ind):
                        c.attrs["indicator"] = f"{ind} {tail}"
        group.clear()

    for c in cands:
        value_first = c.attrs.get("_ind_end", -1) > 0
        if group and (not value_first or c.clause != group[-1].clause or c.unit_kind != group[-1].unit_kind):
            flush()
        if value_first:
            group.append(c)
    flush()


def describe(ctx: DocContext, c: Candidate, prev: Candidate | None, index: int, next_start: int) -> None:
    """Fill a candidate's fields, features and rule verdict from its context."""
    g = grammar()
    text = ctx.text
    si = cl.locate(ctx.sentences, ctx.sent_starts, c.start)
    sent = ctx.sentences[si] if ctx.sentences else cl.Sentence(0, len(text), 0, ((0, len(text)),), ())
    c.sentence = si
    c.clause = cl.clause_of(sent, c.start)
    cs, ce = c.clause
    left_bound = cs
    if prev is not None and cs <= prev.end <= c.start:
        left_bound = prev.end
    f: dict[str, float] = {}

    # comparator
    raw_before = text[max(left_bound, c.start - 40): c.start]
    comparator = "eq"
    cmp_end = c.start
    mb = g.cmp_before.search(raw_before)
    if mb:
        comparator = g.cmp_before_ops[_fold(mb.group(0))]
        cmp_end = c.start - (len(raw_before) - mb.start())
    ma = g.cmp_after.match(text, c.end)
    if ma and c.value_high is None:
        comparator = g.cmp_after_ops[_fold(ma.group(0))]
    if c.value_high is not None:
        comparator = "range"
    if mb is None and g.opener_before.search(raw_before) and ma is not None:
        cmp_end = c.start - (len(raw_before) - g.opener_before.search(raw_before).start())
    f["cmp:" + comparator] = 1.0

    # direction: the verb right before the value, or the chunk's leading verb
    direction = None
    before_cmp = text[max(left_bound, cmp_end - 30): cmp_end]
    md = g.dir_tail.search(before_cmp)
    if md and not g.dir_blocker.search(before_cmp[: md.start()]):
        direction = g.dir_ops[_fold(md.group(0))]
    if c.unit_kind == "multiple" or (c.unit == g.multiple_unit and g.multiple_prefix.search(
            text[max(0, c.start - 12): c.start])):
        direction = direction or g.multiple_direction

    # soft chunk holding the value
    soft_before = [p for p in ctx.sentences[si].softs if left_bound <= p < c.start] if ctx.sentences else []
    chunk_start = soft_before[-1] + 1 if soft_before else left_bound
    # in "(6,19%)" right after a count, the share belongs to the count
    if prev is not None and re.fullmatch(r"\s*\(\s*", text[prev.end: c.start]) and c.unit_kind == "pct":
        c.paren_of = index - 1
    if prev is not None and c.paren_of is None and prev.clause == c.clause and prev.unit_kind == c.unit_kind:
        if prev.end <= chunk_start and g.breakdown.match(text, chunk_start, c.start):
            c.part_of = index - 1
        elif prev.part_of is not None and not re.search(r"[,;]", text[prev.end:c.start]):
            c.part_of = prev.part_of  # "bao gồm 1 trẻ em và 1 người phụ nữ"
    cues_clause = _cues_in(ctx.cues, ctx.cue_starts, cs, c.start)
    if prev is not None:
        # "tăng 22.000 so với năm trước thì ... 62%": a comparison right after a value is that value's
        cues_clause = [q for q in cues_clause if not (q.trailing and prev.end <= q.start <= prev.end + 24)]
    cues_chunk = [q for q in cues_clause if q.start >= chunk_start]
    strong_chunk = [q for q in cues_chunk if q.strong]
    if strong_chunk and strong_chunk[-1].id in g.plan_naming_cues:
        # "thấp hơn mục tiêu ... dưới 1,5%": the value after the phrase is the plan's level
        q = strong_chunk[-1]
        strong_chunk[-1] = Cue(q.start, q.end, q.id, "target", q.text)
    ind_from = strong_chunk[-1].end if strong_chunk else chunk_start
    if (prev is None or prev.end <= chunk_start) and soft_before:
        # a short chunk before ("cơ quan, đơn vị ...") belongs to the same phrase
        pstart = soft_before[-2] + 1 if len(soft_before) >= 2 else left_bound
        ptxt = text[pstart: soft_before[-1]]
        at_boundary = len(soft_before) >= 2 or left_bound == cs
        if not strong_chunk and 0 < _syllables(ptxt) <= 3 and not re.search(r"\d", ptxt) and at_boundary and \
                not _cues_in(ctx.cues, ctx.cue_starts, pstart, soft_before[-1]) and pstart >= left_bound:
            ind_from = pstart
    if direction is None:
        lead_txt = text[ind_from: cmp_end]
        mdl = g.dir_lead.match(lead_txt)
        if mdl:
            direction = g.dir_ops[_fold(mdl.group(0))]
        else:
            mp = g.frame_particle.search(lead_txt)
            if mp:
                for key, rx in g.frame_verbs.items():
                    if key.startswith(_fold(mp.group("p")) + ":") and rx.search(lead_txt):
                        direction = key.split(":", 1)[1]
    if direction:
        f["dir:" + direction] = 1.0

    times_sent = [t for t in ctx.times if sent.start <= t.start < sent.end]
    s, e = _strip_indicator(text, ind_from, cmp_end, times_sent, ctx.cues)
    value_first_after_cue = bool(re.match(r"\s*[^\W\d_]", text[c.end:c.end + 3])) and c.unit_kind == "pct"
    if e <= s and strong_chunk and strong_chunk[-1].start > chunk_start and not value_first_after_cue:
        # "chỉ tiêu tỷ lệ che phủ rừng kế hoạch năm 2017 là 41,45%": the phrase is before the cue
        s, e = _strip_indicator(text, chunk_start, strong_chunk[-1].start, times_sent, ctx.cues)
    if e > s:
        s, e = _trim_left_phrase(text, s, e, times_sent, ctx.cues)
    if e > s and not g.heads.match(text, s, e):
        # "... giao Bộ Công Thương là tốc độ tăng ...": start at the measured head
        mh = g.heads_any.search(text, s, e)
        if mh and _syllables(text[mh.start():e]) >= 3:
            s = mh.start()
    if e > s:
        s, e = _drop_place(ctx, s, e)
    left_ind = text[s:e] if e > s else ""
    if prev is not None and prev.attrs.get("_ind_end", -1) > s and prev.end <= s:
        left_ind = ""  # "20% cán bộ, công chức cấp xã và 15% ...": that phrase was the share before's
    elif left_ind and _syllables(left_ind) <= 2 and left_ind[:1].isupper() and c.unit_kind in ("currency", "scale") \
            and not _coordinated(text, prev, s):
        left_ind = ""  # "MB cũng sẽ dành 5.000 tỷ đồng cho ...": a subject, the purpose follows
    use_right = not left_ind
    copula = bool(g.copula_tail.search(text, max(e, cmp_end - 24) if e > s else cmp_end, cmp_end)) if left_ind else False
    linked = copula
    if copula and _syllables(left_ind) < 3:
        copula = False  # "Toàn tỉnh có 1.890 giáo viên": a subject, not the measured phrase
    indicator: str | None = left_ind or None
    if left_ind and c.unit_kind == "counted" and not g.heads.match(left_ind) and not copula:
        use_right = bool(re.match(r"\s*[^\W\d_]", text[c.end:c.end + 3]))
        if not use_right and not linked and _names_right(text, c):
            # "đã trồng mới 300 cây xanh.": the verb before and the counted noun make the phrase
            verb = re.split(r"[,;:()]", left_ind)[-1].strip()
            indicator = f"{verb} {text[c.noun_start:c.end].strip()}" if verb else text[c.noun_start:c.end].strip()
    span_start = s if left_ind else c.start
    span_end = c.end
    # "đến hết năm 2030 đạt 35%" after a first aim: the same indicator, a new deadline
    governed = any(chunk_start <= t.start < cmp_end for t in times_sent) or bool(strong_chunk)
    main = prev
    while main is not None and main.attrs.get("_in_paren"):
        main = main.attrs.get("_prev")
    if not left_ind and governed and main is not None and main.attrs.get("indicator") and \
            main.unit_kind == c.unit_kind and c.unit_kind != "counted" and c.paren_of is None:
        indicator = main.attrs["indicator"]
        use_right = False
        f["inherit_indicator"] = 1.0
    elif not left_ind and not strong_chunk and main is not None and main.attrs.get("indicator") and \
            main.clause == c.clause and c.paren_of is None and re.search(r"\w", text[max(chunk_start, main.end): cmp_end]) and \
            not _names_right(text, c):
        # "lợi nhuận đạt 5.355 tỷ đồng, tăng 44,3% so với năm 2016": a second predicate of the same phrase
        indicator = main.attrs["indicator"]
        use_right = False
        f["inherit_indicator"] = 1.0
    ind_end = -1
    if use_right and c.paren_of is None:
        rs = c.noun_start if c.unit_kind == "counted" and c.noun_start >= 0 else c.end
        if ma:
            rs = max(rs, ma.end())
        softs = [p for p in ctx.sentences[si].softs if p > c.end] if ctx.sentences else []
        stop = min(ce, max(next_start, c.end))
        paren = text.find("(", c.end, stop)
        after_paren = ""
        if paren >= 0:
            close = text.find(")", paren, ce)
            # "60% viên chức (trong đó 50% ...) đạt trình độ bậc 4": the phrase goes on after the brackets
            if close > 0 and paren == c.end + len(text[c.end:paren]) and not re.search(r"[,;]", text[rs:paren]):
                tail_stop = min([ce, *[x for x in ctx.cand_starts if x > close][:1], *[x for x in softs if x > close][:1]])
                tail = text[close + 1: tail_stop]
                if g.predicate.match(tail.lstrip()):
                    ts, te = _strip_indicator(text, close + 1, tail_stop, times_sent, ctx.cues, tail_links=False)
                    if te > ts:
                        after_paren = " " + text[ts:te]
                        span_end = max(span_end, te)
            stop = paren
        cs_m = g.coord_stop.search(text, rs + 1, stop)
        if cs_m:
            stop = cs_m.start()  # "100 đầu máy công suất lớn và nâng sản lượng ...": a new aim begins
        # short comma segments ("cán bộ, công chức, viên chức cấp tỉnh ...") belong together
        end = stop
        seg_start = rs
        for p in softs:
            if p >= stop:
                break
            nxt_seg = text[p + 1: p + 40]
            if _syllables(text[seg_start:p]) <= 2 and not re.search(r"\d", text[seg_start:p]) and \
                    not any(rx.match(nxt_seg) for rx in (g.conj_lead, g.lead, g.dir_lead)):
                seg_start = p + 1
                continue
            end = p
            break
        ms = g.right_stop.search(text, rs + 1, end)
        if ms:
            end = ms.start()  # "70% hồ sơ ... là sự quyết liệt ...": a new predicate begins
        words = list(re.finditer(r"\S+", text[rs:end]))[:24]
        if words:
            rend = rs + words[-1].end()
            rs2, rend = _strip_indicator(text, rs, rend, times_sent, ctx.cues, tail_links=False)
            mp = g.plan_after.match(text, rs) if c.unit_kind != "counted" else None
            if mp and rs2 > mp.start() and mp.end() <= rs + words[-1].end():
                # "30% chỉ tiêu tuyển thẳng", "29% chỉ tiêu": a share of the plan, the plan word stays
                rs2, rend = rs + len(mp.group(0)) - len(mp.group(0).lstrip()), max(rend, mp.end())
            mo = g.named_owner.search(text, rs2, rend)
            if mo and mo.start() > rs2 and mo.end() == rend and not g.owner_keep.search(text, rs2, mo.start()):
                rend = mo.start()  # "... thuộc các đối tượng ưu tiên của Chính phủ": the owner is not measured
            if rend > rs2:
                right = text[rs2:rend] + after_paren
                if c.unit_kind == "counted" or not left_ind:
                    indicator = right
                    span_end = max(span_end, rend)
                    ind_end = rend
        if c.unit_kind == "counted" and not indicator and c.unit:
            indicator = c.unit
    if direction is None and prev is not None and prev.clause == c.clause and not left_ind and \
            c.paren_of is None and prev.unit_kind == c.unit_kind and "(" not in text[prev.end:c.start]:
        direction = prev.attrs.get("direction")
    if not indicator and prev is not None and prev.attrs.get("indicator") and prev.clause == c.clause:
        indicator = prev.attrs["indicator"]
        f["inherit_indicator"] = 1.0
    if strong_chunk:
        span_start = min(span_start, strong_chunk[-1].start)
    elif cues_chunk and direction and g.dir_ops.get(_fold(cues_chunk[-1].text)) == direction:
        span_start = min(span_start, cues_chunk[-1].start)
    c.span = (min(span_start, c.start), span_end)

    # cues -> kind features
    clause_strong = next((q for q in cues_clause if q.strong), None)
    nearest_any = cues_clause[-1] if cues_clause else None
    sent_cues = _cues_in(ctx.cues, ctx.cue_starts, sent.start, cs)
    sent_strong = next((q for q in reversed(sent_cues) if q.strong), None)
    chunk_strong = strong_chunk[-1] if strong_chunk else None
    for q in cues_clause:
        f["clause:" + q.id] = 1.0
    for q in cues_chunk:
        f["chunk:" + q.id] = 1.0
    if chunk_strong:
        f["chunk_strong:" + chunk_strong.kind] = 1.0
    if clause_strong:
        f["clause_first:" + clause_strong.kind] = 1.0
    if cues_clause and any(q.strong for q in cues_clause):
        f["clause_last:" + next(q for q in reversed(cues_clause) if q.strong).kind] = 1.0
    if nearest_any:
        f["near_any:" + nearest_any.id] = 1.0
    if sent_strong:
        f["sent_strong:" + sent_strong.kind] = 1.0
    right_cues = _cues_in(ctx.cues, ctx.cue_starts, c.end, ce)
    for q in right_cues[:3]:
        f["right:" + q.id] = 1.0
    if not cues_clause:
        # "23 học viên sau đó đã bỏ học": a count written as the subject takes the kind of its own
        # verb after it, up to the next comma or value
        softs_after = [p for p in sent.softs if p > c.end]
        stop = min([ce, next_start, *softs_after[:1]])
        own = next((q for q in right_cues if q.strong and q.end <= stop), None)
        subject = not re.search(r"\w", text[chunk_start:cmp_end]) and not _in_paren(text, chunk_start, c.start)
        if own is not None and own.id not in g.trailing_cues and subject:
            f["subject_of:" + own.kind] = 1.0
        elif prev is not None and prev.clause != c.clause and prev.rule_kind != "none" and \
                not any(cs <= t.start < ce for t in times_sent) and not right_cues:
            # "...; tỷ lệ hộ nghèo còn 0,42%; tỷ lệ thất nghiệp 2,7%": a clause without a verb of its
            # own in a list of figures shares the kind of the figure before
            f["ellipsis:" + prev.rule_kind] = 1.0
    if g.plan_after.match(text, c.end) or (ma and g.plan_after.match(text, ma.end())):
        f["plan_after"] = 1.0
    header = _header_kind(ctx, si)
    if header:
        f["header:" + header.kind] = 1.0
    if si > 0 and ctx.sentences[si - 1].paragraph == sent.paragraph:
        pc = _cues_in(ctx.cues, ctx.cue_starts, ctx.sentences[si - 1].start, ctx.sentences[si - 1].end)
        ps = next((q for q in reversed(pc) if q.strong), None)
        if ps:
            f["prev_sent:" + ps.kind] = 1.0
    f["unit:" + c.unit_kind] = 1.0
    if _neither(text, max(cs, c.start - 60), min(ce, c.end + 30)):
        f["neither_ctx"] = 1.0
    if _neither(text, chunk_start, min(ce, c.end + 30)):
        f["neither_near"] = 1.0
    price = False
    if c.unit_kind in ("currency", "scale") and (g.price_per.match(text, c.end) or (
            c.unit and "/" in c.unit and g.price_per.match("/" + c.unit.split("/", 1)[1]))):
        f["neither_near"] = f["neither_ctx"] = 1.0  # a price per unit
        price = True
    if c.unit_kind in ("currency", "scale") and _conversion(text, max(sent.start, c.start - 160), c.start):
        price = True  # the same amount restated in another currency: as dead as a price
        f["conversion"] = 1.0
    if c.unit and _fold(c.unit) in g.quota_units:
        f["unit_quota"] = 1.0
    if c.paren_of is not None:
        f["paren"] = 1.0
    if not re.search(r"\w", text[cs:c.start]):
        f["value_first"] = 1.0
    pw = re.findall(r"\w+", text[max(cs, c.start - 24): c.start].lower())[-2:]
    for w in pw:
        f["w:" + w] = 1.0

    # time
    deadline, trel, by, in_clause = _deadline(ctx, c, sent, si, next_start)
    f["time:" + trel] = 1.0
    if by:
        f["time_by"] = 1.0
    if in_clause:
        f["time_clause:" + trel] = 1.0
        f["time_clause"] = 1.0
    if ctx.pub_year is None:
        f["pub:none"] = 1.0
    list_by = _list_by_deadline(ctx, c, sent)

    # place
    location = None
    for m in ctx.places:
        # a model's guess names the place of a target only when it is sure
        if cs <= m.start and m.end <= c.end and (not (m.rule or "").startswith("model") or m.confidence >= 0.97):
            location = text[m.start:m.end]
    location = location or ctx.place

    # what is measured: the unit and the indicator's head words
    if c.unit:
        f["unit=" + _fold(c.unit)[-12:]] = 1.0
    ind_words = re.findall(r"\w+", (indicator or "").lower())
    if ind_words:
        f["ind1:" + ind_words[0]] = 1.0
        f["ind2:" + " ".join(ind_words[:2])] = 1.0
        if g.heads.match(indicator or ""):
            f["ind_head"] = 1.0
    c.feats = f
    c.attrs = {
        "indicator": _clean_indicator(indicator),
        "value": c.value,
        "value_high": c.value_high,
        "unit": c.unit,
        "comparator": comparator,
        "direction": direction,
        "deadline": deadline,
        "location": location,
        "_ind_end": ind_end,
        "_period": _period_before(ctx, sent, si) if deadline is None else None,
        "_in_paren": _in_paren(text, max(cs, c.start - 400), c.start),
        "_prev": prev,
    }
    # the rules read one signal more than the classifier does
    rule_f = dict(f, sent_by=1.0) if list_by else f
    if price:
        rule_f = dict(rule_f, price=1.0)
    if trel == "past" and _time_after(ctx, c, [t for t in times_sent if cs <= t.start < ce], next_start):
        rule_f = dict(rule_f, past_after=1.0)  # "giảm xuống còn 11 triệu tấn năm 2021": a period gone by
    c.rule_kind, c.rule, cue = rule_kind(rule_f, chunk_strong, clause_strong, sent_strong, header, nearest_any)
    c.cue = cue.text if cue else None


def _coordinated(text: str, prev: Candidate | None, s: int) -> bool:
    """The phrase at `s` follows the value before with only a coordinator between ("doanh thu 200 tỷ
    đồng và LNST 25 tỷ đồng"): it names the next value's indicator, not a subject."""
    if prev is None or prev.end > s:
        return False
    gap = text[prev.end:s]
    return bool(grammar().conj_lead.match(gap)) and not re.search(r"[;:.]", gap) and _syllables(gap) <= 2


def _names_right(text: str, c: Candidate) -> bool:
    """A phrase after the value names what it measures: a counted noun ("46 phòng ban"), or words
    after a share ("40% chợ hạng 2") other than a comparison ("so với năm trước")."""
    g = grammar()
    if c.unit_kind == "counted":
        return 0 <= c.noun_start < c.end
    return bool(re.match(r"\s*[^\W\d_]", text[c.end:c.end + 3])) and not g.compare_after.match(text, c.end)


def _conversion(text: str, s: int, e: int) -> bool:
    """A conversion word right before the value ("tương đương", "quy đổi ... là") with a currency
    amount written shortly before it: the value restates that amount."""
    g = grammar()
    m = g.conversion.search(text, s, e)
    if m is None or _syllables(m.group("gap")) > 6:
        return False
    return bool(g.amount.search(text, max(s, m.start() - 60), m.start()))


def _in_paren(text: str, s: int, e: int) -> bool:
    """An open bracket before the value; the window is bounded so run-on clauses stay linear."""
    return text.count("(", s, e) > text.count(")", s, e)


def _neither(text: str, s: int, e: int) -> bool:
    """A price, an age, a score, one event's count ... near the value (exceptions cancel)."""
    g = grammar()
    return any(_fold(m.group(0)) not in g.neither_except for m in g.neither.finditer(text, s, e))


def _clean_indicator(s: str | None) -> str | None:
    if not s:
        return None
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–/")
    if s.count("(") > s.count(")"):
        s = s[: s.rfind("(")].strip() or s
    while s.endswith(")") and s.count(")") > s.count("("):
        s = s[:-1].strip(" ,;:-–/")
    return s or None


def _header_kind(ctx: DocContext, si: int) -> Cue | None:
    """The cue of the sentence that opens the list this sentence is in (ends with ':')."""
    for k in range(si - 1, max(-1, si - 8), -1):
        prev = ctx.sentences[k]
        tail = ctx.text[prev.end - 1: prev.end] if prev.end > prev.start else ""
        last_clause_end = prev.clauses[-1][1] if prev.clauses else prev.end
        if tail == ":" or ctx.text[last_clause_end: prev.end].strip().startswith(":"):
            cs = _cues_in(ctx.cues, ctx.cue_starts, prev.start, prev.end)
            return next((q for q in reversed(cs) if q.strong), None)
        if ctx.sentences[si].paragraph - prev.paragraph > 8:
            break
    # a clause ending in ':' inside the same sentence
    sent = ctx.sentences[si]
    for a, b in sent.clauses:
        if b < ctx.text.find(":", a, sent.end) + 1 and ":" in ctx.text[b: b + 2]:
            cs = _cues_in(ctx.cues, ctx.cue_starts, a, b)
            q = next((q for q in reversed(cs) if q.strong), None)
            if q:
                return q
    return None


def _list_by_deadline(ctx: DocContext, c: Candidate, sent: cl.Sentence) -> bool:
    """An earlier clause of the sentence sets a limit ahead ("Cụ thể, đến năm 2020, ... ; kim ngạch
    năm 2020 đạt ..."): the aims listed after it are aims for that year."""
    for t in ctx.times:
        if t.start >= c.clause[0] or t.start >= c.start:
            break
        if t.start < sent.start or not t.by:
            continue
        y = _year_of(t.value.split("/")[-1])
        if y is not None and (ctx.pub_year is None or y > ctx.pub_year):
            return True
    return False


def _time_after(ctx: DocContext, c: Candidate, ts: list[TimeRef], next_start: int) -> TimeRef | None:
    """A time written right after the value, or after its unit, counted noun or indicator, in the
    same comma chunk and before the next value: it is that value's period or deadline ("dự kiến đạt
    6,7% trong năm 2017", "238 tỷ đồng doanh thu năm 2016"). Not a comparison base ("so với năm
    2016", "gấp đôi năm trước": what a multiple multiplies), and not a time that opens the next aim
    ("25% đến năm 2030 đạt 35%")."""
    g = grammar()
    text = ctx.text
    if c.unit_kind == "multiple" or c.unit == g.multiple_unit:
        return None
    stop = min(c.clause[1], next_start)
    for t in ts:
        if t.start < c.end:
            continue
        if t.start >= stop:
            return None
        gap = text[c.end:t.start]
        if re.search(r"[,;:()\d]|(?<!\w)so(?!\w)", gap) or _syllables(gap) > 6 or g.compare_any.search(text, c.end, t.end) or \
                _compared_with(text, t):
            return None
        if next_start < c.clause[1] and not re.search(r"[,;:()]", text[t.end:next_start]) and \
                _syllables(text[t.end:next_start]) <= 4:
            return None  # the time governs the value after it
        return t
    return None


def _deadline(ctx: DocContext, c: Candidate, sent: cl.Sentence, si: int,
              next_start: int | None = None) -> tuple[str | None, str, bool, bool]:
    """The governing time: right after the value, in the clause, earlier in the sentence, or up the paragraph."""
    cs, ce = c.clause
    ts = [t for t in ctx.times if sent.start <= t.start < sent.end]
    pick: TimeRef | None = None
    far = False
    in_clause = [t for t in ts if cs <= t.start < ce]
    before = [t for t in in_clause if t.start < c.start]
    after = _time_after(ctx, c, in_clause, len(ctx.text) if next_start is None else next_start)
    if after is not None:
        pick = after
    elif before:
        dl = [t for t in before if t.deadline]
        pick = (dl or before)[-1]
    elif in_clause:
        pick = in_clause[0]
    else:
        earlier = [t for t in ts if t.start < cs]
        if earlier:
            pick = earlier[-1]
        else:
            for k in range(si - 1, max(-1, si - 8), -1):
                if ctx.sentences[k].paragraph != sent.paragraph:
                    break
                tk = [t for t in ctx.times if ctx.sentences[k].start <= t.start < ctx.sentences[k].end
                      and (t.deadline or t.by)]
                if tk:
                    pick = tk[-1]
                    # a list of aims far down the paragraph still reads as ahead of its year, but
                    # the deadline field keeps to the sentence and its near neighbours
                    far = si - k > 3
                    break
    if pick is None:
        return None, "none", False, False
    value = pick.value
    y = _year_of(value)
    last = _year_of(value.split("/")[-1]) if "/" in value else y
    if y is None:
        rel = {"PAST_REF": "past", "FUTURE_REF": "future", "PRESENT_REF": "same"}.get(value, "unknown")
    elif ctx.pub_year is None:
        rel = "year_nopub"
    elif (last or y) > ctx.pub_year:
        rel = "future"
    elif (last or y) < ctx.pub_year:
        rel = "past"
    else:
        rel = _rel_in_year(value, ctx.pub_year, ctx.pub_month)
    if far or _compared_with(ctx.text, pick):
        value = None  # "tăng 44,3% so với năm 2016": the base of a comparison is not the period
    return value, rel, pick.by, cs <= pick.start < ce


def _compared_with(text: str, t: TimeRef) -> bool:
    return bool(grammar().compare_before.search(text, max(0, t.start - 24), t.start))


def _period_before(ctx: DocContext, sent: cl.Sentence, si: int) -> str | None:
    """The period a report's earlier sentence sets ("Năm 2017 vừa qua MB ... Lợi nhuận ... đạt"):
    the last time of the nearest earlier sentence of the paragraph that has one, not a comparison base."""
    for k in range(si - 1, max(-1, si - 3), -1):
        prev = ctx.sentences[k]
        if prev.paragraph != sent.paragraph:
            break
        tk = [t for t in ctx.times if prev.start <= t.start < prev.end and _year_of(t.value) is not None
              and not _compared_with(ctx.text, t)]
        if tk:
            return tk[-1].value
    return None


def _months(value: str) -> tuple[int, int] | None:
    """The first and last month (year * 12 + month - 1) a TIMEX3 value covers."""
    parts = value.split("/")
    ends = []
    for k, part in enumerate(parts):
        m = re.fullmatch(r"(\d{4})(?:-(?:(\d\d)(?:-\d\d)?|Q([1-4])|H([12])))?", part)
        if not m:
            return None
        y = int(m.group(1)) * 12
        if m.group(2):
            a = b = y + int(m.group(2)) - 1
        elif m.group(3):
            a = y + 3 * (int(m.group(3)) - 1)
            b = a + 2
        elif m.group(4):
            a = y + 6 * (int(m.group(4)) - 1)
            b = a + 5
        else:
            a, b = y, y + 11
        ends.append(a if k == 0 else b)
        if len(parts) == 1:
            ends.append(b)
    return ends[0], ends[-1]


def _rel_in_year(value: str, pub_year: int, pub_month: int | None) -> str:
    """A period of the publication year against the publication month: one that has not begun,
    or a whole year with most of it still ahead ("năm 2023" in January 2023), lies ahead; one
    already over ("6 tháng đầu năm" in July) lies behind."""
    span = _months(value) if pub_month is not None else None
    if span is None or pub_month is None:
        return "same"
    now = pub_year * 12 + pub_month - 1
    first, last = span
    if first > now or (last - first >= 11 and now - first < 6):
        return "future"
    if last < now:
        return "past"
    return "same"


def rule_kind(f: dict[str, float], chunk: Cue | None, clause: Cue | None, sentence: Cue | None,
              header: Cue | None, nearest_any: Cue | None) -> tuple[str, str, Cue | None]:
    """The rules-only verdict.

    In order: a value measured against a plan is a result; the nearest strong
    cue in the value's own comma chunk; the first strong cue of its clause
    (the one that governs a list of aims); a time in the clause (a deadline
    or a future period makes a target, a past one a result); a cue earlier in
    the sentence; the header of the list; then weak verbs.
    """
    if f.get("price"):
        return "none", "rule.price", None  # a price per unit, forecast or not, measures no aim
    chunk_target = chunk is not None and chunk.kind == "target"
    if f.get("plan_after") and not chunk_target:
        return "result", "rule.plan_after", nearest_any
    if f.get("neither_near") and not chunk_target:
        return "none", "rule.neither_context", None
    if chunk is not None and chunk.id == "cue.target.raise" and f.get("past_after"):
        return "result", "rule.past_time_after", chunk  # a change over a past period is reported, not aimed at
    if chunk is not None:
        return chunk.kind, "rule.chunk_cue." + chunk.id, chunk
    if f.get("time_clause:future") or (f.get("time_by") and f.get("time_clause") and not f.get("time_clause:past")):
        return "target", "rule.future_time", None
    if f.get("sent_by") and not f.get("time_clause:past") and not f.get("time_clause:same"):
        return "target", "rule.list_by_deadline", None
    if f.get("time_clause:past"):
        return "result", "rule.past_time", None
    if clause is not None:
        return clause.kind, "rule.clause_cue." + clause.id, clause
    for kind in ("target", "result"):
        if f.get("subject_of:" + kind):
            return kind, "rule.subject_verb", None
    if f.get("unit_quota"):
        return "target", "rule.quota_unit", None
    if sentence is not None:
        return sentence.kind, "rule.sentence_cue." + sentence.id, sentence
    if header is not None:
        return header.kind, "rule.list_header." + header.id, header
    if f.get("time:future"):
        return "target", "rule.future_time", None
    if f.get("neither_ctx"):
        return "none", "rule.neither_context", None
    for kind in ("target", "result"):
        if f.get("ellipsis:" + kind):
            return kind, "rule.list_ellipsis", None
    if f.get("time:past") or f.get("time_clause:year_nopub") or nearest_any is not None:
        return "result", "rule.past_or_verb", nearest_any
    return "none", "rule.no_cue", None


# ----------------------------------------------------------------- component


class TargetAssembler:
    """Candidates -> targets and results; the classifier decides the kind when it is installed."""

    def __init__(self, nlp: Language, name: str = "vnp_targets", use_model: bool = True) -> None:
        self.name = name
        grammar()
        cl.grammar()
        self.model = None
        if use_model:
            from ..ml.target_classifier import load_default

            self.model = load_default()

    def __call__(self, doc: Doc) -> Doc:
        _, cands = analyse(doc)
        decide(cands, self.model)
        mentions = []
        for c in cands:
            kind = c.attrs.get("_kind")
            if kind not in ("target", "result"):
                continue
            attrs = {"kind": kind, **{k: v for k, v in c.attrs.items() if not k.startswith("_")},
                     "cue": c.cue}
            mentions.append(Mention("TARGET", c.span[0], c.span[1], attrs, rule=c.attrs["_rule"],
                                    confidence=c.attrs["_confidence"]))
        add_mentions(doc, GROUP, mentions)
        return doc


def decide(cands: list[Candidate], model: Any) -> None:
    """Set `_kind`, `_rule`, `_confidence` on each candidate; shares in brackets follow their count."""
    for i, c in enumerate(cands):
        if c.paren_of is not None and c.paren_of < i:
            base = cands[c.paren_of]
            kind = base.attrs.get("_kind", "none")
            c.attrs.update({k: base.attrs.get(k) for k in ("deadline", "location", "direction")})
            if not c.attrs.get("indicator"):
                c.attrs["indicator"] = base.attrs.get("indicator")
            c.span = (base.span[0], max(c.end + 1, c.span[1]))
            c.attrs.update(_kind=kind, _rule="rule.share_of_count", _confidence=base.attrs.get("_confidence", 0.7))
            c.cue = base.cue
            continue
        if c.rule == "rule.price":  # a price or a conversion
            c.attrs.update(_kind="none", _rule=c.rule, _confidence=0.9)
        elif model is not None:
            feats = dict(c.feats)
            feats["rule:" + c.rule_kind] = 1.0
            probs = model.predict_proba(feats)
            kind = combine(probs, c.rule_kind, model.none_threshold)
            c.attrs.update(_kind=kind, _rule="model.target_kind:" + c.rule, _confidence=probs[kind])
        else:
            c.attrs.update(_kind=c.rule_kind, _rule=c.rule, _confidence=0.7)
        if c.part_of is not None and c.part_of < i and not c.feats.get("chunk_strong:target") and \
                not c.feats.get("chunk_strong:result"):
            # the listed parts of a figure share its kind
            c.attrs.update(_kind=cands[c.part_of].attrs.get("_kind", "none"), _rule="rule.part_of_figure")
        if c.attrs["_kind"] == "result" and c.attrs.get("deadline") is None and c.attrs.get("_period"):
            # a result's period may be set by the sentence before ("Năm 2023, ... Cũng trong năm, ...")
            c.attrs["deadline"] = c.attrs["_period"]


@Language.factory("vnp_targets", assigns=["doc.spans"], requires=["doc.spans"], default_config={"use_model": True})
def make_targets(nlp: Language, name: str, use_model: bool) -> TargetAssembler:
    return TargetAssembler(nlp, name, use_model=use_model)
