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
``mean_distance_ci``,           95 % confidence intervals of the sampled figures: the mean distance's
``effective_diameter_50_ci``,   from its standard error (normal), the effective diameters' from 200
``effective_diameter_90_ci``    bootstrap resamples of the sources (percentiles); equal bounds when exact
``exact_distances_up_to``       the size threshold: largest components up to this many nodes get exact
                                distance figures unless a sample is asked for; larger ones are sampled
                                unless ``exact`` is asked for
``diameter_bfs``                breadth-first searches the diameter took: when the distances are
                                sampled the diameter is still exact, found by iFUB
                                (:func:`exact_diameter`), not from all pairs

The diameter is always exact; the other figures are exact except the mean distance and the effective
diameters of a large component. The KONECT figures follow the KONECT toolbox (``konect_hopdistr``, ``konect_diameff``,
``konect_diammean``): distances over all ordered pairs of the largest component, counting each node's
pair with itself at distance 0.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import igraph as ig
import numpy as np

from graph.errors import InvalidArgument
from graph.levels import projection_at
from graph.projection import Filters, Projection, check_limit
from graph.store import Store

__all__ = [
    "CONFIDENCE",
    "DEFAULT_SAMPLE",
    "EXACT_DISTANCES_UP_TO",
    "NetworkStats",
    "distance_counts",
    "distance_histogram",
    "effective_diameter",
    "exact_diameter",
    "network_statistics",
    "statistics_of",
]

EXACT_DISTANCES_UP_TO = 5_000
"""Largest components up to this many nodes get exact distance figures; larger ones are sampled.

All pairs cost n breadth-first searches, about n² on these sparse graphs; run 512 at a time
bit-parallel (:func:`distance_counts`) they took 0.5 s at 4,450 nodes (the size of the bundled world
graph's largest component) and 2.7 s at 10,000 on an idle 2-core machine, against 1.0 s and 6.2 s for
igraph's ``path_length_hist``. Sampled figures cost :data:`DEFAULT_SAMPLE` searches whatever n: 1.3 s
at 100,000 nodes (benchmarks/bench_scale.py, docs/performance.md).
"""
DEFAULT_SAMPLE = 500
"""Sources of the sampled distance figures when no sample size is given."""
CONFIDENCE = 0.95
"""Level of the confidence intervals of sampled figures."""
_Z = 1.959963984540054  # the normal quantile of (1 + CONFIDENCE) / 2
_BOOTSTRAP = 200
_SOURCES_PER_PASS = 512  # 8 words of bits a node: 100,000 nodes take 6 MB a frontier


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
    mean_distance_ci: tuple[float, float] = (0.0, 0.0)
    effective_diameter_50_ci: tuple[float, float] = (0.0, 0.0)
    effective_diameter_90_ci: tuple[float, float] = (0.0, 0.0)
    exact_distances_up_to: int = EXACT_DISTANCES_UP_TO
    diameter_bfs: int = 0


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
    counts, rows = _histogram(g, sample, seed)
    if not len(rows):
        return counts, 0, 0.0
    return counts, len(rows), _mean_error(rows, g.vcount())


def _histogram(g: ig.Graph, sample: int | None, seed: int) -> tuple[list[float], np.ndarray]:
    """The (scaled) histogram, and each sampled source's own histogram, one row per source (none when exact)."""
    n = g.vcount()
    none = np.zeros((0, 0), dtype=np.int64)
    if n == 0:
        return [], none
    if sample is None or sample >= n:
        # every node a source: only the column sums are kept, batch by batch
        total = np.zeros(1, dtype=np.int64)
        for start in range(0, n, _SOURCES_PER_PASS):
            found = distance_counts(g, range(start, min(n, start + _SOURCES_PER_PASS))).sum(axis=0)
            if len(found) > len(total):
                total = np.pad(total, (0, len(found) - len(total)))
            total[: len(found)] += found
        return [float(c) for c in total], none
    check_limit("sample", sample, 2, n)
    rows = distance_counts(g, random.Random(seed).sample(range(n), sample))
    counts = [n / sample * int(c) for c in rows.sum(axis=0)]
    return counts, rows


def _csr(g: ig.Graph) -> tuple[np.ndarray, np.ndarray]:
    """The adjacency of ``g`` as CSR arrays: the neighbours of v are ``indices[indptr[v]:indptr[v + 1]]``."""
    n = g.vcount()
    ends = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    heads = np.concatenate([ends[:, 0], ends[:, 1]])
    tails = np.concatenate([ends[:, 1], ends[:, 0]])
    order = np.argsort(heads, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(heads, minlength=n), out=indptr[1:])
    return indptr, tails[order]


def distance_counts(g: ig.Graph, sources: Iterable[int]) -> np.ndarray:
    """Row i: the nodes of ``g`` at each distance from ``sources[i]`` (1 at distance 0), one column per distance.

    A bit-parallel breadth-first search: each node holds one bit per source in
    64-bit words, so one pass over the edges advances 64 searches a level, and
    the new bits of each level are that level's counts, exactly as from one
    search per source.

    Examples
    --------
    >>> import igraph as ig
    >>> distance_counts(ig.Graph(n=4, edges=[(0, 1), (1, 2), (2, 3)]), [0, 1]).tolist()
    [[1, 1, 1, 1], [1, 2, 1, 0]]
    """
    chosen = np.fromiter(sources, dtype=np.int64)
    n, k = g.vcount(), len(chosen)
    if k == 0:
        return np.zeros((0, 1), dtype=np.int64)
    indptr, indices = _csr(g)
    has = np.flatnonzero(np.diff(indptr))  # nodes with neighbours; reduceat needs non-empty runs
    words = (k + 63) // 64
    bit = np.arange(k)
    frontier = np.zeros((n, words), dtype="<u8")
    np.bitwise_or.at(frontier, (chosen, bit // 64), np.left_shift(np.uint64(1), (bit % 64).astype("<u8")))
    seen = frontier.copy()
    levels = [np.ones(k, dtype=np.int64)]
    while True:
        reached = np.zeros_like(frontier)
        if len(has):
            reached[has] = np.bitwise_or.reduceat(frontier[indices], indptr[has], axis=0)
        reached &= ~seen
        hit = reached.any(axis=1)
        if not hit.any():
            break
        seen |= reached
        frontier = reached
        # per-source counts: the bits of the newly reached nodes, summed column by column
        bits = np.unpackbits(reached[hit].view(np.uint8), axis=1, bitorder="little")
        levels.append(bits.sum(axis=0, dtype=np.int64)[:k])
    return np.stack(levels, axis=1)


def _mean_error(rows: np.ndarray, n: int) -> float:
    means = [int(x) / n for x in rows @ np.arange(rows.shape[1])]
    mean = sum(means) / len(means)
    spread = math.sqrt(sum((x - mean) ** 2 for x in means) / (len(means) - 1))
    return spread / math.sqrt(len(means))


def _bootstrap(rows: np.ndarray, p: float, seed: int) -> tuple[float, float]:
    """A percentile bootstrap interval of the effective diameter at ``p``, resampling the sources."""
    table = rows.astype(float)
    picks = np.random.default_rng(seed).integers(0, len(rows), size=(_BOOTSTRAP, len(rows)))
    found = sorted(effective_diameter(h.tolist(), p) for h in table[picks].sum(axis=1))
    tail = (1 - CONFIDENCE) / 2
    return found[int(tail * (_BOOTSTRAP - 1))], found[math.ceil((1 - tail) * (_BOOTSTRAP - 1))]


def exact_diameter(g: ig.Graph) -> tuple[int, int]:
    """The diameter of the connected graph ``g`` by iFUB, and the breadth-first searches it took.

    iFUB (Crescenzi et al., 2013): from a central vertex u (here the one of
    highest degree), take the vertices by decreasing distance from u; after
    those at distance ≥ i, every remaining pair is within 2(i − 1), so the
    largest eccentricity found so far is the diameter as soon as it reaches
    that bound. On small-world graphs this takes a few dozen searches, not n.

    Examples
    --------
    >>> import igraph as ig
    >>> exact_diameter(ig.Graph.Lattice([5, 4], circular=False))[0]
    7
    >>> exact_diameter(ig.Graph(n=1))
    (0, 0)
    """
    n = g.vcount()
    if n <= 1:
        return 0, 0
    degrees = g.degree()
    u = max(range(n), key=degrees.__getitem__)
    vids, layers, _ = g.bfs(u)
    top = len(layers) - 2  # the eccentricity of u
    lower = max(top, int(g.eccentricity([vids[-1]], mode="all")[0]))  # a double sweep's bound
    searches = 2
    i = top
    while lower < 2 * i:
        fringe = vids[layers[i] : layers[i + 1]]
        step = 16
        while fringe and lower < 2 * i:
            chunk, fringe = fringe[:step], fringe[step:]
            lower = max(lower, int(max(g.eccentricity(chunk, mode="all"))))
            searches += len(chunk)
            step *= 2
        i -= 1
    return lower, searches


def statistics_of(
    p: Projection, *, sample: int | None = None, seed: int = 0, exact: bool = False
) -> NetworkStats:
    """The statistics of the projection ``p``.

    Distance figures are exact when the largest component has at most
    :data:`EXACT_DISTANCES_UP_TO` nodes, or when ``exact`` is set; otherwise, or
    when ``sample`` is given, they are estimated from ``sample`` (default
    :data:`DEFAULT_SAMPLE`) random sources, seeded by ``seed``, with 95 %
    confidence intervals. The diameter is always exact.

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
    if exact and sample is not None:
        raise InvalidArgument("give a sample size or ask for exact distances, not both")
    g = p.graph
    n, m = g.vcount(), g.ecount()
    if n == 0:
        return NetworkStats(0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, None, 0, 0.0)
    comps = g.connected_components()
    sizes = comps.sizes()
    largest = comps.giant()
    lcc_n = largest.vcount()
    if sample is None and not exact and lcc_n > EXACT_DISTANCES_UP_TO:
        sample = DEFAULT_SAMPLE
    counts, rows = _histogram(largest, sample, seed)
    total = sum(counts)
    mean_distance = sum(k * c for k, c in enumerate(counts)) / total if total else 0.0
    eff50, eff90 = effective_diameter(counts, 0.5), effective_diameter(counts, 0.9)
    if len(rows):
        error = _mean_error(rows, lcc_n)
        mean_ci = (mean_distance - _Z * error, mean_distance + _Z * error)
        eff50_ci, eff90_ci = _bootstrap(rows, 0.5, seed), _bootstrap(rows, 0.9, seed)
        # the diameter from bounds: a few breadth-first searches, not all pairs
        diameter, searches = exact_diameter(largest)
    else:
        error, mean_ci, eff50_ci, eff90_ci = 0.0, (mean_distance,) * 2, (eff50,) * 2, (eff90,) * 2
        # one breadth-first pass from every node gave the histogram: the diameter is its length
        diameter, searches = (len(counts) - 1 if lcc_n > 1 else 0), lcc_n
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
        diameter=diameter,
        average_shortest_path_length=mean_distance * lcc_n / (lcc_n - 1) if lcc_n > 1 else 0.0,
        max_degree=max(g.degree()),
        triangles=len(g.list_triangles()) if m else 0,
        component_sizes=sorted(sizes, reverse=True)[:20],
        mean_distance=mean_distance,
        effective_diameter_50=eff50,
        effective_diameter_90=eff90,
        distances_sampled=len(rows),
        mean_distance_error=error,
        mean_distance_ci=mean_ci,
        effective_diameter_50_ci=eff50_ci,
        effective_diameter_90_ci=eff90_ci,
        diameter_bfs=searches,
    )


def network_statistics(
    store: Store,
    *,
    filters: Filters | None = None,
    sample: int | None = None,
    seed: int = 0,
    level: str = "entity",
    exact: bool = False,
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
    return statistics_of(projection_at(store, filters, level), sample=sample, seed=seed, exact=exact)
