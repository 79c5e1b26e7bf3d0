"""Request guards in front of every route: the Host header, cross-site writes, the size of bodies.

Each guard is a plain ASGI middleware, so it decides before any handler (or FastAPI's body parsing) sees
the request, and answers with the problem response of a :mod:`service.errors` error:

- :class:`AllowedHosts` refuses a ``Host`` header that names none of the configured hosts (400). A page on
  an attacker's name that rebinds its DNS to 127.0.0.1 sends its own name as Host, so it is refused.
- :class:`SameOriginWrites` refuses a write (POST, PUT, PATCH, DELETE) that a browser sends from a page of
  another origin (403): an ``Origin`` other than the service's own or a CORS-allowed one, ``Origin: null``,
  or, without ``Origin``, ``Sec-Fetch-Site: cross-site``/``same-site``. Clients that are not browsers
  send neither header and pass.
- :class:`BodyLimit` refuses a body past its route's limit (413): at once when ``Content-Length`` says so,
  else as soon as the bytes received pass it, so no more than the limit is ever read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import CrossSiteRequest, HostNotAllowed, RequestTooLarge, ServiceError, problem_for

__all__ = ["AllowedHosts", "BodyLimit", "SameOriginWrites", "host_name"]

_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def host_name(host: str) -> str:
    """The name in a Host header, without port, brackets or trailing dot, lower case.

    ``[::1]:8000`` gives ``::1``; ``LocalHost.:8000`` gives ``localhost``.
    """
    value = host.strip().lower()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else value[1:]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


async def _refuse(exc: ServiceError, scope: Scope, receive: Receive, send: Send) -> None:
    await problem_for(exc)(scope, receive, send)


class AllowedHosts:
    """Answer only requests whose Host is one of ``hosts`` (``*`` any, ``*.example.org`` its subdomains)."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str]) -> None:
        self.app = app
        names = [host_name(h) if not h.startswith("*") else h.lower() for h in hosts]
        self.any = "*" in names
        self.exact = frozenset(n for n in names if not n.startswith("*"))
        self.suffixes = tuple(n[1:] for n in names if n.startswith("*."))

    def allowed(self, host: str | None) -> bool:
        """Whether a request with this Host header is served."""
        if self.any:
            return True
        if not host:
            return False
        name = host_name(host)
        return name in self.exact or (bool(self.suffixes) and name.endswith(self.suffixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host")
        if not self.allowed(host):
            shown = (host or "")[:100]
            exc = HostNotAllowed(
                f"this service does not answer for host {shown!r}; "
                "it answers for the names in CITYKG_ALLOWED_HOSTS"
                if host
                else "a Host header is required"
            )
            await _refuse(exc, scope, receive, send)
            return
        await self.app(scope, receive, send)


def _netloc(scheme: str, netloc: str) -> str:
    netloc = netloc.lower()
    port = _DEFAULT_PORTS.get(scheme)
    if port and netloc.endswith(f":{port}") and not netloc.endswith("]"):
        netloc = netloc[: -len(port) - 1]
    return netloc


class SameOriginWrites:
    """Refuse browser writes from pages of other origins than the service's own and ``cors_origins``."""

    def __init__(self, app: ASGIApp, *, cors_origins: Iterable[str] = ()) -> None:
        self.app = app
        self.cors = frozenset(o.rstrip("/").lower() for o in cors_origins)

    def refusal(self, scope: Scope) -> CrossSiteRequest | None:
        """Why this request is refused, or None when it may go on."""
        if scope["type"] != "http" or scope["method"] not in _WRITES:
            return None
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is not None:
            origin = origin.strip().lower()
            if origin in self.cors:
                return None
            parts = urlsplit(origin)
            host = headers.get("host") or ""
            scheme = parts.scheme if parts.scheme in _DEFAULT_PORTS else scope.get("scheme", "http")
            if origin != "null" and parts.netloc and _netloc(scheme, parts.netloc) == _netloc(scheme, host):
                return None
            shown = origin[:100]
            return CrossSiteRequest(
                f"a {scope['method']} from a page of another origin ({shown}) is refused; "
                "send it from the service's own pages, or without a browser"
            )
        site = (headers.get("sec-fetch-site") or "").strip().lower()
        if site in {"cross-site", "same-site"}:
            return CrossSiteRequest(
                f"a {scope['method']} from a page of another site is refused (Sec-Fetch-Site: {site})"
            )
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        exc = self.refusal(scope)
        if exc is not None:
            await _refuse(exc, scope, receive, send)
            return
        await self.app(scope, receive, send)


class _Exceeded(RequestTooLarge):
    """Raised from ``receive`` once the bytes read pass the limit; the guard answers 413."""


class BodyLimit:
    """Cap request bodies: ``default`` bytes, or ``limits[path]`` for the paths named there."""

    def __init__(self, app: ASGIApp, *, default: int, limits: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        self.limits = dict(limits or {})

    def limit(self, path: str) -> int:
        """The most bytes a body sent to ``path`` may have."""
        return self.limits.get(path.rstrip("/") or "/", self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await _refuse(self._too_large(int(declared), limit, declared=True), scope, receive, send)
            return
        received = 0
        exceeded: _Exceeded | None = None
        started = False

        async def counted() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Stop here: the handler gets an error instead of the bytes, and the rest is never read.
                    exceeded = self._too_large(received, limit, declared=False)
                    raise exceeded
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if exceeded is not None and not started:
                return  # whatever the handler made of the error, the answer is the 413 below
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except RequestTooLarge:
            if exceeded is None or started:
                raise
        if exceeded is not None and not started:
            await _refuse(exceeded, scope, receive, send)

    @staticmethod
    def _too_large(size: int, limit: int, *, declared: bool) -> _Exceeded:
        said = f"declares {size:,} bytes" if declared else f"passed {limit:,} bytes"
        return _Exceeded(f"the request body {said}; the limit here is {limit:,} bytes")
