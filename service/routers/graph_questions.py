"""The graph questions: paths between two entities, bridges between networks, centrality, statistics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graph.bridges import BridgeResult, bridges
from graph.centrality import METRICS, Score, centrality
from graph.paths import GraphPath, shortest_paths
from graph.stats import NetworkStats, network_statistics
from service.deps import StoreDep
from service.routers.common import FiltersDep, LangDep

router = APIRouter(tags=["graph"])

Name = Annotated[str, Query(min_length=1, max_length=200, description="An id or a name in any language.")]


@router.get("/paths")
def paths(
    store: StoreDep,
    source: Name,
    target: Name,
    filters: FiltersDep,
    lang: LangDep,
    k: Annotated[int, Query(ge=1, le=10, description="How many shortest paths.")] = 1,
    max_length: Annotated[int, Query(ge=1, le=12, description="Longest path, in hops.")] = 6,
) -> list[GraphPath]:
    """The k shortest chains of relations from source to target, each hop with its ties and sources."""
    return shortest_paths(store, source, target, k=k, max_length=max_length, filters=filters, lang=lang)


@router.get("/bridges")
def bridges_between(
    store: StoreDep,
    network_a: Name,
    network_b: Name,
    filters: FiltersDep,
    lang: LangDep,
    k: Annotated[int, Query(ge=1, le=10, description="Longest link between members, in hops.")] = 2,
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> BridgeResult:
    """Members of both networks, and the entities connecting members of one to members of the other."""
    return bridges(store, network_a, network_b, k=k, top=top, filters=filters, lang=lang)


@router.get("/centrality")
def centrality_ranking(
    store: StoreDep,
    filters: FiltersDep,
    lang: LangDep,
    metric: Annotated[str, Query(description=f"One of {', '.join(METRICS)}.")] = "degree",
    top: Annotated[int, Query(ge=1, le=1000)] = 10,
    sample: Annotated[
        int | None, Query(ge=1, le=100_000, description="Pivots for sampled betweenness.")
    ] = None,
) -> list[Score]:
    """The top entities by a centrality metric, best first."""
    return centrality(store, metric, top=top, filters=filters, sample=sample, lang=lang)


@router.get("/stats")
def stats(store: StoreDep, filters: FiltersDep) -> NetworkStats:
    """Network statistics of the (filtered) projection: size, components, density, clustering, diameter."""
    return network_statistics(store, filters=filters)
