"""`create_app()`: the FastAPI application, its worker pool, limits and routers.

Run it with `vn-policy-nlp serve`, or `uvicorn vn_policy_api.app:create_app --factory`.
Routers come from `routes.ROUTERS` (add new resources there).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles

from . import PACKAGE_DIR, __version__, errors
from .limits import RequestLimits
from .models import ErrorResponse
from .routes import ROUTERS
from .security import Guard, allowed_hosts
from .settings import Settings
from .workers import ExtractionPool

DESCRIPTION = """\
Vietnamese news and policy text in, structured records out: percentages,
organisations, places, time expressions and deadlines, targets and results,
legal references, each with the `span` of text it came from.

Limits: `text` at most 1 MB of UTF-8 (413), at most 100 documents a batch
(413), JSON bodies only (415), malformed JSON or non-UTF-8 bytes (400), a
document that is not valid (422), a method the route does not take (405),
extraction over the time limit or the store locked (503, with `Retry-After`).
`POST /v1/ingest` needs `Authorization: Bearer <token>` when the service has a
token (401). A Host header that is not the service's own name is refused (400).
Every error has the body `{status, error, detail, errors}`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new application. `settings` default to `Settings.from_env()` (`VNP_API_*` variables)."""
    settings = settings or Settings.from_env()
    pool = ExtractionPool(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warming = asyncio.create_task(pool.warm_up()) if settings.warm_up else None
        try:
            yield
        finally:
            if warming is not None and not warming.done():
                warming.cancel()
            pool.close()

    app = FastAPI(
        title="vn_policy_nlp",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.pool = pool
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
    _document_errors(app)
    app.mount("/static", StaticFiles(directory=str(PACKAGE_DIR / "static")), name="static")
    app.add_middleware(
        RequestLimits,  # type: ignore[arg-type]
        default_limit=settings.max_single_body_bytes,
        body_limits={"/v1/extract/batch": settings.max_batch_body_bytes},
        router=app.router,
    )
    app.add_middleware(Guard, hosts=allowed_hosts(settings.host, settings.allowed_hosts))  # type: ignore[arg-type]  # outermost
    return app


def _document_errors(app: FastAPI) -> None:
    """Make the OpenAPI description say what every 422 really looks like.

    FastAPI documents its own `HTTPValidationError` for each route with
    parameters; `errors.install` answers with `ErrorResponse` instead, for
    every router (including ones added later), so the description is rewritten
    once, when it is first asked for.
    """

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes, tags=app.openapi_tags)
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            if "ErrorResponse" not in components:
                components.update(ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
                                  .pop("$defs", {}))
                components["ErrorResponse"] = ErrorResponse.model_json_schema(
                    ref_template="#/components/schemas/{model}")
            for item in spec.get("paths", {}).values():
                for op in item.values():
                    resp = op.get("responses", {}).get("422") if isinstance(op, dict) else None
                    if resp:
                        resp["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
                        resp["description"] = resp.get("description") or "The request is not valid."
            components.pop("HTTPValidationError", None)
            components.pop("ValidationError", None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
