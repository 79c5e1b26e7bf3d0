"""Network statistics equal to networkx's on hand-built graphs."""

from __future__ import annotations

import itertools
import random

import igraph as ig
import networkx as nx
import pytest

from graph import stats as stats_module
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument
from graph.projection import Filters, Projection
from graph.stats import NetworkStats, distance_counts, exact_diameter, network_statistics, statistics_of
from ontology.records import Agreement, City, Dataset
from ontology.to_rdf import dataset_to_graph


def _konect_diameff(cumulative: list[int], p: float) -> float:
    # konect_diameff of the KONECT toolbox: cumulative[i] = ordered pairs (self-pairs included) at
    # distance <= i; the first i with cumulative[i] <= p * total < cumulative[i + 1], interpolated.
    amount = p * cumulative[-1]
    for i in range(len(cumulative) - 1):
        if cumulative[i] <= amount < cumulative[i + 1]:
            return i + (amount - cumulative[i]) / (cumulative[i + 1] - cumulative[i])
    return float(len(cumulative))


def _nx_stats(g: nx.Graph[int]) -> NetworkStats:
    lcc = g.subgraph(max(nx.connected_components(g), key=len))
    hist: dict[int, int] = {}
    for _, lengths in nx.all_pairs_shortest_path_length(lcc):
        for d in lengths.values():
            hist[d] = hist.get(d, 0) + 1
    cumulative = list(itertools.accumulate(hist.get(d, 0) for d in range(max(hist) + 1)))
    n_lcc = lcc.number_of_nodes()
    mean_distance = sum(d * c for d, c in hist.items()) / n_lcc**2
    eff50, eff90 = _konect_diameff(cumulative, 0.5), _konect_diameff(cumulative, 0.9)
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
        max_degree=max(d for _, d in g.degree()),
        triangles=sum(nx.triangles(g).values()) // 3,
        component_sizes=sorted((len(c) for c in nx.connected_components(g)), reverse=True)[:20],
        mean_distance=mean_distance,
        effective_diameter_50=eff50,
        effective_diameter_90=eff90,
        # exact figures: intervals of width 0, one search per node of the largest component
        mean_distance_ci=(mean_distance, mean_distance),
        effective_diameter_50_ci=(eff50, eff50),
        effective_diameter_90_ci=(eff90, eff90),
        diameter_bfs=n_lcc,
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


def test_sampled_distances_are_close_and_say_so() -> None:
    g = nx.connected_watts_strogatz_graph(1500, 6, 0.1, seed=4)
    exact = statistics_of(_as_projection(ig.Graph(n=1500, edges=list(g.edges()))))
    sampled = statistics_of(_as_projection(ig.Graph(n=1500, edges=list(g.edges()))), sample=300, seed=1)
    assert (exact.distances_sampled, sampled.distances_sampled) == (0, 300)
    assert sampled.mean_distance_error > 0
    assert abs(sampled.mean_distance - exact.mean_distance) < 4 * sampled.mean_distance_error
    assert sampled.effective_diameter_90 == pytest.approx(exact.effective_diameter_90, rel=0.02)
    assert sampled.diameter == exact.diameter  # the diameter is always exact


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


@pytest.mark.parametrize("seed", range(12))
def test_ifub_diameter_equals_all_pairs(seed: int) -> None:
    shapes = [
        lambda: ig.Graph.Barabasi(400, 1 + seed % 3),
        lambda: ig.Graph.Lattice([12, 7 + seed], circular=False),
        lambda: ig.Graph.Tree(300 + seed, 3),
        lambda: ig.Graph.Erdos_Renyi(300, m=330 + 10 * seed),
        lambda: ig.Graph.Ring(50 + seed),
        lambda: ig.Graph.Watts_Strogatz(1, 300, 2, 0.05),
    ]
    random.seed(seed)
    ig.set_random_number_generator(random)
    g = shapes[seed % len(shapes)]().connected_components().giant()
    found, searches = exact_diameter(g)
    assert found == g.diameter(directed=False)
    assert 2 <= searches <= g.vcount() + 2


@pytest.mark.parametrize("seed", range(3))
def test_bit_parallel_counts_equal_one_search_per_source(seed: int) -> None:
    # 130 sources span three 64-bit words, the last one partly filled; a second component stays unreached
    random.seed(seed)
    ig.set_random_number_generator(random)
    g = ig.Graph.Barabasi(700, 1 + seed) + ig.Graph.Ring(5)
    sources = random.sample(range(g.vcount()), 130)
    found = distance_counts(g, sources)
    assert found.shape[0] == 130
    for row, v in zip(found.tolist(), sources, strict=True):
        _, layers, _ = g.bfs(v)
        each = [layers[d + 1] - layers[d] for d in range(len(layers) - 1)]
        assert row == each + [0] * (len(row) - len(each)), v


def test_sampled_intervals_hold_the_exact_figures() -> None:
    g = ig.Graph(n=1500, edges=list(nx.connected_watts_strogatz_graph(1500, 6, 0.1, seed=4).edges()))
    exact = statistics_of(_as_projection(g))
    sampled = statistics_of(_as_projection(g), sample=300, seed=1)
    for name in ("mean_distance", "effective_diameter_50", "effective_diameter_90"):
        low, high = getattr(sampled, f"{name}_ci")
        assert low < getattr(sampled, name) < high, name
        assert low <= getattr(exact, name) <= high, name
        assert getattr(exact, f"{name}_ci") == (getattr(exact, name),) * 2
    assert sampled.diameter_bfs < exact.diameter_bfs == 1500


def test_size_threshold_chooses_sampling_and_exact_overrides_it(monkeypatch: pytest.MonkeyPatch) -> None:
    g = ig.Graph(n=800, edges=list(nx.barabasi_albert_graph(800, 2, seed=3).edges()))
    monkeypatch.setattr(stats_module, "EXACT_DISTANCES_UP_TO", 500)
    monkeypatch.setattr(stats_module, "DEFAULT_SAMPLE", 200)
    auto = statistics_of(_as_projection(g))
    forced = statistics_of(_as_projection(g), exact=True)
    assert (auto.distances_sampled, forced.distances_sampled) == (200, 0)
    assert auto.diameter == forced.diameter == g.diameter(directed=False)
    assert auto.mean_distance == pytest.approx(forced.mean_distance, rel=0.03)
    with pytest.raises(InvalidArgument, match="not both"):
        statistics_of(_as_projection(g), exact=True, sample=10)
