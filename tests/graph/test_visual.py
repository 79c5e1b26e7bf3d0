"""The visual exports: offline HTML (no external reference, labels escaped), large graphs, PNG and SVG."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph.errors import InvalidArgument
from graph.store import EntityRef, NodeInfo, SourceView, Tie
from graph.tie_facts import FactDetail
from graph.visual import KIND_DASHES, LAYOUT_THRESHOLD, View, as_view, render_html, render_image

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
GAZETTE = SourceView(
    "seed-001",
    "Twinning signed",
    date="1990-04-01",
    publisher="Gazette",
    sentence="قزوین خواهرخوانده شد.",
    sentence_lang="fa",
    url="https://news.example/1",
)
DETAILS = {
    "t1": FactDetail(
        "t1",
        "TwinningAgreement",
        "TwinningAgreement",
        None,
        {"party": [EntityRef("evil", EVIL, "City"), EntityRef("qazvin", "قزوین", "City")]},
        {"start": "1990"},
        "Active",
        [GAZETTE],
    )
}


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


def test_labels_are_escaped_and_tooltips_name_sources_not_ids() -> None:
    page = render_html(VIEW, details=DETAILS)
    assert EVIL not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "Sources: Twinning signed (Gazette, 1990-04-01)" in page
    assert "seed-001" not in page.split('id="graph-data">')[1].split('"facts"')[0]  # not in nodes or edges
    assert 'id="legend"' in page
    assert "TwinningAgreement <span" in page
    assert "Network</li>" in page
    # without details a tooltip counts the sources instead of naming ids
    assert "seed-001" not in render_html(VIEW)


def test_html_footer_lists_sources_and_the_export_date() -> None:
    page = render_html(VIEW, details=DETAILS, title="Qazvin: ego network, depth 1", exported="2026-05-06")
    footer = page.split('<footer id="sources">')[1].split("</footer>")[0]
    assert "<cite>Twinning signed</cite> · Gazette · 1990-04-01" in footer
    assert '<a href="https://news.example/1"' in footer
    assert "<time>2026-05-06</time>" in footer
    assert "<title>Qazvin: ego network, depth 1</title>" in page


def test_kinds_differ_by_dashes_and_parallel_ties_by_curves() -> None:
    assert len(set(KIND_DASHES.values())) == len(KIND_DASHES)  # greyscale tells every kind apart
    view = View(
        "a",
        [NodeInfo("a", "City", "A"), NodeInfo("b", "City", "B")],
        [
            Tie("tw", "TwinningAgreement", "a", "b", start="1990"),
            Tie("mou", "MemorandumOfUnderstanding", "b", "a", start="2019"),
            Tie("old", "PartnershipAgreement", "a", "b", start="1980", end="2000"),
        ],
    )
    page = render_html(view)
    data = json.loads(page.split('id="graph-data">')[1].split("</script>")[0])
    edges = {e["fact"]: e for e in data["edges"]}
    assert {(e["from"], e["to"]) for e in edges.values()} == {("a", "b")}
    bends = {f: (e["smooth"]["type"], e["smooth"]["roundness"]) for f, e in edges.items()}
    assert len(set(bends.values())) == 3  # three distinct curves, none hidden under another
    assert edges["tw"]["dashes"] is False
    assert edges["mou"]["dashes"] == list(KIND_DASHES["MemorandumOfUnderstanding"])
    assert edges["old"]["color"]["opacity"] < edges["tw"]["color"]["opacity"]
    assert edges["tw"]["label"] == "twin 1990"
    assert edges["old"]["label"] == "partner 1980–2000"
    assert "ended tie (faint)" in page


def test_persian_page_is_right_to_left() -> None:
    page = render_html(VIEW, details=DETAILS, lang="fa", title="قزوین")
    assert '<html lang="fa" dir="rtl">' in page
    assert "<strong>منابع</strong>" in page
    assert "پیمان خواهرخواندگی (TwinningAgreement)" in page  # the legend speaks Persian too
    svg = render_image(VIEW, "svg", title="قزوین", details=DETAILS, lang="fa").decode()
    assert "عضویت · Membership “member”" in svg
    assert "منابع:" in svg
    assert '<html lang="en" dir="ltr">' in render_html(VIEW)


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


def test_svg_carries_title_legend_and_footer() -> None:
    svg = render_image(
        VIEW, "svg", title="Qazvin: ego network, depth 1", details=DETAILS, exported="2026-05-06"
    ).decode()
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "Qazvin: ego network, depth 1" in texts
    assert "Tie kinds" in texts
    assert "TwinningAgreement “twin”" in texts
    assert "Membership “member”" in texts
    assert "Sources:" in texts
    assert any(
        t.startswith("1. Twinning signed · Gazette · 1990-04-01 · https://news.example/1") for t in texts
    )
    assert any("2026-05-06" in t and t.startswith("Exported:") for t in texts)
    assert not any("<script>" in t and "alert" in t for t in re.findall(r"<script[^>]*>", svg))
    assert "<script" not in svg  # the evil label is text, escaped
    assert html.escape(EVIL) in svg


def test_png_has_a_footer_band_of_text() -> None:
    import io

    from PIL import Image

    bare = Image.open(io.BytesIO(render_image(VIEW, "png"))).convert("L")
    framed = Image.open(io.BytesIO(render_image(VIEW, "png", title="Qazvin", details=DETAILS))).convert("L")
    assert framed.size[1] > bare.size[1]  # room for the listed source
    band = framed.crop((0, framed.size[1] - 60, framed.size[0] // 2, framed.size[1]))
    dark = sum(n for n, v in band.getcolors(256) or [] if v < 128)
    assert dark > 200  # text is drawn there


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
