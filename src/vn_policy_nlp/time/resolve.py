"""Values: one resolver per kind of expression, in a table (`RESOLVERS`).

Values follow GUIDELINES.md section 4 (TIMEX3-like): `2023-01-12`, `2024-06`,
`2024-Q2`, `2023-H1`, `2023`, `2021/2025`, `PAST_REF`/`PRESENT_REF`/
`FUTURE_REF`, and `XXXX-01-12` when the year cannot be known. A resolver
returns None when the expression names no real time (`30/2`, `2025-2021`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ..text import TextLayer
from .candidates import Cand
from .context import REFS, Context, parse_published, ref, update, yfmt
from .grammar import TimeGrammar, key

Resolver = Callable[[Cand, Context, TimeGrammar], "str | None"]


def closest_year(ctx: Context, month: int, day: int | None, forward: bool = False, backward: bool = False) -> int | None:
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


def _guess_year(c: Cand, ctx: Context, month: int, day: int | None) -> int | None:
    """The year of a day or month written without one: ahead after a limit or "tới", back after "vừa qua"."""
    forward = c.mod in ("by", "before") or c.direction == "future"
    return closest_year(ctx, month, day, forward=forward, backward=c.direction == "past")


def _real_date(y: int | None, m: int, d: int) -> bool:
    try:
        date(y or 2000, m, d)
    except ValueError:
        return False
    return True


def _num(s: str | None) -> int | None:
    return int(s) if s and s.isdigit() else None


def _year_of(c: Cand, ctx: Context, g: TimeGrammar) -> int | None:
    """The year a month, quarter or half names: written, relative (`năm nay`) or None."""
    y = _num(c.groups.get("y") or c.groups.get("y_w"))
    if y is not None:
        return y
    r = g.tables.relative.get(key(c.groups.get("rel") or ""), {})
    if "offset" in r:
        base = ctx.year if r.get("anaphoric") and ctx.year else ctx.py
        return None if base is None else base + int(r["offset"])
    return None


def _date(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    gr = c.groups
    d, m = int(gr["d"]), _num(gr.get("m") or gr.get("m_w"))
    if m is None:
        return None
    y = _num(gr.get("y") or gr.get("y_w"))
    if y is None:
        y = _guess_year(c, ctx, m, d)
    if not _real_date(y, m, d):
        return None
    v = f"{yfmt(y)}-{m:02d}-{d:02d}"
    return v + f"T{int(gr['hh']):02d}:{int(gr.get('mi') or 0):02d}" if gr.get("hh") else v


def _date_range(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    gr = c.groups
    d, d2, m = int(gr["d"]), int(gr["d2"]), int(gr["m"])
    m2 = _num(gr.get("m2")) or m
    y = _num(gr.get("y")) or closest_year(ctx, m, d)
    if (m2, d2) <= (m, d) or not _real_date(y, m, d) or not _real_date(y, m2, d2):
        return None
    return f"{yfmt(y)}-{m:02d}-{d:02d}/{yfmt(y)}-{m2:02d}-{d2:02d}"


def _month(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    gr = c.groups
    m = int(gr["m"]) if gr["m"].isdigit() else g.tables.month_names.get(key(gr["m"]))
    if m is None:
        return None
    y = _year_of(c, ctx, g)
    if y is None and not gr.get("rel"):
        y = _guess_year(c, ctx, m, None)
    if gr.get("rel") and y is None:
        return f"XXXX-{m:02d}"
    if c.kind == "month_range":
        m2 = int(gr["m2"])
        return None if m2 <= m else f"{yfmt(y)}-{m:02d}/{yfmt(y)}-{m2:02d}"
    return f"{yfmt(y)}-{m:02d}"


def _quarter(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    q = g.tables.quarter_numbers.get(key(c.groups["q"]))
    if q is None:
        return None
    y = _year_of(c, ctx, g)
    if y is None and not c.groups.get("y") and not c.groups.get("rel"):
        y = ctx.py
    return f"{yfmt(y)}-Q{q}"


def _part_of_year(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    """"6 tháng đầu năm" -> H1, "3 tháng cuối năm" -> Q4, "2 tháng đầu năm" -> 01/02, "nửa cuối năm" -> H2."""
    gr = c.groups
    side = g.tables.sides.get(key(gr["side"])) if gr.get("side") else "first"
    y = _year_of(c, ctx, g)
    if y is None and not gr.get("rel"):
        y = ctx.py
    ys = yfmt(y)
    n = 6 if c.kind == "half" else (int(gr["n"]) if gr["n"].isdigit() else g.tables.count_numbers.get(key(gr["n"])))
    if not n or n > 12:
        return None
    first = side == "first"
    named = {6: f"{ys}-H{1 if first else 2}", 3: f"{ys}-Q{1 if first else 4}", 12: ys, 1: f"{ys}-{1 if first else 12:02d}"}
    if n in named:
        return named[n]
    return f"{ys}-01/{ys}-{n:02d}" if first else f"{ys}-{13 - n:02d}/{ys}-12"


def _year(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    y, y2 = int(c.groups["y"]), _num(c.groups.get("y2"))
    if y2 is not None:
        return None if y2 <= y or y2 - y > g.tables.max_period_years else f"{y}/{y2}"
    sub = ctx.sub_here(c.start)
    if c.same_period and sub:
        return f"{y}{sub}"  # "cùng kỳ năm 2016" after "quý II/2017": 2016-Q2
    if y % 10 == 0 and c.frame and g.tables.decade.match(c.frame):
        return f"{y // 10}X"  # "những năm 1990": the decade
    return str(y)


def _relative_year(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    r = g.tables.relative.get(key(c.groups.get("rel") or ""), {})
    if "ref" in r:
        return str(r["ref"])
    off = int(r.get("offset", 0))
    base = ctx.year if r.get("anaphoric") and ctx.year else ctx.py  # "năm trước" after "năm 2016" is 2015
    value = ref(off) if base is None else yfmt(base + off)
    sub = ctx.sub_here(c.start)
    return value + sub if c.same_period and value[:1].isdigit() and sub else value


def _relative(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    """"năm nay", "tháng trước", "quý tới", "tuần này": an offset in a unit from the publication date."""
    if c.unit == "year":
        return _relative_year(c, ctx, g) if c.groups.get("rel") else None
    r = g.tables.relative.get(key(c.groups.get("rel", "")), {})
    if "ref" in r:
        return str(r["ref"])
    off = int(r.get("offset", 0))
    if c.unit == "month" and ctx.py and ctx.pm:
        t = ctx.py * 12 + ctx.pm - 1 + off
        return f"{t // 12:04d}-{t % 12 + 1:02d}"
    if c.unit == "quarter" and ctx.py and ctx.pm:
        t = ctx.py * 4 + (ctx.pm - 1) // 3 + off
        return f"{t // 4:04d}-Q{t % 4 + 1}"
    if c.unit == "week" and ctx.py and ctx.pm and ctx.pd:
        iso = (date(ctx.py, ctx.pm, ctx.pd) + timedelta(weeks=off)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return ref(off)


def _unit(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    """"cuối năm", "đầu tháng": the unit under discussion, else the publication's."""
    unit = g.tables.bare_units.get(key(c.groups["unit"]))
    if unit == "year":
        return yfmt(ctx.year if ctx.year is not None else ctx.py)
    if unit == "month":
        if ctx.day and ctx.day[0] is not None:
            return f"{ctx.day[0]:04d}-{ctx.day[1]:02d}"
        return f"{ctx.py:04d}-{ctx.pm:02d}" if ctx.py and ctx.pm else "XXXX-XX"
    return REFS[1]


def _count(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    """"6 tháng qua", "5 năm tới": which way the count points."""
    return g.tables.count_directions.get(key(c.groups["dir"]))


def _clock(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    """"10h45": on the day under discussion, else the publication day."""
    hh, mi = int(c.groups["hh"]), int(c.groups.get("mi") or c.groups.get("mi_w") or 0)
    if ctx.day:
        y, m, d = ctx.day
    elif ctx.pd:
        y, m, d = ctx.py, ctx.pm, ctx.pd
    else:
        return f"XXXX-XX-XXT{hh:02d}:{mi:02d}"
    return f"{yfmt(y)}-{m:02d}-{d:02d}T{hh:02d}:{mi:02d}"


def _vague(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    return str(g.scan.phrase_kind[key(c.groups["phrase"])][1])


def _day(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    """"hôm qua" from the publication day; "hôm sau" from the day under discussion."""
    spec = g.scan.phrase_kind[key(c.groups["phrase"])][1]
    if "ref" in spec:
        return str(spec["ref"])
    off = int(spec.get("offset", 0))
    if spec.get("anaphoric") and ctx.day:
        y, m, d = ctx.day
    elif ctx.pd:
        y, m, d = ctx.py, ctx.pm, ctx.pd
    else:
        return ref(off)
    day = date(y or 2000, m, d) + timedelta(days=off)
    return f"{yfmt(day.year if y else None)}-{day.month:02d}-{day.day:02d}"


def _anaphora(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    """"giai đoạn trước đó", "cùng năm", "cùng kỳ năm trước": from the period or year under discussion."""
    spec = g.scan.phrase_kind[key(c.groups["phrase"])][1]
    off, unit = int(spec.get("offset", 0)), spec.get("unit")
    if unit == "period":
        if not ctx.interval:
            return ref(off)
        a, b = ctx.interval
        return f"{a + off * (b - a + 1)}/{b + off * (b - a + 1)}"
    if unit == "year":
        return ref(off) if ctx.year is None else str(ctx.year + off)
    if unit == "same_period":
        base = ctx.py if spec.get("deictic") or ctx.year is None else ctx.year
        return REFS[0] if base is None else f"{base + off}{ctx.sub_here(c.start) or ''}"
    return None


def _range(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    """A merged range from its two parts; an open end ("đến nay") is the publication's year or month."""
    a, b = c.parts
    va = value_of(a, ctx, g)
    if va is None:
        return None
    if b.kind == "vague":
        vb = _now_like(va, ctx)
    else:
        vb = value_of(b, ctx, g)
        if vb is None:
            return None
        vb = fill_year(va, vb)
    return f"{va.split('/')[0]}/{vb.split('/')[-1]}"


def _now_like(start: str, ctx: Context) -> str:
    """"Từ năm 2018 đến nay": now, at the start's granularity (a year, a month), as far as it is known."""
    if start[:4].isdigit() and ctx.py and len(start) == 4:
        return yfmt(ctx.py)
    if ctx.py and ctx.pm and len(start) == 7:
        return f"{ctx.py:04d}-{ctx.pm:02d}"
    return str(ctx.py) if ctx.py else REFS[1]


def fill_year(first: str, second: str) -> str:
    """`từ ngày 7-6 đến 9-6`: the end takes the start's year when it was not written."""
    if second.startswith("XXXX") and first[:4].isdigit():
        return first[:4] + second[4:]
    return second


#: kind (from the pattern table in time.yaml, or the phrase sections) -> its resolver
RESOLVERS: dict[str, Resolver] = {
    "date": _date, "date_range": _date_range, "month": _month, "month_range": _month, "quarter": _quarter,
    "months_of_year": _part_of_year, "half": _part_of_year, "year": _year, "year_range": _year,
    "relative": _relative, "unit": _unit, "count": _count, "clock": _clock,
    "vague": _vague, "day": _day, "anaphora": _anaphora, "range": _range,
}


def value_of(c: Cand, ctx: Context, g: TimeGrammar) -> str | None:
    resolver = RESOLVERS.get(c.kind)
    return None if resolver is None else resolver(c, ctx, g)


def resolve(text: str, cands: list[Cand], published: str | None, g: TimeGrammar,
            layer: TextLayer | None = None) -> tuple[list[tuple[Cand, str]], Context]:
    """Each candidate's value, in text order, the time under discussion moving as a reader's would."""
    py, pm, pd = parse_published(published)
    ctx = Context(py, pm, pd, layer or TextLayer.of(text))
    out: list[tuple[Cand, str]] = []
    for c in cands:
        value = value_of(c, ctx, g)
        if value is not None:
            out.append((c, value))
            update(ctx, c.kind, c.start, value)
    return out, ctx
