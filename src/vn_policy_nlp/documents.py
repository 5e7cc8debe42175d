"""The input unit: one article with its publication date."""

from __future__ import annotations

import re
from datetime import date as _date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import InputError

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

#: Texts larger than this are refused rather than processed for minutes.
MAX_TEXT_CHARS = 2_000_000


class Document(BaseModel):
    """`Document(id, date, title, text)`; `date` is `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or None."""

    model_config = ConfigDict(extra="ignore")

    id: str = "doc"
    date: str | None = None
    title: str | None = None
    text: str = Field(description="The body; every span indexes this string exactly.")

    @field_validator("id", mode="before")
    @classmethod
    def _id_to_str(cls, v: object) -> str:
        return "doc" if v is None else str(v)

    @field_validator("date", mode="before")
    @classmethod
    def _check_date(cls, v: object) -> str | None:
        if v is None or v == "":
            return None
        s = str(v).strip()[:10]
        m = _DATE.match(s)
        if not m:
            raise ValueError(f"date {v!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        y, mo, d = m.group(1), m.group(2), m.group(3)
        try:
            _date(int(y), int(mo or 1), int(d or 1))
        except ValueError as exc:
            raise ValueError(f"date {v!r}: {exc}") from None
        return s

    @field_validator("text")
    @classmethod
    def _check_text(cls, v: str) -> str:
        if not v or not v.strip():
            raise InputError("empty text")
        if len(v) > MAX_TEXT_CHARS:
            raise InputError(f"text of {len(v)} characters is over the limit of {MAX_TEXT_CHARS}")
        if "\x00" in v:
            raise InputError("text contains NUL bytes: binary input?")
        return v

    def anchor(self) -> tuple[int | None, int | None, int | None]:
        """(year, month, day) of the publication date, None where unknown."""
        if not self.date:
            return None, None, None
        parts = [int(p) for p in self.date.split("-")]
        parts += [None] * (3 - len(parts))  # type: ignore[list-item]
        return parts[0], parts[1], parts[2]
