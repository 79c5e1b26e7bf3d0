"""Shortest paths on a tiny hand-built graph: explained hops, k shortest, no path, as_of, limits."""

from __future__ import annotations

from typing import Any

import pytest

from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotFound
from graph.paths import shortest_paths
from graph.projection import Filters, project
from ontology.records import Agreement, City, Dataset, Evidence, Source
from ontology.to_rdf import dataset_to_graph


def _store() -> EmbeddedStore:
    names = {
        "qazvin": "Qazvin",
        "isfahan": "Isfahan",
        "kermanshah": "Kermanshah",
        "maribor": "Maribor",
        "graz": "Graz",
        "xian": "Xi'an",
    }
    ds = Dataset(
        name="tiny",
        sources=[Source(id="src1", title="First"), Source(id="src2", title="Second")],
        entities=[City(id=k, labels={"en": [v]}) for k, v in names.items()],
        agreements=[
            Agreement(
                id="t1",
                type="TwinningAgreement",
                parties=["qazvin", "isfahan"],
                evidence=[Evidence(source="src1")],
            ),
            Agreement(
                id="p1",
                type="PartnershipAgreement",
                parties=["isfahan", "maribor"],
                start="2001",
                evidence=[Evidence(source="src2")],
            ),
            Agreement(
                id="t2",
                type="TwinningAgreement",
                parties=["isfahan", "maribor"],
                evidence=[Evidence(source="src1"), Evidence(source="src2")],
            ),
            Agreement(id="m1", type="MemorandumOfUnderstanding", parties=["qazvin", "kermanshah"]),
            Agreement(id="m2", type="MemorandumOfUnderstanding", parties=["kermanshah", "maribor"]),
            Agreement(id="t3", type="TwinningAgreement", parties=["maribor", "graz"], start="1965"),
            Agreement(
                id="old", type="TwinningAgreement", parties=["qazvin", "graz"], start="1990", end="2010"
            ),
        ],
    )
    store = EmbeddedStore()
    store.load([("tiny", dataset_to_graph(ds))])
    return store


def test_direct_path_then_as_of_drops_the_ended_tie() -> None:
    store = _store()
    [direct] = shortest_paths(store, "Qazvin", "Graz")
    assert [n.id for n in direct.nodes] == ["qazvin", "graz"]
    assert [t.fact for t in direct.hops[0].ties] == ["old"]
    assert direct.hops[0].ties[0].end == "2010"
    [later] = shortest_paths(store, "Qazvin", "Graz", filters=Filters(as_of="2020"))
    assert [n.id for n in later.nodes] == ["qazvin", "isfahan", "maribor", "graz"]
    # Within 2010 the old twinning still counts.
    assert len(shortest_paths(store, "qazvin", "graz", filters=Filters(as_of="2010"))[0].hops) == 1


def test_every_hop_lists_all_ties_with_sources() -> None:
    store = _store()
    [p] = shortest_paths(store, "qazvin", "graz", filters=Filters(as_of="2020"))
    assert [(h.source.label, h.target.label) for h in p.hops] == [
        ("Qazvin", "Isfahan"),
        ("Isfahan", "Maribor"),
        ("Maribor", "Graz"),
    ]
    assert [(t.fact, t.kind, t.sources) for t in p.hops[1].ties] == [
        ("p1", "PartnershipAgreement", ("src2",)),
        ("t2", "TwinningAgreement", ("src1", "src2")),
    ]
    assert [(t.fact, t.sources) for t in p.hops[0].ties] == [("t1", ("src1",))]


def test_k_shortest_in_length_then_id_order() -> None:
    store = _store()
    found = shortest_paths(store, "qazvin", "graz", k=3, filters=Filters(as_of="2020"))
    assert [[n.id for n in p.nodes] for p in found] == [
        ["qazvin", "isfahan", "maribor", "graz"],
        ["qazvin", "kermanshah", "maribor", "graz"],
    ]
    only_twinning = Filters(kinds=frozenset({"twinning"}), as_of="2020")
    assert [
        [n.id for n in p.nodes] for p in shortest_paths(store, "qazvin", "graz", k=3, filters=only_twinning)
    ] == [["qazvin", "isfahan", "maribor", "graz"]]


def test_no_path_is_an_empty_answer() -> None:
    store = _store()
    assert shortest_paths(store, "qazvin", "xian") == []
    assert shortest_paths(store, "qazvin", "graz", max_length=2, filters=Filters(as_of="2020")) == []


def test_unknown_entity_suggests_close_names() -> None:
    with pytest.raises(NotFound) as info:
        shortest_paths(_store(), "Qazvn", "graz")
    assert "Qazvn" in str(info.value)
    assert info.value.suggestions == ["qazvin"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 11}, "k must be between 1 and 10, not 11"),
        ({"k": 0}, "k must be between 1 and 10, not 0"),
        ({"max_length": 13}, "max_length must be between 1 and 12, not 13"),
    ],
)
def test_limits(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        shortest_paths(_store(), "qazvin", "graz", **kwargs)


def test_bad_filters_are_refused() -> None:
    with pytest.raises(InvalidArgument, match="unknown tie kind 'Friendship'"):
        Filters(kinds=frozenset({"Friendship"}))
    with pytest.raises(InvalidArgument, match="as_of must be YYYY"):
        Filters(as_of="20th May")


def test_projection_is_cached_and_rebuilt_after_a_load() -> None:
    store = _store()
    first = project(store)
    assert project(store) is first
    assert first.graph.ecount() == 6  # seven agreements, two on the same pair
    store.load(
        [
            (
                "more",
                dataset_to_graph(
                    Dataset(
                        name="more",
                        agreements=[Agreement(id="t9", type="TwinningAgreement", parties=["xian", "graz"])],
                    )
                ),
            )
        ]
    )
    again = project(store)
    assert again is not first
    assert again.graph.ecount() == 7
    assert shortest_paths(store, "xian", "qazvin")[0].hops[1].ties[0].fact == "old"
