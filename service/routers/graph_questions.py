"""The graph questions: paths between two entities, bridges between networks, centrality, statistics."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from graph.bridges import BridgeResult, bridges
from graph.centrality import METRICS, Score, centrality
from graph.paths import GraphPath, shortest_paths
from graph.stats import NetworkStats, network_statistics
from service.deps import StoreDep
from service.hints import HINT_HEADER, bridges_hint, centrality_hint, header_value, path_hint
from service.routers.common import FiltersDep, LangDep

router = APIRouter(tags=["graph"])


@dataclass
class BridgeAnswer(BridgeResult):
    """Bridges between two networks, and ``hint``: why there are none and what to try (null otherwise)."""

    hint: str | None = None


Name = Annotated[str, Query(min_length=1, max_length=200, description="An id or a name in any language.")]


@router.get("/paths")
def paths(
    response: Response,
    store: StoreDep,
    source: Name,
    target: Name,
    filters: FiltersDep,
    lang: LangDep,
    k: Annotated[int, Query(ge=1, le=10, description="How many shortest paths.")] = 1,
    max_length: Annotated[int, Query(ge=1, le=12, description="Longest path, in hops.")] = 6,
) -> list[GraphPath]:
    """The k shortest chains of relations from source to target, each hop with its ties and sources.

    An empty list comes with a ``Citykg-Hint`` header saying why and what to try.
    """
    found = shortest_paths(store, source, target, k=k, max_length=max_length, filters=filters, lang=lang)
    hint = path_hint(found, source, target, max_length, filtered=filters is not None, api=True)
    if hint:
        response.headers[HINT_HEADER] = header_value(hint)
    return found


@router.get("/bridges")
def bridges_between(
    store: StoreDep,
    network_a: Name,
    network_b: Name,
    filters: FiltersDep,
    lang: LangDep,
    k: Annotated[int, Query(ge=1, le=10, description="Longest link between members, in hops.")] = 2,
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> BridgeAnswer:
    """Members of both networks, and the entities connecting members of one to members of the other."""
    result = bridges(store, network_a, network_b, k=k, top=top, filters=filters, lang=lang)
    return BridgeAnswer(
        **_shallow(result), hint=bridges_hint(result, k, filtered=filters is not None, api=True)
    )


@router.get("/centrality")
def centrality_ranking(
    response: Response,
    store: StoreDep,
    filters: FiltersDep,
    lang: LangDep,
    metric: Annotated[str, Query(description=f"One of {', '.join(METRICS)}.")] = "degree",
    top: Annotated[int, Query(ge=1, le=1000)] = 10,
    sample: Annotated[
        int | None, Query(ge=1, le=100_000, description="Pivots for sampled betweenness.")
    ] = None,
    raw: Annotated[bool, Query(description="Degree as a count of neighbours.")] = False,
    level: Annotated[
        str, Query(pattern="^(entity|country)$", description="entity, or country (the country network).")
    ] = "entity",
) -> list[Score]:
    """The top entities (or countries) by a centrality metric, best first (an empty list: see ``Citykg-Hint``)."""
    scores = centrality(
        store, metric, top=top, filters=filters, sample=sample, lang=lang, raw=raw, level=level
    )
    hint = centrality_hint(scores, filtered=filters is not None, api=True)
    if hint:
        response.headers[HINT_HEADER] = header_value(hint)
    return scores


@router.get("/stats")
def stats(
    store: StoreDep,
    filters: FiltersDep,
    level: Annotated[
        str, Query(pattern="^(entity|country)$", description="entity, or country (the country network).")
    ] = "entity",
    sample: Annotated[
        int | None, Query(ge=2, le=100_000, description="Estimate distances from this many sources.")
    ] = None,
    exact: Annotated[
        bool, Query(description="Exact distances from every source, whatever the size.")
    ] = False,
) -> NetworkStats:
    """Network statistics (networkx and KONECT definitions) of the projection, or of the country network."""
    return network_statistics(store, filters=filters, level=level, sample=sample, exact=exact)


def _shallow(value: object) -> dict[str, Any]:
    """A dataclass's fields as they are (``asdict`` would turn nested dataclasses into dicts)."""
    return {f.name: getattr(value, f.name) for f in fields(value)}  # type: ignore[arg-type]
