"""Fixtures of the service tests: the app over the seed store, and a live uvicorn on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator

import pytest
import uvicorn

with warnings.catch_warnings():
    # Starlette's TestClient warns that it will move from httpx to httpx2; the API is the same.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from graph.embedded_store import EmbeddedStore
from service.app import create_app
from service.settings import ServiceSettings


@pytest.fixture(scope="session")
def service_store(seed_graphs: list[tuple[str, object]]) -> Iterator[EmbeddedStore]:
    """One in-memory store with the bundled data for the whole session (tests here only read it)."""
    store = EmbeddedStore()
    store.load(seed_graphs)  # type: ignore[arg-type]
    yield store
    store.close()


@pytest.fixture
def client(service_store: EmbeddedStore) -> Iterator[TestClient]:
    """A test client of the app over the bundled data."""
    app = create_app(store=service_store, settings=ServiceSettings(sparql_max_rows=50, api_key=None))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def live_url(service_store: EmbeddedStore) -> Iterator[str]:
    """A real uvicorn serving the bundled data on a free loopback port."""
    app = create_app(store=service_store, settings=ServiceSettings(sparql_max_rows=50))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
