"""The graph commands (path, bridges, centrality, stats, ego) on a small YAML loaded into a temporary home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()

SMALL = """
name: small
sources:
  - id: src-a
    title: Maribor twin towns page
entities:
  - {type: City, id: qazvin, labels: {en: Qazvin, fa: قزوین}}
  - {type: City, id: xian, labels: {en: "Xi'an"}}
  - {type: City, id: maribor, labels: {en: Maribor}}
  - {type: City, id: graz, labels: {en: Graz}}
  - {type: City, id: alone, labels: {en: Alone}}
  - {type: Network, id: silk, labels: {en: Silk Road Cities}}
  - {type: Network, id: learn, labels: {en: Learning Cities}}
agreements:
  - {id: t-qx, type: TwinningAgreement, parties: [qazvin, xian], evidence: [{source: src-a}]}
  - {id: t-xm, type: TwinningAgreement, parties: [xian, maribor], start: 2001}
  - {id: t-mg, type: TwinningAgreement, parties: [maribor, graz], end: 2010}
memberships:
  - {id: m1, member: qazvin, network: silk}
  - {id: m2, member: graz, network: learn}
  - {id: m3, member: xian, network: learn}
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    data = tmp_path / "small.yaml"
    data.write_text(SMALL, encoding="utf-8")
    result = runner.invoke(app, ["load", str(data)])
    assert result.exit_code == 0, result.output
    return tmp_path / "home"


def _json(args: list[str]) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_path_by_persian_name_explains_hops(home: Path) -> None:
    data = _json(["path", "قزوین", "Graz", "--kind", "twinning"])
    assert isinstance(data, list)
    [p] = data
    assert [n["id"] for n in p["nodes"]] == ["qazvin", "xian", "maribor", "graz"]
    assert [[t["fact"] for t in h["ties"]] for h in p["hops"]] == [["t-qx"], ["t-xm"], ["t-mg"]]
    assert p["hops"][0]["ties"][0]["sources"] == ["src-a"]
    text = runner.invoke(app, ["path", "qazvin", "graz", "--kind", "twinning"])
    assert "TwinningAgreement t-qx [src-a]" in text.output
    assert "TwinningAgreement t-mg ?–2010" in text.output


def test_path_as_of_and_no_path(home: Path) -> None:
    assert _json(["path", "qazvin", "graz", "--as-of", "2015", "--kind", "twinning"]) == []
    result = runner.invoke(app, ["path", "qazvin", "alone"])
    assert result.exit_code == 0
    assert "no path from qazvin to alone" in result.output


def test_bridges(home: Path) -> None:
    data = _json(["bridges", "Silk Road Cities", "learn", "-k", "1"])
    assert isinstance(data, dict)
    assert data["both"] == []
    assert [(c["entity"]["id"], c["pairs"], c["via"]) for c in data["connectors"]] == [
        ("qazvin", 1, ["t-qx"]),
        ("xian", 1, ["t-qx"]),
    ]


def test_centrality_and_stats(home: Path) -> None:
    data = _json(["centrality", "--metric", "betweenness", "--top", "2", "--kind", "agreement"])
    assert data == [
        {"entity": {"id": "maribor", "label": "Maribor", "type": "City", "matched": ""}, "score": 2 / 3},
        {"entity": {"id": "xian", "label": "Xi'an", "type": "City", "matched": ""}, "score": 2 / 3},
    ]
    stats = _json(["stats", "--kind", "twinning"])
    assert isinstance(stats, dict)
    assert (stats["nodes"], stats["edges"], stats["diameter"]) == (4, 3, 3)
    table = runner.invoke(app, ["stats"])
    assert "largest component" in table.output


def test_ego(home: Path) -> None:
    data = _json(["ego", "xian", "--depth", "1"])
    assert isinstance(data, dict)
    assert data["center"] == "xian"
    assert [n["id"] for n in data["nodes"]] == ["xian", "learn", "maribor", "qazvin"]
    assert [t["fact"] for t in data["ties"]] == ["m3", "t-qx", "t-xm"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["path", "Qazvim", "graz"], 3, "did you mean"),
        (["centrality", "--metric", "fame"], 2, "use one of degree, betweenness, closeness, harmonic"),
        (["path", "qazvin", "graz", "-k", "11"], 2, "k must be between 1 and 10, not 11"),
        (["ego", "qazvin", "--depth", "9"], 2, "depth must be between 1 and 4, not 9"),
        (["stats", "--as-of", "May"], 2, "as_of must be YYYY"),
        (["stats", "--kind", "friendship"], 2, "unknown tie kind 'friendship'"),
        (["bridges", "silk", "Lerning Cities"], 3, "no network named 'Lerning Cities'"),
        (["ego", "qazvin", "-o", "picture.txt"], 2, "must be .html, .png or .svg"),
    ],
)
def test_bad_input(home: Path, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert message in " ".join(result.output.split())
