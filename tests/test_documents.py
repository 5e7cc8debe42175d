"""Document validation: bad input gets a clear error, never a silent default."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vn_policy_nlp import Document
from vn_policy_nlp.documents import MAX_TEXT_CHARS


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "empty"),
        ({"text": "   \n"}, "empty"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "over the limit"),
        ({"text": "a\x00b"}, "NUL"),
        ({"text": "ok", "date": "2023-02-30"}, "date"),
        ({"text": "ok", "date": "12/1/2023"}, "YYYY"),
    ],
)
def test_bad_documents(fields: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Document(**fields)


@pytest.mark.parametrize(("date", "anchor"), [("2023-01", (2023, 1, None)), ("2021-03-29", (2021, 3, 29)), (None, (None, None, None))])
def test_anchor(date: str | None, anchor: tuple) -> None:
    assert Document(text="x", date=date).anchor() == anchor


def test_pipeline_takes_every_text_a_document_accepts(nlp) -> None:  # type: ignore[no-untyped-def]
    """spaCy's own 1,000,000-character guard must not refuse a valid document."""
    assert nlp.max_length > MAX_TEXT_CHARS
    assert len(nlp.make_doc("Tăng 5%. " * 120_000)) > 0  # 1,080,000 characters
