"""The store contract: the same questions on the embedded store and on Neo4j give equal answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from rdflib import Graph

from graph.embedded_store import EmbeddedStore
from graph.errors import NotFound
from graph.neo4j_store import Neo4jStore
from graph.store import Store
from ontology.records import City, Dataset
from ontology.to_rdf import dataset_to_graph

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
    store.clear()
    yield store
    store.clear()
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
