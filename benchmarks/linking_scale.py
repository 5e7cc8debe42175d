"""Does linking (and the indicator query) grow linearly with the store?

    python3 benchmarks/linking_scale.py [--n 2000]

1. Grouping and linking one place's rows: N and 4N targets that are the same
   target written in many articles (the worst case of a pairwise method),
   against the pairwise definition on N (the baseline, run in this process).
   A linear method prints a 4N/N ratio near 4; a quadratic one near 16.
2. Ingest of one document with 5N targets in one place into a SQLite file:
   the seconds the relink holds the store's write lock.
3. `targets --indicator` over N x 10 and 4N x 10 rows: seconds per query.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from vn_policy_nlp.records import DocumentRecords
from vn_policy_nlp.store import TargetQuery, ingest_items, linking, open_engine, search_targets
from vn_policy_nlp.store.ingest import Incoming
from vn_policy_nlp.store.matching import Row, same_target


def rows(n: int, kind: str = "target") -> list[Row]:
    """n mentions of one target (or result) across n articles: 'thu ngân sách 300 tỷ đồng năm 2023'."""
    return [Row(id=f"{kind}{i:06d}", document_id=f"d{i}", kind=kind, tokens=frozenset({"thu", "ngan", "sach"}),
                indicator_key="thu ngan sach", value=300.0 + (kind == "result") * 12, value_high=None, unit_key="ty dong",
                comparator="eq", direction=None, text="", place_key="dong son", place_level="district",
                place_from_document=False, pub_date=date(2023, 1 + i % 12, 1), period=(date(2023, 1, 1), date(2023, 12, 31)),
                period_assumed=False) for i in range(n)]


def pairwise(targets: list[Row]) -> int:
    """The pairwise definition's work: every pair compared once."""
    edges = 0
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            edges += same_target(a, b)
    return edges


def timed(fn: Any, *args: Any) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def link_all(targets: list[Row], results: list[Row]) -> None:
    linking.link_rows(targets + results, date(2024, 3, 31))


def one_document(n_targets: int, doc_id: str = "big", indicators: tuple[str, ...] = ("thu ngân sách",)) -> Incoming:
    targets = [{"span": [0, 1], "text": "x", "kind": "target", "indicator": indicators[i % len(indicators)], "value": 300.0,
                "unit": "tỷ đồng", "deadline": "2023", "location": "huyện Đông Sơn"} for i in range(n_targets)]
    return Incoming(DocumentRecords.model_validate({"id": doc_id, "date": "2023-01-10", "targets": targets}),
                    None, None, "bench", "records", "bench")


def lock_seconds(n_targets: int, tmp: Path) -> float:
    engine = open_engine(tmp / f"lock{n_targets}.db")
    ingest_items(engine, [one_document(n_targets)], relink=False)
    started = time.perf_counter()
    linking.relink(engine, places={"dong son"}, documents=set())
    engine.dispose()
    return time.perf_counter() - started


def query_seconds(n_rows: int, tmp: Path) -> float:
    engine = open_engine(tmp / f"query{n_rows}.db")
    inds = ("thu ngân sách trên địa bàn", "tỷ lệ hộ nghèo", "giá trị sản xuất nông nghiệp", "thu ngân sách nhà nước")
    ingest_items(engine, [one_document(100, f"d{k}", inds) for k in range(n_rows // 100)], relink=False)
    started = time.perf_counter()
    search_targets(engine, TargetQuery(indicator="thu ngan sach", limit=50, offset=100))
    engine.dispose()
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    n = ap.parse_args().n
    base = timed(pairwise, rows(n))
    small = timed(linking.group_targets, rows(n))
    large = timed(linking.group_targets, rows(4 * n))
    print(f"group {n} identical targets: pairwise {base:.3f} s, now {small:.4f} s ({base / small:,.0f}x faster)")
    print(f"group {4 * n} / {n}: {large / small:.1f} (linear: 4, quadratic: 16)")
    link_small = timed(link_all, rows(n), rows(n // 10, "result"))
    link_large = timed(link_all, rows(4 * n), rows(4 * n // 10, "result"))
    print(f"link {n} targets x {n // 10} results: {link_small:.3f} s; 4x both: {link_large:.3f} s, ratio {link_large / link_small:.1f} "
          "(the links themselves are targets x results: 16)")
    with tempfile.TemporaryDirectory() as tmp:
        for k in (1, 5):
            print(f"relink of one place with {k * n} targets holds the write lock {lock_seconds(k * n, Path(tmp)):.2f} s")
        q1, q4 = query_seconds(10 * n, Path(tmp)), query_seconds(40 * n, Path(tmp))
        print(f"--indicator over {10 * n} rows: {q1:.3f} s; over {40 * n}: {q4:.3f} s, ratio {q4 / q1:.1f}")


if __name__ == "__main__":
    main()
