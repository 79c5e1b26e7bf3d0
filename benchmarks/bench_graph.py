"""Graph questions on the world twinning graph: citykg (igraph) against plain networkx, in one run.

Loads the bundled Wikidata sister-city export (``loaders/data/wikidata-sister-cities-2021.it.csv.gz``,
CC0) into an in-memory embedded store with the Wikidata loader, builds the
projection, then times each algorithm in citykg and in networkx on the same
simple graph, checks that the answers agree, and prints the times and ratios.

Run: ``.venv/bin/python benchmarks/bench_graph.py [--pairs 2000] [--skip-slow]``
(``--skip-slow`` leaves out networkx's exact betweenness and the all-pairs statistics).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx

from graph.centrality import scores
from graph.embedded_store import EmbeddedStore
from graph.paths import shortest_paths
from graph.projection import Filters, project
from graph.stats import statistics_of
from loaders import bundled_paths, read_sources


def _time(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best = math.inf
    result: Any = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def _close(a: dict[str, float], b: dict[str, float], tol: float = 1e-6) -> bool:
    return a.keys() == b.keys() and all(abs(a[k] - b[k]) <= tol * max(1.0, abs(b[k])) for k in a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000, help="random pairs for the path query")
    parser.add_argument("--skip-slow", action="store_true", help="skip networkx's exact betweenness and APSP")
    args = parser.parse_args()

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(
        f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, "
        f"igraph {__import__('igraph').__version__}, networkx {nx.__version__}"
    )
    paths = [p for p in bundled_paths() if "wikidata" in p.name]
    store = EmbeddedStore()
    t, _ = _time(lambda: store.load(read_sources(paths)))
    print(f"load {', '.join(p.name for p in paths)}: {t:.1f} s")
    twinning = Filters(kinds=frozenset({"twinning"}))
    t, p = _time(lambda: project(store, twinning))
    print(f"projection: {t:.2f} s, {p.graph.vcount()} nodes, {p.graph.ecount()} edges")
    g = p.to_networkx()
    rows: list[tuple[str, float, float | None, str]] = []

    def compare(
        name: str,
        ours: Callable[[], Any],
        theirs: Callable[[], Any] | None,
        agree: Callable[[Any, Any], bool] | None = None,
        repeat: int = 1,
    ) -> None:
        t_ours, r_ours = _time(ours, repeat)
        if theirs is None:
            rows.append((name, t_ours, None, "-"))
            return
        t_nx, r_nx = _time(theirs, repeat)
        same = "n/a (sampled estimates)" if agree is None else ("yes" if agree(r_ours, r_nx) else "NO")
        rows.append((name, t_ours, t_nx, same))
        print(f"  {name}: citykg {t_ours:.3f} s, networkx {t_nx:.3f} s, equal: {same}", flush=True)

    def ours_dict(metric: str) -> Callable[[], dict[str, float]]:
        return lambda: dict(zip(p.ids, scores(p, metric), strict=True))

    compare("degree", ours_dict("degree"), lambda: nx.degree_centrality(g), _close, repeat=3)
    compare(
        "betweenness (exact)",
        ours_dict("betweenness"),
        None if args.skip_slow else lambda: nx.betweenness_centrality(g),
        _close,
    )
    compare(
        "betweenness (k=500)",
        lambda: scores(p, "betweenness", sample=500),
        lambda: nx.betweenness_centrality(g, k=500, seed=0),
    )
    compare(
        "closeness",
        ours_dict("closeness"),
        None if args.skip_slow else lambda: nx.closeness_centrality(g),
        _close,
    )
    compare(
        "harmonic",
        ours_dict("harmonic"),
        None if args.skip_slow else lambda: nx.harmonic_centrality(g),
        _close,
    )
    compare(
        "pagerank", ours_dict("pagerank"), lambda: nx.pagerank(g, tol=1e-10), lambda a, b: _close(a, b, 1e-5)
    )
    compare(
        "eigenvector",
        ours_dict("eigenvector"),
        lambda: nx.eigenvector_centrality(g, max_iter=5000, tol=1e-10),
        lambda a, b: _close(a, b, 1e-4),
    )
    compare(
        "transitivity",
        lambda: p.graph.transitivity_undirected(),
        lambda: nx.transitivity(g),
        lambda a, b: abs(a - b) < 1e-12,
    )
    compare(
        "average clustering",
        lambda: p.graph.transitivity_avglocal_undirected(mode="zero"),
        lambda: nx.average_clustering(g),
        lambda a, b: abs(a - b) < 1e-12,
    )
    compare(
        "assortativity",
        lambda: p.graph.assortativity_degree(directed=False),
        lambda: nx.degree_assortativity_coefficient(g),
        lambda a, b: abs(a - b) < 1e-9,
    )
    lcc = g.subgraph(max(nx.connected_components(g), key=len))

    def nx_stats() -> tuple[int, float]:
        return nx.diameter(lcc), nx.average_shortest_path_length(lcc)

    compare(
        "all statistics (diameter, ASPL of LCC)",
        lambda: statistics_of(p),
        None if args.skip_slow else nx_stats,
        lambda a, b: a.diameter == b[0] and abs(a.average_shortest_path_length - b[1]) < 1e-9,
    )

    rng = random.Random(0)
    pairs = [(rng.choice(p.ids), rng.choice(p.ids)) for _ in range(args.pairs)]
    shortest_paths(store, pairs[0][0], pairs[0][1], filters=twinning)  # warm the label cache
    t0 = time.perf_counter()
    found = sum(1 for a, b in pairs if shortest_paths(store, a, b, filters=twinning, max_length=12))
    ours_us = (time.perf_counter() - t0) / len(pairs) * 1e6
    t0 = time.perf_counter()
    nx_found = 0
    for a, b in pairs:
        try:
            nx.shortest_path(g, a, b)
            nx_found += a != b
        except nx.NetworkXNoPath:
            pass
    nx_us = (time.perf_counter() - t0) / len(pairs) * 1e6
    print(
        f"\npath query, {len(pairs)} random pairs: citykg shortest_paths (with hops and ties) "
        f"{ours_us:.0f} µs mean, networkx shortest_path {nx_us:.0f} µs mean, "
        f"ratio {nx_us / ours_us:.1f}× ({found} / {nx_found} pairs connected)"
    )

    print(f"\n{'algorithm':40} {'citykg s':>10} {'networkx s':>11} {'ratio':>8}  equal")
    for name, ours, theirs, same in rows:
        ratio = f"{theirs / ours:.1f}×" if theirs is not None and ours > 0 else "-"
        theirs_text = f"{theirs:.3f}" if theirs is not None else "skipped"
        print(f"{name:40} {ours:10.3f} {theirs_text:>11} {ratio:>8}  {same}")
    s = statistics_of(p)
    print(f"\nstatistics: {s}")


if __name__ == "__main__":
    main()
