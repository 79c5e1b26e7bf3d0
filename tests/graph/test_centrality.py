"""Centrality: every metric equal to networkx's, on hand-built graphs (connected and not)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import igraph as ig
import networkx as nx
import pytest

from graph import centrality as centrality_module
from graph.centrality import METRICS, betweenness_estimate, centrality, scores
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument
from graph.projection import Projection, project
from ontology.records import Agreement, City, Dataset, Membership, Network
from ontology.to_rdf import dataset_to_graph


def _store() -> EmbeddedStore:
    pairs = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("f", "g")]
    ds = Dataset(
        name="tiny",
        entities=[*(City(id=c) for c in "abcdefg"), Network(id="net")],
        agreements=[Agreement(id=f"{x}{y}", type="TwinningAgreement", parties=[x, y]) for x, y in pairs]
        # a second agreement on a linked pair: the simple graph keeps one edge
        + [Agreement(id="ab2", type="PartnershipAgreement", parties=["a", "b"])],
        memberships=[Membership(id="m1", member="e", network="net")],
    )
    store = EmbeddedStore()
    store.load([("tiny", dataset_to_graph(ds))])
    return store


def _nx_scores(g: nx.Graph[str], metric: str) -> dict[str, float]:
    functions: dict[str, Callable[[Any], Any]] = {
        "degree": nx.degree_centrality,
        "betweenness": nx.betweenness_centrality,
        "closeness": nx.closeness_centrality,
        "harmonic": nx.harmonic_centrality,
        "eigenvector": lambda h: nx.eigenvector_centrality(h, max_iter=10000, tol=1e-12),
        "pagerank": lambda h: nx.pagerank(h, alpha=0.85, tol=1e-12),
    }
    return dict(functions[metric](g))


def _names(ids: list[str]) -> Any:
    return dict(enumerate(ids))


def _karate_plus_triangle() -> Projection:
    karate = ig.Graph.Famous("Zachary")
    g = karate.disjoint_union(ig.Graph(n=4, edges=[(0, 1), (1, 2), (2, 0), (2, 3)]))
    ids = [f"n{i:02d}" for i in range(g.vcount())]
    return Projection(g, ids, {x: i for i, x in enumerate(ids)}, [], [[] for _ in range(g.ecount())])


@pytest.mark.parametrize("metric", [m for m in METRICS if m != "eigenvector"])
def test_each_metric_equals_networkx_on_a_disconnected_store(metric: str) -> None:
    store = _store()
    expected = _nx_scores(project(store).to_networkx(), metric)
    got = {s.entity.id: s.score for s in centrality(store, metric, top=1000)}
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("metric", METRICS)
def test_each_metric_equals_networkx_on_karate_club(metric: str) -> None:
    karate = ig.Graph.Famous("Zachary")
    ids = [f"n{i:02d}" for i in range(karate.vcount())]
    p = Projection(karate, ids, {x: i for i, x in enumerate(ids)}, [], [[] for _ in range(karate.ecount())])
    base: Any = nx.Graph(karate.get_edgelist())
    expected = _nx_scores(nx.relabel_nodes(base, _names(ids)), metric)
    got = dict(zip(ids, scores(p, metric), strict=True))
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("metric", ["closeness", "harmonic", "betweenness", "degree", "pagerank"])
def test_disconnected_graph_follows_networkx_semantics(metric: str) -> None:
    p = _karate_plus_triangle()
    base: Any = nx.Graph(p.graph.get_edgelist())
    g = nx.relabel_nodes(base, _names(p.ids))
    got = dict(zip(p.ids, scores(p, metric), strict=True))
    assert got == pytest.approx(_nx_scores(g, metric), rel=1e-6, abs=1e-9)


def test_literal_values_on_the_tiny_store() -> None:
    store = _store()
    top = centrality(store, "betweenness", top=3)
    # eight nodes (seven cities and the network e belongs to): c and d each lie on 6 of the 21 pairs
    assert [(s.entity.id, round(s.score, 6)) for s in top] == [
        ("c", 0.285714),
        ("d", 0.285714),
        ("e", 0.190476),
    ]
    assert [(s.entity.id, round(s.score, 6)) for s in centrality(store, "degree", top=2)] == [
        ("c", 0.428571),
        ("a", 0.285714),
    ]


def test_sampled_betweenness_with_every_source_is_exact() -> None:
    p = _karate_plus_triangle()
    exact = scores(p, "betweenness")
    sampled = scores(p, "betweenness", sample=p.graph.vcount() - 1)
    assert max(sampled) > 0
    assert sampled != exact  # a sample is an estimate
    assert sum(sampled) == pytest.approx(sum(exact), rel=0.2)


def test_unknown_metric_lists_the_valid_ones() -> None:
    with pytest.raises(
        InvalidArgument,
        match="unknown metric 'fame'; use one of degree, betweenness, closeness, "
        "harmonic, eigenvector, pagerank",
    ):
        centrality(_store(), "fame")


def test_top_limit() -> None:
    with pytest.raises(InvalidArgument, match="top must be between 1 and 1000, not 1001"):
        centrality(_store(), "degree", top=1001)


def test_sampled_betweenness_states_an_error_that_holds_the_exact_scores() -> None:
    g = ig.Graph(n=600, edges=list(nx.barabasi_albert_graph(600, 2, seed=7).edges()))
    p = Projection(g, [str(i) for i in range(600)], {}, [], [[] for _ in range(g.ecount())])
    exact = scores(p, "betweenness")
    found, errors = betweenness_estimate(g, sample=300, seed=2)
    assert found == pytest.approx(scores(p, "betweenness", sample=300, seed=2), rel=1e-9, abs=1e-12)
    top = sorted(range(600), key=lambda v: -exact[v])[:20]
    assert all(errors[v] > 0 for v in top)
    within = sum(abs(found[v] - exact[v]) <= 3 * errors[v] for v in top)
    assert within >= 17  # about 99.7 % expected; the batches' spread is itself an estimate


def test_betweenness_is_sampled_beyond_the_size_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    g = ig.Graph(n=300, edges=list(nx.barabasi_albert_graph(300, 2, seed=8).edges()))
    p = Projection(g, [str(i) for i in range(300)], {}, [], [[] for _ in range(g.ecount())])
    exact = scores(p, "betweenness")
    monkeypatch.setattr(centrality_module, "EXACT_BETWEENNESS_UP_TO", 200)
    monkeypatch.setattr(centrality_module, "BETWEENNESS_SAMPLE", 50)
    auto = scores(p, "betweenness")
    assert auto == scores(p, "betweenness", sample=50)
    assert auto != exact
    assert scores(p, "betweenness", sample=300) == exact
