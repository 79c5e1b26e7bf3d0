"""Curation over HTTP (embedded and Neo4j) and on the command line: duplicates, merge, undo; labels by language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from curation_world import world as _world
from starlette.testclient import TestClient
from typer.testing import CliRunner

from graph.curation import distinct
from graph.embedded_store import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from service.app import create_app
from service.cli import app
from service.settings import ServiceSettings

KEY = {"X-API-Key": "s3cret"}


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    if request.param == "embedded":
        store: Any = EmbeddedStore()
    else:
        store = Neo4jStore(neo4j.GraphDatabase.driver(request.getfixturevalue("neo4j_uri")))
        store.clear()
    store.load(_world())
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key="s3cret"))) as c:
        yield c
    if request.param == "neo4j":
        store.clear()
    store.close()


def test_labels_follow_lang_and_accept_language(client: TestClient) -> None:
    def label(**kw: Any) -> str:
        return str(client.get("/entities/ljubljana", **kw).json()["label"])

    assert label() == "Ljubljana"  # English asked by default: no Italian name
    assert label(params={"lang": "it"}) == "Lubiana"
    assert label(headers={"Accept-Language": "de-AT, it;q=0.9"}) == "Laibach"
    assert label(headers={"Accept-Language": "en;q=0.2, it;q=0.8"}) == "Lubiana"
    assert label(headers={"Accept-Language": "it;q=0.8"}, params={"lang": "sl"}) == "Ljubljana"


def test_duplicates_merge_and_undo_over_http(client: TestClient) -> None:
    pairs = client.get("/duplicates").json()
    assert [(p["a"], p["b"], p["evidence"]) for p in pairs] == [("parigi", "paris", ["name:paris"])]
    assert client.get("/duplicates", params={"min_population": 5_000_000}).json() == []
    assert client.get("/duplicates", params={"radius_km": 0}).status_code == 422
    before = client.get("/entities/paris").json()
    body = {"keep": "paris", "other": "parigi", "by": "web curator"}
    assert client.post("/merge", json=body).status_code == 403
    assert client.post("/merge", json={**body, "extra": 1}, headers=KEY).status_code == 422
    bad = client.post("/merge", json={"keep": "paris", "other": "nowhere"}, headers=KEY)
    assert bad.status_code == 404
    assert bad.headers["content-type"] == "application/problem+json"
    r = client.post("/merge", json=body, headers=KEY)
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["by"] == "web curator"
    assert client.get("/merges").json() == [record]
    assert client.get("/entities/parigi").status_code == 404
    merged = client.get("/entities/paris").json()
    assert {f["id"] for f in merged["facts"]} >= {"m-parigi-eurocities", "tw-parigi-berlin", "post-1"}
    assert client.get("/duplicates").json() == []
    assert client.post(f"/merge/{record['id']}/undo").status_code == 403
    assert client.post(f"/merge/{record['id']}/undo", headers=KEY).json() == record
    assert client.get("/entities/paris").json() == before
    assert client.get("/merges").json() == []
    assert client.post(f"/merge/{record['id']}/undo", headers=KEY).status_code == 404
    assert client.post("/merge/not-a-merge/undo", headers=KEY).status_code == 422


def test_pairs_judged_two_places_are_listed_only_when_asked(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    assert distinct(store, "paris", "parigi", reason="for the test", by="t")
    r = client.get("/duplicates")
    assert r.json() == []
    assert "decided=true" in r.headers["Citykg-Hint"]
    decided = client.get("/duplicates", params={"decided": "true"}).json()
    assert [(p["a"], p["b"], p["decided"]) for p in decided] == [("parigi", "paris", True)]


runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    nt = tmp_path / "world.nt"
    graph = _world()[0][1] + _world()[1][1]
    nt.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    result = runner.invoke(app, ["load", str(nt)])
    assert result.exit_code == 0, result.output
    return tmp_path / "home"


def test_cli_duplicates_merge_and_undo(home: Path) -> None:
    result = runner.invoke(app, ["duplicates", "--json"])
    assert result.exit_code == 0, result.output
    assert [(p["a"], p["b"]) for p in json.loads(result.output)] == [("parigi", "paris")]
    result = runner.invoke(app, ["duplicates", "--min-population", "5000000", "--json"])
    assert json.loads(result.output) == []
    shown = runner.invoke(app, ["show", "ljubljana", "--json"])
    assert json.loads(shown.output)["label"] == "Ljubljana"
    assert json.loads(runner.invoke(app, ["show", "ljubljana", "--lang", "it", "--json"]).output)[
        "label"
    ] == ("Lubiana")
    before = runner.invoke(app, ["show", "paris", "--json"]).output
    result = runner.invoke(app, ["merge", "paris", "parigi", "--by", "cli curator", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert (record["keep"], record["other"], record["by"]) == ("paris", "parigi", "cli curator")
    # The joined entity's names now find the kept one.
    assert json.loads(runner.invoke(app, ["show", "Parigi", "--json"]).output)["id"] == "paris"
    listed = json.loads(runner.invoke(app, ["merges", "--json"]).output)
    assert listed == [record]
    turtle = runner.invoke(app, ["export", "--format", "turtle", "--output", "-"]).output
    assert "owl:sameAs id:parigi" in turtle
    assert "cli curator" in turtle
    result = runner.invoke(app, ["unmerge", record["id"]])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["show", "paris", "--json"]).output == before
    assert runner.invoke(app, ["merge", "--undo", record["id"]]).exit_code == 3
    assert runner.invoke(app, ["merge", "--undo", "last"]).exit_code == 3
    result = runner.invoke(app, ["merge", "paris", "parigi"])
    assert "undo with: citykg merge --undo merge-" in result.output
    assert runner.invoke(app, ["merge", "--undo", "last"]).exit_code == 0
    assert runner.invoke(app, ["show", "paris", "--json"]).output == before
    assert runner.invoke(app, ["merge", "paris"]).exit_code == 2
    assert runner.invoke(app, ["merge", "paris", "nowhere"]).exit_code == 3


def test_cli_distinct_records_once_and_duplicates_leave_the_pair_out(home: Path) -> None:
    result = runner.invoke(app, ["distinct", "parigi", "paris", "--reason", "for the test", "--by", "c"])
    assert result.exit_code == 0, result.output
    assert "recorded: parigi and paris are two places" in result.output
    again = runner.invoke(app, ["distinct", "paris", "parigi", "--reason", "again"])
    assert again.exit_code == 0, again.output
    assert "already recorded" in again.output
    assert json.loads(runner.invoke(app, ["duplicates", "--json"]).output) == []
    assert "--decided" in runner.invoke(app, ["duplicates"]).output
    listed = json.loads(runner.invoke(app, ["duplicates", "--decided", "--json"]).output)
    assert [(p["a"], p["b"], p["decided"]) for p in listed] == [("parigi", "paris", True)]
    turtle = runner.invoke(app, ["export", "--format", "turtle", "--output", "-"]).output
    assert "owl:differentFrom id:paris" in turtle
    assert runner.invoke(app, ["distinct", "paris", "nowhere", "--reason", "x"]).exit_code == 3
    assert runner.invoke(app, ["distinct", "paris", "parigi", "--reason", " "]).exit_code != 0


def test_cli_graph_export_labels_in_the_language_asked(home: Path, tmp_path: Path) -> None:
    import networkx as nx

    labels = {}
    for lang in ("en", "it", "fa"):
        out = tmp_path / f"all-{lang}.graphml"
        result = runner.invoke(app, ["export", "--format", "graphml", "--lang", lang, "-o", str(out)])
        assert result.exit_code == 0, result.output
        g = nx.read_graphml(out)
        labels[lang] = {n: g.nodes[n].get("label") for n in ("ljubljana", "rome", "qazvin")}
    assert labels["en"] == {"ljubljana": "Ljubljana", "rome": "Rome", "qazvin": "Qazvin"}
    assert labels["it"] == {"ljubljana": "Lubiana", "rome": "Roma", "qazvin": "Qazvin"}
    assert labels["fa"]["qazvin"] == "قزوین"
