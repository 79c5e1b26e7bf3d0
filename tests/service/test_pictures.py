"""Pictures that carry their sources (API and CLI), the fact behind a tie, and the offline API docs pages."""

from __future__ import annotations

import html
import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from planner_world import EVIL, SENTENCE, planner_store
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from service.app import create_app
from service.cli import app as cli
from service.settings import ServiceSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    s = planner_store()
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key=None))) as c:
        yield c


def _svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_fact_behind_a_tie_has_parties_dates_status_and_sentence(client: TestClient) -> None:
    r = client.get("/facts/twin-qazvin-evil", params={"entity": "qazvin"})
    assert r.status_code == 200
    fact = r.json()
    assert fact["type"] == "TwinningAgreement"
    assert fact["dates"] == {"signed": "2012-05-03", "start": "2012"}
    assert fact["status"] == "Active"
    assert sorted(p["id"] for p in fact["parties"]["party"]) == ["evil-town", "qazvin"]
    [source] = fact["sources"]
    assert source["label"] == "Qazvin signs a twinning"
    assert source["publisher"] == "Qazvin Gazette"
    assert source["url"] == "https://news.example/qazvin-twinning"
    assert (source["sentence"], source["sentence_lang"]) == (SENTENCE, "fa")


def test_fact_of_an_entity_not_in_it_is_a_404_problem(client: TestClient) -> None:
    r = client.get("/facts/twin-qazvin-evil", params={"entity": "oldtown"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "takes no part" in r.json()["detail"]
    assert client.get("/facts/twin-qazvin-evil").status_code == 422  # the entity is required


def test_ego_json_details_name_every_source(client: TestClient) -> None:
    plain = client.get("/ego/qazvin").json()
    assert plain["facts"] == {}
    data = client.get("/ego/qazvin", params={"details": "true"}).json()
    assert {t["fact"] for t in data["ties"]} == set(data["facts"])
    assert data["facts"]["twin-qazvin-oldtown"]["dates"] == {"start": "1995", "end": "2010"}
    assert data["facts"]["twin-qazvin-oldtown"]["status"] == "Former"
    labels = {s["label"] for f in data["facts"].values() for s in f["sources"]}
    assert "Qazvin signs a twinning" in labels
    assert not any(re.fullmatch(r"seed-\d+", label) for label in labels)


def test_svg_export_names_subject_filters_legend_and_sources(client: TestClient) -> None:
    r = client.get("/ego/qazvin", params={"format": "svg", "depth": 1, "kinds": "twinning", "as_of": "2015"})
    assert r.status_code == 200
    texts = _svg_texts(r.text)
    assert "Qazvin: ego network, depth 1 · tie kinds: twinning · as of 2015" in texts
    assert "Tie kinds" in texts
    assert "TwinningAgreement “twin”" in texts
    assert "Sources:" in texts
    assert any(t.startswith("1. Qazvin signs a twinning · Qazvin Gazette · 2012-05-03") for t in texts)
    assert any(re.fullmatch(r"Exported: \u2066\d{4}-\d{2}-\d{2}\u2069", t) for t in texts)
    assert "citykg" not in texts


def test_png_export_in_persian_has_a_title_legend_and_footer(client: TestClient) -> None:
    r = client.get("/ego/qazvin", params={"format": "png", "depth": 2, "lang": "fa"})
    assert r.status_code == 200
    img = Image.open(io.BytesIO(r.content)).convert("L")
    w, h = img.size
    # footer lines are right-aligned in Persian: ink in the bottom band sits on the right
    band = img.crop((0, h - 80, w, h))
    left = sum(n for n, v in band.crop((0, 0, w // 3, 80)).getcolors(256) or [] if v < 128)
    right = sum(n for n, v in band.crop((2 * w // 3, 0, w, 80)).getcolors(256) or [] if v < 128)
    assert right > 100
    assert right > 3 * left
    top = img.crop((0, 0, w, 40))
    assert sum(n for n, v in top.getcolors(256) or [] if v < 128) > 100  # the title


def test_html_export_escapes_markup_and_carries_sources(client: TestClient) -> None:
    page = client.get("/ego/evil-town", params={"format": "html", "depth": 1}).text
    assert EVIL not in page
    assert html.escape(EVIL) in page  # in the title and the footer only as text
    assert "<cite>Qazvin signs a twinning</cite>" in page
    assert '<h1 id="heading" dir="auto">' in page


def test_cli_ego_pictures_carry_title_legend_and_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner_world import planner_graphs

    from ontology.records import City, Dataset
    from ontology.to_rdf import dataset_to_graph

    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    data, city = tmp_path / "planner.ttl", tmp_path / "qazvin.ttl"
    planner_graphs()[0][1].serialize(data, format="turtle")
    dataset_to_graph(
        Dataset(name="qazvin", entities=[City(id="qazvin", labels={"en": ["Qazvin"]})])
    ).serialize(city, format="turtle")
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", str(city), str(data)])
    assert loaded.exit_code == 0, loaded.output
    svg, png = tmp_path / "q.svg", tmp_path / "q.png"
    for out in (svg, png):
        result = runner.invoke(
            cli, ["ego", "evil-town", "--depth", "2", "--kind", "agreement", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
    texts = _svg_texts(svg.read_text("utf-8"))
    assert f"{EVIL}: ego network, depth 2 · tie kinds: agreement" in texts
    assert "MemorandumOfUnderstanding “MoU”" in texts
    assert any(t.startswith("1. Old ties end · City Desk · 2010-02-01") for t in texts)
    assert png.read_bytes().startswith(b"\x89PNG")
    help_text = runner.invoke(cli, ["ego", "--help"]).output
    assert "footer of sources" in help_text


def test_api_docs_pages_reference_only_local_assets(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        page = client.get(path).text
        refs = re.findall(r"(?:src|href)=['\"]([^'\"]+)", page)
        assert refs
        assert all(r.startswith("/") for r in refs), refs
        assert "fonts.googleapis" not in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        r = client.get(f"/static/api-docs/{asset}")
        assert r.status_code == 200
        assert len(r.content) > 10_000
    assert b"cdn.redoc.ly" not in client.get("/static/api-docs/redoc.standalone.js").content
    assert client.get("/static/api-docs/nothing.js").status_code == 404


def test_explorer_draws_kinds_with_the_exports_dashes_and_colours() -> None:
    from importlib import resources

    from graph.visual import KIND_COLOURS, KIND_DASHES

    script = (resources.files("service") / "static" / "explorer.js").read_text("utf-8")
    block = script.split("var KIND_DASHES = {", 1)[1].split("};", 1)[0]
    dashes = {
        k: tuple(int(n) for n in re.findall(r"\d+", v)) for k, v in re.findall(r"(\w+): \[([^\]]*)\]", block)
    }
    assert dashes == KIND_DASHES
    block = script.split("var KIND_COLOURS = {", 1)[1].split("};", 1)[0]
    assert dict(re.findall(r'(\w+): "(#[0-9a-f]{6})"', block)) == KIND_COLOURS
