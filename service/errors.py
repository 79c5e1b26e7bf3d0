"""How errors reach users: one table for HTTP statuses, one for CLI exit codes.

The tree of errors lives in each package (``graph.errors``, ``loaders.errors``,
``ontology.errors``); this module only maps them. Every HTTP error is an RFC 9457
problem (``application/problem+json``) with ``type``, ``title``, ``status`` and
``detail``, plus ``suggestions`` or ``candidates`` where the error carries them.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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
from loaders.errors import LoaderError
from service.sparql import QueryAborted, QueryTimeout

__all__ = ["EXIT_CODES", "HTTP_STATUS", "AccessDenied", "exit_code", "install_handlers", "problem"]


class AccessDenied(Exception):
    """A write endpoint was called without the configured API key (or none is configured)."""


# Most specific first: the first class an error is an instance of wins.
HTTP_STATUS: list[tuple[type[Exception], int, str]] = [
    (AccessDenied, 403, "Forbidden"),
    (NotFound, 404, "Not found"),
    (AmbiguousName, 409, "Ambiguous name"),
    (InvalidArgument, 422, "Invalid argument"),
    (QueryTimeout, 503, "Query timed out"),
    (QueryAborted, 503, "Query stopped"),
    (QueryError, 400, "Bad query"),
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
    (LoaderError, 4),
    (LoadFailed, 5),
    (StoreUnavailable, 6),
    (NotSupported, 2),
    (GraphError, 1),
]


def exit_code(exc: Exception) -> int:
    """The CLI exit code for ``exc`` (1 when it is not a known error)."""
    return next((code for cls, code in EXIT_CODES if isinstance(exc, cls)), 1)


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


def _extra(exc: Exception) -> dict[str, Any]:
    if isinstance(exc, NotFound) and exc.suggestions:
        return {"suggestions": exc.suggestions}
    if isinstance(exc, AmbiguousName):
        return {"candidates": [{"id": i, "label": label, "type": t} for i, label, t in exc.candidates]}
    return {}


async def _known(request: Request, exc: Exception) -> JSONResponse:
    status, title = next(((s, t) for cls, s, t in HTTP_STATUS if isinstance(exc, cls)), (500, "Error"))
    return problem(status, title, str(exc), **_extra(exc))


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
    return problem(422, "Invalid request", detail, errors=errors)


def install_handlers(app: FastAPI) -> None:
    """Map every known error to its problem response."""
    for cls in (GraphError, LoaderError, AccessDenied):
        app.add_exception_handler(cls, _known)
    app.add_exception_handler(RequestValidationError, _invalid)
