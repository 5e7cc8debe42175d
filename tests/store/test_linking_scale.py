"""Linking without comparing every pair: the same groups and links as the pairwise
definition, with work that grows with the rows, not with their square."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from typing import Any

import pytest

from vn_policy_nlp.store import linking, matching
from vn_policy_nlp.store.matching import Row, candidate, judge, same_target

WORDS = ["thu", "ngan", "sach", "ho", "ngheo", "xuat", "khau", "gia", "tri", "san", "pham", "rung", "nuoc", "sach", "xa"]


def row(i: int, kind: str, rnd: random.Random, **fixed: Any) -> Row:
    year = rnd.choice([2022, 2023])
    end = date(year, rnd.choice([6, 12]), 30)
    fields: dict[str, Any] = {
        "id": f"{kind}{i:05d}", "document_id": f"d{i}", "kind": kind,
        "tokens": frozenset(rnd.sample(WORDS[:7], rnd.randint(2, 4))), "indicator_key": "",
        "value": rnd.choice([2.0, 2.0005, 2.0015, 2.2, 9.5]), "value_high": rnd.choice([None, None, 8.0]),
        "unit_key": rnd.choice(["%", "%", "ty dong", None]), "comparator": rnd.choice(["eq", "gt", "lt", "range"]),
        "direction": rnd.choice([None, "increase", "decrease"]), "text": "", "place_key": "dong son",
        "place_level": rnd.choice(["district", None]), "place_from_document": rnd.random() < 0.2,
        "pub_date": date(year, rnd.randint(1, 12), 1), "period": (date(year, 1, 1), end), "period_assumed": rnd.random() < 0.3,
    }
    fields.update(fixed)
    fields["indicator_key"] = " ".join(sorted(fields["tokens"]))
    return Row(**fields)


def pairwise_groups(targets: list[Row]) -> dict[str, str]:
    """The definition: connected parts of the same-target graph, named by their earliest member."""
    order = sorted(targets, key=lambda r: (r.pub_date or date.max, r.id))
    comp = {r.id: {r.id} for r in order}
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            if same_target(a, b) and comp[a.id] is not comp[b.id]:
                merged = comp[a.id] | comp[b.id]
                for m in merged:
                    comp[m] = merged
    rank = {r.id: i for i, r in enumerate(order)}
    return {r.id: min(comp[r.id], key=rank.__getitem__) for r in order}


def pairwise_links(targets: list[Row], results: list[Row], groups: dict[str, str]) -> set[tuple[str, str, str, float]]:
    members: dict[str, list[Row]] = defaultdict(list)
    for t in targets:
        members[groups[t.id]].append(t)
    out = set()
    for group in members.values():
        for r in results:
            found = [(c, t) for t in group if (c := candidate(t, r)) is not None]
            if found:
                (conf, _, _), t = max(found, key=lambda x: (x[0][0], x[0][1]))
                out |= {(m.id, r.id, judge(t, r), conf) for m in group}
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_groups_and_links_as_the_pairwise_definition(seed: int) -> None:
    rnd = random.Random(seed)
    alike = {"unit_key": "%", "value_high": None, "period": (date(2023, 1, 1), date(2023, 12, 30))}  # half group often
    targets = [row(i, "target", rnd, **(alike if i % 2 else {})) for i in range(300)]
    results = [row(i, "result", rnd) for i in range(200)]
    groups = linking.group_targets(targets)
    assert groups == pairwise_groups(targets)
    links, status = linking.link_rows(targets + results, date(2024, 1, 1))
    got = {(lk["target_id"], lk["result_id"], lk["status"], lk["confidence"]) for lk in links}
    assert got == pairwise_links(targets, results, groups)
    assert len(status) == len(targets)
    assert len(set(groups.values())) < 0.9 * len(targets) and len(got) > 100, "the data has groups and links"


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls = [0]
    real = getattr(module, name)

    def wrapped(*args: Any) -> Any:
        calls[0] += 1
        return real(*args)

    monkeypatch.setattr(module, name, wrapped)
    return calls


def test_identical_targets_are_not_compared_pairwise(monkeypatch: pytest.MonkeyPatch) -> None:
    """4,000 identical targets (one per article) took 7.6 s pairwise: 8 million comparisons."""
    rnd = random.Random(0)
    same = {"tokens": frozenset({"thu", "ngan", "sach"}), "value": 300.0, "value_high": None, "unit_key": "ty dong",
            "period": (date(2023, 1, 1), date(2023, 12, 31)), "place_level": "district", "direction": None}
    targets = [row(i, "target", rnd, **same) for i in range(4000)]
    results = [row(i, "result", rnd, **same) for i in range(50)]
    compared = counting(monkeypatch, linking, "same_target")
    judged = counting(monkeypatch, linking, "candidate")
    groups = linking.group_targets(targets)
    assert len(set(groups.values())) == 1
    assert compared[0] <= 2 * len(targets)
    links, _ = linking.link_rows(targets + results, date(2024, 1, 1))
    distinct_targets = len({linking._link_signature(t) for t in targets})
    assert judged[0] <= distinct_targets * len(results)
    assert len(links) == len(targets) * len(results)


def test_prefix_index_finds_every_similar_pair() -> None:
    from vn_policy_nlp.store.candidates import PrefixIndex

    rnd = random.Random(5)
    sets = [frozenset(rnd.sample(WORDS, rnd.randint(1, 6))) for _ in range(400)]
    for threshold in (0.5, 0.75, 0.85, 1.0):
        index: PrefixIndex[int] = PrefixIndex(threshold, sets)
        for i, s in enumerate(sets):
            index.add(i, None, s)
        for s in sets:
            found = set(index.candidates([None], s))
            need = {j for j, t in enumerate(sets) if matching.similarity(s, t) >= threshold}
            assert need <= found, (threshold, s)
