"""The core CLI commands on a store in a temporary CITYKG_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    seeds = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
    result = runner.invoke(app, ["load", str(seeds)])
    assert result.exit_code == 0, result.output
    return tmp_path / "home"


def test_load_twice_reports_nothing_new(home: Path) -> None:
    seeds = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
    result = runner.invoke(app, ["load", str(seeds)])
    assert result.exit_code == 0
    assert "nothing new" in result.output


def test_show_by_persian_name(home: Path) -> None:
    result = runner.invoke(app, ["show", "قزوین", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "qazvin"
    assert "Qazvin" in data["labels"]["en"]
    sources = {s["id"] for f in data["facts"] for s in f["sources"]}
    assert "seed-000" in sources


def test_show_unknown_name_exits_3(home: Path) -> None:
    result = runner.invoke(app, ["show", "Atlantis"])
    assert result.exit_code == 3
    assert "no entity named 'Atlantis'" in result.output


def test_sparql_json_results(home: Path) -> None:
    query = (
        "PREFIX ckg: <https://w3id.org/citykg/ontology#> "
        "SELECT ?m WHERE { ?m a ckg:Membership ; ckg:member <https://w3id.org/citykg/id/bandar-khamir> }"
    )
    result = runner.invoke(app, ["sparql", query, "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["head"]["vars"] == ["m"]
    assert len(body["results"]["bindings"]) == 1


def test_malformed_sparql_exits_4(home: Path) -> None:
    result = runner.invoke(app, ["sparql", "SELECT WHERE {"])
    assert result.exit_code == 4
    assert "malformed SPARQL" in result.output


def test_unknown_format_and_missing_file(home: Path, tmp_path: Path) -> None:
    odd = tmp_path / "facts.xyz"
    odd.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["load", str(odd)])
    assert result.exit_code == 4
    assert "facts.xyz" in result.output
    result = runner.invoke(app, ["load", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 4
    assert "missing.ttl: no such file" in result.output


def test_malformed_turtle_names_the_line(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["load", str(bad)])
    assert result.exit_code == 4
    assert "bad.ttl:3:" in result.output  # file, then the line the parser stopped at
    assert "Qazvin" in runner.invoke(app, ["show", "qazvin"]).output  # the store kept what it had


_TWO_SPRINGFIELDS = """@prefix ckg: <https://w3id.org/citykg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/citykg/id/springfield-il> a ckg:City ; rdfs:label "Springfield"@en .
<https://w3id.org/citykg/id/springfield-ma> a ckg:City ; rdfs:label "Springfield"@en .
"""


def test_ambiguous_name_lists_the_candidates(home: Path, tmp_path: Path) -> None:
    data = tmp_path / "springfields.ttl"
    data.write_text(_TWO_SPRINGFIELDS, encoding="utf-8")
    assert runner.invoke(app, ["load", str(data)]).exit_code == 0
    result = runner.invoke(app, ["show", "Springfield"])
    assert result.exit_code == 3
    assert "names 2 entities" in result.output
    assert "springfield-il" in result.output
    assert "springfield-ma" in result.output


def test_validate_exits_1_on_violations(home: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate"]).exit_code == 0  # the seed knowledge base conforms
    data = tmp_path / "bad-membership.ttl"
    data.write_text(
        "@prefix ckg: <https://w3id.org/citykg/ontology#> .\n<https://w3id.org/citykg/id/m-bad> a ckg:Membership .\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["load", str(data)]).exit_code == 0
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "Violation at id:m-bad, path ckg:member" in result.output


def test_store_options_work_after_the_command(home: Path, tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
    elsewhere = tmp_path / "elsewhere"
    result = runner.invoke(app, ["load", str(seeds), "--home", str(elsewhere), "--store", "embedded"])
    assert result.exit_code == 0, result.output
    assert elsewhere.is_dir()  # a new store there, so `show` below can only find Qazvin in it
    result = runner.invoke(app, ["show", "qazvin", "--json", "--home", str(elsewhere)])
    assert json.loads(result.output)["id"] == "qazvin"
    assert "Which store answers" in runner.invoke(app, ["serve", "--help"]).output


def test_export_then_load_elsewhere(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "all.ttl"
    result = runner.invoke(app, ["export", "--format", "turtle", "-o", str(out)])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "other"))
    result = runner.invoke(app, ["load", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["show", "Qazvin", "--json"])
    assert json.loads(result.output)["id"] == "qazvin"


def test_every_command_has_help() -> None:
    for command in ["load", "validate", "show", "sparql", "export", "serve"]:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output
