"""How errors reach users: one table for HTTP statuses, one for CLI exit codes.

The tree of errors lives in each package (``graph.errors``, ``loaders.errors``,
``ontology.errors``); this module only maps them. Every HTTP error is an RFC 9457
problem (``application/problem+json``) with ``type``, ``title``, ``status`` and
``detail``, plus ``suggestions`` or ``candidates`` where the error carries them;
404 and 405 from the router and unexpected failures (500) are problems too.

The service's own errors (the others come from the packages)::

    ServiceError               root of the errors the HTTP layer raises itself
    ├── AccessDenied           a write without the API key (403)
    ├── CrossSiteRequest       a browser write from another origin (403)
    ├── HostNotAllowed         a Host header that is not one of the allowed names (400)
    ├── RequestTooLarge        a body past its limit (413)
    ├── LoadQueueFull          too many loads waiting (503)
    └── UnknownJob             no such job, or it was forgotten (404)

and the SPARQL worker's, under :class:`graph.errors.QueryError`: ``QueryTimeout`` and
``QueryAborted`` (both 503), raised by :mod:`service.sparql`.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from graph.errors import (
    AmbiguousName,
    GraphError,
    InvalidArgument,
    LoadFailed,
    NotFound,
    NotSupported,
    QueryError,
    StoreUnavailable,
)
from loaders.errors import LoaderError, SourceUnreachable

if TYPE_CHECKING:  # the command line maps errors to exit codes without importing the web framework
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse

__all__ = [
    "EXIT_CODES",
    "HTTP_STATUS",
    "AccessDenied",
    "CrossSiteRequest",
    "HostNotAllowed",
    "LoadQueueFull",
    "RequestTooLarge",
    "ServiceError",
    "UnknownJob",
    "exit_code",
    "install_handlers",
    "problem",
    "problem_body",
    "problem_for",
]


# The SPARQL worker's failures (service.sparql raises them; they live here so that mapping errors to exit
# codes does not import the worker's machinery).
class QueryTimeout(QueryError):
    """The query did not finish before the deadline (its worker was stopped)."""


class QueryAborted(QueryError):
    """The query's worker died: it went past its memory or CPU limit, or the engine crashed on it."""


log = logging.getLogger("citykg.service")


class ServiceError(Exception):
    """Root of the errors the HTTP layer raises itself."""


class AccessDenied(ServiceError):
    """A write endpoint was called without the configured API key (or none is configured)."""


class CrossSiteRequest(ServiceError):
    """A browser sent a write (a form post, say) from a page of another origin."""


class HostNotAllowed(ServiceError):
    """The Host header names none of the allowed hosts (a DNS-rebinding page, or a misconfigured proxy)."""


class RequestTooLarge(ServiceError):
    """The request body is longer than the limit of its route."""


class LoadQueueFull(ServiceError):
    """As many loads as allowed are already waiting."""


class UnknownJob(ServiceError):
    """No job has this id (or it finished long ago and was forgotten)."""


# Most specific first: the first class an error is an instance of wins.
HTTP_STATUS: list[tuple[type[Exception], int, str]] = [
    (AccessDenied, 403, "Forbidden"),
    (CrossSiteRequest, 403, "Cross-site request refused"),
    (HostNotAllowed, 400, "Host not allowed"),
    (RequestTooLarge, 413, "Request body too large"),
    (LoadQueueFull, 503, "Too many loads waiting"),
    (UnknownJob, 404, "Not found"),
    (NotFound, 404, "Not found"),
    (AmbiguousName, 409, "Ambiguous name"),
    (InvalidArgument, 422, "Invalid argument"),
    (QueryTimeout, 503, "Query timed out"),
    (QueryAborted, 503, "Query stopped"),
    (QueryError, 400, "Bad query"),
    (SourceUnreachable, 502, "Source unreachable"),
    (LoaderError, 422, "Bad input data"),
    (LoadFailed, 409, "Load refused"),
    (StoreUnavailable, 503, "Store unavailable"),
    (NotSupported, 501, "Not offered by this store"),
    (GraphError, 500, "Store error"),
]
EXIT_CODES: list[tuple[type[Exception], int]] = [
    (NotFound, 3),
    (AmbiguousName, 3),
    (InvalidArgument, 2),
    (QueryError, 4),
    (SourceUnreachable, 6),
    (LoaderError, 4),
    (LoadFailed, 5),
    (StoreUnavailable, 6),
    (NotSupported, 2),
    (GraphError, 1),
]


def exit_code(exc: Exception) -> int:
    """The CLI exit code for ``exc`` (1 when it is not a known error)."""
    return next((code for cls, code in EXIT_CODES if isinstance(exc, cls)), 1)


def problem(
    status: int, title: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """An RFC 9457 problem response."""
    from fastapi.responses import JSONResponse

    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def problem_body(exc: Exception) -> dict[str, Any]:
    """The problem document of a known error (status 500 when it is not one): what a failed job reports."""
    status, title = next(((s, t) for cls, s, t in HTTP_STATUS if isinstance(exc, cls)), (500, "Error"))
    return {"type": "about:blank", "title": title, "status": status, "detail": str(exc), **_extra(exc)}


def problem_for(exc: Exception) -> JSONResponse:
    """The problem response of a known error; the middleware answers with it too."""
    from fastapi.responses import JSONResponse

    body = problem_body(exc)
    headers = {"Retry-After": "5"} if isinstance(exc, LoadQueueFull) else None
    return JSONResponse(
        body, status_code=body["status"], media_type="application/problem+json", headers=headers
    )


def _extra(exc: Exception) -> dict[str, Any]:
    if isinstance(exc, NotFound) and exc.suggestions:
        return {"suggestions": exc.suggestions}
    if isinstance(exc, AmbiguousName):
        return {"candidates": [{"id": i, "label": label, "type": t} for i, label, t in exc.candidates]}
    return {}


async def _known(request: Request, exc: Exception) -> JSONResponse:
    return problem_for(exc)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    # The router's own errors: 404 for an unknown path, 405 for a method the path does not take.
    from starlette.exceptions import HTTPException as StarletteHTTPException

    assert isinstance(exc, StarletteHTTPException)
    title = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else title
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no such path: {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    return problem(exc.status_code, title, detail, headers=dict(exc.headers or {}))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Details stay in the server log: a stack trace can name files and settings.
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "Internal error", "the server failed to answer; the error is in its log")


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    from fastapi.exceptions import RequestValidationError

    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
    return problem(422, "Invalid request", detail, errors=errors)


def install_handlers(app: FastAPI) -> None:
    """Map every known error to its problem response."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    for cls in (GraphError, LoaderError, ServiceError):
        app.add_exception_handler(cls, _known)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
