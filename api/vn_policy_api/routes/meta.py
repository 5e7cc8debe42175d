"""`/v1/health` and `/v1/schema`: what is running, and the shape of its output."""

from __future__ import annotations

from typing import Any

import spacy
from fastapi import APIRouter, Request

import vn_policy_nlp
from vn_policy_nlp.records import SCHEMA_VERSION, DocumentRecords

from .. import __version__
from ..models import EXAMPLE_HEALTH, Component, Health, Limits, PoolState
from ..security import store_label
from .targets import store_url

router = APIRouter(prefix="/v1", tags=["meta"])


@router.get("/health", response_model=Health, summary="Liveness, versions and the loaded pipeline",
            responses={200: {"content": {"application/json": {"example": EXAMPLE_HEALTH}}}})
async def health(request: Request) -> Health:
    """Never waits for a worker: it answers while documents are being processed.

    `pipeline` lists the stages (and the models they loaded) as a worker
    reported them after loading; it is empty while `status` is `starting`.
    """
    settings = request.app.state.settings
    pool = request.app.state.pool
    info = pool.info
    return Health(
        status="ok" if info is not None else "starting",
        version=vn_policy_nlp.__version__,
        api_version=__version__,
        schema_version=SCHEMA_VERSION,
        spacy_version=spacy.__version__,
        pipeline=[Component(**c) for c in (info or {}).get("components", [])],
        pool=PoolState(executor=settings.executor, workers=settings.workers, running=pool.stats.running,
                       waiting=pool.stats.waiting, completed=pool.stats.completed,
                       timed_out=pool.stats.timed_out, killed=pool.stats.killed),
        limits=Limits(max_text_bytes=settings.max_text_bytes, max_batch=settings.max_batch,
                      max_batch_body_bytes=settings.max_batch_body_bytes, time_limit=settings.time_limit),
        store=store_label(store_url(settings)),
        ingest_needs_token=bool(settings.token),
    )


@router.get("/schema", summary="JSON Schema of the records of one document", responses={200: {"content": {
    "application/json": {"example": {"title": "DocumentRecords", "type": "object", "properties": {"targets": {
        "type": "array", "description": "Targets and results: 'phấn đấu ... đạt 10,51%' -> kind, indicator, value ..."}}}},
}}})
async def schema() -> dict[str, Any]:
    """The JSON Schema of `DocumentRecords` (as `vn-policy-nlp schema` prints it): validate
    the output of `/v1/extract` or of the command line against it."""
    return DocumentRecords.model_json_schema()
