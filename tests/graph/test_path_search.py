"""Path search agrees with networkx: one shortest path and Yen's k shortest simple paths.

On random graphs of several shapes and on the real twinning graph of the bundled Wikidata export, the
k paths found are valid, distinct simple paths whose lengths equal those of the first k paths of
networkx's ``shortest_simple_paths`` on the same pairs.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import random
from pathlib import Path

import networkx as nx
import pytest

from graph.path_search import bidirectional_path, k_shortest_paths

BUNDLED = Path(__file__).resolve().parents[2] / "loaders" / "data" / "wikidata-sister-cities-2021.it.csv.gz"


def _adjacency(g: nx.Graph[int]) -> list[list[int]]:
    return [sorted(g[v]) for v in range(g.number_of_nodes())]


def _check_agreement(g: nx.Graph[int], pairs: list[tuple[int, int]], k: int, max_length: int = 12) -> int:
    """Assert the agreement on every pair; return how many pairs had more than one path."""
    adj = _adjacency(g)
    several = 0
    for s, t in pairs:
        ours = k_shortest_paths(adj, s, t, k, max_length)
        theirs = list(itertools.islice(nx.shortest_simple_paths(g, s, t), k)) if nx.has_path(g, s, t) else []
        theirs = [p for p in theirs if len(p) - 1 <= max_length]
        assert [len(p) for p in ours] == [len(p) for p in theirs], (s, t)
        assert len({tuple(p) for p in ours}) == len(ours)
        for p in ours:
            assert p[0] == s
            assert p[-1] == t
            assert len(set(p)) == len(p)
            assert all(g.has_edge(a, b) for a, b in itertools.pairwise(p))
        one = bidirectional_path(adj, s, t, max_length)
        assert len(one) == (len(theirs[0]) if theirs else 0)
        several += len(ours) > 1
    return several


@pytest.mark.parametrize(
    ("shape", "seed"),
    [("gnm", 1), ("gnm", 2), ("barabasi", 3), ("barabasi", 4), ("watts", 5), ("grid", 6)],
)
@pytest.mark.parametrize("k", [2, 3, 10])
def test_k_paths_have_networkx_lengths_on_random_graphs(shape: str, seed: int, k: int) -> None:
    if shape == "gnm":
        g = nx.gnm_random_graph(80, 120, seed=seed)
    elif shape == "barabasi":
        g = nx.barabasi_albert_graph(150, 2, seed=seed)
    elif shape == "watts":
        g = nx.connected_watts_strogatz_graph(100, 4, 0.2, seed=seed)
    else:
        g = nx.convert_node_labels_to_integers(nx.grid_2d_graph(8, 8))
    rnd = random.Random(seed)
    n = g.number_of_nodes()
    pairs = [(rnd.randrange(n), rnd.randrange(n)) for _ in range(40)]
    pairs = [(s, t) for s, t in pairs if s != t]
    assert _check_agreement(g, pairs, k) > 0


def test_length_limit_keeps_only_short_enough_paths() -> None:
    g = nx.convert_node_labels_to_integers(nx.grid_2d_graph(5, 5))
    # corner to corner: 8 hops, 70 shortest paths; none within 7 hops
    assert k_shortest_paths(_adjacency(g), 0, 24, 5, 7) == []
    found = k_shortest_paths(_adjacency(g), 0, 24, 5, 8)
    assert [len(p) - 1 for p in found] == [8] * 5


def test_fewer_paths_than_asked_when_fewer_exist() -> None:
    g: nx.Graph[int] = nx.cycle_graph(6)
    found = k_shortest_paths(_adjacency(g), 0, 3, 5, 12)
    assert sorted(found) == [[0, 1, 2, 3], [0, 5, 4, 3]]


@pytest.fixture(scope="module")
def world() -> nx.Graph[int]:
    """The twinning graph of the bundled Wikidata export (QIDs as integers), read straight from the file."""
    g: nx.Graph[int] = nx.Graph()
    with gzip.open(BUNDLED, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a, b = row["city"].rsplit("/", 1)[-1], row["sister"].rsplit("/", 1)[-1]
            if a != b:
                g.add_edge(a, b)
    return nx.convert_node_labels_to_integers(g, ordering="sorted")


def test_k_paths_have_networkx_lengths_on_the_world_graph(world: nx.Graph[int]) -> None:
    assert world.number_of_nodes() > 5000
    giant = sorted(max(nx.connected_components(world), key=len))
    rnd = random.Random(19)
    pairs = [(rnd.choice(giant), rnd.choice(giant)) for _ in range(25)]
    assert _check_agreement(world, [(s, t) for s, t in pairs if s != t], 3) > 10
