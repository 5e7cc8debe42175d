"""Request and response models of the service, with the examples `/docs` shows.

The records themselves are `vn_policy_nlp.records.DocumentRecords`, used as
they are: a record kind or field added to the package appears in the API,
its OpenAPI schema and the page without a change here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vn_policy_nlp.records import DocumentRecords

# An example written for the docs (not from any corpus); its spans are checked by tests/api.
EXAMPLE_TEXT = (
    "Năm 2024, UBND tỉnh Nghệ An phấn đấu tốc độ tăng trưởng kinh tế đạt 8,5%. "
    "Theo Nghị quyết số 26-NQ/TU, đến năm 2025 toàn tỉnh có 60% số xã đạt chuẩn nông thôn mới; "
    "năm 2023 thu ngân sách ước đạt 18.500 tỷ đồng."
)
EXAMPLE_DOCUMENT: dict[str, Any] = {
    "id": "nghe-an-2024",
    "date": "2024-01-15",
    "title": "Nghệ An đặt mục tiêu tăng trưởng 8,5%",
    "text": EXAMPLE_TEXT,
}
_RULE = {"source": "rule", "model": None, "confidence": 1.0}
EXAMPLE_RECORDS: dict[str, Any] = {
    "id": "nghe-an-2024",
    "schema_version": "1.0",
    "date": "2024-01-15",
    "percentages": [
        {"span": [68, 72], "text": "8,5%", "value": 8.5, "value_high": None,
         "provenance": {**_RULE, "rules": ["percent.sign"]}},
    ],
    "organisations": [
        {"span": [10, 27], "text": "UBND tỉnh Nghệ An", "name": "Ủy ban nhân dân tỉnh Nghệ An",
         "level": "province", "type": "state", "provenance": {**_RULE, "rules": ["org.scoped"]}},
    ],
    "locations": [
        {"span": [15, 27], "text": "tỉnh Nghệ An", "level": "province",
         "provenance": {**_RULE, "rules": ["loc.level_word"]}},
    ],
    "time_expressions": [
        {"span": [103, 115], "text": "đến năm 2025", "value": "2025", "deadline": True, "mod": "by",
         "provenance": {**_RULE, "rules": ["timex.year"]}},
    ],
    "targets": [
        {"span": [28, 72], "text": "phấn đấu tốc độ tăng trưởng kinh tế đạt 8,5%", "kind": "target",
         "indicator": "tốc độ tăng trưởng kinh tế", "value": 8.5, "value_high": None, "unit": "%",
         "comparator": "eq", "direction": None, "deadline": "2024", "location": "tỉnh Nghệ An", "cue": "phấn đấu",
         "provenance": {"source": "model", "rules": ["model.target_kind:rule.chunk_cue.cue.target.strive"],
                        "model": None, "confidence": 0.89}},
        {"span": [173, 209], "text": "thu ngân sách ước đạt 18.500 tỷ đồng", "kind": "result",
         "indicator": "thu ngân sách", "value": 18500.0, "value_high": None, "unit": "tỷ đồng",
         "comparator": "eq", "direction": None, "deadline": "2023", "location": "tỉnh Nghệ An", "cue": "ước đạt",
         "provenance": {"source": "model", "rules": ["model.target_kind:rule.chunk_cue.cue.result.reached"],
                        "model": None, "confidence": 0.9}},
    ],
    "legal_references": [
        {"span": [79, 101], "text": "Nghị quyết số 26-NQ/TU", "type": "Nghị quyết", "number": "26-NQ/TU",
         "issuer": "Tỉnh ủy", "provenance": {**_RULE, "rules": ["legal.reference"]}},
    ],
    "warnings": [],
}
EXAMPLE_SECOND_DOCUMENT: dict[str, Any] = {
    "id": "ha-tinh-q2",
    "date": "2024-07",
    "text": "Quý II/2024, huyện Kỳ Anh có thêm 3 xã đạt chuẩn nông thôn mới nâng cao.",
}


class ExtractRequest(BaseModel):
    """One document. Only `text` is required; `date` resolves `ngày 12-1`, `năm nay`."""

    id: str | None = Field(default=None, description="Your id for the document; echoed in the records ('doc' if absent).")
    date: str | None = Field(default=None, description="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
    title: str | None = Field(default=None, description="Title; kept, not scored or searched for mentions.")
    # Checked by the route (422 for empty or blank text, 413 over the limit); the schema says so.
    text: str = Field(description="The body, at most 1 MB of UTF-8, not empty or blank; every span indexes this "
                                  "string (code points).", json_schema_extra={"minLength": 1, "pattern": r"\S"})
    min_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0,
        description="Keep targets and results at least this confident (0-1); default: the threshold chosen by "
                    "cross-validation when the models were trained.")

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_DOCUMENT]})


class BatchRequest(BaseModel):
    """Up to 100 documents, each shaped like an `ExtractRequest`.

    Documents are checked one by one: one that does not validate (no text, a
    bad date, text over the limit) gets an error entry in its place.
    """

    documents: list[dict[str, Any]] = Field(
        description="Documents `{id?, date?, title?, text}`, at most 100.",
    )
    min_confidence: float | None = Field(
        default=None, ge=0.0, le=1.0,
        description="Keep targets and results at least this confident (0-1); default: the threshold chosen by "
                    "cross-validation when the models were trained.")

    model_config = ConfigDict(json_schema_extra={"examples": [{"documents": [EXAMPLE_DOCUMENT, EXAMPLE_SECOND_DOCUMENT]}]})


class BatchError(BaseModel):
    """Stands in for a document of a batch that gave no records, at its index."""

    index: int = Field(description="Position of the document in the request.")
    id: str | None = None
    status: int = Field(description="The HTTP status the document alone would have had (413, 422, 500, 503).")
    error: str


class BatchResponse(BaseModel):
    """Records for every document, in the request's order; errors in place."""

    results: list[DocumentRecords | BatchError]
    n_documents: int
    n_errors: int


class ErrorItem(BaseModel):
    """One problem found in a request."""

    loc: list[str | int] = Field(default_factory=list, description="Where: ['body', 'text'].")
    msg: str
    type: str


class ErrorResponse(BaseModel):
    """Every error the service returns, 4xx and 5xx alike."""

    status: int
    error: str = Field(description="Short code: payload_too_large, unsupported_media_type, malformed_json, "
                                   "invalid_utf8, invalid_request, extraction_timeout, busy, extraction_failed, ...")
    detail: str = Field(description="What was wrong, in a sentence.")
    errors: list[ErrorItem] = Field(default_factory=list)


class Component(BaseModel):
    """One stage of the loaded pipeline."""

    name: str
    factory: str
    model: str | None = Field(default=None, description="Name (with date) of the model the stage loaded, if any.")


class PoolState(BaseModel):
    executor: Literal["process", "thread"]
    workers: int
    running: int
    waiting: int
    completed: int
    timed_out: int
    killed: int = Field(description="Workers killed because an abandoned job ran on past the grace period.")


class Limits(BaseModel):
    max_text_bytes: int
    max_batch: int
    max_batch_body_bytes: int
    time_limit: float


class Health(BaseModel):
    """Liveness and what is loaded. Answers while documents are being processed."""

    status: Literal["ok", "starting"] = Field(description="'starting' until the workers have loaded the pipeline.")
    version: str = Field(description="vn_policy_nlp package version.")
    api_version: str
    schema_version: str
    spacy_version: str
    pipeline: list[Component] = Field(description="Stages as loaded in a worker (empty while starting).")
    pool: PoolState
    limits: Limits
    store: str = Field(description="The store `/v1/targets` reads and `/v1/ingest` writes (a SQLite file or a "
                                   "server URL without its password).")
    ingest_needs_token: bool = Field(description="Whether `POST /v1/ingest` needs `Authorization: Bearer <token>`.")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in {
        400: "Malformed JSON, or a body that is not UTF-8.",
        413: "Text over 1 MB, more than 100 documents, or a body over the size limit.",
        415: "Content type is not application/json.",
        422: "The JSON does not describe a document (no text, a bad date ...).",
        500: "The pipeline failed on this document (a bug: please report it with the text).",
        405: "The route does not take this method.",
        503: "Extraction went over the time limit, or no worker became free in time: retry after `Retry-After` seconds.",
    }.items()
}


# ------------------------------------------------ examples of the target store

_TARGET_ITEM: dict[str, Any] = {
    "id": "dongson-2023-01:t0",
    "document_id": "dongson-2023-01",
    "kind": "target",
    "indicator": "tốc độ tăng giá trị sản xuất",
    "value": 10.5,
    "value_high": None,
    "unit": "%",
    "comparator": "eq",
    "direction": None,
    "deadline": "2023",
    "location": "huyện Đông Sơn",
    "cue": "phấn đấu",
    "text": "phấn đấu tốc độ tăng giá trị sản xuất đạt 10,5%",
    "confidence": 1.0,
    "document_date": "2023-01-12",
    "document_title": "Đông Sơn đặt mục tiêu tăng trưởng năm 2023",
    "status": "met",
    "group_id": "dongson-2023-01:t0",
    "status_confidence": 0.63,
    "deciding_result": "dongson-2023-12:t0",
    "span": [147, 194],
    "sentence_span": [122, 195],
    "href": "/v1/targets/dongson-2023-01%3At0",
    "sentence_url": "/targets/articles/dongson-2023-01?start=122&end=195#evidence",
}
_RESULT_ITEM: dict[str, Any] = {
    **_TARGET_ITEM,
    "id": "dongson-2023-12:t0",
    "document_id": "dongson-2023-12",
    "kind": "result",
    "indicator": "giá trị sản xuất",
    "value": 10.7,
    "direction": "increase",
    "cue": None,
    "text": "giá trị sản xuất tăng 10,7%",
    "document_date": "2023-12-20",
    "document_title": "HĐND huyện Đông Sơn đánh giá kết quả năm 2023",
    "status": None,
    "group_id": None,
    "status_confidence": None,
    "deciding_result": None,
    "span": [74, 101],
    "sentence_span": [64, 123],
    "sentence": "Năm 2023, giá trị sản xuất tăng 10,7%, vượt kế hoạch đề ra.",
    "href": "/v1/targets/dongson-2023-12%3At0",
    "sentence_url": "/targets/articles/dongson-2023-12?start=64&end=123#evidence",
}
EXAMPLE_TARGET_PAGE: dict[str, Any] = {"items": [_TARGET_ITEM], "total": 9, "limit": 1, "offset": 0}
EXAMPLE_TARGET_DETAIL: dict[str, Any] = {
    "record": {**_TARGET_ITEM, "sentence": "Năm 2023, huyện Đông Sơn phấn đấu tốc độ tăng giá trị sản xuất đạt 10,5%."},
    "status": "met",
    "status_confidence": 0.63,
    "group_id": "dongson-2023-01:t0",
    "history": [{**_TARGET_ITEM, "sentence": "Năm 2023, huyện Đông Sơn phấn đấu tốc độ tăng giá trị sản xuất đạt 10,5%."}],
    "links": [{"status": "met", "confidence": 0.63, "indicator_score": 1.0,
               "reasons": ["indicator 1.00", "level vs change", "place partly inferred"], "record": _RESULT_ITEM}],
}
EXAMPLE_INGEST_STATS: dict[str, Any] = {
    "documents": 2, "new": 1, "replaced": 0, "unchanged": 0, "error_records": 0, "targets": 1, "results": 0,
    "mentions": 3, "unreadable": 0, "errors": ["api:2: invalid document: text: Value error, [VNP101] empty text"],
    "store_errors": [],
}
EXAMPLE_HEALTH: dict[str, Any] = {
    "status": "ok", "version": "0.1.0", "api_version": "0.1.0", "schema_version": "1.0", "spacy_version": "3.8.0",
    "pipeline": [{"name": "vnp_targets", "factory": "vnp_targets", "model": "target_kind_20261127"}],
    "pool": {"executor": "process", "workers": 2, "running": 1, "waiting": 0, "completed": 41, "timed_out": 0,
             "killed": 0},
    "limits": {"max_text_bytes": 1000000, "max_batch": 100, "max_batch_body_bytes": 20000000, "time_limit": 60.0},
    "store": "sqlite:////srv/vnp/vn_policy.db", "ingest_needs_token": True,
}
