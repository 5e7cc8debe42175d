"""The stage table: every group a stage reads is written before it, the factories declare what
they read and write, and the mentions of each declared group carry exactly their declared attrs."""

from __future__ import annotations

from typing import Any, get_type_hints

import pytest

from vn_policy_nlp.extensions import GROUP_ATTRS, Group, Mention, add_mentions
from vn_policy_nlp.pipeline import STAGE_TABLE, STAGES

TEXTS = [
    "Ngày 12-1, huyện phấn đấu đến năm 2025 đạt 10,51%, tăng gấp đôi; thu 1,5 tỷ đồng theo Chỉ thị số 09-CT/TU.",
    "Luật Đất đai 2024 và Nghị quyết 01, 02; từ 5 đến 7% trong 6 tháng đầu năm, hai mươi lăm phần trăm số hộ.",
]


def test_groups_are_written_before_they_are_read() -> None:
    written: set[Group] = set()
    for stage in STAGE_TABLE:
        assert set(stage.reads) <= written, f"{stage.factory} reads {set(stage.reads) - written} before any stage writes them"
        written |= set(stage.writes)


def test_factories_declare_what_they_read_and_write(nlp: Any) -> None:
    assert nlp.pipe_names == STAGES
    for stage in STAGE_TABLE:
        meta = nlp.get_pipe_meta(stage.factory)
        if stage.writes:
            assert {"doc._.mentions", "doc.spans"} & set(meta.assigns), stage.factory
        if stage.reads:
            assert {"doc._.mentions", "doc.spans"} & set(meta.requires), stage.factory


@pytest.mark.parametrize("text", TEXTS)
def test_mentions_carry_their_declared_attrs(nlp: Any, text: str) -> None:
    from vn_policy_nlp import Document, make_doc

    doc = make_doc(nlp, Document(text=text, date="2023-01"))
    for name, proc in nlp.pipeline:
        if name == "vnp_records":
            break
        doc = proc(doc)
    seen = set()
    for group, attrs_type in GROUP_ATTRS.items():
        hints = get_type_hints(attrs_type)
        required = attrs_type.__required_keys__  # type: ignore[attr-defined]
        for m in doc._.mentions.get(group, []):
            seen.add(group)
            assert required <= set(m.attrs) <= set(hints), (group, m.attrs)
    assert seen == set(GROUP_ATTRS)


def test_an_unknown_group_fails_loudly(nlp: Any) -> None:
    doc = nlp.make_doc("Năm 2023.")
    with pytest.raises(ValueError, match="target_list"):
        add_mentions(doc, "target_list", [Mention("X", 0, 3)])
