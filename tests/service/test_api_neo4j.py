"""The service on a Neo4j store: the questions answer; what needs RDF says so with a 501 problem."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graph.neo4j_store import Neo4jStore
from service.app import create_app
from service.settings import ServiceSettings

pytestmark = pytest.mark.neo4j


@pytest.fixture
def client(neo4j_uri: str, seed_graphs: Any) -> Iterator[TestClient]:
    store = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri))
    try:
        store.clear()
        store.load(seed_graphs)
        with TestClient(create_app(store=store, settings=ServiceSettings(api_key=None))) as c:
            yield c
        store.clear()
    finally:
        store.close()


def test_questions_and_cypher_export_answer_from_neo4j(client: TestClient) -> None:
    assert client.get("/entities/qazvin").json()["labels"]["fa"] == ["قزوین"]
    assert client.get("/stats").status_code == 200
    script = client.get("/export", params={"format": "cypher"})
    assert script.status_code == 200
    assert "MERGE (n:Resource {id: row.id})" in script.text


@pytest.mark.parametrize(
    ("method", "url", "params"),
    [
        ("GET", "/sparql", {"query": "ASK {}"}),
        ("GET", "/export", {"format": "turtle"}),
        ("GET", "/review/candidates", {}),
    ],
)
def test_what_needs_rdf_is_a_501_problem(
    client: TestClient, method: str, url: str, params: dict[str, str]
) -> None:
    response = client.request(method, url, params=params)
    assert response.status_code == 501
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "embedded store" in response.json()["detail"]
