"""Exact betweenness from the core's sources: equal to networkx and to igraph's every-source count,
and the same to the last bit in one process or several."""

from __future__ import annotations

import logging
import random

import igraph as ig
import networkx as nx
import pytest

from graph import betweenness
from graph.betweenness import exact_counts, sampled_counts


def _with_trees(n: int, seed: int) -> ig.Graph:
    """A core with trees hanging off it, a tree component, an edge alone and isolated vertices."""
    rng = random.Random(seed)
    edges = [(v, rng.randrange(v)) for v in range(1, n)]  # a random tree ...
    edges += [(v, rng.randrange(v)) for v in range(2, n) if rng.random() < 0.5]  # ... made partly 2-core
    tree = [(n + v, n + rng.randrange(v)) for v in range(1, 12)]  # a component with no cycle
    g = ig.Graph(n=n + 12 + 2 + 3, edges=[*edges, *tree, (n + 12, n + 13)])
    g.simplify()
    return g


def _networkx_counts(g: ig.Graph) -> list[float]:
    h: nx.Graph[int] = nx.Graph()
    h.add_nodes_from(range(g.vcount()))
    h.add_edges_from(g.get_edgelist())
    # networkx's unnormalised undirected betweenness counts each unordered pair once, as igraph does
    found = nx.betweenness_centrality(h, normalized=False)
    return [found[v] for v in range(g.vcount())]


def test_literal_counts_of_trees_on_a_triangle() -> None:
    # a triangle 0-1-2; 3 hangs from 2 and carries 4 and 5; 6-7 alone; 8 isolated
    g = ig.Graph(n=9, edges=[(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (3, 5), (6, 7)])
    # 3 separates {4}, {5} and {0, 1, 2}: 1 + 3 + 3 pairs; 2 separates {0, 1} from {3, 4, 5}: 6
    assert exact_counts(g, workers=1) == [0.0, 0.0, 6.0, 7.0, 0.0, 0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize("seed", range(4))
def test_equals_networkx_and_igraph_every_source(seed: int) -> None:
    g = _with_trees(150, seed)
    core = sum(c >= 2 for c in g.coreness())
    assert 0 < core < g.vcount() - 20  # the reduction has trees to leave out
    found = exact_counts(g, workers=1)
    assert found == pytest.approx(_networkx_counts(g), rel=1e-12, abs=1e-9)
    assert found == pytest.approx(g.betweenness(directed=False), rel=1e-12, abs=1e-9)


def test_a_graph_with_parallel_edges_is_searched_from_every_vertex() -> None:
    g = ig.Graph(n=5, edges=[(0, 1), (0, 1), (1, 2), (2, 3), (3, 4), (4, 2)])
    assert exact_counts(g, workers=1) == pytest.approx(g.betweenness(directed=False))


def test_several_processes_give_the_same_scores_to_the_last_bit(caplog: pytest.LogCaptureFixture) -> None:
    g = _with_trees(400, 7)
    with caplog.at_level(logging.WARNING, logger="graph.betweenness"):
        alone = exact_counts(g, workers=1)
        shared = exact_counts(g, workers=2)
        batches = [random.Random(1).sample(range(g.vcount()), 60), list(range(0, 400, 7))]
        sampled_alone = sampled_counts(g, batches, workers=1)
        sampled_shared = sampled_counts(g, batches, workers=3)
    assert not caplog.records  # every part ran in a worker: none fell back to this process
    assert shared == alone
    assert [x.tolist() for x in sampled_shared] == [x.tolist() for x in sampled_alone]
    assert alone == pytest.approx(g.betweenness(directed=False), rel=1e-12, abs=1e-9)


def test_a_failing_worker_leaves_its_parts_to_this_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    g = _with_trees(200, 3)
    monkeypatch.setattr(betweenness, "_WORKER", "import sys; sys.exit(3)")
    with caplog.at_level(logging.WARNING, logger="graph.betweenness"):
        found = exact_counts(g, workers=2)
    assert "a betweenness worker failed" in caplog.text
    assert found == exact_counts(g, workers=1)
