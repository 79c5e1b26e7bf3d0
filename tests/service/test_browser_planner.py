"""The planner's explorer in headless Chromium: fact inspector, time, filters in the URL, Persian pages,
offline API docs, and markup in a label that must stay text. No request leaves the host.

Screenshots are kept as artefacts in $CITYKG_TEST_ARTEFACTS (else a temporary folder) and checked by their
pixels, not only by the DOM.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image
from planner_world import EVIL, SENTENCE, planner_store, serve

from graph.embedded_store import EmbeddedStore

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    s = planner_store()
    yield s
    s.close()


@pytest.fixture(scope="module")
def url(store: EmbeddedStore) -> Iterator[str]:
    with serve(store) as base:
        yield base


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = os.environ.get("CITYKG_TEST_ARTEFACTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screens")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail("chromium is missing: run scripts/install-system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            yield ctx
        finally:
            ctx.close()


class Page:
    """A page whose requests may only reach the loopback host; it records the others, errors and dialogs."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(r: Any) -> None:
            parsed = urlparse(r.request.url)
            if parsed.scheme in {"data", "blob", "about", "file"} or parsed.hostname == "127.0.0.1":
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def clean(self) -> None:
        assert self.outside == []
        assert self.dialogs == []
        assert self.errors == []
        self.page.close()


def _open_ego(p: Page, base: str, query: str) -> None:
    p.page.goto(f"{base}/?{query}")
    p.page.wait_for_function("window.network.body.data.edges.length > 0", timeout=30_000)
    p.page.wait_for_function("window.network.physics.physicsEnabled === false", timeout=30_000)
    p.page.evaluate("window.network.fit({animation: false})")
    p.page.wait_for_timeout(300)


def _dom_xy(p: Page, node: str) -> tuple[float, float]:
    xy = p.page.evaluate(
        "id => { const c = window.network.getPositions([id])[id]; return window.network.canvasToDOM(c); }",
        node,
    )
    box = p.page.locator("#graph").bounding_box()
    return box["x"] + xy["x"], box["y"] + xy["y"]


def _count(png: bytes, test: Any) -> int:
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(n for n, c in img.getcolors(1 << 20) or [] if test(c))


def test_inspector_shows_a_twinnings_source_sentence(context: Any, url: str, artefacts: Path) -> None:
    p = Page(context)
    _open_ego(p, url, "entity=qazvin&depth=1")
    # a person clicks the partner city, then the twinning in the list of its ties
    x, y = _dom_xy(p, "evil-town")
    p.page.mouse.click(x, y)
    p.page.wait_for_selector("#inspector:not([hidden]) li.pick", timeout=10_000)
    assert p.page.inner_text("#inspector h3") == EVIL  # the name is text
    p.page.click("#inspector li.pick:has-text('twin 2012')")
    # two parallel ties between Qazvin and the town: both listed and selectable
    picks = p.page.locator("#inspector ul.parallel li.pick")
    assert picks.count() == 2
    quote = p.page.locator("#inspector blockquote")
    quote.wait_for(timeout=10_000)
    assert quote.inner_text() == SENTENCE
    assert quote.get_attribute("lang") == "fa"
    text = p.page.inner_text("#inspector")
    for fact in ("TwinningAgreement", "2012-05-03", "Active", "Qazvin Gazette", "Qazvin signs a twinning"):
        assert fact in text
    assert "https://news.example/qazvin-twinning" in text
    assert "planner-news-1" not in text
    p.page.mouse.move(5, 5)  # no tooltip over the panel
    p.page.wait_for_timeout(200)
    shot = p.page.locator("#inspector").screenshot()
    (artefacts / "inspector-twinning.png").write_bytes(shot)
    # the quote's rule (#24415e) and dark text are drawn, not only present in the DOM
    rule = _count(shot, lambda c: abs(c[0] - 0x24) + abs(c[1] - 0x41) + abs(c[2] - 0x5E) < 30)
    assert rule > 20
    assert _count(shot, lambda c: sum(c) < 200) > 500
    # the other parallel tie, the MoU, is one click away
    p.page.click("#inspector ul.parallel li.pick:has-text('MoU')")
    p.page.wait_for_function(
        "document.querySelector('#inspector .fact h4').textContent.includes('MemorandumOfUnderstanding')"
    )
    titles = p.page.evaluate("window.network.body.data.edges.get().map(e => e.title).join('\\n')")
    assert "Qazvin signs a twinning (Qazvin Gazette, 2012-05-03)" in titles
    assert "planner-news" not in titles
    assert "seed-000" not in titles
    p.clean()


def _edge_pixels(p: Page, a: str, b: str) -> int:
    """Non-white pixels in small boxes along the straight edge a–b: twice the median of seven boxes, so
    another edge or a label that crosses one box does not count as this edge."""
    (xa, ya), (xb, yb) = _dom_xy(p, a), _dom_xy(p, b)
    shot = p.page.screenshot()
    img = Image.open(io.BytesIO(shot)).convert("RGB")
    counts = []
    for f in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        cx, cy = xa + (xb - xa) * f, ya + (yb - ya) * f
        box = img.crop((int(cx) - 5, int(cy) - 5, int(cx) + 6, int(cy) + 6))
        counts.append(sum(n for n, c in box.getcolors(1 << 12) or [] if sum(c) < 700))
    return 2 * sorted(counts)[len(counts) // 2]


def test_moving_the_date_removes_a_tie_that_ended(context: Any, url: str, artefacts: Path) -> None:
    p = Page(context)
    _open_ego(p, url, "entity=qazvin&depth=1")
    before = _edge_pixels(p, "qazvin", "oldtown")
    (artefacts / "time-all-dates.png").write_bytes(p.page.locator("#graph").screenshot())
    p.page.locator("#as-of-slider").fill("2015")
    p.page.wait_for_timeout(300)
    after = _edge_pixels(p, "qazvin", "oldtown")
    (artefacts / "time-2015.png").write_bytes(p.page.locator("#graph").screenshot())
    assert before > 15
    assert after < before / 4
    faded = p.page.evaluate(
        "window.network.body.data.edges.get().filter(e => e.faded).map(e => e.fact).sort()"
    )
    assert faded == ["mou-qazvin-evil", "twin-qazvin-oldtown"]  # ended in 2010; the MoU begins in 2019
    assert parse_qs(urlparse(p.page.url).query)["as_of"] == ["2015"]
    assert "as_of=2015" in p.page.get_attribute("#downloads a", "href")
    # back before the end, the tie is there again and the newer ones fade
    p.page.fill("#as-of", "2000")
    p.page.dispatch_event("#as-of", "change")
    p.page.wait_for_timeout(300)
    assert _edge_pixels(p, "qazvin", "oldtown") > after
    faded = p.page.evaluate(
        "window.network.body.data.edges.get().filter(e => e.faded).map(e => e.fact).sort()"
    )
    assert faded == ["mou-qazvin-evil", "twin-qazvin-evil"]
    p.clean()


def test_filters_and_date_live_in_the_url(context: Any, url: str) -> None:
    p = Page(context)
    _open_ego(p, url, "entity=qazvin&depth=1")
    everything = p.page.evaluate("window.network.body.data.edges.length")
    p.page.check("#kinds input[value='twinning']")
    p.page.click("#filter-form button")
    p.page.wait_for_function(
        "window.network.body.data.edges.get().every(e => e.kind === 'TwinningAgreement')"
    )
    p.page.select_option("#tie-colour", "since")
    p.page.fill("#as-of", "2011")
    p.page.dispatch_event("#as-of", "change")
    link = p.page.url
    state = parse_qs(urlparse(link).query)
    assert state["entity"] == ["qazvin"]
    assert state["kinds"] == ["twinning"]
    assert state["as_of"] == ["2011"]
    assert state["ties"] == ["since"]
    assert state["view"] == ["graph"]
    twinnings = p.page.evaluate("window.network.body.data.edges.length")
    assert 0 < twinnings < everything
    # the link reproduces the picture in a fresh page
    q = Page(p.page.context)
    _open_ego(q, url, urlparse(link).query)
    assert q.page.evaluate("window.network.body.data.edges.length") == twinnings
    assert q.page.input_value("#as-of") == "2011"
    assert q.page.is_checked("#kinds input[value='twinning']")
    assert q.page.input_value("#tie-colour") == "since"
    faded = q.page.evaluate(
        "window.network.body.data.edges.get().filter(e => e.faded).map(e => e.fact).sort()"
    )
    assert faded == ["twin-qazvin-evil", "twin-qazvin-oldtown"]  # 2011: one begins in 2012, one ended in 2010
    q.clean()
    p.clean()


def test_persian_pages_are_right_to_left(context: Any, url: str, artefacts: Path) -> None:
    p = Page(context)
    _open_ego(p, url, "entity=qazvin&depth=1&lang=fa")
    assert p.page.evaluate("document.documentElement.dir") == "rtl"
    assert p.page.evaluate("window.network.body.data.nodes.get('qazvin').label") == "قزوین"
    side = p.page.locator("main > aside").bounding_box()
    stage = p.page.locator("#stage").bounding_box()
    assert side["x"] > stage["x"]  # the side panel moved to the right
    p.page.goto(f"{url}/ego/qazvin?depth=1&lang=fa&format=html")
    p.page.wait_for_function("window.network && window.network.body.data.nodes.length > 1", timeout=30_000)
    assert p.page.evaluate("document.documentElement.dir") == "rtl"
    heading = p.page.locator("#heading")
    assert "قزوین" in heading.inner_text()
    shot = heading.screenshot()
    (artefacts / "export-fa-heading.png").write_bytes(shot)
    img = Image.open(io.BytesIO(shot)).convert("RGB")
    w, h = img.size
    light = [sum(1 for x in range(w) for y in range(h) if sum(img.getpixel((x, y))) > 500)]
    right = sum(1 for x in range(w // 2, w) for y in range(h) if sum(img.getpixel((x, y))) > 500)
    assert light[0] > 50
    assert right > 0.9 * light[0]  # the title's letters sit at the right end of the bar
    legend = p.page.locator("#legend").bounding_box()
    assert legend["x"] > 640  # the legend starts on the right
    assert "منابع" in p.page.inner_text("#sources")
    p.clean()


def test_markup_in_a_label_runs_no_script(context: Any, url: str, artefacts: Path) -> None:
    p = Page(context)
    _open_ego(p, url, "entity=evil-town&depth=1")
    x, y = _dom_xy(p, "evil-town")
    p.page.mouse.click(x, y)
    p.page.wait_for_selector("#inspector:not([hidden])", timeout=10_000)
    p.page.click("#inspector li.pick >> nth=0")
    p.page.wait_for_selector("#inspector .fact dl", timeout=10_000)
    assert EVIL in p.page.inner_text("#inspector")
    p.page.fill("#search", "<img")
    p.page.press("#search", "Enter")
    p.page.wait_for_selector("#results li[data-id='evil-town']", timeout=10_000)
    assert p.page.evaluate("document.querySelectorAll('img').length") == 0
    for fmt in ("html", "svg"):
        p.page.goto(f"{url}/ego/evil-town?depth=1&format={fmt}")
        p.page.wait_for_timeout(1500)
        assert p.page.evaluate("document.querySelectorAll('img').length") == 0
        assert EVIL in p.page.evaluate("document.documentElement.textContent")
    (artefacts / "evil-svg.png").write_bytes(p.page.screenshot())
    p.clean()


def test_api_docs_render_offline(context: Any, url: str, artefacts: Path) -> None:
    p = Page(context)
    p.page.goto(f"{url}/docs")
    p.page.wait_for_selector(".opblock", timeout=30_000)
    assert p.page.locator(".opblock").count() > 20
    assert p.page.locator(".opblock-summary-path[data-path='/facts/{fact}']").count() == 1
    shot = p.page.screenshot()
    (artefacts / "docs.png").write_bytes(shot)
    # Swagger UI's blue GET badges are painted
    assert _count(shot, lambda c: abs(c[0] - 0x61) + abs(c[1] - 0xAF) + abs(c[2] - 0xFE) < 30) > 500
    p.page.goto(f"{url}/redoc")
    p.page.wait_for_selector("[data-section-id^='operation/']", timeout=30_000)
    assert p.page.locator("[data-section-id^='operation/']").count() > 20
    shot = p.page.screenshot()
    (artefacts / "redoc.png").write_bytes(shot)
    img = Image.open(io.BytesIO(shot)).convert("RGB")
    assert len(img.getcolors(1 << 20) or []) > 50
    p.clean()


def test_exported_page_has_the_inspector_and_its_sources(context: Any, url: str, artefacts: Path) -> None:
    p = Page(context)
    p.page.goto(f"{url}/ego/qazvin?depth=1&format=html")
    p.page.wait_for_function("window.network && window.network.body.data.edges.length > 0", timeout=30_000)
    edge = p.page.evaluate("window.network.body.data.edges.get().find(e => e.fact === 'twin-qazvin-evil').id")
    p.page.evaluate("id => window.inspect.edge(id)", edge)
    quote = p.page.locator("#inspector blockquote")
    quote.wait_for(timeout=10_000)
    assert quote.inner_text() == SENTENCE
    assert p.page.locator("#inspector li.pick").count() == 2  # the twinning and the MoU beside it
    assert "Qazvin signs a twinning" in p.page.inner_text("#sources")
    shot = p.page.screenshot()
    (artefacts / "export-inspector.png").write_bytes(shot)
    title_bar = _count(shot, lambda c: abs(c[0] - 0x24) + abs(c[1] - 0x41) + abs(c[2] - 0x5E) < 30)
    assert title_bar > 1000
    p.clean()
