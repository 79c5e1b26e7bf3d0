"""The explorer page and the offline HTML export in headless Chromium; no request leaves the host."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image

from graph.store import NodeInfo, Tie
from graph.visual import View, render_html

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A persistent context in a fresh user-data dir of Debian's Chromium."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail("chromium is missing: run scripts/install-system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            yield context
        finally:
            context.close()


class Watch:
    """Requests that tried to leave the host, and console errors, of one page."""

    def __init__(self, context: object, page: object) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []

        def route(r: object) -> None:
            url = r.request.url  # type: ignore[attr-defined]
            parsed = urlparse(url)
            if (
                parsed.scheme in {"data", "blob", "about"}
                or parsed.scheme == "file"
                or parsed.hostname == "127.0.0.1"
            ):
                r.continue_()  # type: ignore[attr-defined]
            else:
                self.outside.append(url)
                r.abort()  # type: ignore[attr-defined]

        page.route("**/*", route)  # type: ignore[attr-defined]
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]


def _coloured_pixels(png: bytes) -> tuple[int, int]:
    """(distinct colours, non-white pixels) of a screenshot."""
    img = Image.open(io.BytesIO(png)).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    non_white = sum(n for n, c in colours if sum(c) < 740)
    return len(colours), non_white


def test_explorer_search_and_ego_view(browser_context: object, live_url: str, tmp_path: Path) -> None:
    page = browser_context.new_page()  # type: ignore[attr-defined]
    watch = Watch(browser_context, page)
    page.goto(live_url + "/")
    page.fill("#search", "قزوین")
    page.click("#search-form button")
    page.wait_for_selector("#results li[data-id='qazvin']", timeout=20_000)
    page.click("#results li[data-id='qazvin']")
    page.wait_for_function("window.network.body.data.nodes.length > 1", timeout=20_000)
    page.wait_for_timeout(1500)
    assert page.evaluate("window.network.body.data.nodes.get('qazvin').label") == "Qazvin"
    assert page.evaluate("window.network.body.data.edges.length") > 0
    assert "Qazvin" in page.inner_text("#selected")
    assert page.locator("#downloads a").count() == 6
    shot = page.locator("#graph").screenshot()
    (tmp_path / "explorer.png").write_bytes(shot)
    colours, non_white = _coloured_pixels(shot)
    assert colours > 20
    assert non_white > 500
    page.select_option("#lang", "fa")
    page.wait_for_function("window.network.body.data.nodes.get('qazvin').label === 'قزوین'", timeout=20_000)
    page.fill("#path-source", "qazvin")
    page.fill("#path-target", "silk-road-mayors-summit-qazvin")
    page.click("#path-form button")
    page.wait_for_selector("#paths li", timeout=20_000)
    assert "→" in page.inner_text("#paths li")
    assert watch.outside == []
    assert watch.errors == []
    page.close()


def test_search_in_latin_script(browser_context: object, live_url: str) -> None:
    page = browser_context.new_page()  # type: ignore[attr-defined]
    watch = Watch(browser_context, page)
    page.goto(live_url + "/")
    page.fill("#search", "Qazvin")
    page.press("#search", "Enter")
    page.wait_for_selector("#results li[data-id='qazvin']", timeout=20_000)
    assert watch.outside == []
    assert watch.errors == []
    page.close()


def test_offline_html_export_from_file(browser_context: object, tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    view = View(
        "qazvin",
        [
            NodeInfo("qazvin", "City", "قزوین"),
            NodeInfo("evil", "City", evil),
            NodeInfo("net", "Network", "Silk Road"),
        ],
        [
            Tie("t", "TwinningAgreement", "evil", "qazvin", sources=("seed-001",)),
            Tie("m", "Membership", "qazvin", "net"),
        ],
    )
    path = tmp_path / "ego.html"
    render_html(view, path, title="Qazvin")
    page = browser_context.new_page()  # type: ignore[attr-defined]
    watch = Watch(browser_context, page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.network && window.network.body.data.nodes.length === 3", timeout=20_000)
    page.wait_for_timeout(1500)
    assert page.evaluate("window.network.body.data.nodes.get('evil').label") == evil
    assert page.evaluate("document.querySelectorAll('script').length") == 3
    assert dialogs == []
    shot = page.locator("#graph").screenshot()
    colours, non_white = _coloured_pixels(shot)
    assert colours > 20
    assert non_white > 300
    # The network is drawn in its legend colour (#ff7f0e), not in vis-network's default palette.
    img = Image.open(io.BytesIO(shot)).convert("RGB")
    orange = sum(
        n for n, (r, g, b) in img.getcolors(1 << 20) or [] if abs(r - 255) + abs(g - 127) + abs(b - 14) < 30
    )
    assert orange > 50
    assert watch.outside == []
    assert watch.errors == []
    page.close()


def test_large_offline_page_draws_all_nodes_quickly(browser_context: object, tmp_path: Path) -> None:
    from graph.visual import LAYOUT_THRESHOLD

    n = LAYOUT_THRESHOLD + 300
    nodes = [NodeInfo(f"c{i}", "City", f"City {i}") for i in range(n)]
    ties = [Tie(f"t{i}", "TwinningAgreement", f"c{i}", f"c{(i * 7 + 1) % n}") for i in range(n)]
    path = tmp_path / "big.html"
    render_html(View(None, nodes, ties), path, title="Many cities")
    page = browser_context.new_page()  # type: ignore[attr-defined]
    watch = Watch(browser_context, page)
    page.goto(path.as_uri())
    page.wait_for_function(f"window.network && window.network.body.data.nodes.length === {n}", timeout=30_000)
    page.wait_for_timeout(1000)
    # The precomputed layout is kept: no physics to settle, every node where the layout put it.
    assert page.evaluate("window.network.physics.physicsEnabled") is False
    positions = page.evaluate("Object.keys(window.network.getPositions()).length")
    assert positions == n
    colours, non_white = _coloured_pixels(page.locator("#graph").screenshot())
    assert colours > 20
    assert non_white > 2000
    assert watch.outside == []
    assert watch.errors == []
    page.close()
