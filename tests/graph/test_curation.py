"""Curation on both stores: names in the reader's language, duplicates, merge and its exact undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import neo4j
import pytest
from curation_world import world as _world

from graph.curation import distinct, duplicates, merge, unmerge
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotFound
from graph.neo4j_store import Neo4jStore


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.param == "embedded":
        s: Any = EmbeddedStore()
    else:
        s = Neo4jStore(neo4j.GraphDatabase.driver(request.getfixturevalue("neo4j_uri")))
        s.clear()
    s.load(_world())
    yield s
    if request.param == "neo4j":
        s.clear()
    s.close()


def _label(store: Any, eid: str, lang: str) -> str:
    return next(n.label for n in store.nodes(lang=lang) if n.id == eid)


def test_labels_in_the_readers_language(store: Any) -> None:
    assert _label(store, "rome", "en") == "Rome"
    assert _label(store, "rome", "it") == "Roma"
    assert _label(store, "qazvin", "fa-IR") == "قزوین"
    # No English name: never the Italian or German one when another is known.
    assert _label(store, "ljubljana", "en") == "Ljubljana"
    assert _label(store, "ljubljana", "it") == "Lubiana"
    assert _label(store, "ljubljana", "de") == "Laibach"
    # Only Italian and German known: German sorts first, deterministic on both stores.
    assert _label(store, "marburg", "en") == "Marburg"
    assert store.entity("ljubljana", lang="en").label == "Ljubljana"
    assert [r.label for r in store.search("Lubiana", lang="en")] == ["Ljubljana"]


@pytest.mark.neo4j
def test_both_stores_give_the_same_labels(neo4j_uri: str) -> None:
    emb = EmbeddedStore()
    emb.load(_world())
    neo = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri))
    neo.clear()
    try:
        neo.load(_world())
        for lang in ("en", "it", "de", "fa", "sl", "fr-CA"):
            assert neo.nodes(lang=lang) == emb.nodes(lang=lang)
        assert neo.places() == emb.places()
    finally:
        neo.clear()
        neo.close()


def test_duplicates_find_the_pair_and_keep_namesakes_apart(store: Any) -> None:
    pairs = duplicates(store)
    assert [(p.a, p.b) for p in pairs] == [("parigi", "paris")]
    (pair,) = pairs
    assert pair.evidence == ("name:paris",)
    assert pair.label_a == "Paris"
    assert pair.distance_km is not None
    assert pair.distance_km < 1
    assert pair.population == 2_100_000
    assert duplicates(store, min_population=3_000_000) == []
    assert [p.a for p in duplicates(store, min_population=100_000)] == ["parigi"]
    with pytest.raises(InvalidArgument):
        duplicates(store, radius_km=0)


def _snapshot(store: Any) -> dict[str, Any]:
    ids = sorted(n.id for n in store.nodes())
    state: dict[str, Any] = {
        "counts": store.counts(),
        "ties": store.ties(),
        "nodes": store.nodes(),
        "entities": {i: store.entity(i) for i in ids},
    }
    if isinstance(store, EmbeddedStore):
        state["raw"] = set(store.quads())
    else:
        nodes, rels = store.property_graph()
        state["raw"] = (
            sorted((n["id"], sorted(n["labels"]), repr(sorted(n["props"].items()))) for n in nodes),
            sorted((r["src"], r["type"], r["dst"], tuple(r["datasets"])) for r in rels),
        )
    return state


def _findings(store: EmbeddedStore) -> set[tuple[str, str, str]]:
    return {(str(r.focus_node), str(r.path), r.message) for r in store.validate().results}


def test_merge_moves_every_fact_and_undo_restores_exactly(store: Any) -> None:
    before = _snapshot(store)
    if isinstance(store, EmbeddedStore):
        before_findings = _findings(store)
        assert before_findings
        assert all(m.startswith("A fact must") for _, _, m in before_findings)
    parigi = store.entity("parigi")
    record = merge(store, "paris", "parigi", by="curator one")
    assert record.keep == "paris"
    assert record.other == "parigi"
    assert record.by == "curator one"
    assert record.moved > 0
    assert not store.exists("parigi")
    paris = store.entity("paris")
    # Every fact of Parigi is now Paris's, with its sources; nothing is lost.
    assert {f.id for f in paris.facts} == {f.id for f in parigi.facts} | {"tw-paris-rome"}
    assert {f.id for f in parigi.facts} == {"m-parigi-eurocities", "tw-parigi-berlin", "summit-1", "post-1"}
    assert paris.labels["it"] == ["Parigi"]
    assert {n.id: n.label for n in store.nodes(lang="it")}["paris"] == "Parigi"
    # One Wikidata id stays on the kept entity; the other's becomes an owl:sameAs link. Parigi's GeoNames id
    # moves (Paris had none), and the kept entity's single values win.
    assert paris.identifiers == {"wikidata": "Q90", "geonames": "2988507"}
    assert paris.attributes["sameAs"] == "http://www.wikidata.org/entity/Q1000090, parigi"
    assert paris.attributes["lat"] == "48.8566"
    assert paris.attributes["population"] == "2100000"
    # The join is recorded: who, when, and the sameAs link, which exports carry.
    merge_source = [s for s in paris.sources if s.id == record.id]
    assert merge_source
    assert merge_source[0].label == "merge of parigi into paris"
    assert store.merges() == [record]
    ties = {(t.kind, t.source, t.target) for t in store.ties()}
    assert ("PartnershipAgreement", "berlin", "paris") in ties
    assert ("Membership", "paris", "eurocities") in ties
    assert ("EventHost", "summit-1", "paris") in ties
    assert ("Post", "mayor-p", "paris") in ties
    assert not any("parigi" in (t.source, t.target) for t in store.ties())
    assert duplicates(store) == []
    counts = store.counts()
    assert counts["City"] == before["counts"]["City"] - 1
    assert counts["Source"] == before["counts"].get("Source", 0) + 1  # the record
    assert {k: v for k, v in counts.items() if k not in {"City", "Source"}} == {
        k: v for k, v in before["counts"].items() if k not in {"City", "Source"}
    }
    if isinstance(store, EmbeddedStore):
        same_as = store.sparql(
            "SELECT ?a ?b ?who WHERE { ?a <http://www.w3.org/2002/07/owl#sameAs> ?b . "
            "?m <http://purl.org/dc/terms/creator> ?who }"
        )
        assert sorted((str(r["a"].value), str(r["b"].value), r["who"].value) for r in same_as) == [
            ("https://w3id.org/citykg/id/paris", "http://www.wikidata.org/entity/Q1000090", "curator one"),
            ("https://w3id.org/citykg/id/paris", "https://w3id.org/citykg/id/parigi", "curator one"),
        ]
        # The world's facts cite no sources (the shapes say so); the join adds no other finding: no second
        # preferred name, QID, coordinates or population, and a record the shapes accept.
        assert _findings(store) == before_findings
    else:
        _, rels = store.property_graph()
        assert ("paris", "SAME_AS", "parigi") in {(r["src"], r["type"], r["dst"]) for r in rels}
        assert ("paris", "DERIVED_FROM", record.id) in {(r["src"], r["type"], r["dst"]) for r in rels}
    undone = unmerge(store, record.id)
    assert undone == record
    assert _snapshot(store) == before
    assert store.merges() == []
    with pytest.raises(NotFound):
        unmerge(store, record.id)


def test_merge_refuses_bad_input_and_writes_nothing(store: Any) -> None:
    before = _snapshot(store)
    with pytest.raises(NotFound):
        merge(store, "paris", "nowhere")
    with pytest.raises(InvalidArgument):
        merge(store, "paris", "paris")
    with pytest.raises(InvalidArgument):
        merge(store, "paris", "x> } DROP ALL {")
    with pytest.raises(InvalidArgument):
        merge(store, "paris", "parigi", by="bad\nname")
    with pytest.raises(InvalidArgument):
        unmerge(store, "merge-zz")
    assert _snapshot(store) == before


def test_later_merges_are_undone_first(store: Any) -> None:
    first = merge(store, "paris", "parigi", by="a")
    second = merge(store, "paris", "paris-tx", by="b")
    with pytest.raises(InvalidArgument, match=second.id):
        unmerge(store, first.id)
    unmerge(store, second.id)
    unmerge(store, first.id)
    assert store.exists("parigi")
    assert store.exists("paris-tx")


def test_merge_and_undo_keep_dated_values(store: Any) -> None:
    """Two records of one network, each with its founding date: the join and its undo keep the dates' type."""
    from ontology.records import Dataset, Network
    from ontology.to_rdf import dataset_to_graph

    both = Dataset(
        name="dated",
        entities=[
            Network(id="net-a", labels={"en": ["Learning Cities"]}, founded="2015-09-01"),
            Network(id="net-b", labels={"fr": ["Villes apprenantes"]}, founded="2015"),
        ],
    )
    store.load([("dated", dataset_to_graph(both))])
    before = _snapshot(store)
    record = merge(store, "net-a", "net-b", by="curator")
    assert store.entity("net-a").attributes["founded"] == "2015-09-01"
    assert not store.exists("net-b")
    unmerge(store, record.id)
    assert _snapshot(store) == before
    assert store.entity("net-b").attributes["founded"] == "2015"


@pytest.mark.neo4j
def test_merge_gives_the_same_answers_on_both_stores(neo4j_uri: str) -> None:
    emb = EmbeddedStore()
    emb.load(_world())
    neo = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri))
    neo.clear()
    try:
        neo.load(_world())
        at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        merge(emb, "paris", "parigi", by="c", at=at)
        merge(neo, "paris", "parigi", by="c", at=at)
        assert neo.counts() == emb.counts()
        assert neo.ties() == emb.ties()
        for lang in ("en", "it", "fr"):
            assert neo.nodes(lang=lang) == emb.nodes(lang=lang)
        assert neo.places() == emb.places()
        e, n = emb.entity("paris"), neo.entity("paris")
        # The same rewrite on both: Paris's own names, ids and values stay; Parigi's become alternatives.
        assert (n.labels, n.identifiers, n.attributes, n.facts) == (
            e.labels,
            e.identifiers,
            e.attributes,
            e.facts,
        )
        assert e.identifiers == {"wikidata": "Q90", "geonames": "2988507"}
        # The same record (its id is random, one per join): a source with its label and date.
        assert [(s.label, s.date) for s in n.sources] == [(s.label, s.date) for s in e.sources]
        assert [(s.label, s.date) for s in e.sources] == [("merge of parigi into paris", "2026-01-02")]
        assert distinct(emb, "paris", "paris-tx", reason="Texas", by="c", at=at)
        assert distinct(neo, "paris", "paris-tx", reason="Texas", by="c", at=at)
        assert not distinct(neo, "paris-tx", "paris", reason="again", by="c")
        assert neo.distinct_pairs() == emb.distinct_pairs() == {("paris", "paris-tx")}
        assert neo.entity("paris").links == emb.entity("paris").links
    finally:
        neo.clear()
        neo.close()


@pytest.fixture(scope="module")
def bundled(bundled_graphs: list[tuple[str, Any]]) -> Iterator[EmbeddedStore]:
    """The bundled data (seeds and the world twinning graph), as `citykg load` loads it."""
    s = EmbeddedStore()
    s.load(bundled_graphs)
    yield s
    s.close()


def _all_pairs(store: EmbeddedStore, radius_km: float) -> set[tuple[str, str]]:
    """Every pair of cities compared, the slow way, as the baseline: one GeoNames id, or close and one name."""
    from graph.curation import haversine_km, name_key

    every = list(store.places())
    found: set[tuple[str, str]] = set()
    by_id: dict[str, list[str]] = {}
    for p in every:
        for g in p.geonames:
            by_id.setdefault(g, []).append(p.id)
    for ids in by_id.values():
        found |= {(min(a, b), max(a, b)) for a in ids for b in ids if a != b}
    places = [p for p in every if p.lat is not None and p.lon is not None]
    names = [{name_key(n) for ns in p.labels.values() for n in ns} for p in places]
    for i, p in enumerate(places):
        for j in range(i + 1, len(places)):
            q = places[j]
            if names[i] & names[j] and haversine_km(p.lat, p.lon, q.lat, q.lon) <= radius_km:  # type: ignore[arg-type]
                found.add((min(p.id, q.id), max(p.id, q.id)))
    return found


@pytest.mark.slow
def test_duplicates_on_the_world_graph_equal_comparing_all_pairs(bundled: EmbeddedStore) -> None:
    pairs = duplicates(bundled)
    assert {(p.a, p.b) for p in pairs} == _all_pairs(bundled, 10.0)
    assert ("wd-Q727", "wd-Q9899") in {(p.a, p.b) for p in pairs}  # Amsterdam, twice
    for p in pairs:
        assert p.evidence
        shared_id = any(e.startswith("geonames:") for e in p.evidence)
        assert shared_id or (p.distance_km is not None and p.distance_km <= 10.0)
    big = duplicates(bundled, min_population=100_000)
    assert {(p.a, p.b) for p in big} <= {(p.a, p.b) for p in pairs}
    assert all((p.population or 0) >= 100_000 for p in big)


@pytest.mark.slow
def test_merge_and_undo_on_the_world_graph(bundled: EmbeddedStore) -> None:
    before_quads = set(bundled.quads())
    before_counts = bundled.counts()
    facts = {f.id for f in bundled.entity("wd-Q727").facts} | {f.id for f in bundled.entity("wd-Q9899").facts}
    record = merge(bundled, "wd-Q727", "wd-Q9899", by="test")
    assert {f.id for f in bundled.entity("wd-Q727").facts} == facts
    assert "wd-Q9899" not in {n.id for n in bundled.nodes()}
    unmerge(bundled, record.id)
    assert bundled.counts() == before_counts
    assert set(bundled.quads()) == before_quads
