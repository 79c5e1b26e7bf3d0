"""The researcher's analyses on the whole bundled graph: citykg's time beside networkx's, in one run.

Loads the whole bundled data as ``citykg load`` does (seed facts, the Wikidata twinning graph, Wikipedia's
twin lists and the rosters, names resolved across them; ``--wikidata-only``: the seeds and the Wikidata
export alone) into an in-memory embedded store, builds the projection once, then runs each analysis of docs/graph.md and, where networkx has
an equivalent, the same question in networkx on the same simple graph, and prints the figures, the
times and the ratios. ``--skip-slow`` leaves out networkx's all-pairs distances.

Run: ``.venv/bin/python benchmarks/bench_research.py [--skip-slow] [--rounds 10] [--wikidata-only | --store DIR]``
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx

from graph.centrality import scores
from graph.communities import communities, partition
from graph.embedded_store import EmbeddedStore
from graph.geography import continents, geography_of
from graph.growth import by_year, ties_per_year
from graph.levels import country_network_of
from graph.mixing import assortativity, population_class
from graph.projection import Filters, project
from graph.stats import statistics_of
from graph.suggest import Scorer
from loaders import BUNDLED_WORLD, bundled_paths
from loaders.pipeline import load_paths

ROWS: list[tuple[str, float, float | None, str]] = []


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _row(name: str, ours: float, theirs: float | None, note: str) -> None:
    ROWS.append((name, ours, theirs, note))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-slow", action="store_true", help="skip networkx's all-pairs distances")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of the geography null model")
    parser.add_argument(
        "--store", type=Path, help="an embedded store folder loaded already (read only), instead of loading"
    )
    parser.add_argument(
        "--wikidata-only",
        action="store_true",
        help="the seeds and the Wikidata export alone, not the whole bundle",
    )
    args = parser.parse_args()

    t, store = _time(lambda: _load(args.wikidata_only, args.store))
    print(f"loaded the bundled data in {t:.1f} s")
    t, p = _time(lambda: project(store, Filters(kinds=frozenset({"twinning"}))))
    print(f"twinning projection: {p.graph.vcount()} places, {p.graph.ecount()} edges ({t:.2f} s)")
    g = p.to_networkx()

    # fuller statistics
    t_ours, s = _time(lambda: statistics_of(p))
    print(
        f"stats: n={s.nodes} m={s.edges} max degree={s.max_degree} largest component={s.largest_component} "
        f"triangles={s.triangles} transitivity={s.transitivity:.4f} degree assortativity="
        f"{s.degree_assortativity:.4f} diameter={s.diameter} mean distance={s.mean_distance:.4f} "
        f"effective diameter 50%={s.effective_diameter_50:.3f} 90%={s.effective_diameter_90:.3f}"
    )
    t_nx = None
    if not args.skip_slow:

        def nx_stats() -> tuple[int, int, float]:
            lcc = g.subgraph(max(nx.connected_components(g), key=len))
            total = 0
            for _, lengths in nx.all_pairs_shortest_path_length(lcc):
                total += sum(lengths.values())
            n = lcc.number_of_nodes()
            return max(d for _, d in g.degree()), sum(nx.triangles(g).values()) // 3, total / n**2

        t_nx, (dmax, tri, mean) = _time(nx_stats)
        assert (dmax, tri) == (s.max_degree, s.triangles)
        assert math.isclose(mean, s.mean_distance)
    _row("stats: max degree, triangles, mean distance, effective diameters", t_ours, t_nx, "equal")
    t_ours, _ = _time(lambda: max(p.graph.degree()))
    t_nx, _ = _time(lambda: max(d for _, d in g.degree()))
    _row("  maximum degree alone", t_ours, t_nx, "equal")
    t_ours, tri = _time(lambda: len(p.graph.list_triangles()))
    t_nx, tri_nx = _time(lambda: sum(nx.triangles(g).values()) // 3)
    assert tri == tri_nx
    _row("  triangles alone", t_ours, t_nx, f"equal ({tri})")

    # communities
    for algorithm in ("leiden", "louvain"):
        t_ours, membership = _time(lambda a=algorithm: partition(p, algorithm=a, seed=0))  # type: ignore[misc]
        q = p.graph.modularity(membership)
        print(f"{algorithm}: {max(membership) + 1} communities, modularity {q:.4f}")
        if algorithm == "louvain":
            t_nx, comms = _time(lambda: nx.community.louvain_communities(g, seed=0))
            q_nx = nx.community.modularity(g, comms)
            _row("communities: Louvain", t_ours, t_nx, f"Q {q:.4f} vs networkx {q_nx:.4f}")
        else:
            _row("communities: Leiden", t_ours, None, f"Q {q:.4f}; networkx has no Leiden of its own")
    twinning = Filters(kinds=frozenset({"twinning"}))
    t_ours, described = _time(lambda: communities(store, seed=0, top=5, members=3, filters=twinning))
    country_label = {n.id: n.label for n in store.nodes() if n.type == "Country"}
    for comm in described.communities:
        top = ", ".join(f"{country_label.get(name, name)} {count}" for name, count in comm.countries[:3])
        print(f"  community {comm.index}: {comm.size} nodes; countries {top}")
    _row("communities: Leiden, five largest described", t_ours, None, "with their dominant countries")

    # country network
    countries = {n.id: n for n in store.nodes() if n.type == "Country"}
    t_ours, c = _time(lambda: country_network_of(p, countries))
    print(
        f"country network: {len(c.projection.ids)} countries, {c.projection.graph.ecount()} pairs, "
        f"{c.domestic} domestic ties; {c.without_country} of {c.places} places without a country "
        f"({c.edges_without_country} ties left out)"
    )

    def nx_countries() -> nx.Graph[str]:
        placed = {n: d["country"] for n, d in g.nodes(data=True) if d.get("country")}
        q: nx.Graph[str] = nx.Graph()
        for u, v in g.edges():
            if u in placed and v in placed and placed[u] != placed[v]:
                w = q.get_edge_data(placed[u], placed[v], {"weight": 0})["weight"]
                q.add_edge(placed[u], placed[v], weight=w + 1)
        return q

    t_nx, q = _time(nx_countries)
    assert q.number_of_edges() == c.projection.graph.ecount()
    _row("country network", t_ours, t_nx, "equal (networkx: the same loop over nx.Graph edges)")
    t_ours, cs = _time(lambda: statistics_of(c.projection))
    print(
        f"country network stats: n={cs.nodes} m={cs.edges} max degree={cs.max_degree} "
        f"largest component={cs.largest_component} transitivity={cs.transitivity:.4f} "
        f"degree assortativity={cs.degree_assortativity:.4f} diameter={cs.diameter} "
        f"mean distance={cs.mean_distance:.4f}"
    )
    t_nx, (dmax_c, trans_c) = _time(lambda: (max(d for _, d in q.degree()), nx.transitivity(q)))
    assert dmax_c == cs.max_degree
    assert math.isclose(trans_c, cs.transitivity)
    _row("country network: statistics", t_ours, t_nx, "networkx: max degree and transitivity alone; equal")
    t_ours, btw = _time(lambda: scores(c.projection, "betweenness"))
    t_nx, btw_nx = _time(lambda: nx.betweenness_centrality(q))
    cids = c.projection.ids
    assert all(math.isclose(btw[i], btw_nx[x], abs_tol=1e-9) for i, x in enumerate(cids))
    weighted = dict(zip(cids, c.projection.graph.strength(weights=c.weights), strict=True))
    ranked = sorted(range(len(cids)), key=lambda i: (-btw[i], cids[i]))[:5]
    print(
        "country network centrality (betweenness; ties with other countries): "
        + ", ".join(f"{c.projection.nodes[i].label} {btw[i]:.3f} ({weighted[cids[i]]:.0f})" for i in ranked)
    )
    _row("country network: betweenness", t_ours, t_nx, "equal")

    # geography
    cont = continents(store)
    t_ours, geo = _time(lambda: geography_of(p, cont, rounds=args.rounds, seed=0))
    print(
        f"geography: {geo.located_ties} located ties; median {geo.observed.median:,.0f} km "
        f"(null {geo.null.median:,.0f} ± {geo.null_median_sd:,.0f} km over {geo.rounds} rounds, seed 0); "
        f"p10 {geo.observed.p10:,.0f} km (null {geo.null.p10:,.0f}); under 500 km: "
        f"{sum(h[2] for h in geo.observed.histogram[:3]) / max(1, geo.observed.count):.1%} "
        f"(null {sum(h[2] for h in geo.null.histogram[:3]) / max(1, geo.null.count):.1%})"
    )
    print(
        f"domestic share: {_share(geo.domestic_share)} of {geo.ties_with_countries} ties with a country at both "
        f"ends (null {_share(geo.null_domestic_share)}); continent pairs (observed / null): "
        + ", ".join(
            f"{'-'.join(cp.continents)} {cp.observed} / {cp.expected:.0f}" for cp in geo.continent_pairs[:8]
        )
    )
    _row("geography with null model", t_ours, None, "no networkx equivalent")

    # growth
    t_ours, grow = _time(lambda: ties_per_year(store, filters=Filters(kinds=frozenset({"twinning"}))))
    print(f"growth: {grow.dated} dated ties, {grow.undated} undated")
    t_ours2, series = _time(lambda: by_year(p, range(2000, 2021, 5)))
    print("as of: " + ", ".join(f"{y.year}: {y.edges} ties" for y in series))
    _row("growth: ties per year (with the store read)", t_ours, None, "no networkx equivalent")
    _row("stats by year, 5 years", t_ours2, None, "")

    # attribute mixing
    t_ours, deg = _time(lambda: assortativity(p, "degree"))
    t_nx, deg_nx = _time(lambda: nx.degree_assortativity_coefficient(g))
    assert math.isclose(deg.coefficient or 0.0, deg_nx, rel_tol=1e-9)
    _row("mixing: degree", t_ours, t_nx, f"equal ({deg_nx:.4f})")
    t_ours, pop = _time(lambda: assortativity(p, "population"))
    known = [n.id for n in p.nodes if population_class(n.population) is not None]
    h = g.subgraph(known).copy()
    for n in p.nodes:
        if n.id in h:
            h.nodes[n.id]["pc"] = population_class(n.population)
    t_nx, pop_nx = _time(lambda: nx.attribute_assortativity_coefficient(h, "pc"))
    assert math.isclose(pop.coefficient or 0.0, pop_nx, rel_tol=1e-9)
    print(f"mixing: degree {deg.coefficient:.4f}, population class {pop.coefficient:.4f}")
    _row("mixing: population class", t_ours, t_nx, f"equal ({pop_nx:.4f})")
    for attribute in ("country", "continent"):
        t_ours, mix = _time(lambda a=attribute: assortativity(p, a, cont))  # type: ignore[misc]
        value = {n.id: n.country if attribute == "country" else cont.get(n.country or "") for n in p.nodes}
        h = g.subgraph([x for x, v in value.items() if v is not None]).copy()
        nx.set_node_attributes(h, {x: v for x, v in value.items() if x in h}, "value")
        t_nx, mix_nx = _time(lambda h=h: nx.attribute_assortativity_coefficient(h, "value"))  # type: ignore[misc]
        assert math.isclose(mix.coefficient or 0.0, mix_nx, rel_tol=1e-9)
        print(
            f"mixing: {attribute} {mix.coefficient:.4f} over {mix.nodes_with_value} nodes "
            f"({mix.nodes_without_value} without)"
        )
        _row(f"mixing: {attribute}", t_ours, t_nx, f"equal ({mix_nx:.4f})")

    # suggestions
    t_ours, scorer = _time(lambda: Scorer(p))
    v = max(range(len(p.ids)), key=lambda i: (len(scorer.partners[i]), p.ids[i]))
    t_rank, _ = _time(lambda: scorer.rank(v, top=10))
    cands = [u for u in range(len(p.ids)) if u != v and u not in scorer.partners[v]]
    t_nx, _ = _time(lambda: sorted(nx.adamic_adar_index(g, [(p.ids[v], p.ids[u]) for u in cands])))
    _row("suggest: scorer built once", t_ours, None, "")
    _row(
        f"suggest: one city ({p.nodes[v].label}), all candidates", t_rank, t_nx, "networkx: Adamic-Adar alone"
    )

    print()
    print(f"{'analysis':<62} {'citykg':>9} {'networkx':>9} {'ratio':>8}  note")
    for name, ours, theirs, note in ROWS:
        ratio = f"{theirs / ours:.1f}×" if theirs is not None and ours > 0 else ""
        nx_text = f"{theirs:.3f} s" if theirs is not None else "—"
        print(f"{name:<62} {ours:>7.3f} s {nx_text:>9} {ratio:>8}  {note}")


def _load(wikidata_only: bool, path: Path | None) -> EmbeddedStore:
    # The whole bundle as `citykg load` loads it (seeds, English names, the Wikidata export, Wikipedia's
    # twin lists, the rosters; names resolved across them), or the seeds and the Wikidata export alone.
    if path is not None:
        return EmbeddedStore(path, read_only=True)  # a store loaded already (its twinning projection is used)
    store = EmbeddedStore()
    if wikidata_only:
        # as published: the shipped joins would fold 11 pairs of the export's items that the figures count apart
        load_paths(
            store, [p for p in bundled_paths() if p.name in ("seeds.yaml", BUNDLED_WORLD)], curate=False
        )
    else:
        load_paths(store, bundled_paths())
    return store


if __name__ == "__main__":
    main()
