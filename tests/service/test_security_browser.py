"""CSRF in a real headless Chromium: a page on a second loopback origin auto-submits a form to /sparql."""

from __future__ import annotations

import html
import shutil
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
QUERY = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A persistent context in a fresh user-data dir of Debian's Chromium."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail("chromium is missing: run scripts/install-system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-csrf")), executable_path=CHROMIUM, args=ARGS, headless=True
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def attacker(live_url: str) -> Iterator[str]:
    """A second origin on loopback (another port) whose page auto-submits a form to the service."""
    page = (
        "<!doctype html><title>win a prize</title>"
        f'<form id="f" method="post" action="{html.escape(live_url)}/sparql">'
        f'<input type="hidden" name="query" value="{html.escape(QUERY)}"></form>'
        "<script>document.getElementById('f').submit()</script>"
    ).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_form_from_another_origin_is_refused(browser_context: object, live_url: str, attacker: str) -> None:
    page = browser_context.new_page()  # type: ignore[attr-defined]
    with page.expect_response(lambda r: r.url.startswith(live_url + "/sparql")) as answer:
        page.goto(attacker + "/")
    response = answer.value
    sent = response.request.all_headers()
    assert response.request.method == "POST"
    assert sent["origin"] == attacker  # Chromium said where the form came from ...
    assert response.status == 403  # ... and the service refused it
    page.wait_for_load_state()
    shown = page.inner_text("body")
    assert "Cross-site request refused" in shown
    assert "boolean" not in shown  # no answer to the query, in any result format
    page.close()


def test_the_same_form_from_the_service_s_own_page_is_answered(
    browser_context: object, live_url: str
) -> None:
    # The control: the same form, posted from a page of the service's own origin, gets its answer.
    page = browser_context.new_page()  # type: ignore[attr-defined]
    page.goto(live_url + "/")
    with page.expect_response(lambda r: r.url.startswith(live_url + "/sparql")) as answer:
        page.evaluate(
            """(query) => {
                const f = document.createElement('form');
                f.method = 'post'; f.action = '/sparql';
                const i = document.createElement('input');
                i.type = 'hidden'; i.name = 'query'; i.value = query;
                f.appendChild(i); document.body.appendChild(f); f.submit();
            }""",
            QUERY,
        )
    response = answer.value
    assert response.request.all_headers()["origin"] == live_url
    assert response.status == 200
    page.wait_for_load_state()
    assert "<boolean>true</boolean>" in page.inner_text("body")  # Chromium asks for XML first
    page.close()
