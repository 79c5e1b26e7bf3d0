"""The researcher's analyses: literal answers on a small store, networkx's on random graphs, both stores equal."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator

import igraph as ig
import neo4j
import networkx as nx
import pytest
from rdflib import Graph

from graph.centrality import centrality
from graph.communities import communities, partition
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotFound
from graph.geography import geography, geography_of, great_circle_km
from graph.graph_export import export_graph
from graph.growth import stats_by_year, ties_per_year
from graph.levels import country_network
from graph.mixing import assortativity, mixing
from graph.neo4j_store import Neo4jStore
from graph.projection import Filters, Projection, project
from graph.stats import network_statistics
from graph.store import NodeInfo, Store
from graph.suggest import suggest
from graph.visual import View
from ontology.records import Agreement, City, Country, Dataset, Membership, Network
from ontology.to_rdf import dataset_to_graph

# Three countries: Slovenia (Maribor, Ljubljana, Celje), Austria (Graz, Vienna), Iran (Qazvin, Isfahan);
# "nowhere" has no country. Two networks. Dates on some agreements.
_CITIES = {
    "maribor": ("slovenia", 46.5547, 15.6467, 95_000),
    "ljubljana": ("slovenia", 46.0569, 14.5058, 290_000),
    "celje": ("slovenia", 46.2309, 15.2604, 38_000),
    "graz": ("austria", 47.0707, 15.4395, 290_000),
    "vienna": ("austria", 48.2082, 16.3738, 1_900_000),
    "qazvin": ("iran", 36.2688, 50.0041, 400_000),
    "isfahan": ("iran", 32.6539, 51.6660, 2_000_000),
    "nowhere": (None, None, None, None),
}
_TIES = [
    ("maribor", "graz", "1987", None),
    ("maribor", "ljubljana", None, None),
    ("ljubljana", "vienna", "1999-05", None),
    ("graz", "vienna", None, None),
    ("qazvin", "isfahan", "2010", None),
    ("isfahan", "ljubljana", "2012", "2015"),
    ("celje", "graz", None, None),
    ("nowhere", "maribor", None, None),
]


def _dataset() -> Dataset:
    return Dataset(
        name="research",
        entities=[
            Country(id="slovenia", iso2="SI", labels={"en": ["Slovenia"]}),
            Country(id="austria", iso2="AT", labels={"en": ["Austria"]}),
            Country(id="iran", iso2="IR", labels={"en": ["Iran"]}),
            *(
                City(id=c, labels={"en": [c.title()]}, country=k, lat=la, lon=lo, population=pop)
                for c, (k, la, lo, pop) in _CITIES.items()
            ),
            Network(id="silk", labels={"en": ["Silk Road Cities"]}),
            Network(id="learn", labels={"en": ["Learning Cities"]}),
        ],
        agreements=[
            Agreement(id=f"t-{a}-{b}", type="TwinningAgreement", parties=[a, b], start=s, end=e)
            for a, b, s, e in _TIES
        ],
        memberships=[
            Membership(id="m1", member="qazvin", network="silk"),
            Membership(id="m2", member="celje", network="learn"),
            Membership(id="m3", member="maribor", network="learn"),
        ],
    )


def _graphs() -> list[tuple[str, Graph]]:
    return [("research", dataset_to_graph(_dataset()))]


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    s = EmbeddedStore()
    s.load(_graphs())
    return s


def test_nodes_carry_population(store: EmbeddedStore) -> None:
    nodes = {n.id: n for n in store.nodes()}
    assert nodes["vienna"].population == 1_900_000
    assert nodes["nowhere"].population is None


def test_country_network_counts_what_it_leaves_out(store: EmbeddedStore) -> None:
    c = country_network(store)
    p = c.projection
    assert [n.label for n in p.nodes] == ["Austria", "Iran", "Slovenia"]
    pairs = {(p.ids[a], p.ids[b]): c.weights[e] for e, (a, b) in enumerate(p.graph.get_edgelist())}
    # Slovenia-Austria: maribor-graz, ljubljana-vienna, celje-graz; Slovenia-Iran: isfahan-ljubljana
    assert pairs == {("austria", "slovenia"): 3, ("iran", "slovenia"): 1}
    assert (c.domestic, c.places, c.without_country, c.edges_without_country) == (3, 8, 1, 1)
    assert c.domestic_by_country == {"slovenia": 1, "austria": 1, "iran": 1}
    s = network_statistics(store, level="country")
    assert (s.nodes, s.edges, s.max_degree, s.diameter) == (3, 2, 2, 2)
    top = centrality(store, "degree", level="country", raw=True, top=1)
    assert [(x.entity.id, x.entity.label, x.score) for x in top] == [("slovenia", "Slovenia", 2.0)]


def test_raw_degree_is_a_count_and_only_for_degree(store: EmbeddedStore) -> None:
    top = centrality(store, "degree", raw=True, top=2, filters=Filters(kinds=frozenset({"twinning"})))
    assert [(x.entity.id, x.score) for x in top] == [("graz", 3.0), ("ljubljana", 3.0)]
    with pytest.raises(InvalidArgument, match="only for degree"):
        centrality(store, "pagerank", raw=True)


def test_communities_are_seeded_and_their_modularity_is_networkx(store: EmbeddedStore) -> None:
    a = communities(store, seed=3, filters=Filters(kinds=frozenset({"twinning"})))
    b = communities(store, seed=3, filters=Filters(kinds=frozenset({"twinning"})))
    assert a.membership == b.membership
    assert sum(a.sizes) == 8
    g = project(store, Filters(kinds=frozenset({"twinning"}))).to_networkx()
    groups: dict[int, set[str]] = {}
    for node, c in a.membership.items():
        groups.setdefault(c, set()).add(node)
    assert a.modularity == pytest.approx(nx.community.modularity(g, list(groups.values())))
    # Qazvin and Isfahan hang together; the biggest community's top member has the highest degree
    assert a.membership["qazvin"] == a.membership["isfahan"]
    assert a.communities[0].countries[0][1] >= 2
    with pytest.raises(InvalidArgument, match="unknown algorithm"):
        communities(store, algorithm="girvan")


@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_partition_finds_planted_groups(algorithm: str) -> None:
    g = nx.planted_partition_graph(4, 25, 0.5, 0.01, seed=7)
    p = Projection(ig.Graph(n=100, edges=list(g.edges())), [str(i) for i in range(100)], {}, [], [])
    membership = partition(p, algorithm=algorithm, seed=1)
    assert sorted(membership.count(c) for c in set(membership)) == [25, 25, 25, 25]
    assert all(len({membership[i] for i in range(k * 25, k * 25 + 25)}) == 1 for k in range(4))


def test_communities_export_as_a_node_attribute(store: EmbeddedStore) -> None:
    r = communities(store, filters=Filters(kinds=frozenset({"twinning"})))
    p = project(store, Filters(kinds=frozenset({"twinning"})))
    view = View(None, list(p.nodes), [t for ties in p.edge_ties for t in ties])
    attrs = {"community": r.membership}
    g = nx.read_graphml(io.BytesIO(export_graph(view, "graphml", node_attributes=attrs)))
    assert {n: d["community"] for n, d in g.nodes(data=True)} == r.membership
    g2 = nx.read_gexf(io.BytesIO(export_graph(view, "gexf", node_attributes=attrs)))
    assert {n: int(d["community"]) for n, d in g2.nodes(data=True)} == r.membership
    with zipfile.ZipFile(io.BytesIO(export_graph(view, "csv", node_attributes=attrs))) as zf:
        header, *rows = zf.read("nodes.csv").decode().splitlines()
    assert header.split(",")[-1] == "community"
    assert {r_.split(",")[0]: int(r_.split(",")[-1]) for r_ in rows} == r.membership


def test_geography_against_the_null_model(store: EmbeddedStore) -> None:
    r = geography(store, rounds=20, seed=5)
    assert (r.place_ties, r.located_ties, r.unlocated_ties) == (8, 7, 1)
    assert r.observed.count == 7
    # the shortest located tie is Maribor-Graz (about 60 km), the longest Isfahan-Ljubljana
    short = great_circle_km(46.5547, 15.6467, 47.0707, 15.4395)
    assert 55 < short < 65
    assert r.observed.histogram[0] == (0, 100, 2.0)  # Maribor-Graz, Celje-Graz
    assert r.ties_with_countries == 7
    assert r.domestic_share == pytest.approx(3 / 7)
    assert r.null_domestic_share is not None
    again = geography(store, rounds=20, seed=5)
    assert again.null == r.null  # the same seed, the same null model
    pairs = {c.continents: c.observed for c in r.continent_pairs}
    assert pairs == {("EU", "EU"): 5, ("AS", "AS"): 1, ("AS", "EU"): 1}


def test_null_model_preserves_degrees() -> None:
    g = nx.barabasi_albert_graph(300, 2, seed=1)
    rng = random.Random(2)
    nodes = [
        NodeInfo(str(i), "City", str(i), "x", rng.uniform(-60, 60), rng.uniform(-180, 180))
        for i in range(300)
    ]
    p = Projection(ig.Graph(n=300, edges=list(g.edges())), [n.id for n in nodes], {}, nodes, [])
    from graph.geography import _repair

    edges = list(p.graph.get_edgelist())
    again = _repair(edges, random.Random(0))
    degree: dict[int, int] = {}
    for a, b in again:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    loops = len(edges) - len(again)
    assert all(degree.get(v, 0) <= d for v, d in g.degree())
    assert sum(d - degree.get(v, 0) for v, d in g.degree()) == 2 * loops
    # random coordinates: the observed ties look like the null model's
    r = geography_of(p, {}, rounds=10, seed=0)
    assert abs(r.observed.median - r.null.median) < 0.15 * r.null.median


def test_growth_counts_undated_and_series(store: EmbeddedStore) -> None:
    r = ties_per_year(store, filters=Filters(kinds=frozenset({"twinning"})))
    assert (r.dated, r.undated) == (4, 4)
    assert [(y.year, y.ties) for y in r.years if y.ties] == [(1987, 1), (1999, 1), (2010, 1), (2012, 1)]
    assert r.years[-1].cumulative == 4
    series = stats_by_year(store, filters=Filters(kinds=frozenset({"twinning"})), start=2011, end=2016)
    # isfahan-ljubljana is valid 2012-2015; every undated tie counts in every year
    assert [(y.year, y.edges) for y in series] == [
        (2011, 7),
        (2012, 8),
        (2013, 8),
        (2014, 8),
        (2015, 8),
        (2016, 7),
    ]
    full = network_statistics(store, filters=Filters(kinds=frozenset({"twinning"}), as_of="2013"))
    assert (full.nodes, full.edges) == (series[2].nodes, series[2].edges)
    assert full.degree_assortativity == pytest.approx(series[2].degree_assortativity)


@pytest.mark.parametrize("seed", [1, 2])
def test_attribute_mixing_equals_networkx(seed: int) -> None:
    g = nx.gnm_random_graph(200, 400, seed=seed)
    rng = random.Random(seed)
    kinds = ["a", "b", "c", None]
    countries = [rng.choice(kinds) for _ in range(200)]
    nodes = [
        NodeInfo(str(i), "City", str(i), countries[i], population=rng.choice([None, 2e4, 2e5, 3e6]))
        for i in range(200)
    ]
    p = Projection(ig.Graph(n=200, edges=list(g.edges())), [str(i) for i in range(200)], {}, nodes, [])
    h = g.subgraph([i for i in range(200) if countries[i] is not None]).copy()
    nx.set_node_attributes(h, {i: countries[i] for i in h}, "country")
    assert assortativity(p, "country").coefficient == pytest.approx(
        nx.attribute_assortativity_coefficient(h, "country")
    )
    assert assortativity(p, "degree").coefficient == pytest.approx(nx.degree_assortativity_coefficient(g))


def test_mixing_on_the_small_store(store: EmbeddedStore) -> None:
    result = {m.attribute: m for m in mixing(store, filters=Filters(kinds=frozenset({"twinning"})))}
    assert result["country"].nodes_without_value == 1
    assert result["continent"].categories == 2
    assert result["population"].nodes_with_value == 7
    assert result["country"].coefficient is not None
    with pytest.raises(InvalidArgument, match="unknown attribute"):
        mixing(store, attributes=("religion",))


def test_suggest_ranks_untied_places_with_reasons(store: EmbeddedStore) -> None:
    r = suggest(store, "Celje", top=5)
    assert r.city.id == "celje"
    assert r.partners == 1
    ids = [s.entity.id for s in r.suggestions]
    assert "graz" not in ids
    assert "celje" not in ids
    # Maribor: a common partner (Graz) and the same network (Learning Cities)
    assert ids[0] == "maribor"
    best = r.suggestions[0]
    assert [c.id for c in best.common_partners] == ["graz"]
    assert [n.id for n in best.shared_networks] == ["learn"]
    assert best.reasons[:2] == ["1 common partner: Graz", "both in Learning Cities"]
    assert "km apart" in best.reasons[2]
    assert r.definition.startswith("candidates:")
    with pytest.raises(NotFound):
        suggest(store, "Atlantis")
    with pytest.raises(InvalidArgument, match="suggestions are for cities"):
        suggest(store, "silk")


# --------------------------------------------------------------- both stores give the same answers


@pytest.fixture
def neo4j_store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    s = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri))
    s.clear()
    yield s
    s.clear()
    s.close()


@pytest.mark.neo4j
def test_research_answers_equal_on_both_stores(neo4j_store: Neo4jStore) -> None:
    emb = EmbeddedStore()
    emb.load(_graphs())
    neo4j_store.load(_graphs())
    stores: list[Store] = [emb, neo4j_store]
    assert neo4j_store.nodes() == emb.nodes()
    answers = []
    for s in stores:
        c = country_network(s)
        answers.append(
            (
                c.projection.ids,
                c.weights,
                c.domestic,
                c.without_country,
                network_statistics(s, level="country"),
                communities(s, seed=1).membership,
                geography(s, rounds=5, seed=2),
                ties_per_year(s),
                stats_by_year(s, start=2010, end=2013),
                mixing(s),
                suggest(s, "celje"),
            )
        )
    assert answers[0] == answers[1]
