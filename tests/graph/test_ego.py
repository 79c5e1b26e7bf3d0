"""Ego networks: depth, filters, max_nodes, entities without ties, limits."""

from __future__ import annotations

from typing import Any

import pytest

from graph.ego import ego_network
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotFound
from graph.projection import Filters
from ontology.records import Agreement, City, Dataset, Membership, Network
from ontology.to_rdf import dataset_to_graph


def _store() -> EmbeddedStore:
    entities: list[Any] = [
        City(id=c, labels={"en": [c.title()], "fa": [f"{c}-fa"]})
        for c in ("qazvin", "xian", "samarkand", "bukhara", "lonely")
    ]
    ds = Dataset(
        name="tiny",
        entities=[*entities, Network(id="silk", labels={"en": ["Silk Road Cities"]})],
        agreements=[
            Agreement(id="t1", type="TwinningAgreement", parties=["qazvin", "xian"]),
            Agreement(id="t2", type="TwinningAgreement", parties=["xian", "samarkand"], end="1999"),
            Agreement(id="t3", type="PartnershipAgreement", parties=["samarkand", "bukhara"]),
        ],
        memberships=[
            Membership(id="m1", member="qazvin", network="silk"),
            Membership(id="m2", member="bukhara", network="silk"),
        ],
    )
    store = EmbeddedStore()
    store.load([("tiny", dataset_to_graph(ds))])
    return store


def test_depths_and_ties() -> None:
    store = _store()
    one = ego_network(store, "Qazvin")
    assert one.center == "qazvin"
    assert [n.id for n in one.nodes] == ["qazvin", "silk", "xian"]
    assert [t.fact for t in one.ties] == ["m1", "t1"]
    two = ego_network(store, "qazvin", depth=2)
    assert [n.id for n in two.nodes] == ["qazvin", "silk", "xian", "bukhara", "samarkand"]
    # every tie among the chosen nodes, samarkand-bukhara included
    assert [t.fact for t in two.ties] == ["m1", "m2", "t1", "t2", "t3"]


def test_filters_max_nodes_and_language() -> None:
    store = _store()
    twins = ego_network(
        store, "qazvin", depth=4, filters=Filters(kinds=frozenset({"agreement"}), as_of="2020")
    )
    assert [n.id for n in twins.nodes] == ["qazvin", "xian"]
    assert [n.id for n in ego_network(store, "qazvin", depth=2, max_nodes=2).nodes] == ["qazvin", "silk"]
    assert [n.label for n in ego_network(store, "qazvin", lang="fa").nodes][::2] == ["qazvin-fa", "xian-fa"]


def test_an_entity_without_ties_is_its_own_ego_network() -> None:
    alone = ego_network(_store(), "lonely")
    assert ([n.id for n in alone.nodes], alone.ties) == (["lonely"], [])


def test_bad_input() -> None:
    store = _store()
    with pytest.raises(InvalidArgument, match="depth must be between 1 and 4, not 5"):
        ego_network(store, "qazvin", depth=5)
    with pytest.raises(NotFound) as info:
        ego_network(store, "Qazwin")
    assert info.value.suggestions == ["qazvin", "qazvin fa"]
