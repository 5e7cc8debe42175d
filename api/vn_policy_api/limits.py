"""Checks on a request body before FastAPI parses it: size, content type, UTF-8.

A pure ASGI middleware, so an oversized body is refused after reading at most
the limit plus one chunk (or before reading anything when Content-Length says
so), never parsed. Applies to requests with a body (POST, PUT, PATCH) under
`/v1/` that a route takes: a request no route takes with its method is passed
on untouched, for the app to answer 404 or 405. Routes whose body may be
larger than one document's list themselves in `body_limits`.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .models import ErrorResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class RequestLimits:
    """413 for a body over its route's limit, 415 for a non-JSON body, 400 for bytes that are not UTF-8."""

    def __init__(self, app: ASGIApp, *, default_limit: int, body_limits: dict[str, int] | None = None,
                 prefix: str = "/v1/", router: Any = None) -> None:
        self.app = app
        self.default_limit = default_limit
        self.body_limits = dict(body_limits or {})
        self.prefix = prefix
        self.router = router

    def _routed(self, scope: Scope) -> bool:
        """A route takes this path with this method (else the app answers 404 or 405 itself)."""
        if self.router is None:
            return True
        from starlette.routing import Match

        return any(route.matches(scope)[0] == Match.FULL for route in self.router.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] not in _BODY_METHODS or not scope["path"].startswith(self.prefix)
                or not self._routed(scope)):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        problem = _content_type_problem(headers.get("content-type"))
        if problem:
            await _reply(send, 415, "unsupported_media_type", problem)
            return
        limit = self.body_limits.get(scope["path"].rstrip("/") or "/", self.default_limit)
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _reply(send, 413, "payload_too_large", f"the body is {int(declared)} bytes; the limit is {limit} bytes")
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _reply(send, 413, "payload_too_large", f"the body is over the limit of {limit} bytes")
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            await _reply(send, 400, "invalid_utf8",
                         f"the body is not UTF-8: byte 0x{body[exc.start]:02x} at offset {exc.start} ({exc.reason})")
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _content_type_problem(value: str | None) -> str | None:
    """Why a Content-Type is refused, or None for `application/json` (charset, if any, UTF-8)."""
    if not value:
        return "no Content-Type: send the body as application/json"
    mime, _, params = value.partition(";")
    mime = mime.strip().lower()
    if mime != "application/json" and not (mime.startswith("application/") and mime.endswith("+json")):
        return f"Content-Type {mime!r} is not supported: send the body as application/json"
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return f"charset {val.strip()!r} is not supported: send UTF-8"
    return None


async def _reply(send: Send, status: int, error: str, detail: str) -> None:
    body = json.dumps(ErrorResponse(status=status, error=error, detail=detail).model_dump(mode="json"),
                      ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
