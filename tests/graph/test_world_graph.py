"""The graph questions on the world twinning graph (the bundled Wikidata export), against networkx."""

from __future__ import annotations

import random
from collections.abc import Iterator

import networkx as nx
import pytest

from graph.centrality import centrality, scores
from graph.ego import ego_network
from graph.embedded_store import EmbeddedStore
from graph.paths import shortest_paths
from graph.projection import Filters, Projection, project
from graph.stats import statistics_of
from loaders import bundled_paths, read_sources

pytestmark = pytest.mark.slow
TWINNING = Filters(kinds=frozenset({"twinning"}))


@pytest.fixture(scope="module")
def world() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    store.load(read_sources([p for p in bundled_paths() if "wikidata" in p.name]))
    yield store
    store.close()


@pytest.fixture(scope="module")
def twins(world: EmbeddedStore) -> Projection:
    return project(world, TWINNING)


def test_size_and_statistics_equal_networkx(twins: Projection) -> None:
    g = twins.to_networkx()
    s = statistics_of(twins)
    # SOURCE.md counts n=5,314, m=8,951, 306 components on the raw export (the loader's
    # entity resolution merges a few items); the figures here are those of this projection.
    assert 5200 < s.nodes < 5400
    assert 8900 < s.edges < 9000
    assert (s.nodes, s.edges) == (g.number_of_nodes(), g.number_of_edges())
    assert s.components == nx.number_connected_components(g)
    assert s.largest_component == len(max(nx.connected_components(g), key=len))
    assert s.transitivity == pytest.approx(nx.transitivity(g), rel=1e-12)
    assert s.average_clustering == pytest.approx(nx.average_clustering(g), rel=1e-12)
    assert s.degree_assortativity == pytest.approx(nx.degree_assortativity_coefficient(g), rel=1e-9)


@pytest.mark.parametrize("metric", ["degree", "pagerank"])
def test_centrality_equals_networkx(twins: Projection, metric: str) -> None:
    g = twins.to_networkx()
    theirs = nx.degree_centrality(g) if metric == "degree" else nx.pagerank(g, tol=1e-10)
    ours = dict(zip(twins.ids, scores(twins, metric), strict=True))
    assert ours == pytest.approx(theirs, rel=1e-5, abs=1e-9)


def test_path_lengths_equal_networkx(world: EmbeddedStore, twins: Projection) -> None:
    g = twins.to_networkx()
    rng = random.Random(5)
    for _ in range(50):
        a, b = rng.choice(twins.ids), rng.choice(twins.ids)
        found = shortest_paths(world, a, b, max_length=12, filters=TWINNING)
        try:
            expected = nx.shortest_path_length(g, a, b)
        except nx.NetworkXNoPath:
            expected = None
        got = len(found[0].hops) if found else None
        assert got == (expected or None), (a, b)


def test_maribor_by_name(world: EmbeddedStore) -> None:
    ego = ego_network(world, "Maribor", filters=TWINNING)
    assert ego.center == "wd-Q1010"
    assert len(ego.nodes) >= 11  # SOURCE.md lists eleven twins of Maribor
    [p] = shortest_paths(world, "Maribor", "Esfahan", filters=TWINNING)  # Wikidata's label for Isfahan
    assert (p.nodes[0].id, p.nodes[-1].id) == ("wd-Q1010", "wd-Q42053")
    assert all(h.ties for h in p.hops)
    top = centrality(world, "betweenness", top=3, filters=TWINNING)
    assert len(top) == 3
    assert top[0].score >= top[2].score > 0
