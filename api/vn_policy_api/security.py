"""What protects the service from the browser it serves: Host check, security headers, token.

- Host: a page on another site can make a browser send requests here under a
  name that resolves to this machine (DNS rebinding); the Host header then
  names that site. Requests whose Host is not one this service answers to
  are refused (400). The names are `Settings.allowed_hosts`, or derived from
  the address it listens on: loopback names for 127.0.0.1, that address for
  another one, any name for 0.0.0.0.
- Headers: every response says the page may load only from this server
  (Content-Security-Policy), may not be framed (X-Frame-Options), and is not
  to be sniffed as another type. The API docs (/docs, /redoc) load Swagger UI
  and ReDoc from their CDN and get a policy that allows exactly that.
- Token: `POST /v1/ingest` writes (and can `force` a replace); with a token
  configured it needs `Authorization: Bearer <token>` (401 otherwise).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Iterable

from fastapi import Request

from .errors import APIError
from .limits import ASGIApp, Message, Receive, Scope, Send
from .models import ErrorResponse

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
ANY_HOST = "*"

PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: /docs and /redoc: FastAPI's pages load their scripts and styles from jsDelivr and start them inline.
DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
               "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
               "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
               "worker-src blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc")


def allowed_hosts(listen_host: str, configured: str = "") -> frozenset[str]:
    """The Host names the service answers to: `configured` (comma-separated), or what the
    address it listens on implies."""
    names = [n.strip().lower() for n in configured.split(",") if n.strip()]
    if names:
        return frozenset(names)
    host = listen_host.strip().strip("[]").lower()
    if host in ("", "0.0.0.0", "::"):
        return frozenset({ANY_HOST})
    try:
        if ipaddress.ip_address(host).is_loopback:
            return frozenset(LOOPBACK_NAMES)
    except ValueError:
        if host == "localhost":
            return frozenset(LOOPBACK_NAMES)
    return frozenset({host})


def host_name(header: str) -> str:
    """The name part of a Host header: 'localhost:8000' -> 'localhost', '[::1]:8000' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """ASGI middleware: refuse a foreign Host, add the security headers to every response."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"].startswith(DOCS_PATHS) else PAGE_POLICY
        extra = [(b"content-security-policy", policy.encode()), (b"x-frame-options", b"DENY"),
                 (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        if ANY_HOST not in self.hosts and host_name(host) not in self.hosts:
            body = json.dumps(ErrorResponse(status=400, error="invalid_host", detail=(
                f"Host {host!r} is not a name this service answers to (allowed: {', '.join(sorted(self.hosts))}); "
                "set VNP_API_ALLOWED_HOSTS to add one")).model_dump(mode="json"), ensure_ascii=False).encode()
            await send_with_headers({"type": "http.response.start", "status": 400, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send_with_headers({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_with_headers)


def require_token(request: Request) -> None:
    """Dependency of the routes that write: the configured token, as a Bearer token."""
    token: str = request.app.state.settings.token
    if not token:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise APIError(401, "unauthorized", "this route needs the service's token: send 'Authorization: Bearer <token>'",
                       headers={"WWW-Authenticate": 'Bearer realm="vn_policy_api"'})


def store_label(url: str) -> str:
    """The store's URL as shown to users: a SQLite file's absolute path, a server URL without its password."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        from pathlib import Path

        return f"sqlite:///{Path(parsed.database).resolve()}" if parsed.database else "sqlite:// (in memory)"
    return parsed.render_as_string(hide_password=True)

