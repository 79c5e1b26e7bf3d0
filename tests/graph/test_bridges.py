"""Bridges between two networks on a tiny hand-built graph with a known answer."""

from __future__ import annotations

import pytest

from graph.bridges import bridges
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotFound
from graph.projection import Filters
from ontology.records import Agreement, City, Dataset, Event, Membership, Network
from ontology.to_rdf import dataset_to_graph


def _store() -> EmbeddedStore:
    # Silk Road network: a1, a2, both; learning cities: b1, b2, both.
    # x twins a1, b1 and b2; a2 has an MoU with b2; an event hosted by a2 gathers b1.
    ds = Dataset(
        name="tiny",
        entities=[
            *(City(id=c, labels={"en": [c.upper()]}) for c in ("a1", "a2", "b1", "b2", "x", "both")),
            Network(id="silk", labels={"en": ["Silk Road Cities"]}),
            Network(id="learn", labels={"en": ["Learning Cities"]}),
            Event(id="summit", host="a2", participants=["b1"], start="2019"),
        ],
        memberships=[
            Membership(id=f"m-{c}-{n}", member=c, network=n)
            for c, n in [
                ("a1", "silk"),
                ("a2", "silk"),
                ("both", "silk"),
                ("b1", "learn"),
                ("b2", "learn"),
                ("both", "learn"),
            ]
        ],
        agreements=[
            Agreement(id="t-a1-x", type="TwinningAgreement", parties=["a1", "x"]),
            Agreement(id="t-b1-x", type="TwinningAgreement", parties=["b1", "x"]),
            Agreement(id="t-b2-x", type="TwinningAgreement", parties=["b2", "x"], end="2005"),
            Agreement(id="mou-a2-b2", type="MemorandumOfUnderstanding", parties=["a2", "b2"]),
        ],
    )
    store = EmbeddedStore()
    store.load([("tiny", dataset_to_graph(ds))])
    return store


def test_members_of_both_and_ranked_connectors() -> None:
    r = bridges(_store(), "Silk Road Cities", "learn")
    assert (r.network_a.id, r.network_b.id) == ("silk", "learn")
    assert [e.id for e in r.both] == ["both"]
    # connected pairs within 2 hops: a1-b1, a1-b2 (via x), a2-b2 (MoU), a2-b1 (via the summit)
    assert [(c.entity.id, c.pairs, c.score) for c in r.connectors] == [
        ("a1", 2, 0.5),
        ("a2", 2, 0.5),
        ("b1", 2, 0.5),
        ("b2", 2, 0.5),
        ("x", 2, 0.5),
        ("summit", 1, 0.25),
    ]
    assert next(c for c in r.connectors if c.entity.id == "x").via == ["t-a1-x", "t-b1-x", "t-b2-x"]
    assert next(c for c in r.connectors if c.entity.id == "summit").via == ["summit"]


def test_k_one_and_as_of_and_kinds() -> None:
    store = _store()
    assert [(c.entity.id, c.pairs) for c in bridges(store, "silk", "learn", k=1).connectors] == [
        ("a2", 1),
        ("b2", 1),
    ]
    later = bridges(store, "silk", "learn", filters=Filters(as_of="2010"))
    # in 2010 the b2-x twinning had ended and the 2019 summit was yet to come
    assert [(c.entity.id, c.pairs) for c in later.connectors] == [
        ("a1", 1),
        ("a2", 1),
        ("b1", 1),
        ("b2", 1),
        ("x", 1),
    ]
    agreements_only = bridges(store, "silk", "learn", filters=Filters(kinds=frozenset({"agreement"})))
    assert "summit" not in [c.entity.id for c in agreements_only.connectors]
    assert bridges(store, "silk", "learn", top=1).connectors[0].entity.id == "a1"


def test_bad_networks() -> None:
    store = _store()
    with pytest.raises(NotFound, match="Silk Raod"):
        bridges(store, "Silk Raod", "learn")
    with pytest.raises(NotFound):
        bridges(store, "a1", "learn")  # a city is not a network
    with pytest.raises(InvalidArgument, match="name two different networks"):
        bridges(store, "silk", "Silk Road Cities")
    with pytest.raises(InvalidArgument, match="k must be between 1 and 10"):
        bridges(store, "silk", "learn", k=11)
