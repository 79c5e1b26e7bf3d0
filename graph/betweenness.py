"""Betweenness by igraph's Brandes, from fewer sources, over several processes.

Exact betweenness costs one breadth-first search per source. Two things cut that cost without
changing what is counted (the pairs of :func:`graph.centrality.scores`, igraph's and networkx's):

Trees hanging off the graph
    A vertex outside the 2-core lies in a tree hung from one core vertex, its root r. Every
    shortest path from a tree vertex s to anything outside its tree runs through r, so s's
    dependency on any other core vertex equals r's (Baglioni et al., *Fast exact computation of
    betweenness centrality in social networks*, 2012). So only core vertices are sources, each
    weighted by the size of its tree (itself included). A tree vertex is a cut vertex: its score is
    the number of pairs it separates, ((c - 1)² - Σ kᵢ²) / 2 for a component of c vertices split
    by it into parts of kᵢ. A root adds the pairs from its own tree, ((t - 1)(c - 1) - Σ bᵢ²) / 2
    for a tree of t vertices in branches of bᵢ. A component with no core (a tree) needs no search
    at all. On the synthetic twinning graphs of ``benchmarks/bench_scale.py`` about a fifth of the
    vertices are in such trees.

Processes
    The sources are cut into parts that do not depend on the number of workers; each part is one
    igraph call (igraph holds the GIL, so threads would not run in parallel), run in worker
    processes (fresh interpreters fed the graph and the parts through a pipe: no fork of a
    threaded process such as the service), and the parts are added in their fixed order, so the
    scores are the same to the last bit with one worker or many. A worker that fails leaves its
    parts to this process, with a warning.

Examples
--------
>>> import igraph as ig
>>> exact_counts(ig.Graph.Star(5))
[6.0, 0.0, 0.0, 0.0, 0.0]
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

import igraph as ig
import numpy as np

__all__ = ["PARALLEL_FROM", "Part", "exact_counts", "sampled_counts", "serve", "workers_available"]

log = logging.getLogger(__name__)

PARALLEL_FROM = 50_000_000
"""Work (sources × (vertices + edges)) from which the parts run in worker processes by default.

Each worker costs about 0.2 s of CPU to start (an interpreter that imports igraph and numpy); a unit
of work costs about 3e-8 s (6.2 CPU s for the 8,110 searches of the synthetic 1× graph, 10,000
vertices and 16,845 edges), so the split starts at about 1.5 s of searching.
"""
_PARTS = 16
"""Parts the sources of one weight are cut into at most, so that two or four workers stay busy."""

Part = tuple[int, list[int]]
"""A weight and its sources: the part adds weight × igraph's betweenness from those sources."""


def workers_available() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def exact_counts(g: ig.Graph, *, workers: int | None = None) -> list[float]:
    """Exact betweenness of every vertex of the undirected graph ``g``, as igraph counts it.

    Equal to ``g.betweenness(directed=False)`` up to rounding: for every unordered pair of
    vertices, the share of its shortest paths through the vertex. A simple graph gets the tree
    reduction of the module's docstring; a graph with loops or parallel edges is searched from
    every vertex. ``workers`` processes share the searches (default: one per core once the work
    passes :data:`PARALLEL_FROM`; 1 keeps it in this process); the result does not depend on it.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph(n=6, edges=[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (3, 5)])
    >>> exact_counts(g)
    [0.0, 0.0, 6.0, 7.0, 0.0, 0.0]
    >>> exact_counts(g, workers=2) == exact_counts(g, workers=1)
    True
    """
    n = g.vcount()
    if n == 0:
        return []
    if g.is_directed():
        g = g.as_undirected(mode="each")
    if not g.is_simple():
        found = _sum_parts(g, _cut([(1, list(range(n)))]), workers)
        return [float(x) for x in found]
    parts, known, is_tree = _pendant_trees(g)
    found = _sum_parts(g, parts, workers)
    return [float(x) for x in np.where(is_tree, known, found + known)]


def sampled_counts(
    g: ig.Graph, batches: Sequence[Sequence[int]], *, workers: int | None = None
) -> list[np.ndarray]:
    """For each batch of sources, igraph's betweenness of every vertex from those sources.

    Examples
    --------
    >>> import igraph as ig
    >>> [b.tolist() for b in sampled_counts(ig.Graph.Star(4), [[1], [1, 2]])]
    [[1.0, 0.0, 0.0, 0.0], [2.0, 0.0, 0.0, 0.0]]
    """
    parts: list[Part] = []
    ends = []
    every = sum(len(batch) for batch in batches)
    for batch in batches:
        parts += _cut([(1, list(batch))], every)  # about _PARTS parts in all
        ends.append(len(parts))
    found = _run_parts(g, parts, workers)
    out = []
    start = 0
    for end in ends:
        total = np.zeros(g.vcount())
        for x in found[start:end]:
            total += x
        out.append(total)
        start = end
    return out


def _pendant_trees(g: ig.Graph) -> tuple[list[Part], np.ndarray, np.ndarray]:
    """The weighted core sources, the counts known without searching, and which vertices are tree vertices.

    ``known`` holds a tree vertex's whole score and what a root's own tree adds to its score.
    """
    n = g.vcount()
    in_core = np.asarray(g.coreness(), dtype=np.int64) >= 2
    components = g.connected_components()
    size = np.asarray(components.sizes(), dtype=np.int64)[np.asarray(components.membership)]
    # the tree vertices, found outward from the core (or from one vertex of a tree component)
    parent = np.full(n, -1, dtype=np.int64)
    seen = in_core.copy()
    order: list[int] = []
    adjacency = g.get_adjlist()
    frontier = [int(v) for v in np.flatnonzero(in_core)]
    for component in components:
        if not in_core[component].any():  # a tree: searched from its first vertex
            seen[component[0]] = True
            frontier.append(component[0])
    while frontier:
        following = []
        for v in frontier:
            for w in adjacency[v]:
                if not seen[w]:
                    seen[w] = True
                    parent[w] = v
                    order.append(w)
                    following.append(w)
        frontier = following
    below = np.ones(n, dtype=np.int64)  # the vertex and the tree below it, away from the core
    squares = np.zeros(n, dtype=np.int64)  # Σ over its children of their `below` squared
    for v in reversed(order):
        below[parent[v]] += below[v]
        squares[parent[v]] += below[v] * below[v]
    is_tree = ~in_core
    # both are sums of dependencies Σ_s δ_s(v) over ordered pairs, exact in integers; igraph's
    # count of unordered pairs is half of such a sum
    separated = (size - 1) ** 2 - squares - (size - below) ** 2
    own_tree = (below - 1) * (size - 1) - squares
    known = np.where(is_tree, separated, own_tree) / 2
    core = np.flatnonzero(in_core)
    by_weight: dict[int, list[int]] = {}
    for c in core:
        by_weight.setdefault(int(below[c]), []).append(int(c))
    parts = _cut(sorted(by_weight.items()), len(core))
    return parts, known, is_tree


def _cut(groups: Sequence[Part], total: int | None = None) -> list[Part]:
    """The groups cut into parts of at most total / _PARTS sources (fixed, whatever the workers)."""
    if total is None:
        total = sum(len(sources) for _, sources in groups)
    step = max(1, math.ceil(total / _PARTS))
    return [
        (weight, sources[i : i + step]) for weight, sources in groups for i in range(0, len(sources), step)
    ]


def _sum_parts(g: ig.Graph, parts: list[Part], workers: int | None) -> np.ndarray:
    total = np.zeros(g.vcount())
    for found in _run_parts(g, parts, workers):
        total += found
    return total


def _run_parts(g: ig.Graph, parts: list[Part], workers: int | None) -> list[np.ndarray]:
    """Each part's weighted counts, in the parts' order; in worker processes when the work pays for them."""
    if workers is None:
        work = sum(len(sources) for _, sources in parts) * (g.vcount() + g.ecount())
        workers = workers_available() if work >= PARALLEL_FROM else 1
    workers = min(workers, len(parts))
    found: list[np.ndarray | None] = [None] * len(parts)
    if workers > 1:
        _in_workers(g, parts, found, workers)
    for i, part in enumerate(parts):
        if found[i] is None:  # one process, or what a failed worker left
            found[i] = _part(part, g)
    return [x for x in found if x is not None]


def _in_workers(g: ig.Graph, parts: list[Part], found: list[np.ndarray | None], workers: int) -> None:
    """Fill ``found`` from worker processes, each fed the next part as it finishes one.

    The workers are fresh interpreters (``subprocess``, not ``multiprocessing``: no fork of a threaded
    process, and no re-import of the caller's main module) that read the graph and then parts on
    their standard input and write each part's counts on their standard output.
    """
    graph = pickle.dumps((g.vcount(), g.get_edgelist()), pickle.HIGHEST_PROTOCOL)
    queue = iter(range(len(parts)))
    lock = threading.Lock()
    root = str(Path(__file__).resolve().parents[1])

    def feed() -> None:
        with subprocess.Popen(
            [sys.executable, "-c", _WORKER, root], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        ) as worker:
            assert worker.stdin is not None
            assert worker.stdout is not None
            try:
                worker.stdin.write(graph)
                while True:
                    with lock:
                        i = next(queue, None)
                    if i is None:
                        break
                    pickle.dump(parts[i], worker.stdin, pickle.HIGHEST_PROTOCOL)
                    worker.stdin.flush()
                    found[i] = pickle.load(worker.stdout)
            except (OSError, EOFError, pickle.UnpicklingError) as exc:
                log.warning("a betweenness worker failed (%s); its parts run in this process", exc)
            finally:
                worker.stdin.close()

    threads = [threading.Thread(target=feed) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


_WORKER = "import sys; sys.path.insert(0, sys.argv[1]); from graph.betweenness import serve; serve()"


def serve() -> None:
    """A worker's loop: the graph, then parts until the input ends, each answered with its counts."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    n, edges = pickle.load(stdin)
    g = ig.Graph(n=n, edges=edges)
    while True:
        try:
            part = pickle.load(stdin)
        except EOFError:
            return
        pickle.dump(_part(part, g), stdout, pickle.HIGHEST_PROTOCOL)
        stdout.flush()


def _part(part: Part, g: ig.Graph) -> np.ndarray:
    weight, sources = part
    found = np.asarray(g.betweenness(directed=False, sources=sources, targets=None), dtype=np.float64)
    return found * weight if weight != 1 else found
