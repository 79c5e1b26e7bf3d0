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
    assert "no tie between qazvin and alone within 6 hops; try --max-length 12 or another --kind" in " ".join(
        result.output.split()
    )
    filtered = runner.invoke(app, ["path", "qazvin", "graz", "--as-of", "2015", "--kind", "twinning"])
    assert "try --max-length 12 or fewer filters (--kind, --network, --country, --as-of)" in " ".join(
        filtered.output.split()
    )


def test_empty_answers_say_why(home: Path) -> None:
    ego = " ".join(runner.invoke(app, ["ego", "alone"]).output.split())
    assert "has no tie in this projection; try another --kind, or citykg show for its facts" in ego
    top = runner.invoke(app, ["centrality", "--kind", "post"])
    assert top.exit_code == 0
    assert "no entity has a tie with these filters; try fewer filters" in " ".join(top.output.split())


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
    assert "distances exact: every source" in table.output
    assert "sampled beyond 5,000" in table.output
    sampled = runner.invoke(app, ["stats", "--kind", "twinning", "--sample", "2"])
    assert "distances sampled: 2 random sources" in sampled.output
    assert "diameter exact by iFUB" in sampled.output
    exact = _json(["stats", "--kind", "twinning", "--exact"])
    assert isinstance(exact, dict)
    assert (exact["distances_sampled"], exact["exact_distances_up_to"]) == (0, 5000)
    both = runner.invoke(app, ["stats", "--exact", "--sample", "3"])
    assert both.exit_code == 2
    assert "not both" in both.output


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
        (
            ["stats", "--network", "Silk Raod Cities"],
            3,
            "no network named 'Silk Raod Cities'; did you mean: Silk Road Cities (silk)?",
        ),
        (["path", "qazvin", "graz", "--network", "graz"], 3, "Graz (graz) is a City, not a network"),
        (
            ["stats", "--country", "SI"],
            3,
            "no country 'SI': name a country by its id or ISO 3166 alpha-2 code",
        ),
    ],
)
def test_bad_input(home: Path, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert message in " ".join(result.output.split())


# The network and country filters on the seed knowledge base (loaders/data/seeds.yaml).
SEEDS = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"


@pytest.fixture(scope="module")
def seed_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("seed-home")
    result = runner.invoke(app, ["load", str(SEEDS), "--home", str(home)])
    assert result.exit_code == 0, result.output
    return home


def _seed_json(home: Path, args: list[str]) -> object:
    return _json([*args, "--home", str(home)])


@pytest.mark.parametrize("network", ["unesco-gnlc", "GNLC", "شبکه شهرهای یادگیرنده یونسکو"])
def test_network_filter_by_id_or_name(seed_home: Path, network: str) -> None:
    stats = _seed_json(seed_home, ["stats", "--kind", "membership", "--network", network])
    assert isinstance(stats, dict)
    assert (stats["nodes"], stats["edges"], stats["components"]) == (5, 4, 1)
    top = _seed_json(
        seed_home,
        ["centrality", "--metric", "degree", "--top", "1", "--kind", "membership", "--network", network],
    )
    assert isinstance(top, list)
    assert [(s["entity"]["id"], s["score"]) for s in top] == [("unesco-gnlc", 1.0)]


def test_path_through_a_network_only(seed_home: Path) -> None:
    data = _seed_json(
        seed_home, ["path", "Isfahan", "Kermanshah", "--kind", "membership", "--network", "GNLC"]
    )
    assert isinstance(data, list)
    [p] = data
    assert [n["id"] for n in p["nodes"]] == ["isfahan", "unesco-gnlc", "kermanshah"]
    assert [[t["fact"] for t in h["ties"]] for h in p["hops"]] == [
        ["m-isfahan-unesco-gnlc"],
        ["m-kermanshah-unesco-gnlc"],
    ]


@pytest.mark.parametrize("country", ["SI", "si", "slovenia"])
def test_country_filter_by_id_or_iso2(seed_home: Path, country: str) -> None:
    stats = _seed_json(seed_home, ["stats", "--kind", "structure", "--country", country])
    assert isinstance(stats, dict)
    assert (stats["nodes"], stats["edges"]) == (6, 4)
    ego = _seed_json(seed_home, ["ego", "Maribor", "--kind", "structure", "--country", country])
    assert isinstance(ego, dict)
    assert [n["id"] for n in ego["nodes"]] == ["maribor", "mestna-obcina-maribor"]


def test_country_filter_drops_other_countries(seed_home: Path) -> None:
    assert _seed_json(seed_home, ["path", "Maribor", "Isfahan", "--country", "SI"]) == []
    both = _seed_json(seed_home, ["stats", "--kind", "structure", "--country", "SI", "--country", "IR"])
    assert isinstance(both, dict)
    assert (both["nodes"], both["edges"]) == (16, 12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["stats", "--network", "UNESCO Lerning Cities"],
            "no network named 'UNESCO Lerning Cities'; did you mean: "
            "UNESCO Global Network of Learning Cities (unesco-gnlc), "
            "UNESCO Creative Cities Network (unesco-creative-cities-network)?",
        ),
        (["centrality", "--network", "Isfahan"], "Isfahan (isfahan) is a City, not a network"),
        (["stats", "--country", "XX"], "no country 'XX': name a country by its id or ISO 3166 alpha-2 code"),
        (["ego", "maribor", "--country", "Slovenja"], "did you mean: Slovenia (slovenia)?"),
    ],
)
def test_unknown_network_or_country(seed_home: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--home", str(seed_home)])
    assert result.exit_code == 3, result.output
    assert message in " ".join(result.output.split())
