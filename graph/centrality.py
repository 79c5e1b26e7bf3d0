"""Centrality over a projection, computed by igraph and scaled as networkx scales it.

Every metric runs on the projection's undirected simple graph (one edge per
pair of entities, however many facts link them), unweighted. The scores equal
networkx's on the same graph:

``degree``       ``nx.degree_centrality``: degree / (n - 1); with ``raw``, the degree itself
                 (``G.degree``: the number of neighbours in the simple graph).
``betweenness``  ``nx.betweenness_centrality(normalized=True)``: for undirected graphs
                 2 · (igraph's pair count) / ((n - 1)(n - 2)). With ``sample``, the
                 dependencies from ``sample`` random sources, scaled by n / sample, as
                 networkx's ``k=`` does (an estimate; seeded for repeatability). Exact up
                 to :data:`EXACT_BETWEENNESS_UP_TO` nodes; beyond, sampled from
                 :data:`BETWEENNESS_SAMPLE` sources unless a sample size is given, with the
                 standard error of :func:`betweenness_estimate`.
``closeness``    ``nx.closeness_centrality`` (``wf_improved=True``): (r - 1) / Σd over the r
                 nodes reachable from u, times (r - 1) / (n - 1); 0 for isolated nodes.
``harmonic``     ``nx.harmonic_centrality``: Σ 1/d(u, v) over v ≠ u (not normalised).
``eigenvector``  ``nx.eigenvector_centrality``: the leading eigenvector scaled to unit
                 Euclidean norm.
``pagerank``     ``nx.pagerank`` with damping 0.85.
"""

from __future__ import annotations

import itertools
import math
import random
import warnings
from dataclasses import dataclass

import igraph as ig

from graph.betweenness import exact_counts, sampled_counts
from graph.errors import InvalidArgument
from graph.levels import projection_at
from graph.projection import Filters, Projection, check_limit, ref_in
from graph.store import EntityRef, Store

__all__ = [
    "BETWEENNESS_SAMPLE",
    "EXACT_BETWEENNESS_UP_TO",
    "MAX_TOP",
    "METRICS",
    "Score",
    "betweenness_estimate",
    "centrality",
    "scores",
]

METRICS = ("degree", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank")
MAX_TOP = 1000
EXACT_BETWEENNESS_UP_TO = 50_000
"""Projections up to this many nodes get exact betweenness; larger ones a sampled estimate.

Exact betweenness costs a breadth-first search from every node outside the trees hanging off the
graph (:mod:`graph.betweenness`, igraph in C, shared over the cores), so about n² on these sparse
graphs (benchmarks/bench_scale.py; docs/performance.md compares NetworKit, rustworkx and others).
"""
BETWEENNESS_SAMPLE = 1000
"""Sources of the sampled betweenness beyond :data:`EXACT_BETWEENNESS_UP_TO` nodes."""
_BATCHES = 5


@dataclass
class Score:
    """An entity and its score."""

    entity: EntityRef
    score: float


def scores(
    p: Projection,
    metric: str,
    *,
    sample: int | None = None,
    seed: int = 0,
    raw: bool = False,
    workers: int | None = None,
) -> list[float]:
    """The score of every vertex of ``p`` under ``metric``, in vertex order.

    Betweenness runs its searches in ``workers`` processes (:func:`graph.betweenness.exact_counts`;
    by default one per core once the work is large enough); the scores do not depend on it.

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.projection import Projection
    >>> g = ig.Graph(n=3, edges=[(0, 1), (1, 2)])
    >>> p = Projection(g, ["a", "b", "c"], {"a": 0, "b": 1, "c": 2}, [], [[], []])
    >>> scores(p, "betweenness"), scores(p, "degree"), scores(p, "degree", raw=True)
    ([0.0, 1.0, 0.0], [0.5, 1.0, 0.5], [1.0, 2.0, 1.0])
    """
    if metric not in METRICS:
        raise InvalidArgument(f"unknown metric {metric!r}; use one of {', '.join(METRICS)}")
    if raw and metric != "degree":
        raise InvalidArgument(f"raw scores are counts of neighbours: only for degree, not {metric}")
    g = p.graph
    n = g.vcount()
    if n == 0:
        return []
    if metric == "degree":
        if raw:
            return [float(d) for d in g.degree()]
        return [d / (n - 1) if n > 1 else 1.0 for d in g.degree()]
    if metric == "betweenness":
        if n <= 2:
            return [0.0] * n
        norm = 2.0 / ((n - 1) * (n - 2))
        if sample is None and n > EXACT_BETWEENNESS_UP_TO:
            sample = BETWEENNESS_SAMPLE
        if sample is None or sample >= n:
            return [b * norm for b in exact_counts(g, workers=workers)]
        check_limit("sample", sample, 1, n)
        sources = random.Random(seed).sample(range(n), sample)
        # igraph's subset betweenness is half of networkx's sum of the sampled sources'
        # dependencies, as for the exact count; networkx then rescales by n / sample.
        (found,) = sampled_counts(g, [sources], workers=workers)
        return [float(b) * norm * n / sample for b in found]
    if metric == "closeness":
        sizes = g.connected_components().sizes()
        membership = g.connected_components().membership
        found = g.closeness(mode="all")
        return [
            0.0 if (c is None or math.isnan(c)) else c * (sizes[membership[i]] - 1) / (n - 1)
            for i, c in enumerate(found)
        ]
    if metric == "harmonic":
        return [float(h) for h in g.harmonic_centrality(mode="all", normalized=False)]
    if metric == "eigenvector":
        if g.ecount() == 0:
            return [1.0 / math.sqrt(n)] * n
        with warnings.catch_warnings():
            # igraph warns on disconnected graphs; the docstring says what the scores mean there.
            warnings.simplefilter("ignore", RuntimeWarning)
            found = g.eigenvector_centrality(scale=True)
        length = math.sqrt(sum(x * x for x in found))
        return [x / length for x in found]
    return list(g.pagerank(directed=False, damping=0.85))


def betweenness_estimate(
    g: ig.Graph, *, sample: int = BETWEENNESS_SAMPLE, seed: int = 0, workers: int | None = None
) -> tuple[list[float], list[float]]:
    """Sampled normalised betweenness of every vertex of ``g`` and its standard error.

    The ``sample`` random sources (seeded) are split into five batches; each
    batch gives an estimate (its sources' dependencies scaled by n / batch size,
    as networkx's ``k=`` scales them), the answer is their mean and the error
    the batches' standard deviation over √5. With the same seed the mean equals
    :func:`scores` with ``sample``. ``workers`` as for :func:`scores`.

    Examples
    --------
    >>> import igraph as ig
    >>> found, errors = betweenness_estimate(ig.Graph.Star(50), sample=20)
    >>> round(found[0], 6), max(errors[1:]), errors[0] < 1e-9
    (1.020408, 0.0, True)
    """
    n = g.vcount()
    check_limit("sample", sample, _BATCHES, n)
    if n <= 2:
        return [0.0] * n, [0.0] * n
    norm = 2.0 / ((n - 1) * (n - 2))
    sources = random.Random(seed).sample(range(n), sample)
    cuts = [round(i * sample / _BATCHES) for i in range(_BATCHES + 1)]
    found = sampled_counts(g, [sources[lo:hi] for lo, hi in itertools.pairwise(cuts)], workers=workers)
    batches = [
        [float(b) * norm * n / (hi - lo) for b in counts]
        for (lo, hi), counts in zip(itertools.pairwise(cuts), found, strict=True)
    ]
    weights = [(hi - lo) / sample for lo, hi in itertools.pairwise(cuts)]
    mean = [sum(w * b[v] for w, b in zip(weights, batches, strict=True)) for v in range(n)]
    error = [
        math.sqrt(sum((b[v] - mean[v]) ** 2 for b in batches) / (_BATCHES - 1)) / math.sqrt(_BATCHES)
        for v in range(n)
    ]
    return mean, error


def centrality(
    store: Store,
    metric: str,
    *,
    top: int = 10,
    filters: Filters | None = None,
    sample: int | None = None,
    lang: str = "en",
    raw: bool = False,
    level: str = "entity",
) -> list[Score]:
    """The ``top`` entities by ``metric`` (one of :data:`METRICS`), best first, ties by id.

    ``raw`` gives degrees as counts; ``level="country"`` ranks the countries of
    the country network (:mod:`graph.levels`).

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
    >>> [(s.entity.id, s.score) for s in centrality(store, "degree", top=2)]
    [('b', 1.0), ('a', 0.5)]
    >>> [(s.entity.id, s.score) for s in centrality(store, "degree", top=1, raw=True)]
    [('b', 2.0)]
    """
    if metric not in METRICS:
        raise InvalidArgument(f"unknown metric {metric!r}; use one of {', '.join(METRICS)}")
    check_limit("top", top, 1, MAX_TOP)
    p = projection_at(store, filters, level)
    values = scores(p, metric, sample=sample, raw=raw)
    order = sorted(range(len(values)), key=lambda i: (-values[i], p.ids[i]))[:top]
    return [Score(ref_in(p, i, store, lang), values[i]) for i in order]
