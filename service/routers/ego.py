"""An entity's ego network as JSON, an offline HTML page, PNG or SVG."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response

from graph.ego import Subgraph, ego_network
from graph.visual import render_html, render_image
from service.deps import StoreDep
from service.hints import ego_hint
from service.routers.common import FiltersDep, LangDep

router = APIRouter(tags=["graph"])


@dataclass
class EgoAnswer(Subgraph):
    """An ego network, and ``hint``: why it holds its centre alone and what to try (null otherwise)."""

    hint: str | None = None


_MEDIA = {"html": "text/html; charset=utf-8", "png": "image/png", "svg": "image/svg+xml"}


@router.get(
    "/ego/{entity}",
    response_model=EgoAnswer,
    responses={200: {"content": {m.split(";")[0]: {} for m in _MEDIA.values()}}},
)
def ego(
    store: StoreDep,
    entity: Annotated[
        str, Path(min_length=1, max_length=200, description="An id or a name in any language.")
    ],
    filters: FiltersDep,
    lang: LangDep,
    depth: Annotated[int, Query(ge=1, le=4)] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=5000)] = 2000,
    format: Annotated[Literal["json", "html", "png", "svg"], Query()] = "json",
) -> EgoAnswer | Response:
    """The entity and its neighbours within depth hops, with every tie among them and its sources."""
    sub = ego_network(store, entity, depth=depth, filters=filters, lang=lang, max_nodes=max_nodes)
    if format == "json":
        return EgoAnswer(**_shallow(sub), hint=ego_hint(sub, filtered=filters is not None, api=True))
    centre = next((n.label for n in sub.nodes if n.id == sub.center), entity)
    title = f"{centre}: ego network (depth {depth})"
    if format == "html":
        return HTMLResponse(render_html(sub, title=title))
    return Response(render_image(sub, format, title=title), media_type=_MEDIA[format])


def _shallow(value: object) -> dict[str, Any]:
    """A dataclass's fields as they are (``asdict`` would turn nested dataclasses into dicts)."""
    return {f.name: getattr(value, f.name) for f in fields(value)}  # type: ignore[arg-type]
