"""The researcher's questions: communities, the country network, geography, growth, mixing, suggestions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict

from graph.communities import ALGORITHMS, CommunityResult, communities
from graph.geography import GeographyResult, geography
from graph.growth import GrowthResult, YearStats, stats_by_year, ties_per_year
from graph.levels import country_network
from graph.mixing import ATTRIBUTES, Mixing, mixing
from graph.stats import NetworkStats, statistics_of
from graph.suggest import SuggestResult, suggest
from service.deps import StoreDep
from service.routers.common import FiltersDep, LangDep

router = APIRouter(tags=["research"])

Level = Annotated[
    str, Query(pattern="^(entity|country)$", description="entity, or country (the country network).")
]
Seed = Annotated[int, Query(ge=0, le=2**31 - 1, description="Seed of the random choices.")]


class CountryPair(BaseModel):
    """Two countries and the ties between their places."""

    model_config = ConfigDict(extra="forbid")

    a: str
    b: str
    ties: int


class CountryNetworkAnswer(BaseModel):
    """The country network: its size, what it leaves out, its strongest pairs and its statistics."""

    model_config = ConfigDict(extra="forbid")

    countries: int
    edges: int
    ties_between_countries: int
    domestic_ties: int
    places: int
    places_without_country: int
    ties_without_country: int
    top_pairs: list[CountryPair]
    statistics: NetworkStats
    definition: str


@router.get("/communities")
def community_detection(
    store: StoreDep,
    filters: FiltersDep,
    lang: LangDep,
    level: Level = "entity",
    algorithm: Annotated[str, Query(description=f"One of {', '.join(ALGORITHMS)}.")] = "leiden",
    resolution: Annotated[float, Query(gt=0, le=100, description="Resolution γ of modularity.")] = 1.0,
    seed: Seed = 0,
    top: Annotated[int, Query(ge=1, le=1000, description="Communities described.")] = 10,
    members: Annotated[int, Query(ge=1, le=100, description="Top members per community.")] = 5,
    membership: Annotated[
        bool, Query(description="Include every node's community (the explorer colours by it).")
    ] = False,
) -> CommunityResult:
    """Communities by Leiden or Louvain with modularity, sizes, top members and dominant countries."""
    result = communities(
        store,
        algorithm=algorithm,
        resolution=resolution,
        seed=seed,
        top=top,
        members=members,
        filters=filters,
        level=level,
        lang=lang,
    )
    if not membership:
        result.membership = {}
    return result


@router.get("/countries")
def countries(
    store: StoreDep, filters: FiltersDep, top: Annotated[int, Query(ge=1, le=1000)] = 20
) -> CountryNetworkAnswer:
    """Ties aggregated between countries, weighted by count; places without a country counted."""
    c = country_network(store, filters)
    p = c.projection
    pairs = sorted(
        (
            CountryPair(a=p.nodes[a].label, b=p.nodes[b].label, ties=c.weights[e])
            for e, (a, b) in enumerate(p.graph.get_edgelist())
        ),
        key=lambda x: (-x.ties, x.a, x.b),
    )[:top]
    return CountryNetworkAnswer(
        countries=len(p.ids),
        edges=p.graph.ecount(),
        ties_between_countries=sum(c.weights),
        domestic_ties=c.domestic,
        places=c.places,
        places_without_country=c.without_country,
        ties_without_country=c.edges_without_country,
        top_pairs=pairs,
        statistics=statistics_of(p),
        definition=(
            "one node per country; an edge when a tie links a city or region of one country to one of "
            "another, weighted by the number of such place pairs; domestic ties give no edge; places "
            "without a country and their ties are left out and counted"
        ),
    )


@router.get("/geography")
def tie_geography(
    store: StoreDep,
    filters: FiltersDep,
    rounds: Annotated[int, Query(ge=1, le=100, description="Rounds of the null model.")] = 10,
    seed: Seed = 0,
) -> GeographyResult:
    """Great-circle distances of ties beside a degree-preserving null model; domestic share; continents."""
    return geography(store, filters=filters, rounds=rounds, seed=seed)


@router.get("/growth")
def growth(store: StoreDep, filters: FiltersDep) -> GrowthResult:
    """Ties per year by start (or signing) date, and how many have no date."""
    return ties_per_year(store, filters=filters)


@router.get("/stats/by-year")
def statistics_by_year(
    store: StoreDep,
    filters: FiltersDep,
    first: Annotated[int | None, Query(alias="from", ge=1000, le=3000)] = None,
    last: Annotated[int | None, Query(alias="to", ge=1000, le=3000)] = None,
) -> list[YearStats]:
    """Nodes, ties and degree assortativity as of each year (the as_of rule of the projection)."""
    return stats_by_year(store, filters=filters, start=first, end=last)


@router.get("/mixing")
def attribute_mixing(
    store: StoreDep,
    filters: FiltersDep,
    attributes: Annotated[
        list[str] | None, Query(description=f"Any of {', '.join(ATTRIBUTES)}; default all.")
    ] = None,
) -> list[Mixing]:
    """Assortativity by degree, country, continent and population class."""
    return mixing(store, filters=filters, attributes=tuple(attributes) if attributes else ATTRIBUTES)


@router.get("/suggest/{entity_id}")
def partner_suggestions(
    store: StoreDep,
    filters: FiltersDep,
    lang: LangDep,
    entity_id: Annotated[str, Path(min_length=1, max_length=200, description="A city's id or name.")],
    top: Annotated[int, Query(ge=1, le=100)] = 10,
) -> SuggestResult:
    """Places not yet tied to the city that would make good partners, each with its reasons."""
    return suggest(store, entity_id, top=top, filters=filters, lang=lang)
