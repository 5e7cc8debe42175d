"""`--indicator` / `?indicator=`: each distinct indicator is scored once, not each row, and
the page is what scoring every row gives."""

from __future__ import annotations

from typing import Any

import pytest
from rapidfuzz import fuzz
from sqlalchemy import Engine

from vn_policy_nlp.records import DocumentRecords
from vn_policy_nlp.store import TargetQuery, ingest_items, query, search_targets
from vn_policy_nlp.store.ingest import Incoming
from vn_policy_nlp.store.keys import fold, rules

INDICATORS = ["thu ngân sách trên địa bàn", "tỷ lệ hộ nghèo", "giá trị sản xuất nông nghiệp", "thu ngân sách nhà nước"]


def store_rows(engine: Engine, n_docs: int, per_doc: int) -> None:
    items = []
    for d in range(n_docs):
        targets = [{"span": [k, k + 1], "text": "x", "kind": "target", "indicator": INDICATORS[(d + k) % len(INDICATORS)],
                    "value": float(k), "unit": "%", "location": "huyện Đông Sơn"} for k in range(per_doc)]
        rec = DocumentRecords.model_validate({"id": f"d{d:04d}", "date": f"20{10 + d % 14}-05-01", "targets": targets})
        items.append(Incoming(rec, None, None, "test", "records", "test"))
    ingest_items(engine, items, relink=False)


def test_indicator_query_scores_each_indicator_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    store_rows(engine, 150, 20)  # 3,000 rows, 4 indicators
    calls = [0]

    def counted(text: str) -> Any:
        calls[0] += 1
        return fold(text)

    monkeypatch.setattr(query, "fold", counted)
    page = search_targets(engine, TargetQuery(indicator="thu ngan sach", limit=25, offset=40))
    assert calls[0] <= len(INDICATORS) + 1

    # What scoring every row, in date order, gives:
    everything = search_targets(engine, TargetQuery(limit=10_000))
    cutoff = float(rules()["thresholds"]["indicator_query"])
    scored = [(fuzz.token_set_ratio(fold("thu ngan sach"), fold(i["indicator"])), i["id"]) for i in everything.items]
    want = sorted([s for s in scored if s[0] >= cutoff], key=lambda s: -s[0])
    assert page.total == len(want) == 1500
    assert [(i["indicator_score"], i["id"]) for i in page.items] == [(round(s, 1), i) for s, i in want[40:65]]
