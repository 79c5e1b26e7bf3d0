"""The researcher's commands and routes on a small store: JSON answers, definitions, bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from loaders import read_sources
from service.app import create_app
from service.cli import app
from service.settings import ServiceSettings

runner = CliRunner()

SMALL = """
name: research-small
entities:
  - {type: Country, id: slovenia, iso2: SI, labels: {en: Slovenia}}
  - {type: Country, id: austria, iso2: AT, labels: {en: Austria}}
  - {type: Country, id: iran, iso2: IR, labels: {en: Iran}}
  - {type: City, id: maribor, labels: {en: Maribor}, country: slovenia, lat: 46.5547, lon: 15.6467, population: 95000}
  - {type: City, id: ljubljana, labels: {en: Ljubljana}, country: slovenia, lat: 46.0569, lon: 14.5058, population: 290000}
  - {type: City, id: graz, labels: {en: Graz}, country: austria, lat: 47.0707, lon: 15.4395, population: 290000}
  - {type: City, id: vienna, labels: {en: Vienna}, country: austria, lat: 48.2082, lon: 16.3738, population: 1900000}
  - {type: City, id: qazvin, labels: {en: Qazvin, fa: قزوین}, country: iran, lat: 36.2688, lon: 50.0041, population: 400000}
  - {type: City, id: isfahan, labels: {en: Isfahan}, country: iran, lat: 32.6539, lon: 51.666, population: 2000000}
  - {type: City, id: nowhere, labels: {en: Nowhere}}
agreements:
  - {id: t1, type: TwinningAgreement, parties: [maribor, graz], start: 1987}
  - {id: t2, type: TwinningAgreement, parties: [maribor, ljubljana]}
  - {id: t3, type: TwinningAgreement, parties: [ljubljana, vienna], signed: 1999-05}
  - {id: t4, type: TwinningAgreement, parties: [graz, vienna]}
  - {id: t5, type: TwinningAgreement, parties: [qazvin, isfahan], start: 2010}
  - {id: t6, type: TwinningAgreement, parties: [isfahan, ljubljana], start: 2012}
  - {id: t7, type: TwinningAgreement, parties: [nowhere, maribor]}
"""


@pytest.fixture(scope="module")
def data_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("research") / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_file: Path) -> Path:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    result = runner.invoke(app, ["load", str(data_file)])
    assert result.exit_code == 0, result.output
    return tmp_path / "home"


def _json(args: list[str]) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_cli_stats_konect_fields_level_and_by_year(home: Path) -> None:
    s = _json(["stats"])
    assert isinstance(s, dict)
    assert (s["nodes"], s["edges"], s["max_degree"], s["triangles"], s["component_sizes"]) == (
        7,
        7,
        3,
        0,
        [7],
    )
    c = _json(["stats", "--level", "country"])
    assert isinstance(c, dict)
    assert (c["nodes"], c["edges"]) == (3, 2)
    series = _json(["stats", "--by-year", "--from", "2011", "--to", "2012"])
    assert series == [
        {
            "year": 2011,
            "nodes": 7,
            "edges": 6,
            "degree_assortativity": pytest.approx(series[0]["degree_assortativity"]),
        },  # type: ignore[index]
        {
            "year": 2012,
            "nodes": 7,
            "edges": 7,
            "degree_assortativity": pytest.approx(series[1]["degree_assortativity"]),
        },  # type: ignore[index]
    ]
    bad = runner.invoke(app, ["stats", "--level", "town"])
    assert bad.exit_code != 0
    assert "unknown level 'town'" in bad.output


def test_cli_centrality_raw_counts(home: Path) -> None:
    top = _json(["centrality", "--metric", "degree", "--raw", "--top", "3"])
    assert [(x["entity"]["id"], x["score"]) for x in top] == [  # type: ignore[union-attr, index]
        ("ljubljana", 3.0),
        ("maribor", 3.0),
        ("graz", 2.0),
    ]
    countries = _json(["centrality", "--level", "country", "--raw"])
    assert [x["entity"]["id"] for x in countries] == ["slovenia", "austria", "iran"]  # type: ignore[union-attr, index]


def test_cli_communities_export_and_text(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.graphml"
    r = _json(["communities", "--seed", "2", "--export", str(out)])
    assert isinstance(r, dict)
    assert sum(r["sizes"]) == 7
    assert "membership" not in r
    assert r["definition"].startswith("Leiden")
    g = nx.read_graphml(out)
    assert {d["community"] for _, d in g.nodes(data=True)} == set(range(r["count"]))
    text = runner.invoke(app, ["communities", "--algorithm", "louvain"])
    assert text.exit_code == 0
    assert "modularity" in text.output
    assert "definition:" in text.output


def test_cli_countries_geography_growth_mixing(home: Path) -> None:
    c = _json(["countries"])
    assert isinstance(c, dict)
    assert (c["countries"], c["domestic_ties"], c["places_without_country"], c["ties_without_country"]) == (
        3,
        3,
        1,
        1,
    )
    assert c["top_pairs"][0] == {"a": "Austria", "b": "Slovenia", "ties": 2}
    geo = _json(["geography", "--rounds", "5", "--seed", "1"])
    assert isinstance(geo, dict)
    assert (geo["located_ties"], geo["unlocated_ties"], geo["seed"]) == (6, 1, 1)
    assert geo["domestic_share"] == pytest.approx(3 / 6)
    grow = _json(["growth"])
    assert isinstance(grow, dict)
    assert (grow["dated"], grow["undated"]) == (4, 3)
    mix = _json(["mixing", "--attribute", "continent", "--attribute", "degree"])
    assert [m["attribute"] for m in mix] == ["continent", "degree"]  # type: ignore[union-attr, index]
    text = runner.invoke(app, ["geography"])
    assert "null" in text.output
    assert "domestic share" in text.output


def test_cli_suggest_with_reasons_and_errors(home: Path) -> None:
    r = _json(["suggest", "Graz", "--top", "3"])
    assert isinstance(r, dict)
    ids = [s["entity"]["id"] for s in r["suggestions"]]
    assert "maribor" not in ids
    assert "vienna" not in ids
    assert ids[0] == "ljubljana"  # two common partners: Maribor and Vienna
    assert r["suggestions"][0]["reasons"][0] == "2 common partners: Maribor, Vienna"
    missing = runner.invoke(app, ["suggest", "Atlantis"])
    assert missing.exit_code == 3
    persian = _json(["suggest", "قزوین"])
    assert persian["city"]["id"] == "qazvin"  # type: ignore[index]


@pytest.fixture(scope="module")
def client(data_file: Path) -> TestClient:
    store = EmbeddedStore()
    store.load(read_sources([data_file]))
    with TestClient(create_app(store=store, settings=ServiceSettings())) as c:
        yield c  # type: ignore[misc]


def test_http_research_routes(client: TestClient) -> None:
    r = client.get("/suggest/graz", params={"top": 2})
    assert r.status_code == 200
    body = r.json()
    assert body["suggestions"][0]["entity"]["id"] == "ljubljana"
    assert body["definition"].startswith("candidates:")
    assert client.get("/communities", params={"algorithm": "louvain", "seed": 1}).json()["membership"] == {}
    assert client.get("/countries").json()["places_without_country"] == 1
    assert client.get("/geography", params={"rounds": 3}).json()["located_ties"] == 6
    assert client.get("/growth").json()["undated"] == 3
    assert [y["year"] for y in client.get("/stats/by-year", params={"from": 2011, "to": 2012}).json()] == [
        2011,
        2012,
    ]
    assert len(client.get("/mixing").json()) == 4
    assert client.get("/stats", params={"level": "country"}).json()["nodes"] == 3
    top = client.get("/centrality", params={"metric": "degree", "raw": True, "top": 1}).json()
    assert top[0]["score"] == 3.0


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        ("/suggest/atlantis", {}, 404),
        ("/suggest/graz", {"top": 0}, 422),
        ("/communities", {"algorithm": "girvan"}, 422),
        ("/communities", {"resolution": 0}, 422),
        ("/geography", {"rounds": 0}, 422),
        ("/stats", {"level": "town"}, 422),
        ("/centrality", {"metric": "pagerank", "raw": True}, 422),
        ("/mixing", {"attributes": "religion"}, 422),
    ],
)
def test_http_bad_input_is_a_4xx_problem(
    client: TestClient, url: str, params: dict[str, object], status: int
) -> None:
    r = client.get(url, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
