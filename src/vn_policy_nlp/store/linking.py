"""Linking: one target's mentions grouped across articles, each target linked to
the results that report on it, and a status (met, missed, pending, unknown).

Rules, in order, all thresholds from `lang/vi/linking.yaml`:

1. Place: a target and a result link only within one place key (folded name
   without level word); differing level words ("xã" vs "huyện") never link.
2. Period: a target's deadline (or, when none is stated, the year its article
   plans for) and a result's period (or the year its report covers) must end
   in the same year, the result's no earlier than the deadline: a result for
   the first half does not settle a target for the year.
3. Indicator: syllable Jaccard of folded, filler-free, synonym-unified
   indicators at or above `indicator_link` (grouping: `indicator_group`, and
   also equal value, unit and deadline).
4. Measure: units must agree; a value further than `max_value_ratio` from the
   target measures something else. A change ("có thêm 3 xã") never links to
   a level ("tổng số 7 xã") except in units where the two coincide (a growth
   rate in %): then it lowers confidence, and settles nothing for a fall.
5. Status: the comparator decides, in the direction that is good for the
   indicator (lower for "hộ nghèo", for "xuống còn", for lt/lte). A target
   with no linked result is pending until its deadline, unknown after it.

Linking works place by place, so an ingest relinks only the places it touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, bindparam, delete, insert, or_, select, update
from sqlalchemy.engine import Connection

from . import schema
from .keys import indicator_key, is_concept, lower_is_better, place_key, rules, states_level, unit_key

Status = str  # "met" | "missed" | "pending" | "unknown"


@dataclass(slots=True)
class Row:
    """A target or result as linking sees it: keys, effective period, confidence factors."""

    id: str
    document_id: str
    kind: str
    tokens: frozenset[str]
    indicator_key: str
    value: float
    value_high: float | None
    unit_key: str | None
    comparator: str
    direction: str | None
    text: str
    place_key: str | None
    place_level: str | None
    place_from_document: bool
    pub_date: date | None
    period: tuple[date, date] | None
    period_assumed: bool

    @property
    def measure(self) -> str:
        """'change' for an amount of increase or decrease, else 'level'."""
        return "change" if self.direction and not states_level(self.text) else "level"


@dataclass(slots=True)
class LinkStats:
    targets: int = 0
    results: int = 0
    links: int = 0
    groups: int = 0
    status: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _cfg() -> tuple[dict[str, Any], dict[str, float]]:
    data = rules()
    return data["thresholds"], data["confidence"]


def effective_period(kind: str, deadline: tuple[date, date] | None, pub: date | None) -> tuple[tuple[date, date] | None, bool]:
    """The stated period, or the one a plan or a report implies by its publication date."""
    if deadline is not None:
        return deadline, False
    if pub is None:
        return None, False
    th, _ = _cfg()
    if kind == "target":
        year = pub.year + 1 if pub.month >= int(th["plan_month_next_year"]) else pub.year
    else:
        year = pub.year if pub.month >= int(th["report_month_same_year"]) else pub.year - 1
    return (date(year, 1, 1), date(year, 12, 31)), True


def substantial(tokens: frozenset[str]) -> bool:
    """Enough of an indicator left to compare: `min_indicator_syllables` syllables, a
    synonym concept ("ho_ngheo") counting as whole."""
    th, _ = _cfg()
    size = sum(2 if is_concept(tok) else 1 for tok in tokens)
    return size >= int(th["min_indicator_syllables"])


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard over folded syllables; 0 when either indicator is empty."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _place_factor(a: Row, b: Row) -> float | None:
    """Confidence factor for two rows' places, or None when they are different places."""
    if not a.place_key or a.place_key != b.place_key:
        return None
    _, conf = _cfg()
    factor = 1.0
    if a.place_level and b.place_level:
        if a.place_level != b.place_level:
            return None
    elif a.place_level != b.place_level:
        factor *= conf["place_level_missing"]
    if a.place_from_document or b.place_from_document:
        factor *= conf["place_from_document"]
    return factor


def reaches(result: tuple[date, date], deadline: tuple[date, date]) -> bool:
    """A result's period settles a deadline: same final year, ending no earlier."""
    return result[1].year == deadline[1].year and result[1] >= deadline[1]


def lower_is_good(t: Row) -> bool:
    if t.comparator in ("lt", "lte"):
        return True
    return bool(t.measure == "level" and (t.direction == "decrease" or lower_is_better(t.indicator_key)))


def judge(t: Row, r: Row) -> Status:
    """met / missed by the target's comparator; unknown when the two measure different things."""
    if t.measure != r.measure and "decrease" in (t.direction, r.direction):
        return "unknown"
    th, _ = _cfg()
    eps, tol = float(th["value_equal"]), float(th["approx_tolerance"])
    tv, rv = t.value, r.value
    lower = lower_is_good(t)
    if t.comparator == "range" and t.value_high is not None:
        ok = rv <= t.value_high + eps if lower else rv >= tv - eps
    elif lower:
        ok = rv < tv if t.comparator == "lt" else rv <= tv * (1 + tol) if t.comparator == "approx" else rv <= tv + eps
    else:
        ok = rv > tv if t.comparator == "gt" else rv >= tv * (1 - tol) if t.comparator == "approx" else rv >= tv - eps
    return "met" if ok else "missed"


def candidate(t: Row, r: Row) -> tuple[float, float, list[str]] | None:
    """(confidence, indicator score, reasons) when result r reports on target t."""
    th, conf = _cfg()
    place = _place_factor(t, r)
    if place is None or t.period is None or r.period is None or not reaches(r.period, t.period):
        return None
    if not (substantial(t.tokens) and substantial(r.tokens)):
        return None
    score = similarity(t.tokens, r.tokens)
    if score < float(th["indicator_link"]):
        return None
    reasons = [f"indicator {score:.2f}"]
    factor = place
    if t.unit_key and r.unit_key:
        if t.unit_key != r.unit_key:
            return None
    elif t.unit_key != r.unit_key:
        factor *= conf["unit_missing"]
        reasons.append("unit missing")
    lo, hi = sorted((abs(t.value), abs(r.value)))
    if lo > 0 and hi / lo > float(th["max_value_ratio"]):
        return None
    if t.measure != r.measure:
        if (t.unit_key or r.unit_key) not in {unit_key(u) for u in rules()["change_is_level_units"]}:
            return None
        factor *= conf["direction_mismatch"]
        reasons.append(f"{t.measure} vs {r.measure}")
    if t.period_assumed:
        factor *= conf["assumed_target_deadline"]
        reasons.append("deadline from publication date")
    if r.period_assumed:
        factor *= conf["assumed_result_period"]
        reasons.append("period from publication date")
    if place < 1.0:
        reasons.append("place partly inferred")
    confidence = factor * (0.5 + 0.5 * score)
    if confidence < float(th["min_link_confidence"]):
        return None
    return round(confidence, 4), round(score, 4), reasons


def _same_target(a: Row, b: Row) -> bool:
    th, _ = _cfg()
    eps = float(th["value_equal"])
    if _place_factor(a, b) is None or a.period is None or b.period is None or a.period[1] != b.period[1]:
        return False
    if abs(a.value - b.value) > eps or a.unit_key != b.unit_key:
        return False
    if (a.value_high is None) != (b.value_high is None) or (a.value_high is not None and abs(a.value_high - b.value_high) > eps):  # type: ignore[operator]
        return False
    return similarity(a.tokens, b.tokens) >= float(th["indicator_group"])


def group_targets(targets: list[Row]) -> dict[str, str]:
    """target id -> group id (the earliest-published member's id), by union-find."""
    order = sorted(targets, key=lambda r: (r.pub_date or date.max, r.id))
    parent = {r.id: r.id for r in order}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    rank = {r.id: i for i, r in enumerate(order)}
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            if _same_target(a, b):
                ra, rb = find(a.id), find(b.id)
                if ra != rb:
                    if rank[ra] < rank[rb]:
                        parent[rb] = ra
                    else:
                        parent[ra] = rb
    return {r.id: find(r.id) for r in order}


def link_rows(rows: Iterable[Row], as_of: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Links and statuses for rows of one place (or of no place: statuses only)."""
    rows = list(rows)
    targets = [r for r in rows if r.kind == "target"]
    results = [r for r in rows if r.kind == "result"]
    groups = group_targets(targets) if targets and targets[0].place_key else {t.id: t.id for t in targets}
    members: dict[str, list[Row]] = defaultdict(list)
    for t in targets:
        members[groups[t.id]].append(t)
    link_rows_out: list[dict[str, Any]] = []
    status_rows: list[dict[str, Any]] = []
    for gid, group in members.items():
        best: dict[str, tuple[float, float, list[str], Status]] = {}
        for r in results:
            found = [(c, t) for t in group if (c := candidate(t, r)) is not None]
            if not found:
                continue
            (conf, score, reasons), t = max(found, key=lambda x: (x[0][0], x[0][1]))
            best[r.id] = (conf, score, reasons, judge(t, r))
        by_id = {r.id: r for r in results}
        for t in group:
            for rid, (conf, score, reasons, status) in best.items():
                link_rows_out.append({
                    "target_id": t.id, "result_id": rid, "status": status,
                    "confidence": conf, "indicator_score": score, "reasons": reasons,
                })
        if best:
            rid = max(best, key=lambda k: (best[k][0], by_id[k].pub_date or date.min, k))
            conf, _, _, status = best[rid]
            deciding: str | None = rid
        else:
            deciding = None
            head = group[0]
            _, cf = _cfg()
            if head.period is None:
                status, conf = "unknown", 1.0
            else:
                status = "pending" if head.period[1] > as_of else "unknown"
                conf = cf["assumed_target_deadline"] if head.period_assumed else 1.0
        for t in group:
            status_rows.append({
                "target_id": t.id, "group_id": gid, "status": status,
                "confidence": conf, "result_id": deciding, "as_of": as_of,
            })
    return link_rows_out, status_rows


def _load(conn: Connection, where: Any) -> list[Row]:
    t, d = schema.targets, schema.documents
    q = (
        select(
            t.c.id, t.c.document_id, t.c.kind, t.c.indicator_key, t.c.value, t.c.value_high, t.c.unit_key,
            t.c.comparator, t.c.direction, t.c.text, t.c.place_key, t.c.place_level, t.c.place_from_document,
            t.c.period_start, t.c.period_end, d.c.pub_date,
        )
        .join(d, d.c.id == t.c.document_id)
        .order_by(t.c.id)
    )
    if where is not None:
        q = q.where(where)
    out: list[Row] = []
    for m in conn.execute(q).mappings():
        stated = (m["period_start"], m["period_end"]) if m["period_end"] else None
        period, assumed = effective_period(m["kind"], stated, m["pub_date"])
        out.append(Row(
            id=m["id"], document_id=m["document_id"], kind=m["kind"],
            tokens=frozenset((m["indicator_key"] or "").split()), indicator_key=m["indicator_key"] or "",
            value=m["value"], value_high=m["value_high"], unit_key=m["unit_key"], comparator=m["comparator"],
            direction=m["direction"], text=m["text"] or "", place_key=m["place_key"], place_level=m["place_level"],
            place_from_document=bool(m["place_from_document"]), pub_date=m["pub_date"],
            period=period, period_assumed=assumed,
        ))
    return out


def rekey(conn: Connection) -> int:
    """Recompute the stored comparison keys from the written fields, after linking.yaml
    changed; returns how many rows changed."""
    t = schema.targets
    changed = []
    for r in conn.execute(select(t.c.id, t.c.indicator, t.c.indicator_key, t.c.unit, t.c.unit_key, t.c.location,
                                 t.c.place_key, t.c.place_level)).mappings():
        pkey, plevel = place_key(r["location"])
        new = {"indicator_key": indicator_key(r["indicator"], r["location"]), "unit_key": unit_key(r["unit"]),
               "place_key": pkey, "place_level": plevel}
        if any(r[k] != v for k, v in new.items()):
            changed.append({"b_id": r["id"], **new})
    if changed:
        conn.execute(
            update(t).where(t.c.id == bindparam("b_id")).values(
                indicator_key=bindparam("indicator_key"), unit_key=bindparam("unit_key"),
                place_key=bindparam("place_key"), place_level=bindparam("place_level"),
            ),
            changed,
        )
    return len(changed)


def relink(
    engine: Engine,
    *,
    places: Iterable[str] | None = None,
    documents: Iterable[str] | None = None,
    as_of: date | None = None,
) -> LinkStats:
    """Recompute links and statuses: for everything (refreshing the stored keys first),
    or for the places and documents given."""
    as_of = as_of or date.today()
    t = schema.targets
    full = places is None and documents is None
    place_set, doc_set = sorted(set(places or ())), sorted(set(documents or ()))
    stats = LinkStats()
    with engine.begin() as conn:
        if full:
            where = None
            rekey(conn)
            conn.execute(delete(schema.links))
            conn.execute(delete(schema.target_status))
        else:
            where = or_(t.c.place_key.in_(place_set), t.c.document_id.in_(doc_set))
            affected = select(t.c.id).where(where)
            conn.execute(delete(schema.links).where(or_(schema.links.c.target_id.in_(affected), schema.links.c.result_id.in_(affected))))
            conn.execute(delete(schema.target_status).where(schema.target_status.c.target_id.in_(affected)))
        rows = _load(conn, where)
        blocks: dict[str | None, list[Row]] = defaultdict(list)
        for r in rows:
            blocks[r.place_key].append(r)
        all_links: list[dict[str, Any]] = []
        all_status: list[dict[str, Any]] = []
        for key, block in blocks.items():
            if key is None:
                for r in block:  # no place: nothing to link with, a status each
                    links, status = link_rows([r], as_of)
                    all_status.extend(status)
                continue
            links, status = link_rows(block, as_of)
            all_links.extend(links)
            all_status.extend(status)
        if all_links:
            conn.execute(insert(schema.links), all_links)
        if all_status:
            conn.execute(insert(schema.target_status), all_status)
    stats.targets = sum(r.kind == "target" for r in rows)
    stats.results = sum(r.kind == "result" for r in rows)
    stats.links = len(all_links)
    stats.groups = len({s["group_id"] for s in all_status})
    for s in all_status:
        stats.status[s["status"]] += 1
    return stats
