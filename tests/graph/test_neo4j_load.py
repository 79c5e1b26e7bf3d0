"""The Neo4j writer: the property merge in Cypher, and all-or-nothing loads on both write paths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from graph.errors import LoadFailed
from graph.neo4j_mapping import PropertyGraph, map_graphs, merge_properties
from graph.neo4j_store import Neo4jStore
from ontology.records import Agreement, City, Dataset
from ontology.to_rdf import dataset_to_graph

pytestmark = pytest.mark.neo4j


@pytest.fixture
def store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    s = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri), batch_size=1)
    s.clear()
    yield s
    s.clear()
    s.close()


def _mapped(name: str, *cities: City) -> PropertyGraph:
    return map_graphs([(name, dataset_to_graph(Dataset(name=name, entities=list(cities))))])


def _props(store: Neo4jStore, node_id: str) -> dict[str, Any]:
    rows = store._read("MATCH (n:Resource {id: $id}) RETURN properties(n) AS p", id=node_id)
    return rows[0]["p"] if rows else {}


def _with_bad_node(pg: PropertyGraph) -> PropertyGraph:
    # A map is no Neo4j property value: the server refuses the statement of the last node batch.
    pg.nodes["zzz-bad"] = {"id": "zzz-bad", "types": ["City"], "datasets": ["b"], "bad": {"x": 1}}
    return pg


def test_merge_in_cypher_equals_merge_properties(store: Neo4jStore) -> None:
    a = _mapped("a", City(id="qazvin", labels={"en": ["Qazvin"]}, lat=36.27, lon=50.0))
    b = _mapped("b", City(id="qazvin", labels={"en": ["Kazvin", "Qazvin"], "fa": ["قزوین"]}, lat=1.0))
    first = store.load_mapped(a, datasets=["a"])
    stored = _props(store, "qazvin")
    second = store.load_mapped(b, datasets=["b"])
    expected, gained = merge_properties(stored, b.nodes["qazvin"])
    assert _props(store, "qazvin") == expected
    assert expected["label_en"] == ["Qazvin", "Kazvin"]
    assert expected["datasets"] == ["a", "b"]
    assert expected["lat"] == 36.27
    assert first.triples_added == 1
    assert second.triples_added == gained == 8
    assert store.load_mapped(b, datasets=["b"]).unchanged


def test_one_transaction_load_failing_midway_leaves_nothing(store: Neo4jStore) -> None:
    store.load_mapped(_mapped("a", City(id="qazvin", labels={"en": ["Qazvin"]})), datasets=["a"])
    version, before = store.version(), _props(store, "qazvin")
    pg = _with_bad_node(_mapped("b", City(id="isfahan"), City(id="qazvin", labels={"fa": ["قزوین"]})))
    with pytest.raises(LoadFailed, match="Neo4j refused the load, nothing was kept"):
        store.load_mapped(pg, datasets=["b"])
    assert store.counts() == {"City": 1}
    assert _props(store, "isfahan") == {}
    assert _props(store, "qazvin") == before
    assert store.version() == version


def test_batched_load_failing_midway_is_rolled_back(store: Neo4jStore) -> None:
    store.single_tx_limit = 0  # every load takes the batched path with the load id
    store.load_mapped(_mapped("a", City(id="qazvin", labels={"en": ["Qazvin"]})), datasets=["a"])
    version, before = store.version(), _props(store, "qazvin")
    assert "_load" not in before
    pg = _with_bad_node(_mapped("b", City(id="isfahan"), City(id="qazvin", labels={"fa": ["قزوین"]})))
    with pytest.raises(LoadFailed, match="nothing was kept"):
        store.load_mapped(pg, datasets=["b"])
    assert store.counts() == {"City": 1}
    assert _props(store, "isfahan") == {}
    assert _props(store, "qazvin") == before
    assert store.version() == version
    leftovers = store._read("MATCH (n) WHERE n._load IS NOT NULL RETURN count(n) AS n")
    assert leftovers == [{"n": 0}]


def test_batched_load_cut_short_is_rolled_back_by_the_next_load(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.single_tx_limit = 0
    store.load_mapped(_mapped("a", City(id="qazvin", labels={"en": ["Qazvin"]})), datasets=["a"])
    counts, before = store.counts(), _props(store, "qazvin")
    pg = _with_bad_node(_mapped("b", City(id="isfahan"), City(id="qazvin", labels={"fa": ["قزوین"]})))
    # The process loses Neo4j right after the failing batch: no rollback can run now.
    monkeypatch.setattr(store, "_rollback", lambda load_id: False)
    with pytest.raises(LoadFailed, match="could not be rolled back now and will be by the next load"):
        store.load_mapped(pg, datasets=["b"])
    monkeypatch.undo()
    # What the earlier batches wrote is in the database, with the journal that can undo it.
    assert _props(store, "isfahan") != {}
    assert _props(store, "qazvin")["label_fa"] == ["قزوین"]
    journal = store._read("MATCH (j:CitykgJournal) RETURN j.id AS id")
    assert journal == [{"id": "qazvin"}]

    store.stale_after = 0  # the dead load's marker is old enough
    store.load_mapped(_mapped("c", City(id="tabriz")), datasets=["c"])
    assert _props(store, "isfahan") == {}
    assert _props(store, "qazvin") == before
    assert store.counts() == {"City": counts["City"] + 1}
    left = store._read(
        "MATCH (n) WHERE n._load IS NOT NULL OR n:CitykgJournal OR n:CitykgLoad RETURN count(n) AS n"
    )
    assert left == [{"n": 0}]


def test_numbers_are_typed(store: Neo4jStore) -> None:
    store.load_mapped(
        _mapped("a", City(id="vilnius", population=574147, lat=54.68, lon=25.28)), datasets=["a"]
    )
    props = _props(store, "vilnius")
    assert props["population"] == 574147
    assert isinstance(props["population"], int)
    assert isinstance(props["lat"], float)
    found = store._read("MATCH (n:City) WHERE n.population > 500000 RETURN n.id AS id")
    assert found == [{"id": "vilnius"}]


def _tie(name: str) -> PropertyGraph:
    cities = [City(id="qazvin"), City(id="isfahan")]
    tie = Agreement(id="tw-qi", type="TwinningAgreement", parties=["qazvin", "isfahan"])
    return map_graphs([(name, dataset_to_graph(Dataset(name=name, entities=cities, agreements=[tie])))])


def _datasets(store: Neo4jStore) -> dict[str, Any]:
    rows = store._read("MATCH (:Resource {id: 'tw-qi'})-[r]->(c) RETURN c.id AS c, properties(r) AS p")
    return {row["c"]: row["p"] for row in rows}


@pytest.mark.parametrize("cut_short", [False, True])
def test_batched_load_failing_among_its_ties_takes_back_the_names_it_added(
    store: Neo4jStore, cut_short: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.single_tx_limit = 0
    store.load_mapped(_tie("a"), datasets=["a"])
    before = _datasets(store)
    assert before == {"isfahan": {"datasets": ["a"]}, "qazvin": {"datasets": ["a"]}}
    pg = _tie("b")
    # A tie whose dataset list holds a map, which Neo4j refuses: it fails after the batch of the isfahan tie
    # (batches of one row, in order), so "b" was already added to a tie that existed before.
    pg.rels[("tw-qi", "PARTY", "zzz")] = [{"x": 1}]  # type: ignore[list-item]
    pg.nodes["zzz"] = {"id": "zzz", "types": ["City"], "datasets": ["b"]}
    if cut_short:
        monkeypatch.setattr(store, "_rollback", lambda load_id: False)
    with pytest.raises(LoadFailed):
        store.load_mapped(pg, datasets=["b"])
    if cut_short:
        monkeypatch.undo()
        assert _datasets(store)["isfahan"]["datasets"] == ["a", "b"]
        store.stale_after = 0
        store.load_mapped(_mapped("c", City(id="tabriz")), datasets=["c"])
    assert _datasets(store) == before


def test_a_later_load_of_the_same_name_keeps_it_through_the_dead_loads_rollback(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.single_tx_limit = 0
    store.load_mapped(_tie("a"), datasets=["a"])
    pg = _tie("b")
    pg.rels[("tw-qi", "PARTY", "zzz")] = [{"x": 1}]  # type: ignore[list-item]
    pg.nodes["zzz"] = {"id": "zzz", "types": ["City"], "datasets": ["b"]}
    monkeypatch.setattr(store, "_rollback", lambda load_id: False)
    with pytest.raises(LoadFailed):
        store.load_mapped(pg, datasets=["b"])
    monkeypatch.undo()
    store.load_mapped(_tie("b"), datasets=["b"])  # the rerun: it writes "b" on both ties again
    store.stale_after = 0
    store.load_mapped(_mapped("c", City(id="tabriz")), datasets=["c"])  # rolls the dead load back
    assert _datasets(store) == {"isfahan": {"datasets": ["a", "b"]}, "qazvin": {"datasets": ["a", "b"]}}
