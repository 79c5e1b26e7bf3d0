"""The SPARQL endpoint under attack: nesting, SERVICE evasions, updates, runaways, memory bombs, caps.

Every probe runs against the real worker pool over the bundled data; a local
listening socket stands in for "another host" and must never be reached.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient  # imported first (warning silenced) by conftest
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from service.app import create_app
from service.cli import app as cli_app
from service.settings import ServiceSettings
from service.sparql import pool_for

# Three triple patterns over the whole store: about 750 million solutions on the bundled data.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# The same product sorted: the engine must hold it all in memory.
MEMORY_BOMB = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
QUICK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def listener() -> Iterator[socket.socket]:
    """A TCP socket on loopback that no query may ever connect to."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def _untouched(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()
    except BlockingIOError:
        return True
    conn.close()
    return False


def _client(store: EmbeddedStore, **limits: object) -> TestClient:
    settings = ServiceSettings(api_key=None, sparql_workers=2, **limits)  # type: ignore[arg-type]
    return TestClient(create_app(store=store, settings=settings))


@pytest.fixture(scope="module")
def guarded(service_store: EmbeddedStore) -> Iterator[TestClient]:
    """The app with the default limits, except a short deadline."""
    with _client(service_store, sparql_timeout=20.0) as c:
        yield c


def _ok(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": QUICK})
    assert r.status_code == 200, r.text
    assert r.json() == {"head": {}, "boolean": True}


# ---------------------------------------------------------------------- size and nesting
def test_deep_nesting_is_refused_before_parsing_and_the_server_keeps_serving(guarded: TestClient) -> None:
    query = "SELECT * WHERE " + "{ " * 2500 + "} " * 2500  # the 10 kB probe that once killed the server
    r = guarded.get("/sparql", params={"query": query})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "deeper than 32 levels" in r.json()["detail"]
    parens = "SELECT * WHERE { FILTER(" + "(" * 200 + "1" + ")" * 200 + ") }"
    assert guarded.post("/sparql", data={"query": parens}).status_code == 400
    _ok(guarded)


def test_nesting_hidden_in_strings_iris_and_comments_does_not_count(guarded: TestClient) -> None:
    query = (
        "PREFIX x: <http://x/((((((((((((((((((((((((((((((((((((((((/>\n"
        "SELECT ?s WHERE { ?s ?p '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{' # ((((((((((((((((((((((((((((((((((\n"
        "} LIMIT 1"
    )
    assert guarded.get("/sparql", params={"query": query}).status_code == 200


def test_nesting_up_to_a_raised_cap_parses_in_the_worker(service_store: EmbeddedStore) -> None:
    # The worker parses on a deep stack: a query within the depth cap never overflows it.
    with _client(service_store, sparql_max_depth=256, sparql_max_query_bytes=100_000) as c:
        deep = "SELECT * WHERE " + "{ " * 250 + "} " * 250
        r = c.get("/sparql", params={"query": deep})
        assert r.status_code == 200, r.text
        assert r.json()["results"]["bindings"] == [{}]


def test_a_worker_that_crashes_costs_only_its_query(service_store: EmbeddedStore) -> None:
    # A segfault in the engine (as the deep-nesting probe once caused) is simulated with SIGSEGV.
    with _client(service_store, sparql_timeout=60.0) as c:
        _ok(c)
        settings: ServiceSettings = c.app.state.settings  # type: ignore[attr-defined]
        pool = pool_for(service_store, settings.sparql_limits())
        box: dict[str, Any] = {}
        runner = threading.Thread(
            target=lambda: box.setdefault("r", c.get("/sparql", params={"query": RUNAWAY}))
        )
        before = {w.proc.pid for w in pool._all if w.alive()}
        runner.start()
        deadline = time.monotonic() + 30
        busy: set[int] = set()
        while not busy and time.monotonic() < deadline:  # the worker that took the query
            time.sleep(0.2)
            busy = {w.proc.pid for w in pool._all if w.alive() and _cpu(w.proc.pid) > 0.3}
        assert busy, "no worker picked up the query"
        os.kill(busy.pop(), signal.SIGSEGV)
        runner.join(timeout=30)
        r = box["r"]
        assert r.status_code == 503
        assert r.json()["title"] == "Query stopped"
        assert "SIGSEGV" in r.json()["detail"]
        assert before  # workers were running before the crash
        _ok(c)


def _cpu(pid: int) -> float:
    """Seconds of CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_query_size_cap(service_store: EmbeddedStore) -> None:
    with _client(service_store, sparql_max_query_bytes=200) as c:
        long = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 200
        r = c.get("/sparql", params={"query": long})
        assert r.status_code == 400
        assert "the limit is 200 bytes" in r.json()["detail"]
        body = c.post(
            "/sparql", content=b"ASK {} #" + b"x" * 2000, headers={"Content-Type": "application/sparql-query"}
        )
        assert body.status_code == 400


# ---------------------------------------------------------------------- SERVICE, every way round
def _evasions(url: str) -> list[str]:
    body = "{ ?s ?p ?o }"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {body} }}",
        f"select * {{ sErViCe SiLeNt <{url}> {body} }}",
        f"PREFIX x: <http://x/> SELECT * WHERE {{ ?s x:p\\#x ?o . SERVICE <{url}> {body} }}",
        f"PREFIX x: <http://x/> SELECT * WHERE {{ ?s x:p\\'x ?o . SERVICE <{url}> {body} }}",
        f"SELECT * WHERE {{ # }} comment\n SERVICE <{url}> {body} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {body} }}",
        f"SELECT * WHERE {{ \\U00000053\\u0045RVICE <{url}> {body} }}",
        f"SELECT * WHERE {{ {{ {{ {{ SERVICE <{url}> {body} }} }} }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {body} }} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {body} }} }}",
        f"SELECT * WHERE {{ FILTER EXISTS {{ SERVICE <{url}> {body} }} }}",
        f"SELECT * WHERE {{ FILTER (1 = 1 && NOT EXISTS {{ SERVICE <{url}> {body} }}) }}",
        f"SELECT * WHERE {{ BIND(EXISTS {{ SERVICE <{url}> {body} }} AS ?x) }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {body} }} }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {body} }}",
        f"BASE <{url}> SELECT * WHERE {{ SERVICE <sparql> {body} }}",
        f"PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e:sparql {body} }}",
        f"ASK {{ SERVICE <{url}> {body} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {body} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {body} }}",
    ]


def test_every_service_evasion_is_refused_and_no_host_is_reached(
    guarded: TestClient, listener: socket.socket
) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    for query in _evasions(url):
        for r in (
            guarded.get("/sparql", params={"query": query}),
            guarded.post("/sparql", data={"query": query}),
        ):
            assert r.status_code == 400, (query, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            detail = r.json()["detail"]
            # Refused on the parse: SERVICE found, or text this parser cannot read at all.
            assert "SERVICE clauses are not allowed" in detail or "malformed SPARQL" in detail, query
    assert _untouched(listener)


def test_the_worker_itself_cannot_reach_any_host(listener: socket.socket) -> None:
    # Below the query check: the engine in a worker's namespace, asked SERVICE directly, connects nowhere.
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    code = (
        "import pyoxigraph as ox\n"
        "from service.sparql_worker import _leave_network\n"
        "assert _leave_network(), 'no network namespace'\n"
        f"try:\n    list(ox.Store().query('SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}'))\n"
        "except OSError as exc:\n    print('refused:', exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "refused:" in done.stdout
    assert _untouched(listener)


def test_pool_workers_run_isolated(guarded: TestClient, service_store: EmbeddedStore) -> None:
    _ok(guarded)
    settings: ServiceSettings = guarded.app.state.settings  # type: ignore[attr-defined]
    assert pool_for(service_store, settings.sparql_limits()).isolated is True


# ---------------------------------------------------------------------- updates
def test_updates_are_refused_and_change_nothing(guarded: TestClient, listener: socket.socket) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/data.ttl"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = guarded.get("/sparql", params={"query": count}).json()["results"]["bindings"]
    updates = [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }",
        f"LOAD <{url}>",
        f"load silent <{url}> INTO GRAPH <urn:g>",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/citykg/graph/seeds>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "COPY DEFAULT TO <urn:g>",
        "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
        "\\u0049NSERT DATA { <urn:a> <urn:b> <urn:c> }",
    ]
    for query in updates:
        r = guarded.post("/sparql", data={"query": query})
        assert r.status_code == 400, query
        detail = r.json()["detail"]
        assert "read-only" in detail or "malformed SPARQL" in detail, (query, detail)
    after = guarded.get("/sparql", params={"query": count}).json()["results"]["bindings"]
    assert after == before
    assert _untouched(listener)


# ---------------------------------------------------------------------- runaways and memory
def test_runaway_query_is_stopped_and_the_next_query_succeeds(service_store: EmbeddedStore) -> None:
    with _client(service_store, sparql_timeout=1.5) as c:
        _ok(c)  # workers started
        r = c.get("/sparql", params={"query": RUNAWAY})
        assert r.status_code == 503
        assert r.json()["title"] == "Query timed out"
        assert "was stopped" in r.json()["detail"]
        _ok(c)


@pytest.mark.slow
def test_more_than_four_timeouts_in_a_row_leave_the_endpoint_serving(service_store: EmbeddedStore) -> None:
    with _client(service_store, sparql_timeout=1.0) as c:
        for _ in range(6):
            r = c.get("/sparql", params={"query": RUNAWAY})
            assert r.status_code == 503
        _ok(c)


@pytest.mark.slow
def test_memory_bomb_is_stopped_and_the_next_query_succeeds(service_store: EmbeddedStore) -> None:
    with _client(
        service_store, sparql_timeout=120.0, sparql_worker_memory_mb=800, sparql_worker_cpu_seconds=120.0
    ) as c:
        r = c.get("/sparql", params={"query": MEMORY_BOMB})
        assert r.status_code == 503, r.text
        assert r.json()["title"] == "Query stopped"
        assert "memory" in r.json()["detail"]
        _ok(c)


def test_cpu_limit_stops_a_query_before_its_deadline(service_store: EmbeddedStore) -> None:
    with _client(service_store, sparql_timeout=60.0, sparql_worker_cpu_seconds=1.0) as c:
        r = c.get("/sparql", params={"query": RUNAWAY})
        assert r.status_code == 503
        assert "CPU time" in r.json()["detail"]
        _ok(c)


# ---------------------------------------------------------------------- result caps
def test_result_byte_cap_cuts_and_flags(service_store: EmbeddedStore) -> None:
    with _client(service_store, sparql_max_result_bytes=2048, sparql_max_rows=100_000) as c:
        r = c.get("/sparql", params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"})
        assert r.status_code == 200
        assert r.headers["x-citykg-truncated"] == "true"
        assert len(r.content) <= 2048
        assert json.loads(r.content)["results"]["bindings"]  # still whole, valid JSON
        csv = c.get(
            "/sparql", params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
        )
        assert len(csv.content) <= 2048
        assert csv.text.endswith("\r\n")
        construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
        for accept in ("text/turtle", "application/ld+json", "application/n-triples"):
            g = c.get("/sparql", params={"query": construct}, headers={"Accept": accept})
            assert g.status_code == 200
            assert g.headers["x-citykg-truncated"] == "true"
            assert 0 < len(g.content) <= 2048
        small = c.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 } }"})
        assert "x-citykg-truncated" not in small.headers


# ---------------------------------------------------------------------- the CLI, same guard
@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    seeds = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
    result = CliRunner().invoke(cli_app, ["load", str(seeds)])
    assert result.exit_code == 0, result.output
    return tmp_path / "home"


def test_cli_sparql_uses_the_same_guard(home: Path, listener: socket.socket) -> None:
    runner = CliRunner()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    service = runner.invoke(cli_app, ["sparql", _evasions(url)[3]])  # the x:p\'x evasion
    assert service.exit_code == 4
    assert "SERVICE clauses are not allowed" in service.output
    update = runner.invoke(cli_app, ["sparql", "DROP ALL"])
    assert update.exit_code == 4
    assert "read-only" in update.output
    deep = runner.invoke(cli_app, ["sparql", "SELECT * WHERE " + "{ " * 2500 + "} " * 2500])
    assert deep.exit_code == 4
    assert "deeper than" in deep.output
    assert _untouched(listener)
    table = runner.invoke(cli_app, ["sparql", "SELECT ?x WHERE { VALUES ?x { '[bold]x[/]' } }"])
    assert table.exit_code == 0, table.output
    assert "[bold]x[/]" in table.output  # a value prints as text, never as markup


def test_answers_follow_loads(seed_store: EmbeddedStore) -> None:
    # A worker holds a copy of an in-memory store: after a load it is replaced before the next query.
    from rdflib import Graph, URIRef

    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with _client(seed_store) as c:
        before = int(c.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"])
        extra = Graph()
        extra.add((URIRef("urn:citykg-test:a"), URIRef("urn:citykg-test:b"), URIRef("urn:citykg-test:c")))
        seed_store.load([("extra", extra)])
        after = int(c.get("/sparql", params={"query": count}).json()["results"]["bindings"][0]["n"]["value"])
    assert after == before + 1
