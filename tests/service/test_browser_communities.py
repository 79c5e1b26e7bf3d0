"""The explorer colours nodes by Leiden community in headless Chromium; no request leaves the host."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def page_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail("chromium is missing: run scripts/install-system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
            ],
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            yield context
        finally:
            context.close()


def test_explorer_colours_by_community(page_context: object, live_url: str) -> None:
    page = page_context.new_page()  # type: ignore[attr-defined]
    outside: list[str] = []
    errors: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if urlparse(url).hostname in {"127.0.0.1", None}:
            r.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_url + "/")
    page.fill("#search", "Qazvin")
    page.press("#search", "Enter")
    page.wait_for_selector("#results li[data-id='qazvin']", timeout=20_000)
    page.click("#results li[data-id='qazvin']")
    page.wait_for_function("window.network.body.data.nodes.length > 1", timeout=20_000)
    by_type = page.evaluate("window.network.body.data.nodes.get('qazvin').color")
    page.select_option("#colour-by", "community")
    page.wait_for_function(
        "window.network.body.data.nodes.get('qazvin').community !== undefined", timeout=60_000
    )
    ids = page.evaluate("window.network.body.data.nodes.getIds()")
    communities = {i: page.evaluate(f"window.network.body.data.nodes.get({i!r}).community") for i in ids}
    colours = {i: page.evaluate(f"window.network.body.data.nodes.get({i!r}).color") for i in ids}
    assert colours["qazvin"] != by_type
    # nodes of one community share a colour; the legend names the communities shown
    for a in ids:
        for b in ids:
            if communities[a] is not None and communities[a] == communities[b]:
                assert colours[a] == colours[b]
    legend = page.inner_text("#legend")
    assert f"community {communities['qazvin']}" in legend
    assert "modularity" in page.inner_text("#status")
    page.select_option("#colour-by", "type")
    page.wait_for_function(
        f"window.network.body.data.nodes.get('qazvin').color === {by_type!r}", timeout=10_000
    )
    assert outside == []
    assert errors == []
    page.close()
