"""KONECT's statistics of a twinning network loaded through the partner CSV.

The project holds no copy of KONECT's own files, so this test cannot compare with KONECT's published
table; it holds the definitions instead. A sample of the real Wikidata sister-city export
(../shared/data) is written as a partner CSV, loaded with the partner loader, and every statistic KONECT
reports (size, volume, maximum degree, largest component, triangles, clustering, assortativity, diameter,
mean distance, 50 % and 90 % effective diameter) is computed again independently: networkx for the
counts, and the KONECT toolbox's hop-distribution formulas (konect_hopdistr, konect_diameff,
konect_diammean) re-implemented here over networkx's all-pairs distances.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import networkx as nx
import pytest

from graph.embedded_store import EmbeddedStore
from graph.projection import Filters
from graph.stats import network_statistics
from loaders import read_sources

pytestmark = pytest.mark.slow


def _partner_csv(shared_data: Path, out: Path, rows: int) -> nx.Graph[str]:
    """The first ``rows`` statements of the export as a partner CSV; the graph they make."""
    g: nx.Graph[str] = nx.Graph()
    cities: dict[str, tuple[str, str, str]] = {}
    pairs: list[tuple[str, str]] = []
    with (shared_data / "wikidata-sister-cities-2021" / "query.csv").open(encoding="utf-8") as f:
        for row in itertools.islice(csv.DictReader(f), rows):
            a = row["city"].rsplit("/", 1)[-1]
            b = row["sister"].rsplit("/", 1)[-1]
            if a == b:
                continue
            for qid, label, point in (
                (a, row["cityLabel"], row["city_coordinate_location"]),
                (b, row["sisterLabel"], row["sister_coordinate_location"]),
            ):
                lon, lat = point.removeprefix("Point(").rstrip(")").split()
                cities.setdefault(qid, (label, lat, lon))
            pairs.append((a, b))
            g.add_edge(a, b)
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["record", "id", "name", "lang", "wikidata", "lat", "lon", "type", "parties"])
        for qid, (label, lat, lon) in sorted(cities.items()):
            w.writerow(["city", qid.lower(), label, "it", qid, lat, lon, "", ""])
        seen: set[frozenset[str]] = set()
        for a, b in pairs:
            key = frozenset((a, b))
            if key not in seen:
                seen.add(key)
                w.writerow(
                    ["agreement", "", "", "", "", "", "", "TwinningAgreement", f"{a.lower()}|{b.lower()}"]
                )
    return nx.relabel_nodes(g, {q: q.lower() for q in g})


def _konect(g: nx.Graph[str]) -> dict[str, float]:
    lcc = g.subgraph(max(nx.connected_components(g), key=len))
    n = lcc.number_of_nodes()
    hist: dict[int, int] = {}
    for _, lengths in nx.all_pairs_shortest_path_length(lcc):
        for d in lengths.values():
            hist[d] = hist.get(d, 0) + 1
    # konect_hopdistr, 0-based: d[i] = ordered pairs (self-pairs included) at distance <= i
    d = list(itertools.accumulate(hist.get(i, 0) for i in range(max(hist) + 1)))
    assert d[-1] == n * n

    def diameff(p: float) -> float:  # konect_diameff
        amount = p * d[-1]
        for i in range(len(d) - 1):
            if d[i] <= amount < d[i + 1]:
                return i + (amount - d[i]) / (d[i + 1] - d[i])
        return float(len(d))

    counts = [d[0]] + [d[i] - d[i - 1] for i in range(1, len(d))]
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "max_degree": max(k for _, k in g.degree()),
        "largest_component": n,
        "triangles": sum(nx.triangles(g).values()) // 3,
        "transitivity": nx.transitivity(g),
        "degree_assortativity": nx.degree_assortativity_coefficient(g),
        "diameter": len(d) - 1,
        "mean_distance": sum(i * c for i, c in enumerate(counts)) / sum(counts),  # konect_diammean
        "effective_diameter_50": diameff(0.5),
        "effective_diameter_90": diameff(0.9),
    }


def test_konect_statistics_of_a_partner_csv_sample(shared_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "twins.csv"
    g = _partner_csv(shared_data, path, rows=1500)
    store = EmbeddedStore()
    store.load(read_sources([path]))
    ours = network_statistics(store, filters=Filters(kinds=frozenset({"twinning"})))
    theirs = _konect(g)
    assert theirs["nodes"] > 500
    assert theirs["triangles"] > 0
    for name in ("nodes", "edges", "max_degree", "largest_component", "triangles", "diameter"):
        assert getattr(ours, name) == theirs[name], name
    for name in ("transitivity", "degree_assortativity"):
        assert getattr(ours, name) == pytest.approx(theirs[name], rel=1e-9), name
    # exact here (all sources); KONECT's own figures come from the same formulas
    for name in ("mean_distance", "effective_diameter_50", "effective_diameter_90"):
        assert getattr(ours, name) == pytest.approx(theirs[name], rel=1e-9), name
    assert ours.distances_sampled == 0
    # sampled distances stay within 2 % of the exact figures, and say how many sources they used
    sampled = network_statistics(store, filters=Filters(kinds=frozenset({"twinning"})), sample=300, seed=3)
    assert sampled.distances_sampled == 300
    assert sampled.mean_distance == pytest.approx(theirs["mean_distance"], rel=0.02)
    assert sampled.effective_diameter_90 == pytest.approx(theirs["effective_diameter_90"], rel=0.02)
