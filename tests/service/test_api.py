"""The HTTP API over the bundled data: answers, limits, problems, the API key, exports."""

from __future__ import annotations

import io
import time
import zipfile

import networkx as nx
import pytest
from starlette.testclient import TestClient

from graph.embedded_store import EmbeddedStore
from ontology.records import City, Dataset, Evidence, Membership, Network, Source
from ontology.to_rdf import dataset_to_graph
from service.app import create_app
from service.settings import ServiceSettings


def test_search_in_persian_gives_qazvin_with_the_label_asked(client: TestClient) -> None:
    refs = client.get("/entities", params={"q": "قزوین", "lang": "fa"}).json()
    assert refs[0]["id"] == "qazvin"
    assert refs[0]["label"] == "قزوین"
    en = client.get("/entities", params={"q": "قزوین"}, headers={"Accept-Language": "en-GB,en;q=0.8"}).json()
    assert en[0]["label"] == "Qazvin"


def test_ego_json_carries_ties_with_sources(client: TestClient) -> None:
    sub = client.get("/ego/Qazvin").json()
    assert sub["center"] == "qazvin"
    assert "silk-road-mayors-summit-qazvin" in [n["id"] for n in sub["nodes"]]
    host = [t for t in sub["ties"] if t["kind"] == "EventHost"]
    assert host
    assert host[0]["sources"]


@pytest.mark.parametrize(
    ("fmt", "media", "magic"), [("png", "image/png", b"\x89PNG"), ("svg", "image/svg+xml", b"<?xml")]
)
def test_ego_images(client: TestClient, fmt: str, media: str, magic: bytes) -> None:
    r = client.get("/ego/qazvin", params={"format": fmt})
    assert r.status_code == 200
    assert r.headers["content-type"] == media
    assert r.content.startswith(magic)


def test_ego_html_is_offline(client: TestClient) -> None:
    page = client.get("/ego/qazvin", params={"format": "html"}).text
    assert "vis.Network" in page
    assert "src=" not in page.split("<body>")[1]
    assert '<link rel="stylesheet" href' not in page


def test_paths_between_two_cities(client: TestClient) -> None:
    r = client.get("/paths", params={"source": "qazvin", "target": "silk-road-mayors-summit-qazvin"})
    assert r.status_code == 200
    path = r.json()[0]
    assert [n["id"] for n in path["nodes"]] == ["qazvin", "silk-road-mayors-summit-qazvin"]
    assert path["hops"][0]["ties"][0]["kind"] == "EventHost"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/paths?source=qazvin&target=isfahan&k=11", 422),
        ("/paths?source=qazvin&target=isfahan&max_length=13", 422),
        ("/ego/qazvin?depth=5", 422),
        ("/centrality?top=1001", 422),
        ("/centrality?metric=fame", 422),
        ("/ego/no-such-entity-anywhere", 404),
        ("/paths?source=qazvin&target=no-such-entity-anywhere", 404),
        ("/ego/qazvin?as_of=last-year", 422),
        ("/ego/qazvin?kinds=friendship", 422),
        ("/export?format=graphml&scope=ego", 422),
        ("/export?format=cypher&scope=paths&id=qazvin", 422),
        ("/export?format=neo4j-csv&subject=qazvin&scope=network", 422),
        ("/export?format=graphml&scope=paths&id=qazvin", 422),
    ],
)
def test_bad_input_is_a_4xx_problem(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == status


def test_centrality_and_stats(client: TestClient) -> None:
    top = client.get("/centrality", params={"metric": "degree", "top": 3}).json()
    assert len(top) == 3
    assert top[0]["score"] >= top[1]["score"] >= top[2]["score"]
    stats = client.get("/stats", params={"kinds": "membership"}).json()
    assert stats["nodes"] > 0
    assert set(stats) >= {"nodes", "edges", "components", "density", "diameter"}


@pytest.mark.parametrize(
    "networks",
    ["unesco-gnlc", "GNLC", "UNESCO Global Network of Learning Cities", "شبکه شهرهای یادگیرنده یونسکو"],
)
def test_network_filter_by_id_or_name(client: TestClient, networks: str) -> None:
    stats = client.get("/stats", params={"kinds": "membership", "networks": networks}).json()
    assert (stats["nodes"], stats["edges"]) == (5, 4)
    top = client.get(
        "/centrality", params={"metric": "degree", "top": 2, "kinds": "membership", "networks": networks}
    ).json()
    assert [(s["entity"]["id"], s["score"]) for s in top] == [("unesco-gnlc", 1.0), ("bandar-khamir", 0.25)]


def test_two_networks_in_one_parameter(client: TestClient) -> None:
    stats = client.get(
        "/stats", params={"kinds": "membership", "networks": "GNLC,unesco-creative-cities-network"}
    ).json()
    assert (stats["nodes"], stats["edges"]) == (6, 7)


@pytest.mark.parametrize("countries", ["SI", "si", "slovenia"])
def test_country_filter_by_id_or_iso2(client: TestClient, countries: str) -> None:
    stats = client.get("/stats", params={"kinds": "structure", "countries": countries}).json()
    assert (stats["nodes"], stats["edges"]) == (6, 4)
    ego = client.get("/ego/Maribor", params={"kinds": "structure", "countries": countries}).json()
    assert [n["id"] for n in ego["nodes"]] == ["maribor", "mestna-obcina-maribor"]
    iran = client.get("/stats", params={"kinds": "structure", "countries": [countries, "IR"]}).json()
    assert (iran["nodes"], iran["edges"]) == (16, 12)


@pytest.mark.parametrize(
    ("params", "detail", "suggestions"),
    [
        (
            {"networks": "UNESCO Lerning Cities"},
            "no network named 'UNESCO Lerning Cities'",
            [
                "UNESCO Global Network of Learning Cities (unesco-gnlc)",
                "UNESCO Creative Cities Network (unesco-creative-cities-network)",
            ],
        ),
        (
            {"networks": "GNLC,Silk Road Union"},
            "no network named 'Silk Road Union'",
            ["Union of Silk Road Cities (silk-road-cities-union)"],
        ),
        ({"networks": "qazvin"}, "Qazvin (qazvin) is a City, not a network", None),
        ({"countries": "XX"}, "no country 'XX': name a country by its id or ISO 3166 alpha-2 code", None),
        ({"countries": "IR,Slovenja"}, "no country 'Slovenja'", ["Slovenia (slovenia)"]),
    ],
)
def test_unknown_network_or_country_is_a_404_problem(
    client: TestClient, params: dict[str, str], detail: str, suggestions: list[str] | None
) -> None:
    for url in ("/stats", "/ego/qazvin", "/centrality"):
        r = client.get(url, params=params)
        assert r.status_code == 404, url
        assert r.headers["content-type"] == "application/problem+json"
        body = r.json()
        assert detail in body["detail"]
        assert body.get("suggestions") == suggestions


def test_bridges_names_both_networks(client: TestClient) -> None:
    r = client.get(
        "/bridges",
        params={"network_a": "unesco-creative-cities-network", "network_b": "silk-road-cities-union"},
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["network_a"]["id"], body["network_b"]["id"]) == (
        "unesco-creative-cities-network",
        "silk-road-cities-union",
    )


def test_exports_of_a_part_open_in_networkx(client: TestClient) -> None:
    r = client.get("/export", params={"format": "graphml", "scope": "ego", "id": "qazvin"})
    assert r.headers["content-disposition"] == (
        "attachment; filename=\"citykg-ego-qazvin.graphml\"; filename*=UTF-8''citykg-ego-qazvin.graphml"
    )
    g = nx.read_graphml(io.BytesIO(r.content))
    assert g.nodes["qazvin"]["label"] == "Qazvin"
    z = zipfile.ZipFile(
        io.BytesIO(
            client.get(
                "/export",
                params={"format": "csv", "scope": "network", "id": "unesco-creative-cities-network"},
            ).content
        )
    )
    assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
    assert "Membership" in z.read("edges.csv").decode()


def test_load_needs_the_api_key(service_store: EmbeddedStore) -> None:
    body = b'<https://w3id.org/citykg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "X" .'
    closed = create_app(store=EmbeddedStore(), settings=ServiceSettings(api_key=None))
    with TestClient(closed) as c:
        r = c.post("/load", params={"format": "ntriples"}, content=body, headers={"X-API-Key": "anything"})
        assert r.status_code == 403
        assert "disabled" in r.json()["detail"]
    store = EmbeddedStore()
    opened = create_app(store=store, settings=ServiceSettings(api_key="s3cret"))
    with TestClient(opened) as c:
        assert (
            c.post(
                "/load", params={"format": "ntriples"}, content=body, headers={"X-API-Key": "wrong"}
            ).status_code
            == 403
        )
        ok = c.post("/load", params={"format": "ntriples"}, content=body, headers={"X-API-Key": "s3cret"})
        assert ok.status_code == 202  # a job: the load runs off the request path
        job = ok.json()
        for _ in range(400):
            job = c.get(ok.headers["location"], headers={"X-API-Key": "s3cret"}).json()
            if job["state"] == "succeeded":
                break
            time.sleep(0.05)
        assert job["result"]["triples_added"] == 1
        assert (
            c.post(
                "/load", params={"format": "nosuch"}, content=body, headers={"X-API-Key": "s3cret"}
            ).status_code
            == 422
        )
    assert len(store) == 1


def test_cors_only_for_configured_origins(service_store: EmbeddedStore) -> None:
    app = create_app(store=service_store, settings=ServiceSettings(cors_origins=["http://allowed.example"]))
    with TestClient(app) as c:
        ok = c.get("/health", headers={"Origin": "http://allowed.example"})
        other = c.get("/health", headers={"Origin": "http://other.example"})
    assert ok.headers["access-control-allow-origin"] == "http://allowed.example"
    assert "access-control-allow-origin" not in other.headers


def test_explorer_page_and_assets_are_local(client: TestClient) -> None:
    page = client.get("/").text
    assert "http://" not in page
    assert "https://" not in page
    for asset in (
        "/static/vis-network.min.js",
        "/static/vis-network.css",
        "/static/explorer.js",
        "/static/explorer.css",
    ):
        assert client.get(asset).status_code == 200


def test_rdf_export_of_an_ego_network_keeps_sources(client: TestClient) -> None:
    import rdflib

    r = client.get("/export", params={"format": "turtle", "scope": "ego", "id": "qazvin"})
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    ids = "https://w3id.org/citykg/id/"
    summit = rdflib.URIRef(ids + "silk-road-mayors-summit-qazvin")
    assert (
        summit,
        rdflib.URIRef("https://w3id.org/citykg/ontology#host"),
        rdflib.URIRef(ids + "qazvin"),
    ) in g
    assert list(g.objects(summit, rdflib.PROV.wasDerivedFrom))
    assert not list(g.subjects(rdflib.RDFS.label, rdflib.Literal("Isfahan", lang="en")))
    nq = client.get("/export", params={"format": "nquads", "scope": "ego", "id": "qazvin"}).text
    assert "<https://w3id.org/citykg/graph/" in nq


def test_export_of_paths(client: TestClient) -> None:
    r = client.get(
        "/export",
        params={
            "format": "gexf",
            "scope": "paths",
            "id": "qazvin",
            "target": "silk-road-mayors-summit-qazvin",
        },
    )
    assert r.status_code == 200
    g = nx.read_gexf(io.BytesIO(r.content))
    assert sorted(g.nodes) == ["qazvin", "silk-road-mayors-summit-qazvin"]


def test_cypher_export_of_the_whole_graph(client: TestClient) -> None:
    r = client.get("/export", params={"format": "cypher"})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == (
        "attachment; filename=\"citykg-all.cypher\"; filename*=UTF-8''citykg-all.cypher"
    )
    assert "UNWIND" in r.text
    assert "qazvin" in r.text


def test_cypher_and_neo4j_csv_exports_of_a_subject(client: TestClient) -> None:
    whole = client.get("/export", params={"format": "cypher"}).text
    r = client.get("/export", params={"format": "cypher", "subject": "Qazvin", "depth": 1})
    assert r.status_code == 200
    assert "citykg-ego-Qazvin.cypher" in r.headers["content-disposition"]
    assert "'qazvin'" in r.text
    assert "'isfahan'" not in r.text  # not a neighbour of Qazvin
    assert len(r.text) < len(whole) / 10
    z = client.get("/export", params={"format": "neo4j-csv", "subject": "qazvin"})
    assert z.status_code == 200
    assert z.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert "citykg-neo4j-csv/import.sh" in names
    assert "citykg-neo4j-csv/load-csv.cypher" in names
    assert any(n.endswith(".header.csv") and "/nodes-" in n for n in names)


# ------------------------------------------------------------------ review


def _review_store() -> EmbeddedStore:
    """Three candidate memberships found in news (confidence 0.9, 0.85, 0.55) beside a curated one."""

    def ev(confidence: float) -> list[Evidence]:
        return [
            Evidence(
                source="news-x", sentence="S.", lang="en", char_start=0, char_end=2, confidence=confidence
            )
        ]

    ds = Dataset(
        name="news-x",
        sources=[Source(id="news-x", file="x.txt", language="en")],
        entities=[City(id=c) for c in ("qazvin", "tabriz", "shiraz", "yazd")] + [Network(id="gnlc")],
        memberships=[
            Membership(id="m-curated", member="yazd", network="gnlc"),
            Membership(id="m-90", member="qazvin", network="gnlc", review="Candidate", evidence=ev(0.9)),
            Membership(id="m-85", member="tabriz", network="gnlc", review="Candidate", evidence=ev(0.85)),
            Membership(id="m-55", member="shiraz", network="gnlc", review="Candidate", evidence=ev(0.55)),
        ],
    )
    store = EmbeddedStore()
    store.load([("news-x", dataset_to_graph(ds))])
    return store


def _ids(c: TestClient, status: str = "Candidate") -> list[str]:
    return [i["id"] for i in c.get("/review/candidates", params={"status": status}).json()]


def test_review_above_a_threshold() -> None:
    store = _review_store()
    key = {"X-API-Key": "s3cret"}
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key="s3cret"))) as c:
        assert [t.fact for t in store.ties()] == ["m-curated"]
        r = c.post("/review/accept", params={"above": 0.8}, headers=key)
        assert r.status_code == 200
        assert r.json() == {"status": "Accepted", "above": 0.8, "changed": 2}
        assert _ids(c) == ["m-55"]
        assert _ids(c, "Accepted") == ["m-90", "m-85"]
        assert [t.fact for t in store.ties()] == ["m-85", "m-90", "m-curated"]
        # Accepted facts keep their provenance.
        [accepted] = [f for f in store.entity("qazvin").facts if f.id == "m-90"]
        assert accepted.attributes["reviewStatus"] == "Accepted"
        assert [(s.id, s.sentence) for s in accepted.sources] == [("news-x", "S.")]
        assert c.post("/review/accept", params={"above": 0.8}, headers=key).json()["changed"] == 0
        r = c.post("/review/reject", params={"above": 0}, headers=key)
        assert r.json() == {"status": "Rejected", "above": 0.0, "changed": 1}
        assert _ids(c) == []
        assert _ids(c, "Rejected") == ["m-55"]
        assert [t.fact for t in store.ties()] == ["m-85", "m-90", "m-curated"]


def test_review_above_needs_the_api_key() -> None:
    store = _review_store()
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key=None))) as c:
        r = c.post("/review/accept", params={"above": 0.5}, headers={"X-API-Key": "anything"})
        assert r.status_code == 403
        assert r.headers["content-type"] == "application/problem+json"
        assert "disabled" in r.json()["detail"]
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key="s3cret"))) as c:
        for url in ("/review/accept", "/review/reject"):
            assert c.post(url, params={"above": 0.5}).status_code == 403
            assert c.post(url, params={"above": 0.5}, headers={"X-API-Key": "wrong"}).status_code == 403
        assert _ids(c) == ["m-90", "m-85", "m-55"]


@pytest.mark.parametrize(
    "params", [{}, {"above": "1.5"}, {"above": "-0.1"}, {"above": "high"}, {"above": "nan"}]
)
def test_review_above_refuses_a_bad_threshold(params: dict[str, str]) -> None:
    store = _review_store()
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key="s3cret"))) as c:
        for url in ("/review/accept", "/review/reject"):
            r = c.post(url, params=params, headers={"X-API-Key": "s3cret"})
            assert r.status_code == 422, (url, params)
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["status"] == 422
        assert _ids(c) == ["m-90", "m-85", "m-55"]


def test_empty_answers_carry_a_hint(client: TestClient) -> None:
    """An empty list has a Citykg-Hint header; an object answer a hint field (null when not empty)."""
    r = client.get("/paths", params={"source": "qazvin", "target": "isfahan", "kinds": "post"})
    assert r.status_code == 200
    assert r.json() == []
    assert r.headers["citykg-hint"].startswith(
        "no tie between qazvin and isfahan within 6 hops; try max_length 12"
    )
    top = client.get("/centrality", params={"kinds": "twinning"})  # the seeds hold no twinning
    assert top.json() == []
    assert "no entity has a tie with these filters" in top.headers["citykg-hint"]
    ego = client.get("/ego/قزوین", params={"kinds": "twinning"}).json()
    assert ego["ties"] == []
    assert ego["hint"].endswith(
        "has no tie in this projection; try fewer filters (kinds, network, country, as_of), or GET /entities/{id} for its facts"
    )
    assert client.get("/ego/qazvin").json()["hint"] is None
    far = client.get("/paths", params={"source": "قزوین", "target": "isfahan", "kinds": "post"})
    assert "%D9%82" in far.headers["citykg-hint"]  # a Persian name, percent-encoded UTF-8
    found = client.get("/paths", params={"source": "qazvin", "target": "silk-road-mayors-summit-qazvin"})
    assert found.json()
    assert "citykg-hint" not in found.headers
