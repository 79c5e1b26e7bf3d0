"""scripts/neo4j-server: start, query, stop --keep, restart on the same port with the same data."""

from __future__ import annotations

import os

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ServiceUnavailable
from neo4j_server import Neo4jServer

pytestmark = pytest.mark.neo4j


def _run(uri: str, query: str, **params: object) -> list[dict[str, object]]:
    with GraphDatabase.driver(uri, auth=None) as driver:
        records, _, _ = driver.execute_query(query, params)
        return [r.data() for r in records]


def test_start_query_stop_keep_restart() -> None:
    server = Neo4jServer(f"pytest-restart-{os.getpid()}")
    try:
        uri = server.start()
        assert uri.startswith("bolt://127.0.0.1:")
        assert server.uri == uri
        assert server.is_running()
        assert _run(uri, "RETURN 1 AS x") == [{"x": 1}]
        _run(uri, "CREATE (:City {name: $name})", name="Kraków")

        server.stop(keep=True)
        assert not server.is_running()
        with (
            GraphDatabase.driver(uri, auth=None, connection_timeout=2) as driver,
            pytest.raises(ServiceUnavailable),
        ):
            driver.verify_connectivity()

        assert server.start() == uri  # same port
        assert _run(uri, "MATCH (c:City) RETURN c.name AS name") == [{"name": "Kraków"}]  # same data
    finally:
        server.stop()
    assert not server.is_running()
