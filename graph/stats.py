"""Network statistics of a projection, defined as networkx defines them.

All figures are of the projection's undirected simple graph (one edge per pair
of linked entities; see :mod:`graph.projection`):

``nodes``, ``edges``            ``G.number_of_nodes()``, ``G.number_of_edges()``
``components``                  ``nx.number_connected_components(G)``
``largest_component``           nodes of the largest connected component
``density``                     ``nx.density(G)`` = 2m / (n(n - 1))
``average_degree``              2m / n
``transitivity``                ``nx.transitivity(G)`` = 3 · triangles / connected triples
``average_clustering``          ``nx.average_clustering(G)``: mean local clustering, nodes of
                                degree < 2 counting as 0
``degree_assortativity``        ``nx.degree_assortativity_coefficient(G)`` (None when undefined,
                                e.g. every node of the same degree)
``diameter``                    ``nx.diameter`` of the largest component
``average_shortest_path_length`` ``nx.average_shortest_path_length`` of the largest component
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from graph.projection import Filters, Projection, project
from graph.store import Store

__all__ = ["NetworkStats", "network_statistics", "statistics_of"]


@dataclass
class NetworkStats:
    """Statistics of a projection (see the module docstring for each definition)."""

    nodes: int
    edges: int
    components: int
    largest_component: int
    density: float
    average_degree: float
    transitivity: float
    average_clustering: float
    degree_assortativity: float | None
    diameter: int
    average_shortest_path_length: float


def statistics_of(p: Projection) -> NetworkStats:
    """The statistics of the projection ``p``.

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.projection import Projection
    >>> g = ig.Graph(n=5, edges=[(0, 1), (1, 2), (2, 0), (2, 3)])
    >>> s = statistics_of(Projection(g, list("abcde"), {}, [], []))
    >>> s.components, s.largest_component, s.diameter, round(s.transitivity, 4)
    (2, 4, 2, 0.6)
    """
    g = p.graph
    n, m = g.vcount(), g.ecount()
    if n == 0:
        return NetworkStats(0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, None, 0, 0.0)
    comps = g.connected_components()
    sizes = comps.sizes()
    largest = comps.giant()
    lcc_n = largest.vcount()
    transitivity = g.transitivity_undirected()
    assort = g.assortativity_degree(directed=False) if m > 0 else math.nan
    return NetworkStats(
        nodes=n,
        edges=m,
        components=len(sizes),
        largest_component=max(sizes),
        density=2 * m / (n * (n - 1)) if n > 1 else 0.0,
        average_degree=2 * m / n,
        transitivity=0.0 if math.isnan(transitivity) else transitivity,
        average_clustering=g.transitivity_avglocal_undirected(mode="zero"),
        degree_assortativity=None if math.isnan(assort) else assort,
        diameter=largest.diameter(directed=False) if lcc_n > 1 else 0,
        average_shortest_path_length=largest.average_path_length(directed=False) if lcc_n > 1 else 0.0,
    )


def network_statistics(store: Store, *, filters: Filters | None = None) -> NetworkStats:
    """The statistics of ``store``'s projection under ``filters``.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id=c) for c in ("a", "b", "c")],
    ...              agreements=[Agreement(id="ab", type="TwinningAgreement", parties=["a", "b"]),
    ...                          Agreement(id="bc", type="TwinningAgreement", parties=["b", "c"])])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> s = network_statistics(store)
    >>> s.nodes, s.edges, s.diameter, s.average_shortest_path_length
    (3, 2, 2, 1.3333333333333333)
    """
    return statistics_of(project(store, filters))
