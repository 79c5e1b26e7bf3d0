"""The network and country filters of projections, and growing one after a load, on the seed knowledge base."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import NotFound
from graph.projection import Filters, Projection, _build, grow, project, resolve_filters
from ontology.records import Agreement, City, Dataset
from ontology.to_rdf import dataset_to_graph

MEMBERSHIP = frozenset({"membership"})
STRUCTURE = frozenset({"structure"})
GNLC_MEMBERS = ["bandar-khamir", "isfahan", "kashan", "kermanshah", "unesco-gnlc"]


@pytest.fixture(scope="module")
def seeds(seed_graphs: list[tuple[str, object]]) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    store.load(seed_graphs)  # type: ignore[arg-type]
    yield store
    store.close()


def _facts(p: Projection) -> list[str]:
    return sorted(t.fact for ties in p.edge_ties for t in ties)


def test_network_by_id_keeps_its_members(seeds: EmbeddedStore) -> None:
    p = project(seeds, Filters(kinds=MEMBERSHIP, networks=frozenset({"unesco-gnlc"})))
    assert p.ids == GNLC_MEMBERS
    assert _facts(p) == [
        "m-bandar-khamir-unesco-gnlc",
        "m-isfahan-unesco-gnlc",
        "m-kashan-unesco-gnlc",
        "m-kermanshah-unesco-gnlc",
    ]


def test_network_without_kinds_keeps_people_and_events(seeds: EmbeddedStore) -> None:
    p = project(seeds, Filters(networks=frozenset({"unesco-gnlc"})))
    assert p.ids == [
        "bandar-khamir",
        "david-atchoarena",
        "iclc-5",
        "isfahan",
        "javad-mahmoudi",
        "kashan",
        "kermanshah",
        "professor-shil",
        "unesco-gnlc",
    ]
    assert p.graph.ecount() == 8


@pytest.mark.parametrize(
    "name",
    ["GNLC", "UNESCO Global Network of Learning Cities", "شبکه شهرهای یادگیرنده یونسکو", "gnlc"],
)
def test_network_by_name_is_the_projection_of_its_id(seeds: EmbeddedStore, name: str) -> None:
    by_id = project(seeds, Filters(kinds=MEMBERSHIP, networks=frozenset({"unesco-gnlc"})))
    by_name = project(seeds, Filters(kinds=MEMBERSHIP, networks=frozenset({name})))
    assert by_name is by_id  # one cache entry, keyed on the resolved id
    assert by_name.filters.networks == frozenset({"unesco-gnlc"})


def test_two_networks_and_a_network_without_members(seeds: EmbeddedStore) -> None:
    both = project(
        seeds,
        Filters(kinds=MEMBERSHIP, networks=frozenset({"unesco-gnlc", "UNESCO Creative Cities Network"})),
    )
    assert both.ids == [
        "bandar-khamir",
        "isfahan",
        "kashan",
        "kermanshah",
        "unesco-creative-cities-network",
        "unesco-gnlc",
    ]
    assert both.graph.ecount() == 7
    # The Union of Silk Road Cities is planned and has no members yet: known, and empty.
    union = project(seeds, Filters(kinds=MEMBERSHIP, networks=frozenset({"Union of Silk Road Cities"})))
    assert (union.ids, union.filters.networks) == ([], frozenset({"silk-road-cities-union"}))


def test_unknown_network_is_not_found_with_suggestions(seeds: EmbeddedStore) -> None:
    with pytest.raises(NotFound, match="no network named 'UNESCO Lerning Cities'") as caught:
        project(seeds, Filters(networks=frozenset({"UNESCO Lerning Cities"})))
    assert caught.value.suggestions == [
        "UNESCO Global Network of Learning Cities (unesco-gnlc)",
        "UNESCO Creative Cities Network (unesco-creative-cities-network)",
    ]
    with pytest.raises(NotFound) as caught:
        project(seeds, Filters(networks=frozenset({"Silk Road Union"})))
    assert caught.value.suggestions == ["Union of Silk Road Cities (silk-road-cities-union)"]


def test_a_city_is_not_a_network(seeds: EmbeddedStore) -> None:
    with pytest.raises(
        NotFound, match=r"no network named 'qazvin': Qazvin \(qazvin\) is a City, not a network"
    ):
        project(seeds, Filters(networks=frozenset({"qazvin"})))


@pytest.mark.parametrize("code", ["slovenia", "SI", "si"])
def test_country_by_id_or_iso2_code(seeds: EmbeddedStore, code: str) -> None:
    p = project(seeds, Filters(kinds=STRUCTURE, countries=frozenset({code})))
    assert p.filters.countries == frozenset({"slovenia"})
    # Maribor and its municipality; the networks and UNESCO are not filtered by country,
    # and UIL (an organisation of unknown country) is kept.
    assert p.ids == [
        "maribor",
        "mestna-obcina-maribor",
        "uil",
        "unesco",
        "unesco-creative-cities-network",
        "unesco-gnlc",
    ]
    assert _facts(p) == [
        "mestna-obcina-maribor",
        "mestna-obcina-maribor",
        "uil",
        "unesco-creative-cities-network",
        "unesco-gnlc",
    ]


def test_iranian_members_and_two_countries(seeds: EmbeddedStore) -> None:
    iran = project(seeds, Filters(kinds=MEMBERSHIP, countries=frozenset({"IR"})))
    assert iran.ids == [
        "bandar-khamir",
        "isfahan",
        "islamic-azad-university-qazvin",
        "kashan",
        "kermanshah",
        "silk-road-universities-network",
        "unesco-creative-cities-network",
        "unesco-gnlc",
    ]
    assert iran.graph.ecount() == 8
    cities = {"maribor", "isfahan", "qazvin", "kermanshah"}
    both = project(seeds, Filters(kinds=STRUCTURE, countries=frozenset({"SI", "iran"})))
    assert cities <= set(both.ids)
    assert both.filters.countries == frozenset({"iran", "slovenia"})
    assert not cities & set(project(seeds, Filters(kinds=STRUCTURE, countries=frozenset({"KR"}))).ids)


def test_network_and_country_together(seeds: EmbeddedStore) -> None:
    f = Filters(kinds=MEMBERSHIP, networks=frozenset({"GNLC"}), countries=frozenset({"SI"}))
    assert project(seeds, f).ids == []  # no Slovenian member of the learning cities network
    f = Filters(kinds=MEMBERSHIP, networks=frozenset({"GNLC"}), countries=frozenset({"ir"}))
    assert project(seeds, f).ids == GNLC_MEMBERS


@pytest.mark.parametrize(
    ("country", "message", "suggestions"),
    [
        ("XX", "no country 'XX': name a country by its id or ISO 3166 alpha-2 code", []),
        ("Slovenja", "no country 'Slovenja'", ["Slovenia (slovenia)"]),
        ("maribor", "no country 'maribor'", []),  # a city, not a country
    ],
)
def test_unknown_country_is_not_found(
    seeds: EmbeddedStore, country: str, message: str, suggestions: list[str]
) -> None:
    with pytest.raises(NotFound, match=message) as caught:
        project(seeds, Filters(countries=frozenset({country})))
    assert caught.value.suggestions == suggestions


def test_resolve_filters_leaves_other_filters_alone(seeds: EmbeddedStore) -> None:
    f = Filters(kinds=MEMBERSHIP, networks=frozenset({"GNLC"}), countries=frozenset({"IR"}), as_of="2021")
    assert resolve_filters(seeds, f) == Filters(
        kinds=MEMBERSHIP, networks=frozenset({"unesco-gnlc"}), countries=frozenset({"iran"}), as_of="2021"
    )
    plain = Filters(kinds=MEMBERSHIP)
    assert resolve_filters(seeds, plain) is plain


def _as_built(p: Projection) -> tuple[dict[str, object], dict[tuple[str, str], list[object]]]:
    """The projection independent of vertex numbering: entities by id, and each pair's ties in order."""
    pairs = {}
    for e, (a, b) in enumerate(p.graph.get_edgelist()):
        x, y = sorted((p.ids[a], p.ids[b]))
        pairs[(x, y)] = list(p.edge_ties[e])
    assert len(pairs) == p.graph.ecount() == len(p.edge_ties)
    assert all(p.index[x] == i for i, x in enumerate(p.ids))
    return {x: p.nodes[i] for i, x in enumerate(p.ids)}, pairs


@pytest.mark.parametrize(
    "filters", [Filters(), Filters(kinds=frozenset({"agreement"})), Filters(as_of="2015")], ids=repr
)
def test_a_load_that_only_adds_grows_the_projection_as_a_rebuild_would(
    seed_graphs: list[tuple[str, object]], filters: Filters
) -> None:
    store = EmbeddedStore()
    store.load(seed_graphs)  # type: ignore[arg-type]
    before = project(store, filters)
    g = before.graph
    # new cities that sort before and after every old id, linked to each other and to old cities; and,
    # where the projection has them, an agreement on an edge that exists and one between two old
    # vertices not linked yet (with the agreement kinds alone the seed projection is empty)
    ties = [("0-new", "isfahan"), ("0-new", "zz-new"), ("zz-new", "kashan")]
    if g.ecount():
        a, b = g.get_edgelist()[0]
        ties.append((before.ids[a], before.ids[b]))
        u, v = next((u, v) for u in range(g.vcount()) for v in range(u) if g.get_eid(u, v, error=False) < 0)
        ties.append((before.ids[u], before.ids[v]))
    more = Dataset(
        name="more",
        entities=[City(id="0-new"), City(id="zz-new")],
        agreements=[
            Agreement(id=f"grow-{i}", type="TwinningAgreement", parties=list(pair), start="2010")
            for i, pair in enumerate(ties)
        ],
    )
    store.load([("more", dataset_to_graph(more))])
    grown = project(store, filters)
    rebuilt = _build(store, grown.filters, store.version())
    assert grown.version == rebuilt.version != before.version
    # grown, not built anew: the old vertices keep their numbers and the new ones ("0-new" too) follow
    assert grown.ids[: len(before.ids)] == before.ids
    assert grown.ids != sorted(grown.ids) or not before.ids
    assert _as_built(grown) == _as_built(rebuilt)
    assert sum(map(len, grown.edge_ties)) == sum(map(len, before.edge_ties)) + len(ties)
    # a changed entity is not an addition: no growing then
    nodes = [replace(n, label="renamed") if n.id == grown.ids[0] else n for n in store.nodes()]
    assert grow(grown, nodes, store.ties(), "later") is None
    store.close()
