"""Readers for the three input formats and their error cases."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from vn_policy_nlp.errors import InputError
from vn_policy_nlp.io.readers import read_path

BODY = "Ngày 12-1, UBND huyện phát động thi đua năm 2023.\n\nPhấn đấu tỷ lệ hộ nghèo giảm 1,5%."


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("head", "date", "title"),
    [(" date 2023-01 Thi đua năm 2023", "2023-01", "Thi đua năm 2023"), ("date 2021-03-29 Tin", "2021-03-29", "Tin")],
)
def test_corpus_file(tmp_path: Path, head: str, date: str, title: str) -> None:
    path = write(tmp_path, "a.txt", f"{head}\n\n{BODY}")
    (item,) = list(read_path(path))
    assert item.document is not None
    assert (item.document.id, item.document.date, item.document.title, item.document.text) == ("a", date, title, BODY)


def test_plain_text_has_no_date(tmp_path: Path) -> None:
    (item,) = list(read_path(write(tmp_path, "b.txt", BODY)))
    assert item.document is not None and item.document.date is None and item.document.text == BODY


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_with_bad_lines(tmp_path: Path, gz: bool) -> None:
    lines = [
        json.dumps({"id": "ok1", "date": "2023-01-05", "title": "t", "text": BODY}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "notext", "date": None}),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "baddate", "date": "12/1/2023", "text": BODY}),
        json.dumps([1, 2]),
        "",
        json.dumps({"id": 7, "text": BODY}),
    ]
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    path = write(tmp_path, "c.jsonl.gz" if gz else "c.jsonl", gzip.compress(raw) if gz else raw)
    items = list(read_path(path))
    assert [i.document.id if i.document else None for i in items] == ["ok1", None, None, None, None, None, "7"]
    errors = [i.error for i in items if i.error]
    assert [e.line for e in errors] == [2, 3, 4, 5, 6]
    assert errors[1].id == "notext" and "no text" in errors[1].error
    assert "empty" in errors[2].error
    assert "date" in errors[3].error


def test_jsonl_bad_utf8_line_becomes_error(tmp_path: Path) -> None:
    raw = json.dumps({"id": "a", "text": BODY}, ensure_ascii=False).encode() + b"\n" + b'{"id": "b", "text": "\xff\xfe\x00"}\n'
    items = list(read_path(write(tmp_path, "d.jsonl", raw)))
    assert items[0].document is not None
    assert items[1].error is not None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bin.txt", b"\x00\x01\x02\x03binary\x00", "binary"),
        ("empty.txt", b"   \n", "empty"),
        ("bad.jsonl.gz", b"not gzip at all", "gzip"),
        ("head.txt", b" date 2023-13 Bad month\n\nbody", "date"),
    ],
)
def test_unreadable_files_raise_clear_errors(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        list(read_path(write(tmp_path, name, data)))
    assert message in str(info.value).lower()
    assert name in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        list(read_path(tmp_path / "nope.txt"))
