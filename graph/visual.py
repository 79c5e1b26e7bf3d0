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
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from graph.errors import InvalidArgument
from graph.store import NodeInfo, Tie

__all__ = [
    "KIND_COLOURS",
    "LAYOUT_THRESHOLD",
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
_OTHER = "#999999"
_FONTS = ["DejaVu Sans", "Noto Sans Arabic", "sans-serif"]


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


def _tie_title(tie: Tie) -> str:
    dates = f"{tie.start or '?'} – {tie.end or ''}".strip() if tie.start or tie.end else "dates unknown"
    sources = ", ".join(tie.sources) or "none recorded"
    return f"{tie.kind} ({tie.fact})\n{dates}\nsources: {sources}"


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


def _vis_data(view: View) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    from pyvis.network import Network

    big = len(view.nodes) > LAYOUT_THRESHOLD
    pos = _layout(view) if big else {}
    net = Network(directed=False, cdn_resources="remote")
    for n in view.nodes:
        extra: dict[str, Any] = {}
        if n.id in pos:
            extra = {"x": pos[n.id][0], "y": pos[n.id][1], "physics": False}
        where = f"\ncountry: {n.country}" if n.country else ""
        net.add_node(
            n.id,
            label=n.label,
            title=f"{n.label}\n{n.type} · {n.id}{where}",
            color=_type_colour(n.type),
            shape="star" if n.id == view.center else "dot",
            size=22 if n.id == view.center else 12,
            **extra,
        )
    known = set(net.get_nodes())
    for tie in view.ties:
        if tie.source in known and tie.target in known:
            net.add_edge(
                tie.source,
                tie.target,
                title=_tie_title(tie),
                color=KIND_COLOURS.get(tie.kind, _OTHER),
                kind=tie.kind,
                dashes=tie.end is not None,
            )
    return list(net.nodes), list(net.edges), big


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


def _legend(view: View) -> str:
    types = sorted({n.type for n in view.nodes})
    kinds = sorted({t.kind for t in view.ties})
    items = [
        f'<li><span class="dot" style="background:{_type_colour(t)}"></span>{html.escape(t)}</li>'
        for t in types
    ] + [
        f'<li><span class="bar" style="background:{KIND_COLOURS.get(k, _OTHER)}"></span>{html.escape(k)}</li>'
        for k in kinds
    ]
    return '<ul id="legend">' + "".join(items) + "</ul>"


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<style>
html, body {{ margin: 0; height: 100%; font-family: "DejaVu Sans", "Noto Sans Arabic", sans-serif; }}
#graph {{ position: absolute; inset: 0; }}
#legend {{ position: absolute; top: 8px; left: 8px; margin: 0; padding: 8px 12px; list-style: none;
  background: rgba(255,255,255,.9); border: 1px solid #ccc; font-size: 12px; z-index: 2; }}
#legend .dot {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; }}
#legend .bar {{ display: inline-block; width: 14px; height: 3px; margin: 0 4px 3px 0; }}
#heading {{ position: absolute; top: 8px; right: 12px; font-size: 14px; z-index: 2; }}
div.vis-tooltip {{ white-space: pre-line; }}
</style>
<script>{js}</script>
</head><body>
<div id="heading">{title}</div>
{legend}
<div id="graph"></div>
<script type="application/json" id="graph-data">{data}</script>
<script>
(function () {{
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var options = {{
    nodes: {{ font: {{ face: "DejaVu Sans, Noto Sans Arabic, sans-serif", size: 14 }} }},
    edges: {{ smooth: false, width: 1.5 }},
    interaction: {{ hover: true, tooltipDelay: 150 }},
    physics: data.precomputed ? false : {{ solver: "forceAtlas2Based", stabilization: {{ iterations: 300 }} }}
  }};
  var network = new vis.Network(document.getElementById("graph"), {{ nodes: nodes, edges: edges }}, options);
  network.once("stabilizationIterationsDone", function () {{ network.setOptions({{ physics: false }}); }});
  window.network = network;
}})();
</script>
</body></html>
"""


def render_html(subgraph: Any, output: Path | None = None, *, title: str = "citykg") -> str:
    """An offline HTML page drawing ``subgraph`` (a subgraph, a :class:`View` or a list of paths).

    Writes it to ``output`` when given, and returns it.

    Examples
    --------
    >>> v = View("a", [NodeInfo("a", "City", "<script>alert(1)</script>")], [])
    >>> page = render_html(v, title="demo")
    >>> "<script>alert(1)</script>" in page, "\\\\u003cscript\\\\u003ealert(1)" in page
    (False, True)
    >>> "cdn" in page.lower().split("</style>")[-1]
    False
    """
    view = as_view(subgraph)
    nodes, edges, big = _vis_data(view)
    js, css = vis_assets()
    page = _TEMPLATE.format(
        title=html.escape(title),
        css=css.replace("</", "<\\/"),
        js=js.replace("</script", "<\\/script"),
        legend=_legend(view),
        data=_json_for_script({"nodes": nodes, "edges": edges, "precomputed": big}),
    )
    if output is not None:
        output.write_text(page, "utf-8")
    return page


def render_image(subgraph: Any, fmt: str = "png", output: Path | None = None, *, title: str = "") -> bytes:
    """A static PNG or SVG of the same view, coloured as the HTML one, with a legend.

    Examples
    --------
    >>> v = View("a", [NodeInfo("a", "City", "قزوین"), NodeInfo("b", "Network", "Net")],
    ...          [Tie("m", "Membership", "a", "b")])
    >>> render_image(v, "svg")[:5]
    b'<?xml'
    """
    if fmt not in {"png", "svg"}:
        raise InvalidArgument(f"unknown image format {fmt!r}; choose png or svg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    view = as_view(subgraph)
    pos = _layout(view) if view.nodes else {}
    fig, ax = plt.subplots(figsize=(10, 8), dpi=100)
    try:
        ax.set_axis_off()
        ax.margins(0.12)
        for tie in view.ties:
            if tie.source in pos and tie.target in pos:
                (x1, y1), (x2, y2) = pos[tie.source], pos[tie.target]
                ax.plot(
                    [x1, x2],
                    [y1, y2],
                    color=KIND_COLOURS.get(tie.kind, _OTHER),
                    lw=1.2,
                    zorder=1,
                    ls="--" if tie.end else "-",
                )
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
                    n.label,
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
            Line2D([], [], color=KIND_COLOURS.get(k, _OTHER), label=k)
            for k in sorted({t.kind for t in view.ties})
        ]
        if handles:
            ax.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                frameon=True,
                prop={"family": _FONTS, "size": 7},
            )
        if title:
            ax.set_title(title, fontfamily=_FONTS)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, bbox_inches="tight", metadata={"Date": None} if fmt == "svg" else None)
    finally:
        plt.close(fig)
    data = buf.getvalue()
    if output is not None:
        output.write_bytes(data)
    return data


def render(subgraph: Any, output: Path, fmt: str | None = None, *, title: str = "citykg") -> None:
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
        render_html(subgraph, output, title=title)
    else:
        render_image(subgraph, fmt, output, title=title)
