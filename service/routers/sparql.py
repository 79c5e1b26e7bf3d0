"""The SPARQL 1.1 Protocol endpoint over the embedded store: read-only, no SERVICE, run in capped workers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from graph.embedded_store import EmbeddedStore
from graph.errors import NotSupported, QueryError
from service.deps import SettingsDep, StoreDep
from service.settings import ServiceSettings
from service.sparql import run_query

router = APIRouter(tags=["sparql"])

_DOC = (
    " SELECT/ASK answer as SPARQL JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle, JSON-LD or N-Triples,"
    " chosen by Accept. Updates, SERVICE clauses, and queries past the size or nesting limit are refused (400);"
    " past the deadline, CPU time or memory of its worker the answer is 503;"
    " rows or bytes past the caps are cut and the header X-Citykg-Truncated says so."
)
_POST_BODY = {
    "requestBody": {
        "content": {
            "application/sparql-query": {"schema": {"type": "string"}},
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"query": {"type": "string"}},
                    "required": ["query"],
                }
            },
        }
    }
}


def _no_dataset(keys: Iterable[str]) -> None:
    # The protocol's dataset parameters would silently change the answer if ignored: refuse them.
    given = sorted(set(keys) & {"default-graph-uri", "named-graph-uri"})
    if given:
        raise QueryError(f"{', '.join(given)} is not supported: queries see the union of all datasets")


def _answer(store: StoreDep, query: str, accept: str | None, settings: ServiceSettings) -> Response:
    if not isinstance(store, EmbeddedStore):
        raise NotSupported("the SPARQL endpoint needs the embedded store (CITYKG_STORE=embedded)")
    answer = run_query(store, query, accept=accept, limits=settings.sparql_limits())
    headers = {"X-Citykg-Truncated": "true"} if answer.truncated else {}
    media = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
    return Response(answer.body, media_type=media, headers=headers)


@router.get("/sparql", response_class=Response, description="Run a read-only SPARQL query." + _DOC)
def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[str, Query(min_length=1, max_length=100_000, description="The SPARQL query.")],
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Run a read-only SPARQL query given in the query string."""
    _no_dataset(request.query_params.keys())
    return _answer(store, query, accept, settings)


@router.post(
    "/sparql",
    response_class=Response,
    openapi_extra=_POST_BODY,
    description="Run a read-only SPARQL query." + _DOC,
)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Run a read-only SPARQL query sent as application/sparql-query or as a form field ``query``."""
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    raw = await request.body()
    # A form encodes each byte in up to three: allow for it; the query itself is capped by scan_query.
    if len(raw) > 3 * settings.sparql_max_query_bytes + 1024:
        raise QueryError(
            f"the request body is longer than the query limit of {settings.sparql_max_query_bytes:,} bytes"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError("the query is not UTF-8") from exc
    if ctype == "application/sparql-query":
        query = text
    elif ctype == "application/x-www-form-urlencoded":
        form = parse_qs(text)
        if "update" in form:
            raise QueryError("this endpoint is read-only: SPARQL updates are not accepted")
        _no_dataset(form.keys())
        if not form.get("query"):
            raise QueryError("the form has no 'query' field")
        query = form["query"][0]
    elif ctype == "application/sparql-update":
        raise QueryError("this endpoint is read-only: SPARQL updates are not accepted")
    else:
        raise QueryError(
            "send the query as application/sparql-query or as the form field 'query' "
            f"(application/x-www-form-urlencoded), not {ctype or 'no content type'}"
        )
    return await run_in_threadpool(_answer, store, query, request.headers.get("accept"), settings)
