"""Exports of the whole graph or a part: RDF, Cypher, GraphML, GEXF, CSV."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from graph.ego import ego_network
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotSupported
from graph.graph_export import export_graph, export_rdf_part, store_view
from graph.paths import shortest_paths
from graph.projection import Filters
from graph.rdf_export import export_rdf
from service.cli_export import export_data
from service.deps import StoreDep
from service.routers.common import FiltersDep, LangDep

router = APIRouter(tags=["export"])

ExportFormat = Literal[
    "turtle", "jsonld", "ntriples", "nquads", "cypher", "neo4j-csv", "graphml", "gexf", "csv"
]
_MEDIA = {
    "turtle": ("text/turtle; charset=utf-8", "ttl"),
    "jsonld": ("application/ld+json", "jsonld"),
    "ntriples": ("application/n-triples", "nt"),
    "nquads": ("application/n-quads", "nq"),
    "cypher": ("text/plain; charset=utf-8", "cypher"),
    "neo4j-csv": ("application/zip", "neo4j-csv.zip"),
    "graphml": ("application/graphml+xml", "graphml"),
    "gexf": ("application/gexf+xml", "gexf"),
    "csv": ("application/zip", "csv.zip"),
}


def _part(
    store: Any,
    scope: str,
    entity: str | None,
    depth: int,
    target: str | None,
    filters: Filters | None,
    lang: str,
) -> Any:
    if scope == "all":
        return store_view(store, lang=lang)
    if not entity:
        raise InvalidArgument(f"scope={scope} needs id= (an entity or network id or name)")
    if scope == "paths":
        if not target:
            raise InvalidArgument("scope=paths needs id= (the source) and target=")
        found = shortest_paths(store, entity, target, k=3, filters=filters, lang=lang)
        if not found:
            raise InvalidArgument(f"no path from {entity!r} to {target!r} within 6 hops: nothing to export")
        return found
    if scope == "network":
        return ego_network(
            store, entity, depth=1, filters=Filters(kinds=frozenset({"membership"})), lang=lang
        )
    return ego_network(store, entity, depth=depth, filters=filters, lang=lang)


@router.get("/export", response_class=Response)
def export(
    store: StoreDep,
    filters: FiltersDep,
    lang: LangDep,
    format: Annotated[ExportFormat, Query()] = "turtle",
    scope: Annotated[Literal["all", "ego", "network", "paths"], Query()] = "all",
    id: Annotated[str | None, Query(max_length=200, description="The entity (ego) or network.")] = None,
    depth: Annotated[int, Query(ge=1, le=4)] = 1,
    target: Annotated[
        str | None, Query(max_length=200, description="With scope=paths: where paths end.")
    ] = None,
    subject: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Short for scope=ego&id=SUBJECT: a subject and its ties to depth hops.",
        ),
    ] = None,
) -> Response:
    """Download the whole graph, an ego network, a network with its members, or up to 3 shortest paths.

    Every format exports a part too: ``cypher`` as a script, ``neo4j-csv`` as a zip of the bundle for
    ``neo4j-admin database import`` and ``LOAD CSV``.
    """
    media, ext = _MEDIA[format]
    if subject is not None:
        if scope not in {"all", "ego"} or (id is not None and id != subject):
            raise InvalidArgument("subject= is short for scope=ego&id=...; give one or the other")
        scope, id = "ego", subject
    if format in {"cypher", "neo4j-csv"}:
        part = None if scope == "all" else _part(store, scope, id, depth, target, filters, lang)
        data = export_data(store, format, lang=lang, part=part)
    elif format in {"turtle", "jsonld", "ntriples", "nquads"}:
        if not isinstance(store, EmbeddedStore):
            raise NotSupported("RDF exports need the embedded store (CITYKG_STORE=embedded)")
        elif scope == "all":
            data = export_rdf(store, format) or b""
        else:
            data = export_rdf_part(store, _part(store, scope, id, depth, target, filters, lang), format)
    else:
        data = export_graph(_part(store, scope, id, depth, target, filters, lang), format)
    name = f"citykg-{scope}{'-' + id if id and scope != 'all' else ''}.{ext}"
    return Response(data, media_type=media, headers={"Content-Disposition": attachment(name)})


def attachment(name: str) -> str:
    """A Content-Disposition for a download named ``name`` (RFC 6266): UTF-8 form plus an ASCII fallback.

    ``citykg-ego-قزوین.ttl`` gives ``attachment; filename="citykg-ego-_____.ttl";
    filename*=UTF-8''citykg-ego-%D9%82...``; browsers use the UTF-8 form, old clients the fallback.
    """
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
    encoded = quote(name, safe="!#$&+-.^_`|~")  # RFC 8187 attr-chars stay, all else is %-encoded
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
