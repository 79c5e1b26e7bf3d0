"""Pictures of a subgraph: offline interactive HTML (pyvis data, vis-network inlined) and static PNG/SVG.

The HTML file needs no network: vis-network's JavaScript and CSS (shipped inside
the pyvis package) are inlined, and nothing else is referenced. pyvis's own
``in_line`` mode still points at a CDN and at a missing local file, so the page
is written from citykg's own template; pyvis only builds the node and edge data.
Labels and tooltips travel as JSON in a ``<script>`` with ``<`` escaped, and
vis-network draws them as text on a canvas, so a label ``<script>`` stays text.

Past :data:`LAYOUT_THRESHOLD` nodes the layout is computed beforehand (igraph's
Fruchterman-Reingold) and physics is off; below it, physics stops once the
layout has stabilised.

Every picture stands on its own: a title naming the subject and the filters, a
legend of tie kinds drawn with a dash pattern per kind (:data:`KIND_DASHES`) as
well as a colour, so it reads in greyscale, ties that ended drawn faint, and a
footer listing the sources of the drawn ties (from :func:`graph.tie_facts.tie_details`)
and the export date. Parallel ties between two entities are drawn as separate
curves. The HTML page opens a fact inspector on a click; with ``lang="fa"`` the
page is right-to-left and framed in Persian.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import textwrap
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from graph.errors import InvalidArgument
from graph.store import NodeInfo, Tie
from graph.tie_facts import FactDetail, kind_name, sources_of, tie_sentence, words

__all__ = [
    "KIND_COLOURS",
    "KIND_DASHES",
    "LAYOUT_THRESHOLD",
    "RTL_LANGS",
    "TYPE_COLOURS",
    "View",
    "as_view",
    "render",
    "render_html",
    "render_image",
    "vis_assets",
]

LAYOUT_THRESHOLD = 1000
TYPE_COLOURS = {
    "City": "#1f77b4",
    "Region": "#aec7e8",
    "Country": "#7f7f7f",
    "Network": "#ff7f0e",
    "Organisation": "#2ca02c",
    "University": "#98df8a",
    "AssociationOfMayors": "#bcbd22",
    "MunicipalGovernment": "#17becf",
    "InternationalOrganisation": "#9edae5",
    "Person": "#e377c2",
    "Event": "#d62728",
    "Summit": "#d62728",
    "Conference": "#ff9896",
    "Programme": "#9467bd",
}
KIND_COLOURS = {
    "TwinningAgreement": "#1f77b4",
    "PartnershipAgreement": "#17becf",
    "MemorandumOfUnderstanding": "#8c564b",
    "CooperationAgreement": "#bcbd22",
    "Membership": "#ff7f0e",
    "EventHost": "#d62728",
    "EventParticipant": "#ff9896",
    "EventOrganiser": "#c49c94",
    "Post": "#e377c2",
    "ProgrammeRunBy": "#9467bd",
    "ProgrammePartner": "#c5b0d5",
    "LocatedIn": "#7f7f7f",
    "Governs": "#aec7e8",
    "PartOf": "#c7c7c7",
}
# A dash pattern per kind (on, off, ... in pixels; empty: solid), so kinds differ in greyscale too.
KIND_DASHES: dict[str, tuple[int, ...]] = {
    "TwinningAgreement": (),
    "PartnershipAgreement": (10, 4),
    "MemorandumOfUnderstanding": (10, 3, 2, 3),
    "CooperationAgreement": (16, 4),
    "Membership": (2, 3),
    "EventHost": (6, 2, 2, 2, 2, 2),
    "EventParticipant": (4, 4),
    "EventOrganiser": (6, 2, 2, 2),
    "Post": (1, 2),
    "ProgrammeRunBy": (12, 2, 2, 2),
    "ProgrammePartner": (8, 2, 2, 2, 2, 2),
    "LocatedIn": (1, 4),
    "Governs": (3, 6),
    "PartOf": (2, 6),
}
_SHORT = {
    "TwinningAgreement": "twin",
    "PartnershipAgreement": "partner",
    "MemorandumOfUnderstanding": "MoU",
    "CooperationAgreement": "coop",
    "Membership": "member",
    "EventHost": "host",
    "EventParticipant": "takes part",
    "EventOrganiser": "organiser",
    "Post": "post",
    "ProgrammeRunBy": "runs",
    "ProgrammePartner": "partner",
    "LocatedIn": "in",
    "Governs": "governs",
    "PartOf": "part of",
}
RTL_LANGS = frozenset({"fa", "ar", "he", "ur", "ps", "ckb"})
_OTHER = "#999999"
_FONTS = ["DejaVu Sans", "Noto Sans Arabic", "sans-serif"]
_EDGE_LABELS_UP_TO = 150  # past this many ties, edge labels clutter more than they tell
_FOOTER_SOURCES = 30  # sources listed under a static picture; the HTML page lists them all
_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _rtl(lang: str) -> bool:
    return lang.split("-")[0].lower() in RTL_LANGS


def _dashes(kind: str) -> tuple[int, ...]:
    return KIND_DASHES.get(kind, (6, 6))


class SubgraphLike(Protocol):
    """What can be drawn: a :class:`graph.ego.Subgraph` or a :class:`View`."""

    @property
    def nodes(self) -> Sequence[NodeInfo]: ...

    @property
    def ties(self) -> Sequence[Tie]: ...


@dataclass
class View:
    """Nodes and ties to draw, with an optional centre (the ego) to highlight."""

    center: str | None
    nodes: list[NodeInfo]
    ties: list[Tie]


def as_view(thing: Any) -> View:
    """A :class:`View` of a subgraph (``.nodes``/``.ties``) or of a list of paths (``.hops``).

    Examples
    --------
    >>> a, b = NodeInfo("a", "City", "A"), NodeInfo("b", "City", "B")
    >>> v = as_view(View(None, [a, b], [Tie("f", "TwinningAgreement", "a", "b")]))
    >>> len(v.nodes), len(v.ties)
    (2, 1)
    """
    if isinstance(thing, list | tuple) and all(hasattr(p, "hops") for p in thing):
        nodes: dict[str, NodeInfo] = {}
        ties: dict[tuple[str, str, str, str], Tie] = {}
        for path in thing:
            for ref in path.nodes:
                nodes.setdefault(ref.id, NodeInfo(ref.id, ref.type, ref.label))
            for hop in path.hops:
                for tie in hop.ties:
                    ties.setdefault((tie.fact, tie.kind, tie.source, tie.target), tie)
        first = thing[0].nodes[0].id if thing and thing[0].nodes else None
        return View(first, list(nodes.values()), list(ties.values()))
    return View(getattr(thing, "center", None), list(thing.nodes), list(thing.ties))


def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped in the pyvis package."""
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text("utf-8"), (lib / "vis-network.css").read_text("utf-8")


def _type_colour(t: str) -> str:
    return TYPE_COLOURS.get(t, _OTHER)


def _edge_label(tie: Tie) -> str:
    year = (tie.start or "")[:4]
    label = _SHORT.get(tie.kind, tie.kind) + (f" {year}" if year else "")
    return label + (f"–{tie.end[:4]}" if tie.end else "")


def _parallel_offsets(ties: Sequence[Tie]) -> list[float]:
    """A curve roundness per tie: 0 for a lone tie, ±0.15, ±0.3... for ties sharing their two ends."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, t in enumerate(ties):
        groups[(min(t.source, t.target), max(t.source, t.target))].append(i)
    out = [0.0] * len(ties)
    for members in groups.values():
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            step = 0.15 * (k // 2 + 1)
            out[i] = step if k % 2 == 0 else -step  # ties are drawn from the smaller id, so sides agree
    return out


def _layout(view: View) -> dict[str, tuple[float, float]]:
    import igraph as ig

    index = {n.id: i for i, n in enumerate(view.nodes)}
    edges = {(index[t.source], index[t.target]) for t in view.ties if t.source in index and t.target in index}
    g = ig.Graph(n=len(view.nodes), edges=sorted(edges))
    coords = [tuple(c) for c in g.layout_fruchterman_reingold(niter=300)] if g.vcount() > 1 else [(0.0, 0.0)]
    scale = 40.0 * max(1.0, len(view.nodes) ** 0.5)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return {
        n.id: ((coords[i][0] - min(xs)) / span * scale, (coords[i][1] - min(ys)) / span * scale)
        for i, n in enumerate(view.nodes)
    }


def _details_json(details: Mapping[str, FactDetail]) -> dict[str, Any]:
    return {k: asdict(v) for k, v in details.items()}


def _vis_data(
    view: View, details: Mapping[str, FactDetail], lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    from pyvis.network import Network

    big = len(view.nodes) > LAYOUT_THRESHOLD
    pos = _layout(view) if big else {}
    net = Network(directed=False, cdn_resources="remote")
    for n in view.nodes:
        extra: dict[str, Any] = {}
        if n.id in pos:
            extra = {"x": pos[n.id][0], "y": pos[n.id][1], "physics": False}
        where = f"\n{n.country}" if n.country else ""
        net.add_node(
            n.id,
            label=n.label,
            title=f"{n.label}\n{n.type}{where}",
            color=_type_colour(n.type),
            shape="star" if n.id == view.center else "dot",
            size=22 if n.id == view.center else 12,
            type=n.type,
            **extra,
        )
    known = set(net.get_nodes())
    drawn = [t for t in view.ties if t.source in known and t.target in known]
    offsets = _parallel_offsets(drawn)
    labelled = len(drawn) <= _EDGE_LABELS_UP_TO
    edges: list[dict[str, Any]] = []
    for i, (tie, bend) in enumerate(zip(drawn, offsets, strict=True)):
        a, b = sorted((tie.source, tie.target))
        colour = KIND_COLOURS.get(tie.kind, _OTHER)
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "from": a,
            "to": b,
            "title": tie_sentence(details.get(tie.fact), tie, lang=lang),
            "color": {"color": colour, "opacity": 0.35 if tie.end else 1.0},
            "dashes": list(_dashes(tie.kind)) or False,
            "width": 2.0,
            "kind": tie.kind,
            "fact": tie.fact,
            "start": tie.start,
            "end": tie.end,
            "smooth": (
                {"enabled": True, "type": "curvedCW" if bend > 0 else "curvedCCW", "roundness": abs(bend)}
                if bend
                else False
            ),
        }
        if labelled:
            edge["label"] = _edge_label(tie)
            edge["font"] = {"size": 9, "align": "middle", "color": "#333333", "strokeWidth": 3}
        edges.append(edge)
    return list(net.nodes), edges, big


def _json_for_script(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>``, ``&`` or line separators survive raw."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def _dash_sample(kind: str, colour: str) -> str:
    dashes = " ".join(str(d) for d in _dashes(kind))
    dash_attr = f' stroke-dasharray="{dashes}"' if dashes else ""
    return (
        f'<svg class="line" width="34" height="8" aria-hidden="true"><line x1="0" y1="4" x2="34" y2="4" '
        f'stroke="{colour}" stroke-width="2.5"{dash_attr}/></svg>'
    )


def _legend(view: View, lang: str) -> str:
    w = words(lang)
    types = sorted({n.type for n in view.nodes})
    kinds = sorted({t.kind for t in view.ties})
    items = [f'<li class="head">{html.escape(w["types"])}</li>'] + [
        f'<li><span class="dot" style="background:{_type_colour(t)}"></span>{html.escape(t)}</li>'
        for t in types
    ]
    if kinds:
        items.append(f'<li class="head">{html.escape(w["legend"])}</li>')
        items += [
            f"<li>{_dash_sample(k, KIND_COLOURS.get(k, _OTHER))}{html.escape(kind_name(k, lang))} "
            f'<span class="short">“{html.escape(_SHORT.get(k, k))}”</span></li>'
            for k in kinds
        ]
    if any(t.end for t in view.ties):
        items.append(f'<li class="ended">{_dash_sample("", "#bbbbbb")}{html.escape(w["ended"])}</li>')
    return '<ul id="legend">' + "".join(items) + "</ul>"


def _safe_url(url: str | None) -> str | None:
    return url if url and url.split(":", 1)[0].lower() in {"http", "https"} else None


def _footer(details: Mapping[str, FactDetail], lang: str, exported: str) -> str:
    w = words(lang)
    rows = []
    for s in sources_of(details.values()):
        bits = [f"<cite>{html.escape(s.label)}</cite>"]
        bits += [html.escape(x) for x in (s.publisher, s.date) if x]
        url = _safe_url(s.url)
        if url:
            bits.append(f'<a href="{html.escape(url)}" rel="noopener noreferrer">{html.escape(url)}</a>')
        rows.append("<li>" + " · ".join(bits) + "</li>")
    listing = f"<ol>{''.join(rows)}</ol>" if rows else f"<p>{html.escape(w['none'])}</p>"
    return (
        f'<footer id="sources"><strong>{html.escape(w["sources"])}</strong>{listing}'
        f'<p class="exported">{html.escape(w["exported"])}: <time>{html.escape(exported)}</time></p></footer>'
    )


_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<style>
html, body {{ margin: 0; height: 100%; font-family: "DejaVu Sans", "Noto Sans Arabic", sans-serif; }}
body {{ display: flex; flex-direction: column; }}
#heading {{ margin: 0; padding: 8px 12px; font-size: 16px; background: #24415e; color: #fff; }}
#stage {{ position: relative; flex: 1; min-height: 420px; }}
#graph {{ position: absolute; inset: 0; }}
#legend {{ position: absolute; top: 8px; inset-inline-start: 8px; margin: 0; padding: 8px 12px; list-style: none;
  background: rgba(255,255,255,.92); border: 1px solid #ccc; font-size: 12px; z-index: 2; }}
#legend .head {{ font-weight: bold; margin-top: 4px; }}
#legend .dot {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-inline-end: 6px; }}
#legend svg.line {{ vertical-align: middle; margin-inline-end: 6px; }}
#legend .short {{ color: #555; }}
#inspector {{ position: absolute; top: 8px; inset-inline-end: 8px; width: 24rem; max-height: calc(100% - 24px);
  overflow: auto; background: #fff; border: 1px solid #999; padding: 8px 12px; font-size: 13px; z-index: 3; }}
#inspector[hidden] {{ display: none; }}
#inspector blockquote {{ margin: 4px 0; padding-inline-start: 8px; border-inline-start: 3px solid #24415e; }}
#inspector li.pick {{ cursor: pointer; text-decoration: underline; }}
#sources {{ max-height: 30%; overflow: auto; padding: 6px 12px; font-size: 12px; border-top: 1px solid #ccc; }}
#sources ol {{ margin: 4px 0; }}
div.vis-tooltip {{ white-space: pre-line; }}
</style>
<script>{js}</script>
</head><body>
<h1 id="heading" dir="auto">{title}</h1>
<div id="stage">
{legend}
<div id="graph"></div>
<aside id="inspector" hidden></aside>
</div>
{footer}
<script type="application/json" id="graph-data">{data}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var W = data.words;
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var options = {{
    nodes: {{ font: {{ face: "DejaVu Sans, Noto Sans Arabic, sans-serif", size: 14 }} }},
    edges: {{ smooth: false, width: 2 }},
    interaction: {{ hover: true, tooltipDelay: 150 }},
    physics: data.precomputed ? false : {{ solver: "forceAtlas2Based", stabilization: {{ iterations: 300 }} }}
  }};
  var network = new vis.Network(document.getElementById("graph"), {{ nodes: nodes, edges: edges }}, options);
  network.once("stabilizationIterationsDone", function () {{ network.setOptions({{ physics: false }}); }});
  window.network = network;
  var panel = document.getElementById("inspector");
  function el(tag, text, parent) {{
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) {{ e.textContent = String(text); e.dir = "auto"; }}
    if (parent) {{ parent.appendChild(e); }}
    return e;
  }}
  function label(id) {{ var n = nodes.get(id); return n ? n.label : id; }}
  function showFact(edge, box) {{
    var f = data.facts[edge.fact];
    box.textContent = "";
    el("h3", (f && f.label) || edge.kind, box).dir = "auto";
    var dl = el("dl", null, box);
    function row(k, v) {{ el("dt", k, dl); el("dd", v, dl).dir = "auto"; }}
    row(W.type, f ? f.type : edge.kind);
    var parties = [];
    if (f) {{ Object.keys(f.parties).forEach(function (r) {{
      f.parties[r].forEach(function (p) {{ parties.push(p.label + " (" + r + ")"); }}); }}); }}
    row(W.parties, parties.length ? parties.join(", ") : label(edge.from) + ", " + label(edge.to));
    var dates = f ? f.dates : {{ start: edge.start, end: edge.end }};
    ["signed", "start", "end"].forEach(function (k) {{ row(W[k], dates[k] || W.unknown); }});
    row(W.status, (f && f.status) || W.unknown);
    el("h4", W.sources, box);
    var ol = el("ol", null, box);
    ((f && f.sources) || []).forEach(function (s) {{
      var li = el("li", null, ol);
      el("cite", s.label, li).dir = "auto";
      var meta = [s.publisher, s.date].filter(Boolean).join(" · ");
      if (meta) {{ el("div", meta, li).dir = "auto"; }}
      if (s.url && /^https?:/i.test(s.url)) {{
        var a = el("a", s.url, li); a.href = s.url; a.rel = "noopener noreferrer"; a.style.display = "block";
      }}
      if (s.sentence) {{
        var q = el("blockquote", s.sentence, li);
        q.dir = "auto";
        if (s.sentence_lang) {{ q.lang = s.sentence_lang; }}
      }}
    }});
    if (!f || !f.sources.length) {{ el("li", W.none, ol); }}
  }}
  function openEdge(id) {{
    var edge = edges.get(id);
    if (!edge) {{ return; }}
    panel.hidden = false;
    panel.textContent = "";
    var close = el("button", W.close, panel);
    close.addEventListener("click", function () {{ panel.hidden = true; }});
    var same = edges.get({{ filter: function (e) {{ return e.from === edge.from && e.to === edge.to; }} }});
    el("h3", label(edge.from) + " — " + label(edge.to), panel).dir = "auto";
    var box = document.createElement("div");
    if (same.length > 1) {{
      el("p", W.ties_here + ": " + same.length, panel);
      var ul = el("ul", null, panel);
      same.forEach(function (e) {{
        var li = el("li", e.kind + (e.start ? " " + e.start : "") + (e.end ? "–" + e.end : ""), ul);
        li.className = "pick";
        li.dataset.edge = e.id;
        li.addEventListener("click", function () {{ showFact(e, box); }});
      }});
    }}
    panel.appendChild(box);
    showFact(edge, box);
  }}
  function openNode(id) {{
    var n = nodes.get(id);
    panel.hidden = false;
    panel.textContent = "";
    var close = el("button", W.close, panel);
    close.addEventListener("click", function () {{ panel.hidden = true; }});
    el("h3", n.label, panel).dir = "auto";
    el("p", W.type + ": " + n.type, panel);
    var ul = el("ul", null, panel);
    edges.get({{ filter: function (e) {{ return e.from === id || e.to === id; }} }}).forEach(function (e) {{
      var li = el("li", e.kind + ": " + label(e.from === id ? e.to : e.from), ul);
      li.className = "pick"; li.dir = "auto"; li.dataset.edge = e.id;
      li.addEventListener("click", function () {{ openEdge(e.id); }});
    }});
  }}
  network.on("click", function (e) {{
    if (e.nodes.length) {{ openNode(e.nodes[0]); }} else if (e.edges.length) {{ openEdge(e.edges[0]); }}
  }});
  window.inspect = {{ edge: openEdge, node: openNode }};
}})();
</script>
</body></html>
"""


def render_html(
    subgraph: Any,
    output: Path | None = None,
    *,
    title: str = "citykg",
    details: Mapping[str, FactDetail] | None = None,
    lang: str = "en",
    exported: str | None = None,
) -> str:
    """An offline HTML page drawing ``subgraph`` (a subgraph, a :class:`View` or a list of paths).

    ``details`` (from :func:`graph.tie_facts.tie_details`) feeds the fact inspector,
    the tooltips and the footer of sources; ``exported`` is the date printed in the
    footer (default: today). Writes the page to ``output`` when given, and returns it.

    Examples
    --------
    >>> v = View("a", [NodeInfo("a", "City", "<script>alert(1)</script>")], [])
    >>> page = render_html(v, title="demo", exported="2026-01-02")
    >>> "<script>alert(1)</script>" in page, "\\\\u003cscript\\\\u003ealert(1)" in page
    (False, True)
    >>> "cdn" in page.lower().split("</style>")[-1]
    False
    >>> '<h1 id="heading" dir="auto">demo</h1>' in page, "2026-01-02</time>" in page
    (True, True)
    >>> 'dir="rtl"' in render_html(v, title="demo", lang="fa")
    True
    """
    view = as_view(subgraph)
    details = details or {}
    nodes, edges, big = _vis_data(view, details, lang)
    js, css = vis_assets()
    page = _TEMPLATE.format(
        lang=html.escape(lang.split("-")[0] or "en"),
        direction="rtl" if _rtl(lang) else "ltr",
        title=html.escape(title),
        css=css.replace("</", "<\\/"),
        js=js.replace("</script", "<\\/script"),
        legend=_legend(view, lang),
        footer=_footer(details, lang, exported or dt.date.today().isoformat()),
        data=_json_for_script(
            {
                "nodes": nodes,
                "edges": edges,
                "precomputed": big,
                "facts": _details_json(details),
                "words": words(lang),
            }
        ),
    )
    if output is not None:
        output.write_text(page, "utf-8")
    return page


def _image_kind(kind: str, lang: str) -> str:
    """A kind for a static legend: no brackets, which a right-to-left run in matplotlib would not mirror."""
    name = kind_name(kind, lang)
    return name if name == kind else f"{name[: -len(kind) - 3]} · {kind}"


def _shaped(text: str) -> str:
    """Text in display order for matplotlib's raster output, which neither joins Arabic letters nor reorders.

    A line whose first strong letter is Arabic-script is laid out right-to-left, any other left-to-right.
    """
    if not _RTL_CHARS.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    first = re.search("[A-Za-z\u00c0-\u024f]|" + _RTL_CHARS.pattern, text)
    base = "R" if first and _RTL_CHARS.match(first.group()) else "L"
    return str(get_display(arabic_reshaper.reshape(text), base_dir=base))


def _footer_lines(details: Mapping[str, FactDetail], lang: str, exported: str) -> list[str]:
    w = words(lang)
    sources = sources_of(details.values())
    lines = [f"{w['sources']}:" if sources else w["none"]]
    for n, s in enumerate(sources[:_FOOTER_SOURCES], 1):
        bits = [s.label, *(x for x in (s.publisher, s.date, _safe_url(s.url)) if x)]
        lines += textwrap.wrap(f"{n}. " + " · ".join(bits), 150, subsequent_indent="    ") or [""]
    if len(sources) > _FOOTER_SOURCES:
        lines.append(f"… +{len(sources) - _FOOTER_SOURCES} {w['more']}")
    lines.append(f"{w['exported']}: \u2066{exported}\u2069")  # the date stays left-to-right in RTL lines
    return lines


def render_image(
    subgraph: Any,
    fmt: str = "png",
    output: Path | None = None,
    *,
    title: str = "",
    details: Mapping[str, FactDetail] | None = None,
    lang: str = "en",
    exported: str | None = None,
) -> bytes:
    """A static PNG or SVG of the same view with its title, a legend of kinds and a footer of sources.

    SVG text stays text (searchable, and shaped by the viewer); PNG text in Arabic
    script is shaped and reordered first, as matplotlib does neither.

    Examples
    --------
    >>> v = View("a", [NodeInfo("a", "City", "قزوین"), NodeInfo("b", "Network", "Net")],
    ...          [Tie("m", "Membership", "a", "b")])
    >>> svg = render_image(v, "svg", title="Qazvin", exported="2026-01-02")
    >>> svg[:5], b"Qazvin" in svg, b"Membership" in svg, b"2026-01-02" in svg
    (b'<?xml', True, True, True)
    """
    if fmt not in {"png", "svg"}:
        raise InvalidArgument(f"unknown image format {fmt!r}; choose png or svg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    shape = _shaped if fmt == "png" else (lambda t: t)
    details = details or {}
    w = words(lang)
    view = as_view(subgraph)
    pos = _layout(view) if view.nodes else {}
    footer = _footer_lines(details, lang, exported or dt.date.today().isoformat())
    footer_h = 0.16 * len(footer) + 0.3
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "citykg"}):
        fig = plt.figure(figsize=(11, 8 + footer_h), dpi=100)
        try:
            ax = fig.add_axes((0.02, footer_h / (8 + footer_h) + 0.02, 0.72, 0.9 * 8 / (8 + footer_h)))
            ax.set_axis_off()
            drawn = [t for t in view.ties if t.source in pos and t.target in pos]
            for tie, bend in zip(drawn, _parallel_offsets(drawn), strict=True):
                a, b = sorted((tie.source, tie.target))
                dashes = _dashes(tie.kind)
                patch = FancyArrowPatch(
                    pos[a],
                    pos[b],
                    arrowstyle="-",
                    connectionstyle=f"arc3,rad={-bend}",
                    color=KIND_COLOURS.get(tie.kind, _OTHER),
                    alpha=0.35 if tie.end else 1.0,
                    lw=1.4,
                    linestyle=(0, tuple(d / 1.4 for d in dashes)) if dashes else "-",
                    zorder=1,
                )
                ax.add_patch(patch)
            xs = [p[0] for p in pos.values()] or [0.0]
            ys = [p[1] for p in pos.values()] or [0.0]
            pad = max(max(xs) - min(xs), max(ys) - min(ys), 1.0) * 0.08
            ax.set_xlim(min(xs) - pad, max(xs) + pad)
            ax.set_ylim(min(ys) - pad, max(ys) + pad)
            for n in view.nodes:
                x, y = pos[n.id]
                ax.scatter(
                    [x],
                    [y],
                    s=220 if n.id == view.center else 80,
                    c=_type_colour(n.type),
                    zorder=2,
                    marker="*" if n.id == view.center else "o",
                    edgecolors="white",
                )
                if len(view.nodes) <= 300:
                    ax.annotate(
                        shape(n.label),
                        (x, y),
                        xytext=(0, 7),
                        textcoords="offset points",
                        ha="center",
                        fontsize=8,
                        fontfamily=_FONTS,
                        zorder=3,
                    )
            handles = [
                Line2D([], [], marker="o", ls="", color=_type_colour(t), label=t)
                for t in sorted({n.type for n in view.nodes})
            ] + [
                Line2D(
                    [],
                    [],
                    color=KIND_COLOURS.get(k, _OTHER),
                    lw=1.6,
                    ls=(0, tuple(d / 1.6 for d in _dashes(k))) if _dashes(k) else "-",
                    label=shape(f"{_image_kind(k, lang)} “{_SHORT.get(k, k)}”"),
                )
                for k in sorted({t.kind for t in view.ties})
            ]
            if any(t.end for t in view.ties):
                handles.append(Line2D([], [], color="#999999", alpha=0.35, lw=1.6, label=shape(w["ended"])))
            if handles:
                fig.legend(
                    handles=handles,
                    loc="upper left",
                    bbox_to_anchor=(0.75, 0.97),
                    frameon=True,
                    title=shape(w["legend"]),
                    prop={"family": _FONTS, "size": 8},
                )
            fig.suptitle(shape(title or "citykg"), fontfamily=_FONTS, fontsize=13, x=0.02, ha="left")
            rtl = _rtl(lang)
            for i, line in enumerate(footer):
                fig.text(
                    0.98 if rtl else 0.02,
                    (footer_h - 0.2 - 0.16 * i) / (8 + footer_h),
                    shape(line),
                    ha="right" if rtl else "left",
                    va="top",
                    fontsize=7,
                    fontfamily=_FONTS,
                    gid="footer" if i == 0 else None,
                )
            buf = io.BytesIO()
            fig.savefig(
                buf,
                format=fmt,
                bbox_inches="tight",  # a long legend or source line widens the picture instead of being cut
                pad_inches=0.2,
                metadata={"Date": None} if fmt == "svg" else None,
            )
        finally:
            plt.close(fig)
    data = buf.getvalue()
    if output is not None:
        output.write_bytes(data)
    return data


def render(
    subgraph: Any,
    output: Path,
    fmt: str | None = None,
    *,
    title: str = "citykg",
    details: Mapping[str, FactDetail] | None = None,
    lang: str = "en",
) -> None:
    """Write ``subgraph`` to ``output`` as ``html``, ``png`` or ``svg`` (default: from the suffix).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     render(View(None, [NodeInfo("a", "City", "A")], []), Path(tmp) / "a.svg")
    ...     (Path(tmp) / "a.svg").read_bytes()[:5]
    b'<?xml'
    """
    fmt = (fmt or output.suffix.lstrip(".")).lower()
    if fmt == "html":
        render_html(subgraph, output, title=title, details=details, lang=lang)
    else:
        render_image(subgraph, fmt, output, title=title, details=details, lang=lang)
