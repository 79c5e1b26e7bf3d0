"""An entity's ego network as JSON, an offline HTML page, PNG or SVG."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response

from graph.ego import Subgraph, ego_network
from graph.tie_facts import FactDetail, caption, tie_details
from graph.visual import render_html, render_image
from service.deps import StoreDep
from service.hints import ego_hint
from service.routers.common import FiltersDep, LangDep

router = APIRouter(tags=["graph"])


@dataclass
class EgoAnswer(Subgraph):
    """An ego network; ``facts``, when asked (``details=true``), the fact behind each tie by fact id; and
    ``hint``: why it holds its centre alone and what to try (null otherwise)."""

    facts: dict[str, FactDetail] = field(default_factory=dict)
    hint: str | None = None


# Past this many ties `details=true` leaves `facts` empty: the page then asks /facts for the tie clicked.
DETAILS_MAX_TIES = 400
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
    details: Annotated[
        bool,
        Query(
            description="JSON only: add `facts`, the fact behind each tie with its sources (as /facts gives), "
            f"for up to {DETAILS_MAX_TIES} ties."
        ),
    ] = False,
) -> EgoAnswer | Response:
    """The entity and its neighbours within depth hops, with every tie among them and its sources.

    Pictures (html, png, svg) carry a title naming the entity and the filters, a legend of tie kinds,
    and a footer listing the sources of the drawn ties and the export date; `lang=fa` lays them out
    right-to-left with Persian labels.
    """
    sub = ego_network(store, entity, depth=depth, filters=filters, lang=lang, max_nodes=max_nodes)
    if format == "json":
        wanted = details and len(sub.ties) <= DETAILS_MAX_TIES
        facts = tie_details(store, sub.ties, lang=lang) if wanted else {}
        hint = ego_hint(sub, filtered=filters is not None, api=True)
        return EgoAnswer(sub.center, sub.nodes, sub.ties, facts, hint)
    centre = next((n.label for n in sub.nodes if n.id == sub.center), entity)
    title = caption(centre, depth=depth, filters=filters, lang=lang)
    facts = tie_details(store, sub.ties, lang=lang)
    if format == "html":
        return HTMLResponse(render_html(sub, title=title, details=facts, lang=lang))
    picture = render_image(sub, format, title=title, details=facts, lang=lang)
    return Response(picture, media_type=_MEDIA[format])
