"""Neo4j down or a wrong password: a one-line CLI error, HTTP 503, and recovery without a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.errors import StoreUnavailable
from graph.neo4j_store import Neo4jStore
from service.app import create_app
from service.settings import ServiceSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "CITYKG_STORE": "neo4j", **env}
    return subprocess.run(
        [sys.executable, "-c", "from service.cli import main; main()", *args],
        cwd=REPO,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.neo4j
def test_cli_neo4j_down_is_one_line_exit_6(tmp_path: Path) -> None:
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    proc = _cli("show", "qazvin", NEO4J_URI=f"bolt://127.0.0.1:{port}", CITYKG_HOME=str(tmp_path))
    assert proc.returncode == 6, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Neo4j is not reachable" in lines[0]


@pytest.mark.neo4j
@pytest.mark.slow
def test_http_503_then_recovery_without_restart(seed_graphs: Any) -> None:
    # A server of its own to stop and start, also when NEO4J_URI names another one.
    sys.path.insert(0, str(REPO / "tests"))
    from neo4j_server import Neo4jServer

    server = Neo4jServer(name="faults", env={"NEO4J_PASSWORD": "citykg-faults-pw"})
    uri = server.start()
    wrong = Neo4jStore(neo4j.GraphDatabase.driver(uri, auth=("neo4j", "not-the-password")))
    with pytest.raises(StoreUnavailable, match="AuthError"):
        wrong.counts()
    wrong.close()
    store = Neo4jStore(neo4j.GraphDatabase.driver(uri, auth=("neo4j", "citykg-faults-pw")))
    try:
        store.load(seed_graphs)
        app = create_app(store=store, settings=ServiceSettings(api_key=None))
        with TestClient(app) as client:
            assert client.get("/entities/qazvin").status_code == 200
            server.stop(keep=True)
            down = client.get("/entities/qazvin")
            assert down.status_code == 503
            assert down.headers["content-type"].startswith("application/problem+json")
            assert down.json()["title"] == "Store unavailable"
            assert server.start() == uri
            back = client.get("/entities/qazvin")
            assert back.status_code == 200
            assert back.json()["id"] == "qazvin"
    finally:
        store.close()
        server.stop()


@pytest.mark.neo4j
def test_cli_load_into_neo4j_twice_same_counts_and_quiet(neo4j_uri: str, tmp_path: Path) -> None:
    store = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri))
    store.clear()
    try:
        seeds = str(REPO / "loaders" / "data" / "seeds.yaml")
        first = _cli("load", seeds, "--store", "neo4j", NEO4J_URI=neo4j_uri, CITYKG_HOME=str(tmp_path))
        assert first.returncode == 0, first.stderr
        counts = store.counts()
        second = _cli("load", seeds, "--store", "neo4j", NEO4J_URI=neo4j_uri, CITYKG_HOME=str(tmp_path))
        assert second.returncode == 0, second.stderr
        assert "nothing new" in second.stdout
        assert store.counts() == counts
        assert counts["City"] == 9  # the seed knowledge base's cities
        for run in (first, second):  # no driver or server chatter reaches the user
            assert "notification" not in run.stderr.lower(), run.stderr
    finally:
        store.clear()
        store.close()
