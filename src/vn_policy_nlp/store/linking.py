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

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Engine, bindparam, delete, insert, or_, select, update
from sqlalchemy.engine import Connection

from . import schema
from .candidates import PrefixIndex
from .db import write_transaction
from .keys import indicator_key, place_key, unit_key
from .matching import LinkStats, Row, Status, candidate, config, effective_period, judge, same_target

__all__ = ["LinkStats", "Row", "group_targets", "link_rows", "rekey", "relink"]


def _group_signature(r: Row) -> tuple[Any, ...]:
    """What `same_target` looks at: rows alike in all of it group together, or with nobody."""
    return (r.place_key, r.place_level, r.period[1] if r.period else None, r.value, r.value_high, r.unit_key, r.tokens)


def _value_bin(value: float, eps: float) -> int | float:
    return math.floor(value / eps) if eps > 0 else value


def group_targets(targets: list[Row]) -> dict[str, str]:
    """target id -> group id (the earliest-published member's id): the connected parts of the
    graph whose edges are `same_target` pairs, found near-linearly: alike rows join their
    first one, and only pairs in one block (year, unit, value within `value_equal`) that share
    a rare syllable (`candidates.PrefixIndex`) are compared."""
    th, _ = config()
    eps = float(th["value_equal"])
    order = sorted(targets, key=lambda r: (r.pub_date or date.max, r.id))
    parent = {r.id: r.id for r in order}
    rank = {r.id: i for i, r in enumerate(order)}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if rank[ra] < rank[rb]:
                parent[rb] = ra
            else:
                parent[ra] = rb

    first: dict[tuple[Any, ...], Row] = {}
    reps: list[Row] = []
    for r in order:
        sig = _group_signature(r)
        if sig in first:
            if same_target(first[sig], r):
                union(first[sig].id, r.id)
            continue
        first[sig] = r
        if same_target(r, r):  # with nothing in common with itself, it groups with nobody
            reps.append(r)
    index: PrefixIndex[int] = PrefixIndex(float(th["indicator_group"]), (r.tokens for r in reps))
    for i, a in enumerate(reps):
        assert a.period is not None
        block = (a.period[1], a.unit_key, a.value_high is None)
        vbin = _value_bin(a.value, eps)
        near = [(block, vbin + d) for d in (-2, -1, 0, 1, 2)] if eps > 0 else [(block, vbin)]
        for j in index.candidates(near, a.tokens):
            if same_target(reps[j], a):
                union(reps[j].id, a.id)
        index.add(i, (block, vbin), a.tokens)
    return {r.id: find(r.id) for r in order}


def _link_signature(r: Row) -> tuple[Any, ...]:
    """Everything of a target that `candidate` and `judge` look at."""
    return tuple(getattr(r, f) for f in Row.__slots__ if f not in ("id", "document_id", "pub_date"))  # type: ignore[attr-defined]


def link_rows(rows: Iterable[Row], as_of: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Links and statuses for rows of one place (or of no place: statuses only).

    Each group's distinct targets are compared only with the results of their
    deadline's year that may share enough of the indicator (`PrefixIndex`), so
    the work grows with the pairs that can link, not with targets x results.
    """
    rows = list(rows)
    targets = [r for r in rows if r.kind == "target"]
    results = [r for r in rows if r.kind == "result"]
    groups = group_targets(targets) if targets and targets[0].place_key else {t.id: t.id for t in targets}
    members: dict[str, list[Row]] = defaultdict(list)
    for t in targets:
        members[groups[t.id]].append(t)
    th, _ = config()
    index: PrefixIndex[int] = PrefixIndex(float(th["indicator_link"]), (r.tokens for r in rows))
    for i, r in enumerate(results):
        if r.period is not None:
            index.add(i, r.period[1].year, r.tokens)
    by_id = {r.id: r for r in results}
    link_rows_out: list[dict[str, Any]] = []
    status_rows: list[dict[str, Any]] = []
    for gid, group in members.items():
        best = _best_results(group, results, index)
        for t in group:
            for rid, (conf, score, reasons, status) in best.items():
                link_rows_out.append({
                    "target_id": t.id, "result_id": rid, "status": status,
                    "confidence": conf, "indicator_score": score, "reasons": reasons,
                })
        status_rows.extend(_group_status(gid, group, best, by_id, as_of))
    return link_rows_out, status_rows


def _best_results(group: list[Row], results: list[Row], index: PrefixIndex[int]) -> dict[str, tuple[float, float, list[str], Status]]:
    """result id -> (confidence, score, reasons, status) of the group's best target for it."""
    distinct: dict[tuple[Any, ...], Row] = {}
    for t in group:
        distinct.setdefault(_link_signature(t), t)  # alike targets link alike: the first stands for them
    found_by_result: dict[int, list[tuple[tuple[float, float, list[str]], Row]]] = defaultdict(list)
    for t in distinct.values():
        if t.period is None:
            continue
        for i in index.candidates([t.period[1].year], t.tokens):
            c = candidate(t, results[i])
            if c is not None:
                found_by_result[i].append((c, t))
    best: dict[str, tuple[float, float, list[str], Status]] = {}
    for i in sorted(found_by_result):
        r = results[i]
        (conf, score, reasons), t = max(found_by_result[i], key=lambda x: (x[0][0], x[0][1]))
        best[r.id] = (conf, score, reasons, judge(t, r))
    return best


def _group_status(gid: str, group: list[Row], best: dict[str, tuple[float, float, list[str], Status]],
                  by_id: dict[str, Row], as_of: date) -> list[dict[str, Any]]:
    """One status row per member: the best-linked result's, or pending / unknown by the deadline."""
    if best:
        rid = max(best, key=lambda k: (best[k][0], by_id[k].pub_date or date.min, k))
        conf, _, _, status = best[rid]
        deciding: str | None = rid
    else:
        deciding = None
        head = group[0]
        _, cf = config()
        if head.period is None:
            status, conf = "unknown", 1.0
        else:
            status = "pending" if head.period[1] > as_of else "unknown"
            conf = cf["assumed_target_deadline"] if head.period_assumed else 1.0
    return [{"target_id": t.id, "group_id": gid, "status": status, "confidence": conf, "result_id": deciding, "as_of": as_of}
            for t in group]


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
    with write_transaction(engine) as conn:
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
