"""The visual exports: offline HTML (no external reference, labels escaped), large graphs, PNG and SVG."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph.errors import InvalidArgument
from graph.store import EntityRef, NodeInfo, Tie
from graph.visual import LAYOUT_THRESHOLD, View, as_view, render_html, render_image

EVIL = "<script>alert(1)</script>"
VIEW = View(
    "qazvin",
    [
        NodeInfo("qazvin", "City", "قزوین"),
        NodeInfo("evil", "City", EVIL),
        NodeInfo("net", "Network", "Silk Road"),
    ],
    [
        Tie("t1", "TwinningAgreement", "evil", "qazvin", "1990", None, ("seed-001",)),
        Tie("m", "Membership", "qazvin", "net"),
    ],
)


class _Refs(HTMLParser):
    """Every src/href attribute and every CSS url() of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [v or "" for k, v in attrs if k in {"src", "href", "action", "srcset"}]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.refs += re.findall(r"url\(\s*[\"']?([^\"')]*)", data)
            self.refs += ["@import"] if "@import" in data else []


def external_refs(page: str) -> list[str]:
    parser = _Refs()
    parser.feed(page)
    return [r for r in parser.refs if not r.startswith(("data:", "#"))]


def test_html_has_no_external_reference() -> None:
    page = render_html(VIEW)
    assert external_refs(page) == []
    assert external_refs('<link href="https://x/y.css"><style>a { background: url(x.png) }</style>') == [
        "https://x/y.css",
        "x.png",
    ]
    assert "cdn.jsdelivr" not in page
    assert "cdnjs" not in page
    assert "lib/bindings/utils.js" not in page


def test_labels_are_escaped_and_tooltips_carry_sources() -> None:
    page = render_html(VIEW)
    assert EVIL not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "sources: seed-001" in page
    assert 'id="legend"' in page
    assert "TwinningAgreement</li>" in page
    assert "Network</li>" in page


def test_large_graph_gets_a_precomputed_layout(tmp_path: Path) -> None:
    n = LAYOUT_THRESHOLD + 200
    nodes = [NodeInfo(f"c{i}", "City", f"City {i}") for i in range(n)]
    ties = [Tie(f"t{i}", "TwinningAgreement", f"c{i}", f"c{(i * 7 + 1) % n}") for i in range(n)]
    page = render_html(View(None, nodes, ties), tmp_path / "big.html")
    assert (tmp_path / "big.html").read_text("utf-8") == page
    assert '"precomputed": true' in page
    assert page.count('"physics": false') == n


def test_small_graph_stops_physics_after_stabilising() -> None:
    page = render_html(VIEW)
    assert '"precomputed": false' in page
    assert "stabilizationIterationsDone" in page


def test_paths_are_drawn_as_a_view() -> None:
    from graph.paths import GraphPath, Hop

    a, b = EntityRef("a", "A", "City"), EntityRef("b", "B", "City")
    tie = Tie("t", "TwinningAgreement", "a", "b")
    view = as_view([GraphPath([a, b], [Hop(a, b, [tie])])])
    assert ([n.id for n in view.nodes], view.ties, view.center) == (["a", "b"], [tie], "a")


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n"), ("svg", b"<?xml")])
def test_static_images(tmp_path: Path, fmt: str, magic: bytes) -> None:
    data = render_image(VIEW, fmt, tmp_path / f"v.{fmt}", title="قزوین")
    assert data.startswith(magic)
    assert (tmp_path / f"v.{fmt}").read_bytes() == data
    if fmt == "svg":
        assert "Membership" in data.decode()


def test_persian_label_renders_with_an_arabic_font() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    path = font_manager.findfont(
        font_manager.FontProperties(family=["Noto Sans Arabic"]), fallback_to_default=False
    )
    assert "NotoSansArabic" in path.replace(" ", "")
    png = render_image(View(None, [NodeInfo("q", "City", "قزوین")], []), "png")
    assert len(png) > 1000


def test_unknown_image_format() -> None:
    with pytest.raises(InvalidArgument, match="png or svg"):
        render_image(VIEW, "gif")
