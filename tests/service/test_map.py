"""The map of ties: ``/map/{id}`` in headless Chromium, its PNG/SVG exports, and ``citykg map``.

The store holds the bundled seeds, the Silk Road summits roster, the rows of the
bundled Wikipedia twin-town list that name Qazvin or one of its partners (so
Qazvin's ego network at depth 2 has arcs), and a city and a network whose names
are markup. Screenshots are kept in ``tmp/artefacts`` (or ``$CITYKG_TEST_ARTEFACTS``)
and judged by their pixels.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest
import uvicorn
from PIL import Image
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from loaders import BUNDLED_TWINS, bundled_paths, read_sources
from service.app import create_app
from service.cli import app as cli
from service.settings import ServiceSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = Path(os.environ.get("CITYKG_TEST_ARTEFACTS", REPO / "tmp" / "artefacts"))
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
EVIL = "<img src=x onerror=alert(1)>"
EVIL_YAML = f"""
name: markup-names
sources:
  - id: evil-src
    title: '{EVIL}'
entities:
  - {{type: City, id: evil, labels: {{en: '{EVIL}'}}, lat: 40.0, lon: 44.5}}
  - {{type: City, id: calm, labels: {{en: Calm}}, lat: 35.7, lon: 51.4}}
  - {{type: Network, id: evil-net, labels: {{en: '{EVIL}'}}}}
agreements:
  - {{id: t-evil, type: TwinningAgreement, parties: [evil, calm], evidence: [{{source: evil-src}}]}}
memberships:
  - {{id: m-evil, member: evil, network: evil-net, evidence: [{{source: evil-src}}]}}
"""

runner = CliRunner()


@pytest.fixture(scope="module")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seeds, the Silk Road roster, the bundled twin-town rows around Qazvin, the markup names."""
    folder = tmp_path_factory.mktemp("map-data")
    paths = bundled_paths()
    (twins,) = [p for p in paths if p.name == BUNDLED_TWINS]
    with gzip.open(twins, "rt", encoding="utf-8") as fh:
        header, *rows = fh.readlines()
    near = {"Qazvin"}
    for row in rows:
        cells = row.split(",")
        if "Qazvin" in (cells[0], cells[4]):
            near |= {cells[0], cells[4]}
    kept = [row for row in rows if {row.split(",")[0], row.split(",")[4]} & near]
    part = folder / "twins-around-qazvin.csv"
    part.write_text(header + "".join(kept), encoding="utf-8")
    evil = folder / "markup-names.yaml"
    evil.write_text(EVIL_YAML, encoding="utf-8")
    roster = next(p for p in paths if p.name.startswith("silk-road"))
    return [*bundled_paths(world=False), part, roster, evil]


@pytest.fixture(scope="module")
def map_store(data_files: list[Path]) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    store.load(read_sources(data_files))
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(map_store: EmbeddedStore) -> Iterator[TestClient]:
    app = create_app(store=map_store, settings=ServiceSettings(api_key=None))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def live(map_store: EmbeddedStore) -> Iterator[str]:
    app = create_app(store=map_store, settings=ServiceSettings())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail("chromium is missing: run scripts/install-system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-map")),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            yield context
        finally:
            context.close()


class Page:
    """A page that may not leave 127.0.0.1, with its console errors and dialogs recorded."""

    def __init__(self, context: object) -> None:
        self.page: object = context.new_page()  # type: ignore[attr-defined]
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(r: object) -> None:
            parsed = urlparse(r.request.url)  # type: ignore[attr-defined]
            if parsed.scheme in {"data", "blob", "about", "file"} or parsed.hostname == "127.0.0.1":
                r.continue_()  # type: ignore[attr-defined]
            else:
                self.outside.append(r.request.url)  # type: ignore[attr-defined]
                r.abort()  # type: ignore[attr-defined]

        p = self.page
        p.route("**/*", route)  # type: ignore[attr-defined]
        p.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        p.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]
        p.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]


def _pixels(png: bytes) -> dict[str, int]:
    """How many pixels of a map screenshot are land, ocean, border or arc blue."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    counts = {"land": 0, "ocean": 0, "border": 0, "blue": 0, "total": img.width * img.height}
    for n, (r, g, b) in img.getcolors(1 << 22) or []:
        if abs(r - 0xF1) + abs(g - 0xEF) + abs(b - 0xE8) < 8:
            counts["land"] += n
        elif abs(r - 0xDF) + abs(g - 0xEA) + abs(b - 0xF3) < 8:
            counts["ocean"] += n
        elif abs(r - g) < 20 and abs(g - b) < 25 and 120 < r < 215 and r > b:
            counts["border"] += n
        if b - r > 70 and b > 120:
            counts["blue"] += n
    return counts


def _save(name: str, data: bytes) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / name).write_bytes(data)


def test_qazvin_at_depth_2_has_ties_with_coordinates(client: TestClient) -> None:
    ego = client.get("/ego/qazvin", params={"depth": 2}).json()
    coords = {n["id"] for n in ego["nodes"] if n["lat"] is not None and n["lon"] is not None}
    placed = [t for t in ego["ties"] if t["source"] in coords and t["target"] in coords]
    assert len(placed) >= 10
    assert any("qazvin" in (t["source"], t["target"]) for t in placed)


def test_unknown_entity_is_a_problem_404(client: TestClient) -> None:
    r = client.get("/map/no-such-place-anywhere")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["status"] == 404
    assert client.get("/map/qazvin", params={"depth": 9}).status_code == 422
    assert client.get("/map/qazvin", params={"as_of": "2020-13"}).status_code in {400, 422}


def test_map_png_and_svg_over_http(client: TestClient) -> None:
    svg = client.get("/map/qazvin", params={"depth": 2, "format": "svg"})
    assert svg.headers["content-type"] == "image/svg+xml"
    text = " ".join(
        t.text or "" for t in ElementTree.fromstring(svg.content).iter() if t.tag.endswith("text")
    )
    assert "Qazvin: map of ties" in text
    assert "depth 2" in text
    assert "twinning" in text
    assert "Sources:" in text
    assert "Wikipedia" in text
    png = client.get("/map/qazvin", params={"depth": 2, "format": "png"})
    assert png.headers["content-type"] == "image/png"
    assert _pixels(png.content)["blue"] > 300


@pytest.mark.browser
def test_map_draws_outlines_and_arcs_for_qazvin(browser: object, live: str) -> None:
    w = Page(browser)
    page = w.page
    page.goto(live + "/map/qazvin?depth=2")  # type: ignore[attr-defined]
    page.wait_for_function("window.citymap && window.citymap.ready", timeout=20_000)  # type: ignore[attr-defined]
    counts = page.evaluate("window.citymap.counts")  # type: ignore[attr-defined]
    assert counts["arcs"] >= 10
    assert counts["hubs"] >= 1
    shot = page.locator("#map").screenshot()  # type: ignore[attr-defined]
    _save("map-qazvin-depth2.png", shot)
    px = _pixels(shot)
    # Country outlines: land and ocean fill most of the canvas, with border strokes between them.
    assert px["land"] > 0.08 * px["total"]
    assert px["ocean"] > 0.15 * px["total"]
    assert px["border"] > 1000
    # Arcs: twinning blue, absent from the basemap's palette.
    assert px["blue"] > 500
    assert "Silk Road" in page.inner_text("#map-hubs")  # type: ignore[attr-defined]
    assert "twinning" in page.inner_text("#map-legend")  # type: ignore[attr-defined]
    assert "Sources:" in page.inner_text("#map-foot")  # type: ignore[attr-defined]

    # Dragging pans: the picture moves, and the full map (arcs included) is drawn again when the drag ends.
    box = page.locator("#map").bounding_box()  # type: ignore[attr-defined]
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tx = page.evaluate("window.citymap.view.tx")  # type: ignore[attr-defined]
    page.mouse.move(x, y)  # type: ignore[attr-defined]
    page.mouse.down()  # type: ignore[attr-defined]
    page.mouse.move(x - 150, y + 40, steps=8)  # type: ignore[attr-defined]
    page.mouse.up()  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]
    assert page.evaluate("window.citymap.view.tx") == pytest.approx(tx - 150)  # type: ignore[attr-defined]
    moved = page.locator("#map").screenshot()  # type: ignore[attr-defined]
    assert moved != shot
    assert _pixels(moved)["blue"] > 300

    # The same map without its arcs has (almost) no arc blue: the blue above is the arcs.
    page.evaluate("window.citymap.hideArcs()")  # type: ignore[attr-defined]
    bare = _pixels(page.locator("#map").screenshot())  # type: ignore[attr-defined]
    assert bare["blue"] < px["blue"] / 10
    assert w.outside == []
    assert w.errors == []
    page.close()  # type: ignore[attr-defined]


@pytest.mark.browser
def test_map_in_persian_is_right_to_left(browser: object, live: str) -> None:
    w = Page(browser)
    page = w.page
    page.goto(live + "/map/qazvin?lang=fa")  # type: ignore[attr-defined]
    page.wait_for_function("window.citymap && window.citymap.ready", timeout=20_000)  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.dir") == "rtl"  # type: ignore[attr-defined]
    assert "قزوین" in page.inner_text("#map-title")  # type: ignore[attr-defined]
    assert w.errors == []
    page.close()  # type: ignore[attr-defined]


@pytest.mark.browser
def test_markup_names_run_no_script_in_map_or_exports(browser: object, live: str, client: TestClient) -> None:
    w = Page(browser)
    page = w.page
    page.goto(live + "/map/evil")  # type: ignore[attr-defined]
    page.wait_for_function("window.citymap && window.citymap.ready", timeout=20_000)  # type: ignore[attr-defined]
    assert page.evaluate("window.citymap.counts") == {"places": 2, "arcs": 1, "hubs": 1}  # type: ignore[attr-defined]
    page.hover("#map-hubs li")  # type: ignore[attr-defined]
    page.evaluate("window.citymap.select('evil')")  # type: ignore[attr-defined]
    assert EVIL in page.inner_text("#map-title")  # type: ignore[attr-defined]
    assert EVIL in page.inner_text("#map-hubs")  # type: ignore[attr-defined]
    assert EVIL in page.inner_text("#map-info")  # type: ignore[attr-defined]
    assert EVIL in page.inner_text("#map-foot")  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelectorAll('img').length") == 0  # type: ignore[attr-defined]
    assert page.evaluate("document.scripts.length") == 2  # type: ignore[attr-defined]
    # The explorer's switch shows the same page in its frame.
    page.goto(live + "/")  # type: ignore[attr-defined]
    page.fill("#search", "qazvin")  # type: ignore[attr-defined]
    page.click("#search-form button")  # type: ignore[attr-defined]
    page.click("#results li[data-id='qazvin']", timeout=20_000)  # type: ignore[attr-defined]
    page.wait_for_function("document.getElementById('selected').dataset.id === 'qazvin'", timeout=20_000)  # type: ignore[attr-defined]
    page.click("#view-map")  # type: ignore[attr-defined]
    frame = page.frame_locator("#map-frame")  # type: ignore[attr-defined]
    frame.locator("#map-title").wait_for(timeout=20_000)
    assert frame.locator("#map-title").inner_text() == "Qazvin: map of ties"
    assert page.evaluate("document.getElementById('stage').hidden") is True  # type: ignore[attr-defined]
    assert "view=map" in page.url  # type: ignore[attr-defined]
    # The SVG export, opened as a page, runs nothing either and keeps the name as text.
    svg = client.get("/map/evil", params={"format": "svg"}).content
    assert b"<img" not in svg
    assert b"&lt;img src=x onerror=alert(1)&gt;" in svg
    page.goto(live + "/map/evil?format=svg")  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelectorAll('img').length") == 0  # type: ignore[attr-defined]
    assert w.dialogs == []
    assert w.outside == []
    assert w.errors == []
    page.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, data_files: list[Path]) -> Path:
    home = tmp_path_factory.mktemp("map-home") / "home"
    result = runner.invoke(cli, ["load", *map(str, data_files), "--home", str(home)])
    assert result.exit_code == 0, result.output
    return home


def test_cli_map_png_and_svg_have_title_legend_and_sources(home: Path, tmp_path: Path) -> None:
    svg_path, png_path = tmp_path / "q.svg", tmp_path / "q.png"
    for path in (svg_path, png_path):
        result = runner.invoke(cli, ["map", "Qazvin", "--depth", "2", "-o", str(path), "--home", str(home)])
        assert result.exit_code == 0, result.output
        assert "arcs" in result.output
    texts = [t.text or "" for t in ElementTree.parse(svg_path).iter() if t.tag.endswith("text")]
    joined = " ".join(texts)
    assert "Qazvin: map of ties" in texts
    assert "depth 2" in texts
    assert "Tie kinds" in texts
    assert "twinning" in texts
    assert re.search(r"Sources: .*Wikipedia", joined)
    assert re.search(r"Exported \d{4}-\d{2}-\d{2}", joined)
    png = png_path.read_bytes()
    _save("cli-map-qazvin-depth2.png", png)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    # Title: dark text in the top band; sources: dark text in the bottom band; legend: the twinning swatch.
    top = img.crop((0, 0, img.width, 60))
    bottom = img.crop((0, img.height - 110, img.width, img.height))
    dark = lambda im: sum(n for n, c in im.getcolors(1 << 20) or [] if sum(c) < 200)  # noqa: E731
    assert dark(top) > 300
    assert dark(bottom) > 300
    legend = img.crop((int(img.width * 0.72), 0, img.width, img.height // 2))
    assert _pixels(legend_bytes := _png(legend))["blue"] > 40, len(legend_bytes)
    assert _pixels(png)["blue"] > 300


def test_cli_map_json_and_bad_output(home: Path, tmp_path: Path) -> None:
    import json

    result = runner.invoke(cli, ["map", "Qazvin", "--depth", "2", "--json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["center"] == "qazvin"
    assert len(data["arcs"]) >= 10
    assert all(
        a["style"] in {"twinning", "partnership", "mou", "membership", "event", "other"} for a in data["arcs"]
    )
    bad = tmp_path / "q.gif"
    result = runner.invoke(cli, ["map", "Qazvin", "-o", str(bad), "--home", str(home)])
    assert result.exit_code != 0
    assert "must be .html, .png or .svg" in result.output
    assert not bad.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.browser
def test_cli_html_map_opens_from_a_file_offline(browser: object, home: Path, tmp_path: Path) -> None:
    path = tmp_path / "evil.html"
    result = runner.invoke(cli, ["map", "evil", "-o", str(path), "--home", str(home)])
    assert result.exit_code == 0, result.output
    w = Page(browser)
    page = w.page
    page.goto(path.as_uri())  # type: ignore[attr-defined]
    page.wait_for_function("window.citymap && window.citymap.ready", timeout=20_000)  # type: ignore[attr-defined]
    assert EVIL in page.inner_text("#map-title")  # type: ignore[attr-defined]
    assert page.evaluate("document.querySelectorAll('img').length") == 0  # type: ignore[attr-defined]
    shot = page.locator("#map").screenshot()  # type: ignore[attr-defined]
    _save("cli-map-evil.png", shot)
    px = _pixels(shot)
    assert px["land"] > 0.05 * px["total"]
    assert px["blue"] > 30
    assert w.dialogs == []
    assert w.outside == []
    assert w.errors == []
    page.close()  # type: ignore[attr-defined]


def test_persian_map_pictures_join_letters_on_png_and_keep_logical_text_in_svg() -> None:
    from graph.geomap import geo_map, render_map_image
    from graph.store import NodeInfo, SourceView, Tie
    from graph.visual import View, _shaped

    view = View(
        "q",
        [
            NodeInfo("q", "City", "قزوین", lat=36.3, lon=50.0),
            NodeInfo("k", "City", "Kazan", lat=55.8, lon=49.1),
        ],
        [Tie("t", "TwinningAgreement", "q", "k", sources=("s1",))],
    )
    geo = geo_map(view)
    svg = render_map_image(geo, "svg", title="قزوین", sources=[SourceView("s1", "فهرست")]).decode()
    assert "قزوین" in svg  # SVG: the reader's renderer joins and orders the letters
    assert "فهرست" in svg
    assert _shaped("قزوین") != "قزوین"  # the raster form: presentation forms in display order
    png = render_map_image(geo, "png", title="قزوین", sources=[SourceView("s1", "فهرست")])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
