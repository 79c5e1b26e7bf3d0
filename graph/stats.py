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
``max_degree``                  ``max(d for _, d in G.degree())``
``triangles``                   ``sum(nx.triangles(G).values()) // 3``
``component_sizes``             sizes of the connected components, largest first (at most 20)
``mean_distance``               KONECT's mean distance of the largest component: Σ d(u, v) over its
                                ordered pairs, the n pairs (u, u) at distance 0 included, over n²;
                                = ASPL · (n − 1) / n
``effective_diameter_50``,      KONECT's effective diameter of the largest component: with C(k) the
``effective_diameter_90``       ordered pairs (self-pairs included) at distance ≤ k and q = p · n², the
                                k with C(k) ≤ q < C(k + 1), plus (q − C(k)) / (C(k + 1) − C(k))
``distances_sampled``           0 when the distance figures are exact (all sources), else the number
                                of random sources they are estimated from (seeded);
                                ``mean_distance_error`` is then the standard error of the mean distance

The KONECT figures follow the KONECT toolbox (``konect_hopdistr``, ``konect_diameff``,
``konect_diammean``): distances over all ordered pairs of the largest component, counting each node's
pair with itself at distance 0.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import igraph as ig

from graph.levels import projection_at
from graph.projection import Filters, Projection, check_limit
from graph.store import Store

__all__ = [
    "EXACT_DISTANCES_UP_TO",
    "NetworkStats",
    "distance_histogram",
    "effective_diameter",
    "network_statistics",
    "statistics_of",
]

EXACT_DISTANCES_UP_TO = 50_000
"""Largest components up to this many nodes get exact distance figures; larger ones are sampled."""


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
    max_degree: int = 0
    triangles: int = 0
    component_sizes: list[int] = field(default_factory=list)
    mean_distance: float = 0.0
    effective_diameter_50: float = 0.0
    effective_diameter_90: float = 0.0
    distances_sampled: int = 0
    mean_distance_error: float = 0.0


def effective_diameter(counts: Sequence[float], p: float) -> float:
    """KONECT's effective diameter from a distance histogram (``counts[k]``: ordered pairs at distance k).

    ``counts[0]`` is the number of nodes (each node's pair with itself). The
    result is the smallest k whose cumulative count reaches ``p`` of the total,
    interpolated linearly between k and k + 1 as ``konect_diameff`` does.

    Examples
    --------
    >>> # a path a-b-c: 3 self-pairs, 4 ordered pairs at distance 1, 2 at distance 2
    >>> round(effective_diameter([3, 4, 2], 0.9), 6), effective_diameter([3, 4, 2], 0.5)
    (1.55, 0.375)
    """
    total = float(sum(counts))
    if total == 0:
        return 0.0
    amount = p * total
    cumulative = 0.0
    for k, c in enumerate(counts):
        nxt = cumulative + c
        if cumulative <= amount < nxt:
            # counts[k] pairs lie at distance k: interpolate from k - 1 (cumulative) to k (nxt)
            return (k - 1) + (amount - cumulative) / c
        cumulative = nxt
    return float(len(counts) - 1)


def distance_histogram(
    g: ig.Graph, *, sample: int | None = None, seed: int = 0
) -> tuple[list[float], int, float]:
    """Ordered pairs of the connected graph ``g`` at each distance, self-pairs at 0; exact or sampled.

    Returns ``(counts, sources, error)``: ``sources`` is 0 when exact; with
    ``sample`` sources the counts are scaled to n² and ``error`` is the
    standard error of the mean distance (the spread of the sources' means over √sample).

    Examples
    --------
    >>> import igraph as ig
    >>> distance_histogram(ig.Graph(n=3, edges=[(0, 1), (1, 2)]))
    ([3.0, 4.0, 2.0], 0, 0.0)
    """
    n = g.vcount()
    if n == 0:
        return [], 0, 0.0
    if sample is None or sample >= n:
        counts = [float(n)]
        for lo, _hi, c in g.path_length_hist(directed=False).bins():
            while len(counts) <= int(lo):
                counts.append(0.0)
            counts[int(lo)] = 2.0 * c
        while len(counts) > 1 and counts[-1] == 0:
            counts.pop()
        return counts, 0, 0.0
    check_limit("sample", sample, 2, n)
    sources = random.Random(seed).sample(range(n), sample)
    counts = [0.0]
    means: list[float] = []
    for row in g.distances(source=sources, mode="all"):
        total = 0
        for d in row:
            d = int(d)
            while len(counts) <= d:
                counts.append(0.0)
            counts[d] += 1.0
            total += d
        means.append(total / n)
    scale = n / sample
    counts = [c * scale for c in counts]
    mean = sum(means) / sample
    spread = math.sqrt(sum((x - mean) ** 2 for x in means) / (sample - 1))
    return counts, sample, spread / math.sqrt(sample)


def statistics_of(p: Projection, *, sample: int | None = None, seed: int = 0) -> NetworkStats:
    """The statistics of the projection ``p``.

    Distance figures are exact when the largest component has at most
    :data:`EXACT_DISTANCES_UP_TO` nodes (or ``sample`` is None and it is small
    enough); otherwise, or when ``sample`` is given, they are estimated from
    ``sample`` (default 1000) random sources, seeded by ``seed``.

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.projection import Projection
    >>> g = ig.Graph(n=5, edges=[(0, 1), (1, 2), (2, 0), (2, 3)])
    >>> s = statistics_of(Projection(g, list("abcde"), {}, [], []))
    >>> s.components, s.largest_component, s.diameter, round(s.transitivity, 4)
    (2, 4, 2, 0.6)
    >>> s.max_degree, s.triangles, s.component_sizes, s.mean_distance, s.effective_diameter_90
    (3, 1, [4, 1], 1.0, 1.6)
    """
    g = p.graph
    n, m = g.vcount(), g.ecount()
    if n == 0:
        return NetworkStats(0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, None, 0, 0.0)
    comps = g.connected_components()
    sizes = comps.sizes()
    largest = comps.giant()
    lcc_n = largest.vcount()
    if sample is None and lcc_n > EXACT_DISTANCES_UP_TO:
        sample = 1000
    counts, sampled, error = distance_histogram(largest, sample=sample, seed=seed)
    total = sum(counts)
    mean_distance = sum(k * c for k, c in enumerate(counts)) / total if total else 0.0
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
        # one breadth-first pass gives the histogram: the diameter is its length when exact
        diameter=(largest.diameter(directed=False) if sampled else len(counts) - 1) if lcc_n > 1 else 0,
        average_shortest_path_length=mean_distance * lcc_n / (lcc_n - 1) if lcc_n > 1 else 0.0,
        max_degree=max(g.degree()),
        triangles=len(g.list_triangles()) if m else 0,
        component_sizes=sorted(sizes, reverse=True)[:20],
        mean_distance=mean_distance,
        effective_diameter_50=effective_diameter(counts, 0.5),
        effective_diameter_90=effective_diameter(counts, 0.9),
        distances_sampled=sampled,
        mean_distance_error=error,
    )


def network_statistics(
    store: Store,
    *,
    filters: Filters | None = None,
    sample: int | None = None,
    seed: int = 0,
    level: str = "entity",
) -> NetworkStats:
    """The statistics of ``store``'s projection under ``filters``, at ``level`` (see :mod:`graph.levels`).

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
    return statistics_of(projection_at(store, filters, level), sample=sample, seed=seed)
