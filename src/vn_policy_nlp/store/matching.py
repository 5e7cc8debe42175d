"""The rules of linking, one pair at a time: is a result a report on a target, with what
status and confidence; are two targets one target written twice. `linking.py` applies
them to a place's rows; the module docstring there lists the rules in order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .keys import is_concept, lower_is_better, rules, states_level, unit_key

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


def config() -> tuple[dict[str, Any], dict[str, float]]:
    data = rules()
    return data["thresholds"], data["confidence"]


def effective_period(kind: str, deadline: tuple[date, date] | None, pub: date | None) -> tuple[tuple[date, date] | None, bool]:
    """The stated period, or the one a plan or a report implies by its publication date."""
    if deadline is not None:
        return deadline, False
    if pub is None:
        return None, False
    th, _ = config()
    if kind == "target":
        year = pub.year + 1 if pub.month >= int(th["plan_month_next_year"]) else pub.year
    else:
        year = pub.year if pub.month >= int(th["report_month_same_year"]) else pub.year - 1
    return (date(year, 1, 1), date(year, 12, 31)), True


def substantial(tokens: frozenset[str]) -> bool:
    """Enough of an indicator left to compare: `min_indicator_syllables` syllables, a
    synonym concept ("ho_ngheo") counting as whole."""
    th, _ = config()
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
    _, conf = config()
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
    th, _ = config()
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
    th, conf = config()
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


def same_target(a: Row, b: Row) -> bool:
    th, _ = config()
    eps = float(th["value_equal"])
    if _place_factor(a, b) is None or a.period is None or b.period is None or a.period[1] != b.period[1]:
        return False
    if abs(a.value - b.value) > eps or a.unit_key != b.unit_key:
        return False
    if (a.value_high is None) != (b.value_high is None) or (a.value_high is not None and abs(a.value_high - b.value_high) > eps):  # type: ignore[operator]
        return False
    return similarity(a.tokens, b.tokens) >= float(th["indicator_group"])


