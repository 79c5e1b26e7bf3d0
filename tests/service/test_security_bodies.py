"""Bounded requests: every body is capped before it is read, with a 413 problem; memory stays flat."""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from graph.embedded_store import EmbeddedStore
from service.app import create_app
from service.errors import install_handlers
from service.guards import BodyLimit
from service.settings import ServiceSettings

REPO = Path(__file__).resolve().parents[2]


class Item(BaseModel):
    """A body FastAPI parses itself."""

    name: str


log = logging.getLogger(__name__)


@pytest.fixture
def small_limits(service_store: EmbeddedStore) -> Iterator[TestClient]:
    settings = ServiceSettings(api_key="k", max_body_bytes=1000, max_load_bytes=5000)
    with TestClient(create_app(store=service_store, settings=settings)) as c:
        yield c


def _chunks(total: int, size: int = 256) -> Iterator[bytes]:
    # A generator body goes out chunked, without Content-Length: only counting can stop it.
    for _ in range(total // size):
        yield b"x" * size


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/sparql", {"Content-Type": "application/sparql-query"}),
        ("/sparql", {"Content-Type": "application/x-www-form-urlencoded"}),
        ("/load?format=ntriples", {"X-API-Key": "k"}),
        ("/review/accept?above=0.5", {"X-API-Key": "k"}),
        ("/no-such-route", {}),
    ],
)
def test_a_declared_length_past_the_limit_is_refused_unread(
    small_limits: TestClient, path: str, headers: dict[str, str]
) -> None:
    r = small_limits.post(path, content=b"x" * 6000, headers=headers)
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert "declares 6,000 bytes" in r.json()["detail"]


@pytest.mark.parametrize(
    ("path", "headers", "limit"),
    [
        ("/sparql", {"Content-Type": "application/sparql-query"}, 1000),
        ("/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, 1000),
        ("/load?format=ntriples", {"X-API-Key": "k"}, 5000),
    ],
)
def test_a_streamed_body_is_cut_at_the_limit(
    small_limits: TestClient, path: str, headers: dict[str, str], limit: int
) -> None:
    r = small_limits.post(path, content=_chunks(limit * 4), headers=headers)
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert f"passed {limit:,} bytes" in r.json()["detail"]


def test_a_body_under_the_limit_passes(small_limits: TestClient) -> None:
    query = b"ASK { ?s ?p ?o }"
    r = small_limits.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200
    assert r.json()["boolean"] is True


def test_a_route_with_a_json_body_still_gets_413_not_400() -> None:
    # A future POST with a parsed body: FastAPI turns errors while reading into 400; the guard's 413 wins.
    app = FastAPI()
    install_handlers(app)

    @app.post("/items")
    def make(item: Item) -> Item:
        return item

    app.add_middleware(BodyLimit, default=100)
    with TestClient(app) as c:
        assert c.post("/items", json={"name": "x"}).status_code == 200
        big = (b'{"name": "' + b"y" * 1000 + b'"}' for _ in range(1))
        r = c.post("/items", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"


# -- memory under four concurrent oversized bodies, on a real server in its own process -------------

_SERVER = """
import sys, uvicorn
from graph.embedded_store import EmbeddedStore
from service.app import create_app
from service.errors import install_handlers
from service.guards import BodyLimit
from service.settings import ServiceSettings
settings = ServiceSettings(api_key="k", max_body_bytes=1_000_000, max_load_bytes=8_000_000)
app = create_app(store=EmbeddedStore(), settings=settings, load_bundled=False)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in bytes, from /proc."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            out[key] = int(value.split()[0]) * 1024
    return out


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, int]]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(port)], cwd=REPO, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the test server did not start")
                time.sleep(0.2)
        yield proc.pid, port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _push(port: int, path: str, headers: str, claimed: int, result: dict[str, object]) -> None:
    """Send a chunked body of up to ``claimed`` bytes until the server answers; note what happened."""
    chunk = os.urandom(1 << 16).hex().encode()[: 1 << 16]
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n{headers}\r\n".encode()
        )
        try:
            while sent < claimed:
                s.sendall(frame)
                sent += len(chunk)
                if select.select([s], [], [], 0)[0]:
                    break
            answer = s.recv(65536)
        except OSError as exc:  # the server closed on us after answering: read what it said
            result["error"] = repr(exc)
            with contextlib.suppress(OSError):
                answer = s.recv(65536)
    result["sent"] = sent
    result["status"] = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/1.1 ") else None


@pytest.mark.slow
def test_four_concurrent_oversized_bodies_leave_memory_flat(server: tuple[int, int]) -> None:
    pid, port = server
    claimed = 200_000_000  # each client would send 200 MB: 800 MB in all
    targets = [
        ("/load?format=ntriples", "X-API-Key: k\r\n"),
        ("/load?format=ntriples", "X-API-Key: k\r\n"),
        ("/sparql", "Content-Type: application/sparql-query\r\n"),
        ("/sparql", "Content-Type: application/x-www-form-urlencoded\r\n"),
    ]
    # Warm up the code paths first, so the peak below measures the bodies and nothing else.
    for path, headers in targets[1:3]:
        _push(port, path, headers, 10_000_000, {})
    before = _memory(pid)
    results: list[dict[str, object]] = [{} for _ in targets]
    threads = [
        threading.Thread(target=_push, args=(port, path, headers, claimed, res))
        for (path, headers), res in zip(targets, results, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    after = _memory(pid)
    growth = after["VmHWM"] - before["VmHWM"]
    sent = sum(int(r["sent"]) for r in results)  # type: ignore[call-overload]
    log.info(
        "RSS %.0f → %.0f MB, peak +%.1f MB; clients sent %.0f MB of the %.0f MB they meant to; %s",
        before["VmRSS"] / 1e6,
        after["VmRSS"] / 1e6,
        growth / 1e6,
        sent / 1e6,
        4 * claimed / 1e6,
        results,
    )
    assert [r["status"] for r in results] == ["413"] * 4, results
    # The server stopped reading near each limit (8 MB for /load, 1 MB for /sparql), not at 200 MB ...
    assert all(int(r["sent"]) < 40_000_000 for r in results), results  # type: ignore[call-overload]
    # ... and its peak memory grew by far less than the four limits together (2 × 8 + 2 × 1 MB).
    assert growth < 18_000_000, f"peak RSS grew by {growth:,} bytes"
    # It still answers.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 200")
