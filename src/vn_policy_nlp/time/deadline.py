"""The deadline role: does a time expression say by when a target or task must be met?

A limit (`đến năm 2025`, `trước ngày 30/6`) does, unless it is "as of"
(`tính đến`), a horizon (`tầm nhìn đến`) or past. A bare time does when its
clause holds a verb of obligation or plan, or a target noun followed by a
quantity, or when an earlier deadline of the sentence opened a list of
targets (`đến năm 2025 là 12-15% và năm 2030 là 13-18%`). A cue belongs to
the nearest time: the clause is cut at the neighbouring expressions
(`bounds`). Also a deadline: a time right after a word of purpose (`để quý I
đạt ...`), and a named period with a quantity after a framing clause (`Theo
kế hoạch, năm 2019 ...`) or for a coming period (`giai đoạn 5 năm tới là
2.350 tỷ đồng`). Not: a time inside a plan's name (`chương trình CNTT năm
2017`), a limit that opens an account of the past (`đến hết năm 2016, toàn
tỉnh đã có ...`). The words are `deadline` in `lang/vi/time.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lang import alternation, require, table
from .candidates import Cand
from .context import REFS, Context
from .grammar import FLAGS, TimeGrammar, ending_with, key

#: Which rule decided a flag (`verdict`): vague or passed, a plan's name or a baseline, a limit, the cues around it.
REASONS = ("past", "named", "limit", "cued")
_PAREN = re.compile(r"\([^()]*\)")  # an aside: "(tối đa 5% tổng chỉ tiêu)"
_YEARS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_QUOTES = " \"“'(-"


@dataclass(frozen=True)
class DeadlineGrammar:
    cue: re.Pattern[str]  # target nouns ("chỉ tiêu"): a deadline when a quantity follows
    strong: re.Pattern[str]  # verbs of obligation and plan ("phấn đấu", "phải")
    clause_end: re.Pattern[str]
    soft_end: re.Pattern[str]
    exceptions: re.Pattern[str] | None
    window: tuple[int, int]  # syllables read before and after for a cue
    window_headed: int
    past_words: int
    lead: re.Pattern[str]
    purpose: re.Pattern[str]
    subordinate: re.Pattern[str]
    quantity: re.Pattern[str]
    plan: re.Pattern[str]
    baseline: re.Pattern[str]
    document: re.Pattern[str]
    as_of: re.Pattern[str]
    horizon: re.Pattern[str]
    horizon_after: re.Pattern[str]
    past: re.Pattern[str]


def _words(phrases: list[str], flags: int = FLAGS) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(phrases)})(?!\w)", flags)


@cache
def deadline_grammar() -> DeadlineGrammar:
    data = table("time")
    dl = require(data, "deadline", "time")
    count_unit = alternation(require(data, "words", "time")["count_unit"])
    cues = alternation(dl["cues"])
    return DeadlineGrammar(
        # Cues are matched case-sensitively: "Cần Thơ" is a city, "cần" a need.
        cue=_words(dl["cues"], 0),
        strong=_words(dl["strong_cues"], 0),
        clause_end=re.compile("|".join(re.escape(x) for x in dl["clause_end"])),
        # a comma inside a list of numbers ("Nghị quyết 01, 02") does not end a clause
        soft_end=re.compile("|".join([re.escape(x) for x in dl["clause_end"]]
                                     + [re.escape(x) + r"(?!\s?\d)" for x in dl.get("soft_end", [])])),
        exceptions=_words(dl["cue_exceptions"]) if dl.get("cue_exceptions") else None,
        window=(int(dl["window_before"]), int(dl["window_after"])),
        window_headed=int(dl.get("window_after_headed", dl["window_after"])),
        past_words=int(dl.get("past_after_limit_words", 0)),
        lead=re.compile(rf"^\s*(?:{alternation(dl['lead_openers'])})\s+(?:{cues})(?!\w)"
                        rf"|(?<!\w)(?:{cues})(?!\w).*(?<!\w)(?:{alternation(dl['lead_reporting'])})\s*$"),
        purpose=ending_with(dl["purpose"]),
        subordinate=re.compile(rf"\s*(?:{alternation(dl.get('subordinate') or ['(?!)'])})(?!\w)", FLAGS),
        # A quantity: a number that is not a year, a code, or a count of time units.
        quantity=re.compile(rf"(?<![\w/.,])(?<!thứ )(?!(?:19|20)\d\d(?!\d))\d+(?:[.,]\d+)*(?![\w/]|\s*(?:{count_unit})(?!\w))", FLAGS),
        plan=_words(dl["plan_words"]),
        baseline=ending_with(dl["baseline"]),
        document=re.compile(rf"(?<!\w)(?:{alternation(dl['document_words'])})\s+(?:(?:{alternation(dl['number_word'])})\s+)?"
                            rf"\d+[\w/\-–]*\s*$", FLAGS),
        as_of=ending_with(dl["as_of"]),
        horizon=ending_with(dl["horizon"]),
        horizon_after=re.compile(rf"^\s*,?\s*(?:{alternation(dl['horizon'])})(?!\w)", FLAGS),
        past=_words(dl["past"]),
    )


@dataclass(frozen=True)
class Scope:
    """The text a verdict reads: the sentence up to the expression, its comma clause, and what follows."""

    s_start: int
    s_end: int
    head: str  # the sentence up to the expression, its first letter lower-cased
    clause: str  # the comma clause of `head` holding the expression
    near: str  # `head` from the previous expression on
    after_all: str  # the sentence after the expression, up to the next expression

    @classmethod
    def of(cls, text: str, c: Cand, ctx: Context, bounds: tuple[int, int], d: DeadlineGrammar) -> Scope:
        s_idx = ctx.sentence_of(c.start)
        s_start = ctx.layer.sentences[s_idx].start if ctx.layer.sentences else 0
        s_end = ctx.layer.sentence_reach(s_idx)
        head = text[s_start : c.start]
        head = head[:1].lower() + head[1:]  # a sentence-initial cue is still a cue
        clause = head[max((m.end() for m in d.soft_end.finditer(head)), default=0) :]
        return cls(s_start, s_end, head, clause, text[max(s_start, bounds[0]) : c.start], text[c.end : min(s_end, bounds[1])])


def _words_tail(s: str, n: int) -> str:
    parts = s.split()
    return " ".join(parts[-n:]) if parts else ""


def _words_head(s: str, n: int) -> str:
    return " ".join(s.split()[:n])


def _may_be_deadline(c: Cand, value: str, ctx: Context, now: int | None) -> bool:
    """Vague, past and already-passed times never are."""
    if c.kind in ("vague", "day", "anaphora", "clock") or (value in (REFS[0], REFS[1]) and c.kind != "relative"):
        return False
    if value == REFS[0] or (c.kind == "relative" and value == REFS[1] and c.unit != "year"):
        return False
    years = [int(y) for y in _YEARS.findall(value)]
    if now is not None and years and max(years) < now:
        return False
    last = re.search(r"(\d{4})-(\d{2})(?!.*\d{4})", value)
    # a month already past at publication ("trong tháng trước")
    return not (last and ctx.py and ctx.pm and (int(last.group(1)), int(last.group(2))) < (ctx.py, ctx.pm))


def _named_or_compared(text: str, c: Cand, sc: Scope, g: TimeGrammar, d: DeadlineGrammar) -> bool:
    """A horizon inside a plan's name, a baseline of comparison, a document's date, a plan's own period."""
    left = text[max(sc.s_start, c.start - g.windows.deadline_left) : c.start]
    horizon = d.horizon.search(left)
    if horizon and text[sc.s_start : c.start - len(horizon.group(0))].strip(_QUOTES):
        return True  # "Chiến lược ... tầm nhìn đến năm 2045"
    if d.baseline.search(left) or d.document.search(left) or d.horizon_after.match(text[c.end : sc.s_end]):
        return True
    plan = None
    for plan in d.plan.finditer(sc.clause):  # noqa: B007 - the last plan name in the clause
        pass
    tail = sc.clause[plan.end() :] if plan is not None else ""
    # "Quy hoạch sử dụng đất đến năm 2020", "chương trình CNTT năm 2017": the plan's name
    return plan is not None and not d.strong.search(tail) and not d.cue.search(tail)


def _past_by(after: str, clause: str, d: DeadlineGrammar) -> bool:
    """Does a limit open an account of the past ("đến hết năm 2016, toàn tỉnh đã có 20 xã
    đạt chuẩn", "đến năm 2015 đã tăng 6,5 lần")? The limit's own clause is the words right after
    it, or the next comma clause when the limit stands alone at the head of the sentence or clause;
    a subordinate clause ("Đến năm 2030, khi đã chuẩn bị đủ ...") says nothing of it."""
    m = re.match(r"\s*,", after)
    if m and clause.strip(_QUOTES):
        return False  # "hoàn thành trước ngày 28/2, trong đó ...": the limit closes its clause
    own = _words_head(re.split(r"[,;:]|\svà\s", after[m.end() if m else 0 :], maxsplit=1)[0], d.past_words)
    if d.subordinate.match(own):
        return False
    past = d.past.search(own)
    strong = d.strong.search(own)
    return bool(past and (strong is None or past.start() < strong.start()))


def _limit_verdict(text: str, c: Cand, sc: Scope, g: TimeGrammar, d: DeadlineGrammar) -> bool | None:
    """A limit's verdict, or None to read its cues: "tính đến" is "as of", "đến năm 2025" is "by"
    unless it opens an account of the past, an event's day or a span up to now is no deadline."""
    if c.limit:
        if d.as_of.search(text[max(0, c.start - g.windows.as_of_before) : c.start]):
            return False
        if c.mod in ("by", "before"):
            return not _past_by(sc.after_all, sc.clause, d)
        if not c.parts:
            return False
    if (c.kind in ("date", "date_range") and not c.limit) or (c.parts and c.parts[-1].kind in ("date", "date_range")):
        return False  # the day of an event
    if c.parts and c.parts[-1].kind == "vague":
        return False  # "từ 2012 đến nay": a span of the past
    return None


def _led(head: str, clause: str, d: DeadlineGrammar) -> bool:
    """Is the expression at the head of its comma clause, after a clause that frames what follows
    as a target ("Theo kế hoạch, năm 2019 ...", "Kế hoạch của tỉnh cho biết, giai đoạn 2021-2025, ...")?"""
    if clause.strip(_QUOTES):
        return False
    cut = head[: len(head) - len(clause)]
    ends = [m.start() for m in d.soft_end.finditer(cut)]
    if not ends:
        return False
    starts = [m.end() for m in d.soft_end.finditer(cut, 0, ends[-1])]
    return bool(d.lead.search(cut[starts[-1] if starts else 0 : ends[-1]]))


def verdict(text: str, c: Cand, value: str, ctx: Context, g: TimeGrammar, now: int | None, listed: bool,
            bounds: tuple[int, int] = (0, 1 << 30)) -> tuple[bool, str]:
    """The deadline flag of one resolved expression (`listed`: an earlier deadline of its sentence opened a
    list) and which rule decided it (`REASONS`): `past` (vague or passed), `named` (a plan's name, a
    baseline, a document's date), `limit` or `cued`. The targets stage's deadline models read it as a feature."""
    if not _may_be_deadline(c, value, ctx, now):
        return False, "past"
    d = deadline_grammar()
    sc = Scope.of(text, c, ctx, bounds, d)
    if _named_or_compared(text, c, sc, g, d):
        return False, "named"
    limit = _limit_verdict(text, c, sc, g, d)
    if limit is not None:
        return limit, "limit"
    return _cued(text, c, value, sc, listed, bounds, g, d), "cued"


def _cued(text: str, c: Cand, value: str, sc: Scope, listed: bool, bounds: tuple[int, int],
          g: TimeGrammar, d: DeadlineGrammar) -> bool:
    """A bare time's verdict from the cues around it: a verb of obligation or purpose before, a
    coordinated time in a list, a verb of obligation after (not after a word of the past), or a
    quantity with a target noun, a framing clause, a list or a coming period."""
    clause = sc.clause[max(0, len(sc.clause) - len(sc.near)) :] if bounds[0] > sc.s_start else sc.clause
    nb, na = d.window
    before = _words_tail(_PAREN.sub(" ", clause), nb)
    after_all = _PAREN.sub(" ", sc.after_all)
    after = raw_after = _words_head(d.clause_end.split(after_all, maxsplit=1)[0], na)
    if d.exceptions is not None:
        before, after = d.exceptions.sub(" ", before), d.exceptions.sub(" ", after)
    if d.strong.search(before) or d.purpose.search(before):
        return True  # "phải vượt kế hoạch trong năm 2019", "để quý 1 đạt kết quả toàn diện"
    if listed and g.span.coordination.fullmatch(text[bounds[0] : c.start]):
        return True  # "hoàn thành các chỉ tiêu của năm 2019 và của cả giai đoạn 2016-2021": a coordinated time
    strong_after = d.strong.search(after)
    own = re.split(r",|\svà\s", raw_after.lstrip(" ,"), maxsplit=1)[0]  # the expression's own clause
    past = d.past.search(own)
    if past and (strong_after is None or past.start() < strong_after.start()):
        return False  # "trong năm 2016 đã xảy ra": an account of the past
    if strong_after:
        return True
    led = _led(sc.head, clause, d)
    headed = before.rstrip()
    probe = after
    if any(ch.isdigit() for ch in text[c.start : c.end]) and (led or any(m.end() == len(headed) for m in d.cue.finditer(headed))):
        # the time names a target noun's period ("chỉ tiêu kế hoạch năm 2017 ... là 6-7%",
        # "Theo kế hoạch, giai đoạn 2021-2025, ... là 443 người"): the value may come further on
        probe = _words_head(d.clause_end.split(after_all, maxsplit=1)[0], d.window_headed)
    if bounds[1] < sc.s_end:  # the clause was cut at the next time: let a unit word be read past the cut
        unit = re.match(r"\s*[^\W\d]+", text[bounds[1] : bounds[1] + g.windows.unit_peek])
        probe += " " + unit.group(0).strip() if unit else ""
    # a quantity for a coming period is planned ("vốn bố trí giai đoạn 5 năm tới là 2.350 tỷ đồng")
    unit_word = c.groups.get("unit")
    ahead = value == REFS[2] and (unit_word is None or g.tables.bare_units.get(key(unit_word)) in ("year", "quarter", "month"))
    return d.quantity.search(probe) is not None and bool(listed or led or ahead or d.cue.search(before) or d.cue.search(after))
