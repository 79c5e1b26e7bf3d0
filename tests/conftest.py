"""Shared fixtures: the real data, stores loaded with the seed knowledge base, a real Neo4j server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths, read_sources

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, the Neo4j tests share one worker, so one server serves them all."""
    for item in items:
        if item.get_closest_marker("neo4j"):
            item.add_marker(pytest.mark.xdist_group("neo4j"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: the real datasets (read, never copied unless their licence allows)."""
    if not DATA.is_dir():
        pytest.fail(f"the shared data is missing at {DATA}")
    return DATA


@pytest.fixture(scope="session")
def seed_graphs() -> list[tuple[str, object]]:
    """The bundled seed knowledge base, read once."""
    return read_sources(bundled_paths(world=False))  # type: ignore[return-value]


@pytest.fixture(scope="session")
def bundled_graphs() -> list[tuple[str, object]]:
    """All the bundled data (seeds, rosters and the world twinning graph), read once per worker.

    Reading it costs several times loading it: tests that need a store of their own load these.
    """
    return read_sources(bundled_paths())  # type: ignore[return-value]


@pytest.fixture
def seed_store(seed_graphs: list[tuple[str, object]]) -> Iterator[EmbeddedStore]:
    """An in-memory embedded store holding the seed knowledge base."""
    store = EmbeddedStore()
    store.load(seed_graphs)  # type: ignore[arg-type]
    yield store
    store.close()


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """A real Neo4j server for the session: ``NEO4J_URI`` when set, else one started by scripts/neo4j-server.

    A server that cannot start fails the Neo4j tests, with the reason: they are
    never skipped (deselect them with ``-m "not neo4j"`` to run without Java).
    """
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    from neo4j_server import Neo4jServer

    server = Neo4jServer(name=f"pytest-{os.getpid()}")  # concurrent sessions get servers of their own
    try:
        uri = server.start()
    except Exception as exc:
        pytest.fail(f"no Neo4j server could be started: {exc}")
    try:
        yield uri
    finally:
        server.stop()
