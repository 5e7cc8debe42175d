"""`/v1/extract`: records for one document or a batch."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import ValidationError

from vn_policy_nlp.documents import Document
from vn_policy_nlp.records import DocumentRecords

from ..errors import APIError, items_from
from ..models import (
    ERROR_RESPONSES,
    EXAMPLE_DOCUMENT,
    EXAMPLE_RECORDS,
    EXAMPLE_SECOND_DOCUMENT,
    BatchError,
    BatchRequest,
    BatchResponse,
    ExtractRequest,
)
from ..settings import Settings
from ..workers import ExtractionPool, ServiceBusy

# JSON's \uD800 escapes can smuggle half a UTF-16 pair into a str; it cannot be encoded back.
_SURROGATE = re.compile("[\ud800-\udfff]")

router = APIRouter(prefix="/v1/extract", tags=["extract"])


def _state(request: Request) -> tuple[Settings, ExtractionPool]:
    return request.app.state.settings, request.app.state.pool


def to_document(fields: dict[str, Any], settings: Settings) -> Document:
    """A request's fields -> a validated Document; APIError 413 or 422 says what is wrong."""
    for key, value in fields.items():
        bad = _SURROGATE.search(value) if isinstance(value, str) else None
        if bad:
            raise APIError(422, "invalid_request", f"{key}: a lone UTF-16 surrogate at character {bad.start()} is not text")
    text = fields.get("text")
    if isinstance(text, str):
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > settings.max_text_bytes:
            raise APIError(413, "payload_too_large",
                           f"text is {size} bytes of UTF-8; the limit is {settings.max_text_bytes} bytes")
    try:
        return Document.model_validate({k: v for k, v in fields.items() if k in ("id", "date", "title", "text")})
    except ValidationError as exc:
        items = items_from(exc.errors())
        first = items[0]
        where = ".".join(str(p) for p in first.loc) or "document"
        raise APIError(422, "invalid_request", f"{where}: {first.msg}", items) from None


async def _extract(pool: ExtractionPool, document: Document, min_confidence: float | None = None) -> dict[str, Any]:
    try:
        ok, result = await pool.extract({**document.model_dump(), "min_confidence": min_confidence})
    except ServiceBusy as exc:
        error = "extraction_timeout" if "time limit" in str(exc) else "busy"
        raise APIError(503, error, str(exc)) from None
    if not ok:
        raise APIError(500, "extraction_failed", f"the pipeline failed on document {document.id!r}: {result}")
    records: dict[str, Any] = result
    return records


@router.post(
    "",
    response_model=DocumentRecords,
    summary="Records of one document",
    responses={200: {"content": {"application/json": {"example": EXAMPLE_RECORDS}}}, **ERROR_RESPONSES},
)
async def extract_one(
    request: Request,
    body: Annotated[ExtractRequest, Body(openapi_examples={
        "nghe_an": {"summary": "A provincial target, a result and a resolution", "value": EXAMPLE_DOCUMENT},
        "no_date": {"summary": "Text only (relative dates stay unresolved)",
                    "value": {"text": "Đến năm 2030, tỷ lệ đô thị hóa của thành phố đạt trên 70%."}},
    })],
) -> Any:
    """Percentages, organisations, places, time expressions, targets and results, and legal
    references of one document, each with its `span` in `text`.

    `text` over 1 MB gives 413; a document over the time limit gives 503.
    """
    settings, pool = _state(request)
    fields = body.model_dump(exclude_none=True)
    min_confidence = fields.pop("min_confidence", None)
    return await _extract(pool, to_document(fields, settings), min_confidence)


@router.post(
    "/batch",
    response_model=BatchResponse,
    summary="Records of up to 100 documents",
    responses={200: {"content": {"application/json": {"example": {
        "results": [EXAMPLE_RECORDS, {"index": 1, "id": "ha-tinh-q2", "status": 422,
                                      "error": "date: Value error, date '2024-13' is not a valid date"}],
        "n_documents": 2, "n_errors": 1,
    }}}}, **ERROR_RESPONSES},
)
async def extract_batch(
    request: Request,
    body: Annotated[BatchRequest, Body(openapi_examples={
        "two": {"summary": "Two documents", "value": {"documents": [EXAMPLE_DOCUMENT, EXAMPLE_SECOND_DOCUMENT]}},
    })],
) -> Any:
    """Records for each document in order. A document that cannot be processed gets an
    error entry `{index, id, status, error}` in its place; the batch still answers 200.

    More than 100 documents gives 413.
    """
    settings, pool = _state(request)
    docs = body.documents
    if len(docs) > settings.max_batch:
        raise APIError(413, "payload_too_large", f"{len(docs)} documents; a batch holds at most {settings.max_batch}")

    async def one(index: int, fields: dict[str, Any]) -> dict[str, Any] | BatchError:
        fields = {"id": str(index), **fields}
        try:
            return await _extract(pool, to_document(fields, settings), body.min_confidence)
        except APIError as exc:
            raw_id = fields.get("id")
            return BatchError(index=index, id=None if raw_id is None else str(raw_id), status=exc.status,
                              error=exc.detail)

    results = await asyncio.gather(*(one(i, d) for i, d in enumerate(docs)))
    n_errors = sum(isinstance(r, BatchError) for r in results)
    return {"results": results, "n_documents": len(results), "n_errors": n_errors}
