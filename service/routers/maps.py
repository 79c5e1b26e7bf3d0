"""An entity's map of ties: the offline HTML page (or PNG/SVG) at ``/map/{entity}``, and the explorer's switch."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response

from graph.ego import ego_network
from graph.geomap import filters_text, geo_map, map_sources, render_map_html, render_map_image
from service.deps import StoreDep
from service.routers.common import FiltersDep, LangDep

router = APIRouter(tags=["graph"])

_MEDIA = {"html": "text/html; charset=utf-8", "png": "image/png", "svg": "image/svg+xml"}
_STATIC = resources.files("service") / "static"


@router.get(
    "/map/{entity}",
    response_class=HTMLResponse,
    responses={200: {"content": {m.split(";")[0]: {} for m in _MEDIA.values()}}},
)
def entity_map(
    store: StoreDep,
    entity: Annotated[
        str, Path(min_length=1, max_length=200, description="An id or a name in any language.")
    ],
    filters: FiltersDep,
    lang: LangDep,
    depth: Annotated[int, Query(ge=1, le=4)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=5000)] = 2000,
    format: Annotated[Literal["html", "png", "svg"], Query()] = "html",
) -> Response:
    """The entity's ties on a world map: cities at their coordinates, great-circle arcs, hubs listed aside."""
    sub = ego_network(store, entity, depth=depth, filters=filters, lang=lang, max_nodes=max_nodes)
    geo = geo_map(sub)
    centre = next((n.label for n in sub.nodes if n.id == sub.center), entity)
    names = {n.id: n.label for n in sub.nodes}
    title = f"{centre}: map of ties"
    subtitle = filters_text(filters, depth=depth, lang=lang, entity_labels=names)
    sources = map_sources(store, geo, lang=lang)
    if format == "html":
        page = render_map_html(geo, title=title, subtitle=subtitle, sources=sources, lang=lang)
        return HTMLResponse(page)
    image = render_map_image(geo, format, title=title, subtitle=subtitle, sources=sources)
    return Response(image, media_type=_MEDIA[format])


@router.get("/static/map-switch.js", include_in_schema=False)
def map_switch() -> Response:
    """The explorer's Graph | Map switch."""
    return Response(
        (_STATIC / "map-switch.js").read_text("utf-8"), media_type="text/javascript; charset=utf-8"
    )
