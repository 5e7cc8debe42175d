"""Queries over the store: targets and results by place, organisation,
indicator (accent-insensitive fuzzy match), deadline or year, kind, status and
publication-date range, with paging; one target's history and evidence.

SQL narrows by the exact filters; the fuzzy ones (place names, indicators) are
scored with rapidfuzz on folded text, so "Dong Son", "đông sơn" and
"huyện Đông Sơn" find the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, and_, func, or_, select, true
from sqlalchemy.engine import Connection

from ..entities.canonical import canonical
from ..entities.names import expand
from ..entities.rules import org_rules
from . import schema
from .keys import fold, place_key, rules


@dataclass(slots=True)
class TargetQuery:
    """Filters of `vn-policy-nlp targets` and `GET /v1/targets`; None means any."""

    place: str | None = None
    organisation: str | None = None
    indicator: str | None = None
    year: int | None = None
    deadline: str | None = None
    kind: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    document: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit, "offset": self.offset}


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _place_keys(conn: Connection, name: str) -> tuple[list[str], str | None]:
    """Stored place keys that fuzzily match a place name, and the level it names."""
    key, level = place_key(name)
    if not key:
        return [], level
    known = [k for k in conn.execute(select(schema.targets.c.place_key).distinct()).scalars() if k]
    cutoff = float(rules()["thresholds"]["place_query"])
    hits = process.extract(key, known, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
    return [h[0] for h in hits], level


def _place_condition(conn: Connection, name: str) -> Any | None:
    """Rows of a place: its canonical name where the gazetteer knows it ("TP. HCM", "Sài Gòn" and
    "thành phố Hồ Chí Minh" are one place), else the stored keys that fuzzily match; None: no row."""
    t = schema.targets
    named = canonical(name)
    keys, level = _place_keys(conn, name)
    by_key = t.c.place_key.in_(keys) if keys else None
    if by_key is not None and level:
        by_key = and_(by_key, or_(t.c.place_level == level, t.c.place_level.is_(None)))
    if named is None:
        return by_key
    return or_(t.c.place_canonical == named[0], by_key) if by_key is not None else t.c.place_canonical == named[0]


def _organisation_condition(name: str) -> Any:
    """Documents naming the organisation, abbreviations written out too: "UBND tỉnh" finds
    "Ủy ban nhân dân tỉnh Thanh Hóa"."""
    m = schema.mentions
    forms = {fold(name), fold(expand(name, org_rules()))}
    written = or_(*(m.c.key.contains(f, autoescape=True) for f in sorted(forms)))
    return select(m.c.document_id).where(m.c.grp == "organisations", written)


def _columns() -> list[Any]:
    t, d, s = schema.targets, schema.documents, schema.target_status
    return [
        t.c.id, t.c.document_id, t.c.kind, t.c.indicator, t.c.value, t.c.value_high, t.c.unit, t.c.comparator,
        t.c.direction, t.c.deadline, t.c.location, t.c.place_canonical, t.c.place_code, t.c.cue, t.c.start, t.c.end, t.c.text,
        t.c.sentence_start, t.c.sentence_end, t.c.confidence,
        d.c.date.label("document_date"), d.c.title.label("document_title"), d.c.pub_date,
        s.c.status, s.c.group_id, s.c.confidence.label("status_confidence"), s.c.result_id.label("deciding_result"),
    ]


def _item(m: Any) -> dict[str, Any]:
    out = {k: _json(v) for k, v in dict(m).items() if k not in ("start", "end", "sentence_start", "sentence_end", "pub_date")}
    out["span"] = [m["start"], m["end"]]
    out["sentence_span"] = [m["sentence_start"], m["sentence_end"]] if m["sentence_start"] is not None else None
    return out


def search_targets(engine: Engine, q: TargetQuery) -> Page:
    """A page of targets/results matching every given filter, newest article last."""
    t, d, s = schema.targets, schema.documents, schema.target_status
    with engine.connect() as conn:
        conds: list[Any] = []
        if q.kind:
            conds.append(t.c.kind == q.kind)
        if q.document:
            conds.append(t.c.document_id == q.document)
        if q.place:
            place = _place_condition(conn, q.place)
            if place is None:
                return Page([], 0, q.limit, q.offset)
            conds.append(place)
        if q.organisation:
            conds.append(t.c.document_id.in_(_organisation_condition(q.organisation)))
        if q.year is not None:
            y0, y1 = date(q.year, 1, 1), date(q.year, 12, 31)
            conds.append(or_(
                and_(t.c.period_start <= y1, t.c.period_end >= y0),
                and_(t.c.period_end.is_(None), d.c.pub_date >= y0, d.c.pub_date <= y1),
            ))
        if q.deadline:
            conds.append(t.c.deadline == q.deadline)
        if q.date_from:
            conds.append(d.c.pub_date >= q.date_from)
        if q.date_to:
            conds.append(d.c.pub_date <= q.date_to)
        if q.status:
            conds.append(s.c.status == q.status)
        base = (
            select(*_columns())
            .select_from(t.join(d, d.c.id == t.c.document_id).outerjoin(s, s.c.target_id == t.c.id))
            .where(and_(true(), *conds))
        )
        order = (d.c.pub_date.is_(None), d.c.pub_date, t.c.document_id, t.c.ordinal)
        if not q.indicator:
            total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
            rows = conn.execute(base.order_by(*order).limit(q.limit).offset(q.offset)).mappings().all()
            return Page([_item(r) for r in rows], total, q.limit, q.offset)
        return _by_indicator(conn, base, order, q)


def _by_indicator(conn: Connection, base: Any, order: tuple[Any, ...], q: TargetQuery) -> Page:
    """Rows whose indicator matches `q.indicator` fuzzily, best first (date order among equals).

    Each distinct indicator is folded and scored once (rapidfuzz over the list), not each
    row; the rows are then picked by a dictionary lookup, and only the page's rows are read
    in full.
    """
    t = schema.targets
    sub = base.subquery()
    distinct = [i for i in conn.execute(select(sub.c.indicator).distinct()).scalars() if i]
    folded: dict[str, list[str]] = {}
    for indicator in distinct:
        folded.setdefault(fold(indicator), []).append(indicator)
    cutoff = float(rules()["thresholds"]["indicator_query"])
    hits = process.extract(fold(q.indicator or ""), list(folded), scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=None)
    scores = {written: score for key, score, _ in hits for written in folded[key]}
    if not scores:
        return Page([], 0, q.limit, q.offset)
    light = base.with_only_columns(t.c.id, t.c.indicator).order_by(*order)
    ranked = [(scores[r.indicator], r.id) for r in conn.execute(light) if r.indicator in scores]
    ranked.sort(key=lambda x: -x[0])  # stable: ties keep date order
    page = ranked[q.offset : q.offset + q.limit]
    full = {r["id"]: r for r in conn.execute(base.where(t.c.id.in_([i for _, i in page]))).mappings()}
    items = []
    for score, target_id in page:
        item = _item(full[target_id])
        item["indicator_score"] = round(score, 1)
        items.append(item)
    return Page(items, len(ranked), q.limit, q.offset)


def _evidence(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Evidence per target id: the record, its sentence and its article."""
    if not ids:
        return {}
    t, d, s = schema.targets, schema.documents, schema.target_status
    q = (
        select(*_columns(), d.c.text.label("document_text"))
        .select_from(t.join(d, d.c.id == t.c.document_id).outerjoin(s, s.c.target_id == t.c.id))
        .where(t.c.id.in_(ids))
    )
    out: dict[str, dict[str, Any]] = {}
    for r in conn.execute(q).mappings():
        item = _item({k: v for k, v in r.items() if k != "document_text"})
        text = r["document_text"]
        if text is not None and r["sentence_start"] is not None:
            item["sentence"] = text[r["sentence_start"] : r["sentence_end"]]
        else:
            item["sentence"] = r["text"]
        out[r["id"]] = item
    return out


def document(engine: Engine, document_id: str) -> dict[str, Any] | None:
    """One stored article: id, title, date and text (None when there is no such document)."""
    d = schema.documents
    with engine.connect() as conn:
        row = conn.execute(select(d.c.id, d.c.title, d.c.date, d.c.text).where(d.c.id == document_id)).mappings().first()
    return None if row is None else {k: _json(v) for k, v in row.items()}


def target_detail(engine: Engine, target_id: str) -> dict[str, Any] | None:
    """A target (or result) with its history across articles, linked records and status."""
    t, s, lk = schema.targets, schema.target_status, schema.links
    with engine.connect() as conn:
        if conn.execute(select(t.c.id).where(t.c.id == target_id)).first() is None:
            return None
        group_id = conn.execute(select(s.c.group_id).where(s.c.target_id == target_id)).scalar()
        members = [target_id]
        if group_id:
            members = list(conn.execute(select(s.c.target_id).where(s.c.group_id == group_id)).scalars())
        link_q = select(lk).where(or_(lk.c.target_id == target_id, lk.c.result_id == target_id))
        links = [dict(r) for r in conn.execute(link_q).mappings()]
        other = {lnk["result_id"] if lnk["target_id"] == target_id else lnk["target_id"] for lnk in links}
        ev = _evidence(conn, sorted(set(members) | other | {target_id}))
    record = ev[target_id]
    history = sorted((ev[m] for m in members if m in ev), key=lambda e: (e["document_date"] or "", e["id"]))
    linked = []
    for lnk in sorted(links, key=lambda x: (-x["confidence"], x["result_id"], x["target_id"])):
        oid = lnk["result_id"] if lnk["target_id"] == target_id else lnk["target_id"]
        linked.append({
            "status": lnk["status"], "confidence": lnk["confidence"], "indicator_score": lnk["indicator_score"],
            "reasons": lnk["reasons"], "record": ev.get(oid),
        })
    return {
        "record": record,
        "status": record.get("status"),
        "status_confidence": record.get("status_confidence"),
        "group_id": record.get("group_id"),
        "history": history,
        "links": linked,
    }


def list_links(engine: Engine, q: TargetQuery) -> Page:
    """Target -> result pairs (with status) for the targets a query selects."""
    q_targets = TargetQuery(**{**{f: getattr(q, f) for f in q.__slots__}, "kind": "target", "limit": 10**9, "offset": 0})
    page = search_targets(engine, q_targets)
    ids = [i["id"] for i in page.items]
    lk = schema.links
    with engine.connect() as conn:
        rows = []
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            rows.extend(dict(r) for r in conn.execute(select(lk).where(lk.c.target_id.in_(part))).mappings())
        ev = _evidence(conn, sorted({r["result_id"] for r in rows}))
    by_target = {i["id"]: i for i in page.items}
    position = {tid: n for n, tid in enumerate(ids)}
    rows.sort(key=lambda r: (position[r["target_id"]], -r["confidence"], r["result_id"]))
    items = [
        {"target": by_target[r["target_id"]], "result": ev.get(r["result_id"]), "status": r["status"],
         "confidence": r["confidence"], "indicator_score": r["indicator_score"], "reasons": r["reasons"]}
        for r in rows
    ]
    return Page(items[q.offset : q.offset + q.limit], len(items), q.limit, q.offset)


def place_groups(engine: Engine, q: TargetQuery) -> list[dict[str, Any]]:
    """Targets and results counted by canonical place (and code), most first, for the targets a query
    selects (its paging aside): one row for "TP. HCM", "TPHCM" and "thành phố Hồ Chí Minh"."""
    everything = TargetQuery(**{**{f: getattr(q, f) for f in q.__slots__}, "limit": 10**9, "offset": 0})
    counts: dict[tuple[str | None, str | None], dict[str, Any]] = {}
    for item in search_targets(engine, everything).items:
        key = (item["place_canonical"], item["place_code"])
        row = counts.setdefault(key, {"place": key[0], "code": key[1], "targets": 0, "results": 0, "written": set()})
        row["targets" if item["kind"] == "target" else "results"] += 1
        if item["location"]:
            row["written"].add(item["location"])
    rows = sorted(counts.values(), key=lambda r: (-(r["targets"] + r["results"]), r["place"] is None, r["place"] or ""))
    return [{**r, "written": sorted(r["written"])} for r in rows]
