"""One JSON shape for every error (`models.ErrorResponse`), whoever raises it.

Routes raise `APIError`; FastAPI's own validation errors and Starlette's HTTP
errors are rewritten into the same shape so a client needs one parser.
Malformed JSON is 400, a well-formed body that is not a document is 422.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .models import ErrorItem, ErrorResponse

log = logging.getLogger("vn_policy_api")

_CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large",
          415: "unsupported_media_type", 422: "invalid_request", 500: "internal_error", 503: "busy"}


#: Seconds a client is told to wait before retrying a 503 (`Retry-After`).
RETRY_AFTER = 5


class APIError(Exception):
    """An error with its status, short code and a sentence saying what was wrong.

    A 503 always carries `Retry-After`: the service is busy or its store is
    locked, and the same request may succeed later.
    """

    def __init__(self, status: int, error: str, detail: str, errors: list[ErrorItem] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.errors = errors or []
        self.headers = dict(headers or {})
        if status == 503:
            self.headers.setdefault("Retry-After", str(RETRY_AFTER))


def error_response(status: int, error: str, detail: str, errors: list[ErrorItem] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorResponse(status=status, error=error, detail=detail, errors=errors or [])
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def items_from(errors: Any) -> list[ErrorItem]:
    """pydantic error dicts -> `ErrorItem`s (input values left out: they may be megabytes)."""
    return [ErrorItem(loc=[str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
                      msg=str(e.get("msg", "")), type=str(e.get("type", ""))) for e in errors]


async def _on_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, APIError)
    return error_response(exc.status, exc.error, exc.detail, exc.errors, headers=exc.headers)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    bad_json = [e for e in errors if e.get("type") == "json_invalid"]
    if bad_json:
        ctx = bad_json[0].get("ctx") or {}
        where = bad_json[0].get("loc", ("body", 0))
        pos = where[1] if len(where) > 1 else 0
        return error_response(400, "malformed_json",
                              f"the body is not valid JSON: {ctx.get('error', 'syntax error')} at character {pos}",
                              items_from(bad_json))
    items = items_from(errors)
    first = items[0] if items else None
    where = ".".join(str(p) for p in first.loc[1:]) if first else ""
    detail = f"{where or 'body'}: {first.msg}" if first else "the request is not valid"
    if len(items) > 1:
        detail += f" (and {len(items) - 1} more)"
    return error_response(422, "invalid_request", detail, items)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 503:
        headers.setdefault("Retry-After", str(RETRY_AFTER))
    return error_response(exc.status_code, _CODES.get(exc.status_code, "error"), str(exc.detail), headers=headers)


async def _on_store_error(request: Request, exc: Exception) -> JSONResponse:
    """The store is unreachable or locked past its timeout: the request may work later."""
    log.warning("store unavailable on %s %s: %s", request.method, request.url.path, exc)
    cause = " ".join(str(getattr(exc, "orig", None) or exc).split())
    return error_response(503, "store_unavailable", f"the store cannot answer now: {type(exc).__name__}: {cause}",
                          headers={"Retry-After": str(RETRY_AFTER)})


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", f"{type(exc).__name__}: {exc}")


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(APIError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(OperationalError, _on_store_error)
    app.add_exception_handler(Exception, _on_unexpected)
