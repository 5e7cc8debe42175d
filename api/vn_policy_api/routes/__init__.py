"""The routers of the service, one module per resource.

To add a resource (for example the target store's queries as
`routes/targets.py` with `router = APIRouter(prefix="/v1/targets", tags=["targets"])`),
write the module and add its router to `ROUTERS` below; `create_app` includes
every router listed here, in this order. Routes under `/v1/` that take a JSON
body get the size, content-type and UTF-8 checks of `limits.py` for free.
"""

from __future__ import annotations

from fastapi import APIRouter

from . import extract, meta, page, targets

ROUTERS: list[APIRouter] = [
    meta.router,  # GET /v1/health, GET /v1/schema
    extract.router,  # POST /v1/extract, POST /v1/extract/batch
    page.router,  # GET / (the journalists' page)
    targets.router,  # GET /v1/targets, GET /v1/targets/{id}, POST /v1/ingest, GET /targets (the target view)
]
