"""Levels of a projection: the entities themselves, or the countries their places lie in.

``entity``
    The projection of :func:`graph.projection.project` (one node per entity).
``country``
    The country network: one node per country; an edge between two countries
    when a tie links a place (city or region) of one to a place of the other,
    weighted by the number of such place–place pairs (edges of the entity
    projection). Ties within one country (domestic ties) give no edge and are
    counted apart; places without a country are counted and their ties left
    out. Every other command reads it as an undirected simple graph, the weight
    kept on the side (:attr:`CountryNetwork.weights`).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

import igraph as ig

from graph.errors import InvalidArgument
from graph.projection import Filters, Projection, project
from graph.store import NodeInfo, Store, Tie

__all__ = [
    "LEVELS",
    "PLACE_TYPES",
    "CountryNetwork",
    "country_network",
    "country_network_of",
    "projection_at",
]

LEVELS = ("entity", "country")
PLACE_TYPES = frozenset({"City", "Region"})


@dataclass
class CountryNetwork:
    """The country network of an entity projection, with what it leaves out.

    ``weights[e]`` is the number of place–place edges between the two countries
    of edge ``e`` of ``projection``; ``domestic`` the place–place edges within a
    country; ``places`` the places of the entity projection, ``without_country``
    how many of them have no country, and ``edges_without_country`` the
    place–place edges they take with them.
    """

    projection: Projection
    weights: list[int]
    domestic: int
    places: int
    without_country: int
    edges_without_country: int
    domestic_by_country: dict[str, int] = field(default_factory=dict)


_cache: OrderedDict[tuple[int, str, Filters], CountryNetwork] = OrderedDict()
_lock = threading.Lock()


def country_network_of(p: Projection, country_nodes: dict[str, NodeInfo]) -> CountryNetwork:
    """The country network of the entity projection ``p``; ``country_nodes`` labels the countries.

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.store import NodeInfo
    >>> nodes = [NodeInfo("a", "City", "A", "x"), NodeInfo("b", "City", "B", "y"),
    ...          NodeInfo("c", "City", "C", "y"), NodeInfo("d", "City", "D")]
    >>> g = ig.Graph(n=4, edges=[(0, 1), (0, 2), (1, 2), (2, 3)])
    >>> p = Projection(g, list("abcd"), {}, nodes, [[] for _ in range(4)])
    >>> c = country_network_of(p, {})
    >>> c.projection.ids, c.weights, c.domestic, c.without_country, c.edges_without_country
    (['x', 'y'], [2], 1, 1, 1)
    """
    weights: Counter[tuple[str, str]] = Counter()
    ties: dict[tuple[str, str], list[Tie]] = {}
    domestic: Counter[str] = Counter()
    lost = 0
    for e, (a, b) in enumerate(p.graph.get_edgelist()):
        na, nb = p.nodes[a], p.nodes[b]
        if na.type not in PLACE_TYPES or nb.type not in PLACE_TYPES:
            continue
        if na.country is None or nb.country is None:
            lost += 1
            continue
        if na.country == nb.country:
            domestic[na.country] += 1
            continue
        key = (na.country, nb.country) if na.country < nb.country else (nb.country, na.country)
        weights[key] += 1
        ties.setdefault(key, []).extend(p.edge_ties[e] if e < len(p.edge_ties) else [])
    places = [n for n in p.nodes if n.type in PLACE_TYPES]
    ids = sorted({c for pair in weights for c in pair} | set(domestic))
    index = {c: i for i, c in enumerate(ids)}
    pairs = sorted(weights)
    graph = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in pairs], directed=False)
    nodes = [country_nodes.get(c, NodeInfo(c, "Country", c)) for c in ids]
    proj = Projection(graph, ids, index, nodes, [ties[k] for k in pairs], p.version, p.filters)
    return CountryNetwork(
        projection=proj,
        weights=[weights[k] for k in pairs],
        domestic=sum(domestic.values()),
        places=len(places),
        without_country=sum(1 for n in places if n.country is None),
        edges_without_country=lost,
        domestic_by_country=dict(domestic),
    )


def country_network(store: Store, filters: Filters | None = None) -> CountryNetwork:
    """The country network of ``store``'s projection under ``filters``, cached like the projection.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Country, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[Country(id="si", labels={"en": ["Slovenia"]}),
    ...     Country(id="ir", labels={"en": ["Iran"]}), City(id="maribor", country="si"),
    ...     City(id="qazvin", country="ir"), City(id="ljubljana", country="si")],
    ...     agreements=[Agreement(id="t1", type="TwinningAgreement", parties=["maribor", "qazvin"]),
    ...                 Agreement(id="t2", type="TwinningAgreement", parties=["maribor", "ljubljana"])])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> c = country_network(store)
    >>> [n.label for n in c.projection.nodes], c.weights, c.domestic
    (['Iran', 'Slovenia'], [1], 1)
    """
    p = project(store, filters)
    key = (id(store), p.version, p.filters)
    with _lock:
        hit = _cache.get(key)
    if hit is not None and hit.projection.version == p.version:
        return hit
    countries = {n.id: n for n in store.nodes() if n.type == "Country"}
    built = country_network_of(p, countries)
    with _lock:
        _cache[key] = built
        while len(_cache) > 8:
            _cache.popitem(last=False)
    return built


def projection_at(store: Store, filters: Filters | None = None, level: str = "entity") -> Projection:
    """The projection of ``store`` at ``level`` (one of :data:`LEVELS`).

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> projection_at(EmbeddedStore(), level="country").ids
    []
    >>> projection_at(EmbeddedStore(), level="town")
    Traceback (most recent call last):
    ...
    graph.errors.InvalidArgument: unknown level 'town'; use one of entity, country
    """
    if level not in LEVELS:
        raise InvalidArgument(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    if level == "country":
        return country_network(store, filters).projection
    return project(store, filters)
