"""The store contract: the same questions on the embedded store and on Neo4j give equal answers."""

from __future__ import annotations

import gzip
import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from rdflib import RDF, Graph

from graph.centrality import centrality
from graph.cypher_export import cypher_statements, property_graph_of
from graph.embedded_store import EmbeddedStore
from graph.errors import NotFound
from graph.neo4j_store import Neo4jStore
from graph.paths import shortest_paths
from graph.projection import project
from graph.stats import network_statistics
from graph.store import Store, Tie
from loaders import BUNDLED_WORLD, bundled_paths, read_sources
from ontology.records import Agreement, City, Dataset, Event, Membership, Network, Organisation, Person, Post
from ontology.to_rdf import dataset_to_graph
from ontology.vocab import CKG, entity_iri

pytestmark = pytest.mark.neo4j


def _small() -> list[tuple[str, Graph]]:
    ds = Dataset(
        name="small",
        entities=[
            City(id="qazvin", labels={"en": ["Qazvin", "Kazvin"], "fa": ["قزوین"]}),
            City(id="isfahan", labels={"en": ["Isfahan"], "fa": ["اصفهان"]}),
        ],
    )
    return [("small", dataset_to_graph(ds))]


@pytest.fixture
def neo4j_store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri))
    try:
        store.clear()
        yield store
        store.clear()
    finally:
        store.close()


def _both(graphs: Any, neo: Neo4jStore) -> tuple[EmbeddedStore, Neo4jStore]:
    emb = EmbeddedStore()
    emb.load(graphs)
    neo.load(graphs)
    return emb, neo


def test_small_dataset_answers_equal(neo4j_store: Neo4jStore) -> None:
    emb, neo = _both(_small(), neo4j_store)
    assert isinstance(neo, Store)
    assert neo.counts() == emb.counts() == {"City": 2}
    assert [r.id for r in neo.search("قزوين")] == ["qazvin"]
    assert neo.search("kazvin", lang="fa") == emb.search("kazvin", lang="fa")
    assert neo.entity("qazvin") == emb.entity("qazvin")
    assert neo.entity("qazvin").labels == {"en": ["Qazvin", "Kazvin"], "fa": ["قزوین"]}
    assert neo.nodes(lang="fa") == emb.nodes(lang="fa")
    assert neo.ties() == emb.ties() == []


def test_seed_answers_equal(neo4j_store: Neo4jStore, seed_graphs: Any) -> None:
    emb, neo = _both(seed_graphs, neo4j_store)
    assert neo.counts() == emb.counts()
    assert neo.nodes() == emb.nodes()
    assert neo.nodes(lang="fa") == emb.nodes(lang="fa")
    assert neo.ties() == emb.ties()
    for text, lang in [
        ("Qazvin", "en"),
        ("قزوین", "fa"),
        ("isfahan", "fa"),
        ("Maribor", "en"),
        ("unesco", "en"),
    ]:
        assert neo.search(text, lang=lang) == emb.search(text, lang=lang), text
    for node in emb.nodes():
        assert neo.entity(node.id) == emb.entity(node.id), node.id
    assert neo.entity("qazvin", lang="fa") == emb.entity("qazvin", lang="fa")


def test_reload_is_idempotent_and_version_changes(neo4j_store: Neo4jStore, seed_graphs: Any) -> None:
    before = neo4j_store.version()
    first = neo4j_store.load(seed_graphs)
    after_first = neo4j_store.version()
    second = neo4j_store.load(seed_graphs)
    assert after_first != before
    assert not first.unchanged
    assert second.unchanged
    assert neo4j_store.version() == after_first
    assert second.counts == first.counts
    assert first.counts["City"] > 5


def test_missing_entity_is_not_found_on_both(neo4j_store: Neo4jStore) -> None:
    emb, neo = _both(_small(), neo4j_store)
    for store in (emb, neo):
        with pytest.raises(NotFound, match="no entity with id 'qazvn'") as info:
            store.entity("qazvn")
        assert info.value.suggestions == ["qazvin", "kazvin"]


def _reviewed() -> list[tuple[str, Graph]]:
    """A fact of each review status: none (curated), Candidate, Accepted, Rejected."""
    ds = Dataset(
        name="reviewed",
        entities=[
            City(id="qazvin", labels={"en": ["Qazvin"]}),
            City(id="isfahan", labels={"en": ["Isfahan"]}),
            City(id="tabriz", labels={"en": ["Tabriz"]}),
            Network(id="gnlc", labels={"en": ["GNLC"]}),
            Organisation(id="uil", labels={"en": ["UIL"]}),
            Person(id="raoul", labels={"en": ["Raoul"]}),
            Event(id="summit", labels={"en": ["Summit"]}),
        ],
        agreements=[
            Agreement(id="twin-curated", type="TwinningAgreement", parties=["qazvin", "isfahan"]),
            Agreement(
                id="twin-cand", type="TwinningAgreement", parties=["qazvin", "tabriz"], review="Candidate"
            ),
            Agreement(
                id="twin-rej", type="TwinningAgreement", parties=["isfahan", "tabriz"], review="Rejected"
            ),
        ],
        memberships=[
            Membership(id="mem-acc", member="qazvin", network="gnlc", review="Accepted"),
            Membership(id="mem-rej", member="isfahan", network="gnlc", review="Rejected"),
        ],
        posts=[Post(id="post-cand", person="raoul", role="Director", organisation="uil", review="Candidate")],
    )
    graph = dataset_to_graph(ds)
    # The news loader's event candidates: an Event node of the named event, hosting or attending.
    for fid, role, status in [
        ("ev-host-acc", CKG.host, CKG.Accepted),
        ("ev-part-cand", CKG.participant, CKG.Candidate),
        ("ev-part-rej", CKG.participant, CKG.Rejected),
    ]:
        node = entity_iri(fid)
        graph.add((node, RDF.type, CKG.Event))
        graph.add((node, CKG.partOfEvent, entity_iri("summit")))
        graph.add((node, role, entity_iri("tabriz" if role == CKG.host else "isfahan")))
        graph.add((node, CKG.reviewStatus, status))
    return [("reviewed", graph)]


def test_ties_come_only_from_trusted_facts_on_both(neo4j_store: Neo4jStore) -> None:
    emb, neo = _both(_reviewed(), neo4j_store)
    trusted = [
        Tie("ev-host-acc", "EventHost", "ev-host-acc", "tabriz"),
        Tie("mem-acc", "Membership", "qazvin", "gnlc"),
        Tie("twin-curated", "TwinningAgreement", "isfahan", "qazvin"),
    ]
    assert emb.ties() == trusted
    assert neo.ties() == trusted
    # Candidates and rejected facts stay in the store, visible with their status.
    assert neo.entity("tabriz") == emb.entity("tabriz")
    statuses = {f.id: f.attributes.get("reviewStatus") for f in emb.entity("tabriz").facts}
    assert statuses == {"twin-cand": "Candidate", "twin-rej": "Rejected", "ev-host-acc": "Accepted"}
    assert {f.id for f in neo.entity("isfahan").facts} >= {"mem-rej", "twin-rej", "twin-curated"}


def _world_slice(tmp_path: Path, rows: int) -> list[tuple[str, Graph]]:
    """The seeds plus the first ``rows`` rows of the bundled Wikidata sister-city export."""
    (world,) = [p for p in bundled_paths() if p.name == BUNDLED_WORLD]
    with gzip.open(world, "rt", encoding="utf-8") as fh:
        lines = [line for _, line in zip(range(rows + 1), fh, strict=False)]
    part = tmp_path / "wikidata-sister-cities-part.csv"
    part.write_text("".join(lines), encoding="utf-8")
    return read_sources([*bundled_paths(world=False), part])  # type: ignore[return-value]


@pytest.mark.slow
def test_twinning_questions_and_cypher_paths_equal(neo4j_store: Neo4jStore, tmp_path: Path) -> None:
    emb, neo = _both(_world_slice(tmp_path, 3000), neo4j_store)
    assert neo.counts() == emb.counts()
    assert emb.counts()["TwinningAgreement"] > 1000
    assert neo.ties() == emb.ties()
    for tie in emb.ties()[:: len(emb.ties()) // 15]:  # some cities with their twinning facts and sources
        assert neo.entity(tie.source) == emb.entity(tie.source), tie.source
    assert network_statistics(neo) == network_statistics(emb)
    assert centrality(neo, "betweenness", top=10) == centrality(emb, "betweenness", top=10)

    p = project(emb)
    rng = random.Random(7)
    pairs = [(p.ids[rng.randrange(len(p.ids))], p.ids[rng.randrange(len(p.ids))]) for _ in range(25)]
    linked = 0
    for a, b in pairs:
        on_emb = shortest_paths(emb, a, b, max_length=12)
        on_neo = shortest_paths(neo, a, b, max_length=12)
        assert [len(x.hops) for x in on_neo] == [len(x.hops) for x in on_emb], (a, b)
        in_cypher = neo.shortest_path(a, b, max_hops=12)  # searched level by level in the database
        if not on_emb:
            assert in_cypher is None, (a, b)
            continue
        linked += 1
        assert in_cypher is not None, (a, b)
        assert len(in_cypher) - 1 == len(on_emb[0].hops), (a, b)
        assert (in_cypher[0], in_cypher[-1]) == (a, b)
        for x, y in itertools.pairwise(in_cypher):  # every hop is a tie of the projection
            assert p.graph.are_adjacent(p.index[x], p.index[y]), (x, y)
    assert linked >= 10


def test_cypher_export_of_either_store_is_the_same_script(neo4j_store: Neo4jStore, seed_graphs: Any) -> None:
    emb, neo = _both(seed_graphs, neo4j_store)
    from_neo4j = list(cypher_statements(property_graph_of(neo)))
    assert from_neo4j == list(cypher_statements(property_graph_of(emb)))
    assert len(from_neo4j) > 10


def test_roster_sources_carry_their_page_on_both(neo4j_store: Neo4jStore) -> None:
    rosters = Path(__file__).resolve().parents[2] / "loaders" / "data" / "rosters"
    graphs = read_sources([*bundled_paths(world=False), rosters / "unesco-creative-cities.csv"])
    emb, neo = _both(graphs, neo4j_store)
    assert neo.entity("kashan") == emb.entity("kashan")
    urls = {s.url for f in emb.entity("kashan").facts for s in f.sources}
    assert "https://newspaper.irandaily.ir/7967/8/19310" in urls
