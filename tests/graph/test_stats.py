"""Network statistics equal to networkx's on hand-built graphs."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import pytest

from graph.embedded_store import EmbeddedStore
from graph.projection import Filters, Projection
from graph.stats import NetworkStats, network_statistics, statistics_of
from ontology.records import Agreement, City, Dataset
from ontology.to_rdf import dataset_to_graph


def _nx_stats(g: nx.Graph[int]) -> NetworkStats:
    lcc = g.subgraph(max(nx.connected_components(g), key=len))
    return NetworkStats(
        nodes=g.number_of_nodes(),
        edges=g.number_of_edges(),
        components=nx.number_connected_components(g),
        largest_component=lcc.number_of_nodes(),
        density=nx.density(g),
        average_degree=2 * g.number_of_edges() / g.number_of_nodes(),
        transitivity=nx.transitivity(g),
        average_clustering=nx.average_clustering(g),
        degree_assortativity=nx.degree_assortativity_coefficient(g),
        diameter=nx.diameter(lcc),
        average_shortest_path_length=nx.average_shortest_path_length(lcc),
    )


def _as_projection(g: ig.Graph) -> Projection:
    ids = [str(i) for i in range(g.vcount())]
    return Projection(g, ids, {x: i for i, x in enumerate(ids)}, [], [[] for _ in range(g.ecount())])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_statistics_equal_networkx_on_random_disconnected_graphs(seed: int) -> None:
    g = nx.gnm_random_graph(120, 150, seed=seed)
    ours = statistics_of(_as_projection(ig.Graph(n=120, edges=list(g.edges()))))
    theirs = _nx_stats(g)
    assert ours.components > 1
    for field in NetworkStats.__dataclass_fields__:
        assert getattr(ours, field) == pytest.approx(getattr(theirs, field), rel=1e-9), field


def test_literal_statistics_of_a_small_store() -> None:
    # a triangle a-b-c with a tail c-d, and a separate pair e-f; a-b twinned twice
    pairs = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("e", "f")]
    ds = Dataset(
        name="tiny",
        entities=[City(id=c) for c in "abcdef"],
        agreements=[
            Agreement(id=f"{x}{y}", type="TwinningAgreement", parties=[x, y], end="2000") for x, y in pairs
        ]
        + [Agreement(id="ab2", type="PartnershipAgreement", parties=["a", "b"])],
    )
    store = EmbeddedStore()
    store.load([("tiny", dataset_to_graph(ds))])
    s = network_statistics(store)
    assert (s.nodes, s.edges, s.components, s.largest_component, s.diameter) == (6, 5, 2, 4, 2)
    assert s.density == pytest.approx(1 / 3)
    assert s.average_degree == pytest.approx(10 / 6)
    assert s.transitivity == pytest.approx(0.6)  # 3 triangles' triples of 5 connected triples
    assert s.average_clustering == pytest.approx((1 + 1 + 1 / 3) / 6)
    assert s.average_shortest_path_length == pytest.approx(8 / 6)
    later = network_statistics(store, filters=Filters(as_of="2001"))
    assert (later.nodes, later.edges, later.diameter, later.degree_assortativity) == (2, 1, 1, None)
