"""The SPARQL endpoint: protocol, formats, refusals, cap; and a standard client on a live server."""

from __future__ import annotations

import csv
import io
import json

import pytest
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from starlette.testclient import TestClient  # imported first (warning silenced) by conftest

from graph.errors import QueryError
from service.sparql import check_query

Q_QAZVIN = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?label WHERE { <https://w3id.org/citykg/id/qazvin> rdfs:label ?label "
    "FILTER(LANG(?label) = 'fa') }"
)


def test_get_select_json_names_qazvin_in_persian(client: TestClient) -> None:
    r = client.get(
        "/sparql", params={"query": Q_QAZVIN}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+json"
    body = r.json()
    assert body["head"]["vars"] == ["label"]
    assert {"type": "literal", "value": "قزوین", "xml:lang": "fa"} in [
        b["label"] for b in body["results"]["bindings"]
    ]


def test_post_form_and_sparql_query_body_give_the_same_rows(client: TestClient) -> None:
    a = client.post("/sparql", data={"query": Q_QAZVIN}, headers={"Accept": "text/csv"})
    b = client.post(
        "/sparql",
        content=Q_QAZVIN.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert a.status_code == b.status_code == 200
    assert a.text == b.text
    rows = list(csv.reader(io.StringIO(a.text)))
    assert rows[0] == ["label"]
    assert ["قزوین"] in rows[1:]


def test_tsv_xml_and_ask(client: TestClient) -> None:
    tsv = client.get("/sparql", params={"query": Q_QAZVIN}, headers={"Accept": "text/tab-separated-values"})
    assert tsv.text.splitlines()[0] == "?label"
    assert '"قزوین"@fa' in tsv.text.splitlines()
    xml = client.get(
        "/sparql", params={"query": Q_QAZVIN}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert '<literal xml:lang="fa">قزوین</literal>' in xml.text
    ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert ask.json() == {"head": {}, "boolean": True}


def test_construct_as_turtle_jsonld_and_ntriples(client: TestClient) -> None:
    q = "CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/citykg/id/qazvin> AS ?s) ?s ?p ?o }"
    ttl = client.get("/sparql", params={"query": q}, headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert "<https://w3id.org/citykg/id/qazvin>" in ttl.text
    jl = client.get("/sparql", params={"query": q}, headers={"Accept": "application/ld+json"})
    assert any(node.get("@id") == "https://w3id.org/citykg/id/qazvin" for node in json.loads(jl.text))
    nt = client.get("/sparql", params={"query": q}, headers={"Accept": "application/n-triples"})
    assert all(line.endswith(" .") for line in nt.text.strip().splitlines())


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "read-only"),
        ("PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }", "read-only"),
        ("DROP ALL", "read-only"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * { # comment\n sErViCe silent <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { ?s ?p", "malformed"),
    ],
)
def test_refused_queries_are_400_problems(client: TestClient, query: str, words: str) -> None:
    r = client.post("/sparql", data={"query": query})
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert words in r.json()["detail"]


def test_dataset_parameters_are_refused_not_ignored(client: TestClient) -> None:
    r = client.get(
        "/sparql", params={"query": "ASK {}", "default-graph-uri": "https://w3id.org/citykg/graph/seeds"}
    )
    assert r.status_code == 400
    assert "default-graph-uri" in r.json()["detail"]
    form = client.post("/sparql", data={"query": "ASK {}", "named-graph-uri": "urn:x"})
    assert form.status_code == 400


def test_update_form_field_and_wrong_content_type_refused(client: TestClient) -> None:
    assert client.post("/sparql", data={"update": "DROP ALL"}).status_code == 400
    r = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 400
    assert (
        client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 400
    )


def test_service_in_strings_and_iris_is_not_mistaken() -> None:
    check_query(
        'PREFIX ex: <http://x/> SELECT * WHERE { ?s ?p "SERVICE <x> {}" . ?s <http://x/SERVICE> ?o . '
        "?service ?p ex:service }"
    )
    with pytest.raises(QueryError, match="SERVICE"):
        check_query("SELECT * WHERE { ?s ?p ?o SERVICE <http://e/s> {} }")


def test_rows_past_the_cap_are_cut_and_flagged(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"})
    assert len(r.json()["results"]["bindings"]) == 50
    assert r.headers["x-citykg-truncated"] == "true"
    small = client.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 } }"})
    assert "x-citykg-truncated" not in small.headers


def test_timeout_answers_503(service_store: object) -> None:
    from service.app import create_app
    from service.settings import ServiceSettings

    app = create_app(store=service_store, settings=ServiceSettings(sparql_timeout=0.01))  # type: ignore[arg-type]
    # 4 million rows to count: about a second of work, bounded, so the abandoned worker ends soon.
    slow = (
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?p ?o } LIMIT 2000 } "
        "{ SELECT ?b WHERE { ?b ?q ?r } LIMIT 2000 } }"
    )
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": slow})
    assert r.status_code == 503
    assert r.json()["title"] == "Query timed out"


def test_sparqlwrapper_against_live_server(live_url: str) -> None:
    sw = SPARQLWrapper(f"{live_url}/sparql")
    sw.setQuery(Q_QAZVIN)
    sw.setReturnFormat(JSON)
    rows = sw.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert "قزوین" in [r["label"]["value"] for r in rows]
    sw.setReturnFormat(XML)
    assert sw.queryAndConvert().getElementsByTagName("literal")[0].getAttribute("xml:lang") == "fa"  # type: ignore[union-attr]
    sw.setReturnFormat(CSV)
    assert "قزوین" in sw.queryAndConvert().decode()  # type: ignore[union-attr]
    sw.setMethod("POST")
    sw.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/citykg/id/qazvin> AS ?s) ?s ?p ?o }")
    sw.setReturnFormat(TURTLE)
    assert b"citykg/id/qazvin" in sw.queryAndConvert()  # type: ignore[operator]
    sw.setQuery("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        sw.queryAndConvert()
