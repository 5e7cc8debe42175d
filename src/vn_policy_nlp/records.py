"""The output contract: pydantic v2 models for the JSON of GUIDELINES.md.

Every record carries `span` (character offsets into the text exactly as the
caller gave it) and `text` (that slice), plus optional provenance so that a
reader can see which rule or model produced it. Fields beyond GUIDELINES.md
are allowed by the scorer and documented here; consumers validate against
`vn-policy-nlp schema`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Comparator = Literal["eq", "gt", "gte", "lt", "lte", "approx", "range"]
Direction = Literal["increase", "decrease"]
Kind = Literal["target", "result"]


class Provenance(BaseModel):
    """Why a record exists: the rule ids or model that produced it."""

    model_config = ConfigDict(extra="forbid")

    source: Literal["rule", "model", "rule+model"] = "rule"
    rules: list[str] = Field(default_factory=list, description="Stable rule ids, e.g. 'percent.sign'.")
    model: str | None = Field(default=None, description="Model name and version, when a model decided.")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Mention(BaseModel):
    """Common part of every record: where it is in the text."""

    model_config = ConfigDict(extra="allow")

    span: tuple[int, int] = Field(description="[start, end) character offsets into the input text.")
    text: str = Field(description="The input text's slice at `span`.")
    provenance: Provenance | None = None


class Percentage(Mention):
    value: float = Field(description="In percent: '10,51%' -> 10.51.")
    value_high: float | None = Field(default=None, description="Upper end of a range ('5-7%').")


class Organisation(Mention):
    name: str | None = Field(default=None, description="Expanded name with its scope.")
    level: Literal["central", "province", "district", "commune"] | None = None
    type: str | None = Field(default=None, description="state, party, front, mass, business, ...")


class Location(Mention):
    level: str | None = Field(default=None, description="province, district, commune, country, region, ...")
    canonical: str | None = Field(default=None, description="One name however the place is written: the gazetteer's "
                                  "official name ('TP.HCM' -> 'Thành phố Hồ Chí Minh'), else the curated one.")
    code: str | None = Field(default=None, description="The administrative unit's code ('79'), where the place is one unit.")


class TimeExpression(Mention):
    value: str = Field(description="TIMEX3-like: 2023-01-12, 2024-06, 2024-Q2, 2023-H1, 2021/2025, FUTURE_REF.")
    deadline: bool = False
    mod: Literal["before", "by", "start", "mid", "end", "period", "approx"] | None = None


class Target(Mention):
    kind: Kind
    indicator: str | None = None
    value: float
    value_high: float | None = None
    unit: str | None = None
    comparator: Comparator = "eq"
    direction: Direction | None = None
    deadline: str | None = None
    location: str | None = None
    cue: str | None = Field(default=None, description="The cue phrase that made it a target or result.")


class LegalReference(Mention):
    type: str
    number: str | None = None
    issuer: str | None = Field(default=None, description="Decoded from the number's code: CP -> Chính phủ.")


class DocumentRecords(BaseModel):
    """All records for one document: one JSON Lines object of the output."""

    model_config = ConfigDict(extra="allow")

    id: str
    schema_version: str = SCHEMA_VERSION
    date: str | None = None
    percentages: list[Percentage] = Field(default_factory=list)
    organisations: list[Organisation] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    time_expressions: list[TimeExpression] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    legal_references: list[LegalReference] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="Input repairs, e.g. 'converted from TCVN3'.")


class ErrorRecord(BaseModel):
    """Stands in for a document that could not be processed, so nothing is lost silently."""

    id: str | None = None
    line: int | None = None
    source: str | None = None
    error: str


RECORD_KEYS: tuple[str, ...] = (
    "percentages",
    "organisations",
    "locations",
    "time_expressions",
    "targets",
    "legal_references",
)
