"""Host and Origin: the service answers only for its configured names and refuses cross-site writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graph.embedded_store import EmbeddedStore
from service.app import create_app
from service.guards import host_name
from service.settings import ServiceSettings

ASK = {"query": "ASK { ?s ?p ?o }"}


@pytest.fixture
def client(service_store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=service_store, settings=ServiceSettings())) as c:
        yield c


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST.:80", "[::1]:8000", "testserver"])
def test_loopback_names_are_served(client: TestClient, host: str) -> None:
    assert client.get("/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io", "10.0.0.5", ""])
def test_other_host_names_are_refused(client: TestClient, host: str) -> None:
    # A DNS-rebinding page reaches 127.0.0.1 under its own name: its Host header gives it away.
    r = client.get("/sparql", params=ASK, headers={"Host": host})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Host not allowed"


def test_configured_hosts_and_wildcards(service_store: EmbeddedStore) -> None:
    settings = ServiceSettings(allowed_hosts=["citykg.example.org", "*.partners.example"])
    with TestClient(create_app(store=service_store, settings=settings)) as c:
        assert c.get("/health", headers={"Host": "citykg.example.org"}).status_code == 200
        assert c.get("/health", headers={"Host": "a.partners.example:443"}).status_code == 200
        assert c.get("/health", headers={"Host": "partners.example.evil"}).status_code == 400
        assert c.get("/health", headers={"Host": "127.0.0.1"}).status_code == 400


def test_host_name_parsing() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("::1") == "::1"
    assert host_name("Example.ORG.:8080") == "example.org"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://127.0.0.1:9999"},  # another port is another origin
        {"Origin": "http://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a file
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_cross_site_form_posts_to_sparql_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post("/sparql", data=ASK, headers={"Host": "127.0.0.1:8000", **headers})
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Cross-site request refused"


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, SPARQL clients: no browser headers
        {"Origin": "http://127.0.0.1:8000"},  # the service's own pages
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed by the user
    ],
)
def test_same_origin_and_non_browser_posts_pass(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post("/sparql", data=ASK, headers={"Host": "127.0.0.1:8000", **headers})
    assert r.status_code == 200, r.text
    assert r.json()["boolean"] is True


def test_writes_from_other_origins_are_refused_before_the_key_is_checked(client: TestClient) -> None:
    r = client.post(
        "/load?format=ntriples", content=b"x", headers={"Origin": "http://evil.example", "X-API-Key": "k"}
    )
    assert r.status_code == 403
    assert r.json()["title"] == "Cross-site request refused"


def test_cors_stays_opt_in_and_its_origins_may_post(service_store: EmbeddedStore) -> None:
    with TestClient(create_app(store=service_store, settings=ServiceSettings())) as c:
        r = c.get("/health", headers={"Origin": "https://partner.example"})
        assert "access-control-allow-origin" not in r.headers
    settings = ServiceSettings(cors_origins=["https://partner.example"])
    with TestClient(create_app(store=service_store, settings=settings)) as c:
        ok = c.post("/sparql", data=ASK, headers={"Origin": "https://partner.example"})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == "https://partner.example"
        other = c.post("/sparql", data=ASK, headers={"Origin": "https://other.example"})
        assert other.status_code == 403


def test_cross_site_gets_still_read(client: TestClient) -> None:
    # Reads are not refused: a link to a query on another site is how SPARQL results are shared.
    r = client.get("/sparql", params=ASK, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 200
