"""Maps of ties: cities at their coordinates, ties as great-circle arcs, offline HTML and PNG/SVG.

A :class:`GeoMap` splits a subgraph by where things are:

- *places*: entities with coordinates (cities, regions, some organisations);
- *arcs*: ties between two places, drawn as great-circle arcs styled by kind
  (colour *and* dash pattern, see :data:`TIE_STYLES`, so they read in greyscale);
- *hubs*: entities without a place of their own (networks, events, programmes,
  people, places of unknown position) that are tied to places. They are listed
  beside the map with their tie kind and their places; hovering one rings its
  places. They are never drawn at a made-up position.

The basemap is Natural Earth's 1:110m country outlines (public domain) as
TopoJSON from the ``world-atlas`` npm package (ISC licence), vendored under
``graph/static/vendor/world-atlas``; the HTML page inlines it with its own
script and stylesheet (``graph/static/map.js``, ``map.css``), so it opens with
no network and asks no tile server. Labels travel as JSON inside a
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and
are drawn with ``fillText`` or set with ``textContent``, never parsed as markup.
"""

from __future__ import annotations

import datetime
import functools
import html
import io
import itertools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from graph.errors import GraphError, InvalidArgument
from graph.projection import KIND_GROUPS, Filters
from graph.store import NodeInfo, SourceView, Store, Tie

__all__ = [
    "RTL_LANGS",
    "TIE_STYLES",
    "GeoMap",
    "Hub",
    "TieStyle",
    "basemap_rings",
    "country_outlines",
    "filters_text",
    "geo_map",
    "great_circle",
    "map_sources",
    "render_map",
    "render_map_html",
    "render_map_image",
    "style_of",
]

RTL_LANGS = frozenset({"fa", "ar", "he", "ur", "ps", "ckb"})


@dataclass(frozen=True)
class TieStyle:
    """How one group of tie kinds is drawn: a colour, a dash pattern (on, off, ... in px) and a name."""

    name: str
    colour: str
    dash: tuple[float, ...]
    width: float


TIE_STYLES: dict[str, TieStyle] = {
    "twinning": TieStyle("twinning", "#1f5fa8", (), 1.6),
    "partnership": TieStyle("partnership", "#139aa8", (9.0, 4.0), 1.6),
    "mou": TieStyle("memorandum of understanding", "#8c564b", (9.0, 3.0, 2.0, 3.0), 1.6),
    "membership": TieStyle("membership", "#e07b00", (2.0, 3.0), 1.8),
    "event": TieStyle("event", "#c62828", (14.0, 4.0), 1.6),
    "other": TieStyle("other tie", "#6b6b6b", (4.0, 2.0, 1.0, 2.0, 1.0, 2.0), 1.2),
}
_STYLE_OF_KIND = {
    "TwinningAgreement": "twinning",
    "PartnershipAgreement": "partnership",
    "CooperationAgreement": "partnership",
    "MemorandumOfUnderstanding": "mou",
    "Membership": "membership",
    **dict.fromkeys(KIND_GROUPS["event"], "event"),
}
_STATIC = resources.files("graph") / "static"
_FONTS = ["DejaVu Sans", "Noto Sans Arabic", "sans-serif"]
_MAX_SEGMENT_DEG = 3.0


def style_of(kind: str) -> str:
    """The key in :data:`TIE_STYLES` of a tie kind.

    Examples
    --------
    >>> style_of("TwinningAgreement"), style_of("EventHost"), style_of("Post")
    ('twinning', 'event', 'other')
    """
    return _STYLE_OF_KIND.get(kind, "other")


@dataclass
class Hub:
    """An entity with no place of its own, tied to places: a network, an event, a programme, a person."""

    id: str
    label: str
    type: str
    styles: list[str]
    places: list[int]


@dataclass
class GeoMap:
    """What a map draws: places, arcs between place indices, hubs, and the ties that could not be placed.

    ``arcs`` rows are ``(a, b, style, tie)`` with ``a``/``b`` indices into ``places``.
    """

    center: str | None
    places: list[NodeInfo]
    arcs: list[tuple[int, int, str, Tie]]
    hubs: list[Hub]
    unplaced: int
    ties: list[Tie] = field(default_factory=list)


def _placed(n: NodeInfo) -> bool:
    return (
        n.lat is not None
        and n.lon is not None
        and math.isfinite(n.lat)
        and math.isfinite(n.lon)
        and -90.0 <= n.lat <= 90.0
        and -180.0 <= n.lon <= 180.0
    )


def geo_map(subgraph: Any) -> GeoMap:
    """Split a subgraph (``.nodes``, ``.ties``, optional ``.center``) into places, arcs and hubs.

    A tie between two places is an arc; a tie between a place and an entity
    without coordinates makes that entity a hub; a tie with no place at either
    end is counted in ``unplaced``.

    Examples
    --------
    >>> from graph.visual import View
    >>> v = View("q", [NodeInfo("q", "City", "Qazvin", lat=36.3, lon=50.0),
    ...                NodeInfo("k", "City", "Kazan", lat=55.8, lon=49.1),
    ...                NodeInfo("n", "Network", "Silk Road Cities")],
    ...          [Tie("t", "TwinningAgreement", "q", "k"), Tie("m", "Membership", "q", "n")])
    >>> m = geo_map(v)
    >>> [p.id for p in m.places], [(a, b, s) for a, b, s, _ in m.arcs], [(h.id, h.places) for h in m.hubs]
    (['q', 'k'], [(0, 1, 'twinning')], [('n', [0])])
    """
    nodes = {n.id: n for n in subgraph.nodes}
    index: dict[str, int] = {}
    places: list[NodeInfo] = []
    for n in subgraph.nodes:
        if _placed(n):
            index[n.id] = len(places)
            places.append(n)
    arcs: list[tuple[int, int, str, Tie]] = []
    hub_places: dict[str, dict[int, None]] = defaultdict(dict)
    hub_styles: dict[str, Counter[str]] = defaultdict(Counter)
    unplaced = 0
    for t in subgraph.ties:
        if t.source not in nodes or t.target not in nodes or t.source == t.target:
            continue
        a, b = index.get(t.source), index.get(t.target)
        if a is not None and b is not None:
            arcs.append((a, b, style_of(t.kind), t))
        elif a is None and b is None:
            unplaced += 1
        else:
            place, hub = (a, t.target) if a is not None else (b, t.source)
            assert place is not None
            hub_places[hub][place] = None
            hub_styles[hub][style_of(t.kind)] += 1
    hubs = [
        Hub(
            h,
            nodes[h].label,
            nodes[h].type,
            [s for s, _ in hub_styles[h].most_common()],
            list(hub_places[h]),
        )
        for h in sorted(hub_places, key=lambda h: (-len(hub_places[h]), nodes[h].label, h))
    ]
    return GeoMap(getattr(subgraph, "center", None), places, arcs, hubs, unplaced, list(subgraph.ties))


def great_circle(lon1: float, lat1: float, lon2: float, lat2: float) -> list[list[tuple[float, float]]]:
    """The great-circle arc between two points as (lon, lat) runs, cut where it crosses the antimeridian.

    Points are spaced at most about 3 degrees apart along the arc.

    Examples
    --------
    >>> [[(round(x), round(y)) for x, y in run] for run in great_circle(0, 0, 4, 0)]
    [[(0, 0), (2, 0), (4, 0)]]
    >>> len(great_circle(170, 10, -170, 10))  # crosses 180°: two runs
    2
    """
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    v1 = (math.cos(p1) * math.cos(l1), math.cos(p1) * math.sin(l1), math.sin(p1))
    v2 = (math.cos(p2) * math.cos(l2), math.cos(p2) * math.sin(l2), math.sin(p2))
    dot = max(-1.0, min(1.0, sum(a * b for a, b in zip(v1, v2, strict=True))))
    omega = math.acos(dot)
    steps = max(1, math.ceil(math.degrees(omega) / _MAX_SEGMENT_DEG))
    points: list[tuple[float, float]] = []
    for i in range(steps + 1):
        f = i / steps
        if omega < 1e-9:
            x, y, z = v1
        else:
            s1 = math.sin((1 - f) * omega) / math.sin(omega)
            s2 = math.sin(f * omega) / math.sin(omega)
            x, y, z = (s1 * a + s2 * b for a, b in zip(v1, v2, strict=True))
        points.append((math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y)))))
    runs: list[list[tuple[float, float]]] = [[points[0]]]
    for prev, cur in itertools.pairwise(points):
        if abs(cur[0] - prev[0]) > 180.0:
            # Cut at the antimeridian: end this run on one edge, start the next on the other.
            edge = 180.0 if prev[0] > 0 else -180.0
            span = (cur[0] + 360.0 if prev[0] > 0 else cur[0] - 360.0) - prev[0]
            f = (edge - prev[0]) / span if span else 0.0
            lat = prev[1] + f * (cur[1] - prev[1])
            runs[-1].append((edge, lat))
            runs.append([(-edge, lat)])
        runs[-1].append(cur)
    return runs


@functools.lru_cache(maxsize=1)
def _topology() -> dict[str, Any]:
    path = _STATIC / "vendor" / "world-atlas" / "countries-110m.json"
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


@functools.lru_cache(maxsize=1)
def basemap_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """The country outlines of Natural Earth 1:110m, as closed (lon, lat) rings.

    Decoded from the vendored TopoJSON (quantised, delta-encoded arcs).

    Examples
    --------
    A ring cut by the antimeridian (Russia, Fiji) is made continuous past ±180°
    and given a copy on the other side, so that fills draw no band across the map
    (Antarctica keeps its closing edge along the pole).

    >>> rings = basemap_rings()
    >>> len(rings) > 200, all(r[0] == r[-1] for r in rings)
    (True, True)
    >>> all(-540 <= x <= 540 and -90 <= y <= 90 for r in rings for x, y in r)
    True
    >>> max(abs(b[0] - a[0]) for r in rings for a, b in zip(r, r[1:]) if a[1] > -80) < 180  # no band
    True
    """
    rings: list[tuple[tuple[float, float], ...]] = []
    for _, _, outline in country_outlines():
        for r in outline:
            rings.extend(_unwrap(r))
    return tuple(rings)


@functools.lru_cache(maxsize=1)
def country_outlines() -> tuple[tuple[str | None, str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """Each country of Natural Earth 1:110m: its ISO 3166 numeric code (None for the three
    outlines without one: Kosovo, N. Cyprus, Somaliland), its name, and its rings as decoded
    (closed (lon, lat) rings, outer and holes alike; a ring cut by the antimeridian jumps across it).

    Examples
    --------
    >>> outlines = country_outlines()
    >>> len(outlines), next(o[:2] for o in outlines if o[1] == "Slovenia")
    (177, ('705', 'Slovenia'))
    """
    topo = _topology()
    (kx, ky), (dx, dy) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for qx, qy in arc:
            x += qx
            y += qy
            pts.append((round(x * kx + dx, 4), round(y * ky + dy, 4)))
        arcs.append(pts)

    def ring(indices: Iterable[int]) -> tuple[tuple[float, float], ...]:
        out: list[tuple[float, float]] = []
        for i in indices:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return tuple(out)

    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polygons = (
            [geom["arcs"]]
            if geom["type"] == "Polygon"
            else geom["arcs"]
            if geom["type"] == "MultiPolygon"
            else []
        )
        outline = tuple(ring(r) for polygon in polygons for r in polygon)
        countries.append((geom.get("id"), str(geom.get("properties", {}).get("name", "")), outline))
    return tuple(countries)


def _unwrap(ring: tuple[tuple[float, float], ...]) -> list[tuple[tuple[float, float], ...]]:
    """A ring that jumps across the antimeridian, made continuous and drawn on both sides of it."""
    out = [ring[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(ring):
        if x1 - x0 > 180.0:
            shift -= 360.0
        elif x0 - x1 > 180.0:
            shift += 360.0
        out.append((x1 + shift, y1))
    if all(-180.0 <= x <= 180.0 for x, _ in out):
        return [ring]
    copy = -360.0 if max(x for x, _ in out) > 180.0 else 360.0
    return [tuple(out), tuple((x + copy, y) for x, y in out)]


def filters_text(
    filters: Filters | None,
    *,
    depth: int | None = None,
    lang: str = "en",
    entity_labels: Mapping[str, str] = {},
) -> str:
    """The filters of a picture in words, for its subtitle.

    Examples
    --------
    >>> filters_text(Filters(kinds=frozenset({"twinning"}), as_of="2020"), depth=2)
    'depth 2 · kinds: twinning · as of 2020'
    >>> filters_text(None)
    'all ties'
    """
    parts = [f"depth {depth}"] if depth is not None else []
    if filters is not None:
        if filters.kinds:
            parts.append("kinds: " + ", ".join(sorted(filters.kinds)))
        if filters.networks:
            parts.append("networks: " + ", ".join(sorted(entity_labels.get(n, n) for n in filters.networks)))
        if filters.countries:
            parts.append("countries: " + ", ".join(sorted(filters.countries)))
        if filters.as_of:
            parts.append(f"as of {filters.as_of}")
    if lang != "en":
        parts.append(f"labels: {lang}")
    return " · ".join(parts) or "all ties"


def map_sources(store: Store, geo: GeoMap, *, lang: str = "en", max_lookups: int = 200) -> list[SourceView]:
    """The sources the map's ties cite, with their titles, publishers and dates where the store knows them.

    Titles come from the facts of the entities on the map (the centre first, then
    the others, at most ``max_lookups`` entities); a source seen nowhere keeps its id
    as its label. Sorted by label.
    """
    wanted = {s for t in geo.ties for s in t.sources}
    found: dict[str, SourceView] = {}
    order = [geo.center] if geo.center else []
    order += [p.id for p in geo.places if p.id != geo.center] + [h.id for h in geo.hubs]
    for entity in order[:max_lookups]:
        if wanted <= found.keys():
            break
        try:
            detail = store.entity(entity, lang=lang)
        except GraphError:  # an entity the store cannot describe only loses its source titles
            continue
        for fact in detail.facts:
            for s in fact.sources:
                if s.id in wanted:
                    found.setdefault(s.id, s)
        for s in detail.sources:
            if s.id in wanted:
                found.setdefault(s.id, s)
    for missing in wanted - found.keys():
        found[missing] = SourceView(missing, missing)
    return sorted(found.values(), key=lambda s: (s.label.casefold(), s.id))


def _source_text(s: SourceView) -> str:
    extra = ", ".join(x for x in (s.publisher, s.date) if x)
    return f"{s.label} ({extra})" if extra else s.label


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>``, ``&`` or line separators survive raw."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def _page_data(
    geo: GeoMap, *, title: str, subtitle: str, sources: Sequence[SourceView], exported: str
) -> dict[str, Any]:
    style_keys = list(TIE_STYLES)
    fact_index: dict[str, int] = {}
    facts: list[list[Any]] = []

    def fact(t: Tie) -> int:
        key = f"{t.fact}|{t.kind}"
        if key not in fact_index:
            fact_index[key] = len(facts)
            facts.append([t.fact, t.kind, t.start, t.end, list(t.sources)])
        return fact_index[key]

    used = sorted(
        {s for _, _, s, _ in geo.arcs} | {s for h in geo.hubs for s in h.styles}, key=style_keys.index
    )
    return {
        "title": title,
        "subtitle": subtitle,
        "exported": exported,
        "center": geo.center,
        "styles": {
            k: {"name": v.name, "colour": v.colour, "dash": v.dash, "width": v.width}
            for k, v in TIE_STYLES.items()
        },
        "styleKeys": style_keys,
        "used": used,
        # places: id, label, type, lon, lat (rounded: 1e-4 degrees is about 10 m)
        "places": [
            [p.id, p.label, p.type, round(p.lon or 0.0, 4), round(p.lat or 0.0, 4)] for p in geo.places
        ],
        "arcs": [[a, b, style_keys.index(s), fact(t)] for a, b, s, t in geo.arcs],
        "facts": facts,
        "hubs": [
            [h.id, h.label, h.type, [style_keys.index(s) for s in h.styles], h.places] for h in geo.hubs
        ],
        "unplaced": geo.unplaced,
        "sources": [_source_text(s) for s in sources],
        "basemap": [[c for x, y in r for c in (round(x, 2), round(y, 2))] for r in basemap_rings()],
    }


_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
</head><body>
<header id="map-head"><h1 id="map-title" dir="auto"></h1><p id="map-subtitle" dir="auto"></p></header>
<main id="map-main">
<div id="map-wrap"><canvas id="map" aria-label="map of ties"></canvas>
<div id="map-tip" role="tooltip" hidden></div></div>
<aside id="map-side">
<section><h2>Tie kinds</h2><ul id="map-legend"></ul></section>
<section><h2>Networks, events and others without a place</h2><ul id="map-hubs"></ul>
<p id="map-unplaced"></p></section>
<section><h2>Selected</h2><div id="map-info" dir="auto">Click a city.</div></section>
</aside>
</main>
<footer id="map-foot"><span id="map-sources" dir="auto"></span> <span id="map-exported"></span></footer>
<script type="application/json" id="map-data">{data}</script>
<script>{js}</script>
</body></html>
"""


def render_map_html(
    geo: GeoMap,
    output: Path | None = None,
    *,
    title: str = "citykg map",
    subtitle: str = "",
    sources: Sequence[SourceView] = (),
    lang: str = "en",
    exported: str | None = None,
) -> str:
    """A self-contained offline HTML page drawing ``geo`` on the country outlines; written to ``output``.

    Examples
    --------
    >>> from graph.visual import View
    >>> v = View("e", [NodeInfo("e", "City", "<img src=x onerror=alert(1)>", lat=1.0, lon=2.0)], [])
    >>> page = render_map_html(geo_map(v), title="<b>t</b>")
    >>> "<img" in page, "\\\\u003cimg src=x" in page, "<b>" in page
    (False, True, False)
    """
    base = lang.split("-")[0].lower()
    data = _page_data(
        geo,
        title=title,
        subtitle=subtitle,
        sources=sources,
        exported=exported or datetime.date.today().isoformat(),
    )
    page = _TEMPLATE.format(
        lang=html.escape(lang, quote=True),
        dir="rtl" if base in RTL_LANGS else "ltr",
        title=html.escape(title),
        css=(_STATIC / "map.css").read_text("utf-8").replace("</", "<\\/"),
        js=(_STATIC / "map.js").read_text("utf-8").replace("</script", "<\\/script"),
        data=_script_json(data),
    )
    if output is not None:
        output.write_text(page, "utf-8")
    return page


def _extent(geo: GeoMap) -> tuple[float, float, float, float]:
    """(lon0, lon1, lat0, lat1) around the places, at least 30° wide, whole world when empty."""
    if not geo.places:
        return -180.0, 180.0, -60.0, 85.0
    lons = [p.lon or 0.0 for p in geo.places]
    lats = [p.lat or 0.0 for p in geo.places]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    cx, cy = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    w = max(30.0, (lon1 - lon0) * 1.15)
    h = max(20.0, (lat1 - lat0) * 1.2, w / 2.2)
    w = max(w, h * 1.6)
    lon0, lon1 = max(-180.0, cx - w / 2), min(180.0, cx + w / 2)
    lat0, lat1 = max(-85.0, cy - h / 2), min(85.0, cy + h / 2)
    return lon0, lon1, lat0, lat1


def _dashes(dash: tuple[float, ...], width: float) -> tuple[float, ...]:
    """A dash pattern in points for matplotlib, which multiplies patterns by the line width."""
    return tuple(0.75 * d / width for d in dash)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if text else ""


def render_map_image(
    geo: GeoMap,
    fmt: str = "png",
    output: Path | None = None,
    *,
    title: str = "citykg map",
    subtitle: str = "",
    sources: Sequence[SourceView] = (),
    exported: str | None = None,
    max_labels: int = 40,
) -> bytes:
    """A static PNG or SVG map: outlines, arcs, places, a legend, the hubs, a title and a sources footer.

    SVG text stays text (``svg.fonttype`` ``none``), so titles and sources can be
    read, searched and checked; matplotlib escapes it as XML.

    Examples
    --------
    >>> from graph.visual import View
    >>> v = View("q", [NodeInfo("q", "City", "Qazvin", lat=36.3, lon=50.0),
    ...                NodeInfo("k", "City", "Kazan", lat=55.8, lon=49.1)],
    ...          [Tie("t", "TwinningAgreement", "q", "k", sources=("s1",))])
    >>> svg = render_map_image(geo_map(v), "svg", title="Qazvin", sources=[SourceView("s1", "A list")])
    >>> b"Qazvin" in svg, b"twinning" in svg, b"A list" in svg
    (True, True, True)
    """
    if fmt not in {"png", "svg"}:
        raise InvalidArgument(f"unknown image format {fmt!r}; choose png or svg")
    import matplotlib

    from graph.visual import _shaped

    def display(text: str) -> str:
        """Persian and Arabic letters joined and in display order on a raster; SVG text stays logical."""
        return "\n".join(_shaped(line) for line in text.split("\n")) if fmt == "png" else text

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.lines import Line2D

    exported = exported or datetime.date.today().isoformat()
    lon0, lon1, lat0, lat1 = _extent(geo)
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": _FONTS}):
        # Sizes in inches: the map keeps the extent's aspect; title above, sources below.
        map_w = 9.0
        map_h = min(7.0, max(3.5, map_w * (lat1 - lat0) / (lon1 - lon0)))
        top, bottom, width = 0.95, 1.15, 13.0
        body = max(map_h, 5.0)
        height = top + body + bottom
        fig = plt.figure(figsize=(width, height), dpi=100)
        try:
            y0 = (bottom + body - map_h) / height
            ax = fig.add_axes((0.2 / width, y0, map_w / width, map_h / height))
            side = fig.add_axes((9.5 / width, bottom / height, 3.3 / width, body / height))
            side.set_axis_off()
            ax.set_xlim(lon0, lon1)
            ax.set_ylim(lat0, lat1)
            ax.set_aspect("equal", adjustable="box")
            ax.set_facecolor("#dfeaf3")
            ax.tick_params(labelsize=7, colors="#666666")
            ax.add_collection(
                PolyCollection(
                    [list(r) for r in basemap_rings()],
                    facecolors="#f1efe8",
                    edgecolors="#a59f92",
                    linewidths=0.5,
                    zorder=0,
                )
            )
            by_style: dict[str, list[list[tuple[float, float]]]] = defaultdict(list)
            for a, b, s, _ in geo.arcs:
                pa, pb = geo.places[a], geo.places[b]
                by_style[s].extend(great_circle(pa.lon or 0.0, pa.lat or 0.0, pb.lon or 0.0, pb.lat or 0.0))
            for s, runs in by_style.items():
                st = TIE_STYLES[s]
                ax.add_collection(
                    LineCollection(
                        runs,
                        colors=st.colour,
                        linewidths=st.width,
                        linestyles=[(0, _dashes(st.dash, st.width))] if st.dash else ["solid"],
                        alpha=0.85 if len(geo.arcs) < 2000 else 0.35,
                        zorder=1,
                    )
                )
            hubbed = {i for h in geo.hubs for i in h.places}
            if geo.places:
                xs = [p.lon or 0.0 for p in geo.places]
                ys = [p.lat or 0.0 for p in geo.places]
                ax.scatter(xs, ys, s=14, c="#24415e", edgecolors="white", linewidths=0.4, zorder=2)
                ring = list(hubbed)
                if ring:
                    ax.scatter(
                        [xs[i] for i in ring],
                        [ys[i] for i in ring],
                        s=60,
                        facecolors="none",
                        edgecolors=TIE_STYLES["membership"].colour,
                        linewidths=1.0,
                        zorder=2,
                    )
            centre = next((i for i, p in enumerate(geo.places) if p.id == geo.center), None)
            if centre is not None:
                p = geo.places[centre]
                ax.scatter(
                    [p.lon or 0.0],
                    [p.lat or 0.0],
                    s=180,
                    marker="*",
                    c="#c62828",
                    edgecolors="white",
                    zorder=3,
                )
            degree = Counter(i for a, b, _, _ in geo.arcs for i in (a, b))
            shown = sorted(
                range(len(geo.places)), key=lambda i: (i != centre, -degree[i], geo.places[i].label)
            )
            for i in shown[:max_labels]:
                p = geo.places[i]
                if lon0 <= (p.lon or 0.0) <= lon1 and lat0 <= (p.lat or 0.0) <= lat1:
                    ax.annotate(
                        display(p.label),
                        (p.lon or 0.0, p.lat or 0.0),
                        xytext=(0, 5),
                        textcoords="offset points",
                        ha="center",
                        fontsize=8 if i == centre else 6.5,
                        fontweight="bold" if i == centre else "normal",
                        zorder=4,
                        parse_math=False,
                        annotation_clip=True,
                    )
            used = [
                k
                for k in TIE_STYLES
                if k in {s for _, _, s, _ in geo.arcs} | {s for h in geo.hubs for s in h.styles}
            ]
            handles = [
                Line2D(
                    [],
                    [],
                    color=TIE_STYLES[k].colour,
                    lw=TIE_STYLES[k].width + 0.6,
                    ls=(0, _dashes(TIE_STYLES[k].dash, TIE_STYLES[k].width + 0.6))
                    if TIE_STYLES[k].dash
                    else "-",
                    label=TIE_STYLES[k].name,
                )
                for k in used
            ]
            handles.append(Line2D([], [], marker="o", ls="", color="#24415e", label="place"))
            if centre is not None:
                handles.append(Line2D([], [], marker="*", ls="", ms=10, color="#c62828", label="centre"))
            if hubbed:
                handles.append(
                    Line2D(
                        [],
                        [],
                        marker="o",
                        ls="",
                        mfc="none",
                        mec=TIE_STYLES["membership"].colour,
                        ms=8,
                        label="tied to a listed hub",
                    )
                )
            leg = side.legend(
                handles=handles,
                loc="upper left",
                title="Tie kinds",
                frameon=True,
                fontsize=8,
                title_fontsize=9,
                handlelength=4,
            )
            leg.set_in_layout(False)
            lines = []
            for h in geo.hubs[:18]:
                kinds = ", ".join(TIE_STYLES[s].name for s in h.styles)
                lines.append(f"• {h.label} ({h.type}; {kinds}; {len(h.places)} places)")
            if len(geo.hubs) > 18:
                lines.append(f"… and {len(geo.hubs) - 18} more")
            if geo.unplaced:
                lines.append(f"{geo.unplaced} ties with no place at either end")
            hub_text = "Without a place (hubs):\n" + ("\n".join(_wrap(x, 48) for x in lines) or "none")
            side.text(
                0.0, 0.45, display(hub_text), va="top", ha="left", fontsize=7, parse_math=False, wrap=True
            )
            fig.text(
                0.2 / width,
                1 - 0.15 / height,
                display(title),
                fontsize=15,
                fontweight="bold",
                va="top",
                parse_math=False,
            )
            if subtitle:
                fig.text(
                    0.2 / width,
                    1 - 0.55 / height,
                    display(subtitle),
                    fontsize=10,
                    color="#444444",
                    va="top",
                    parse_math=False,
                )
            shown_sources = [_source_text(s) for s in sources[:12]]
            more = f"; and {len(sources) - 12} more" if len(sources) > 12 else ""
            foot = "Sources: " + ("; ".join(shown_sources) + more if shown_sources else "none recorded")
            foot = _wrap(foot, 190) + (
                f"\nExported {exported} by citykg. Basemap: Natural Earth 1:110m (public domain), via world-atlas."
            )
            fig.text(
                0.2 / width,
                (bottom - 0.15) / height,
                display(foot),
                fontsize=7,
                color="#333333",
                va="top",
                parse_math=False,
            )
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        finally:
            plt.close(fig)
    data = buf.getvalue()
    if output is not None:
        output.write_bytes(data)
    return data


def render_map(
    geo: GeoMap,
    output: Path,
    *,
    title: str,
    subtitle: str = "",
    sources: Sequence[SourceView] = (),
    lang: str = "en",
) -> None:
    """Write the map to ``output`` as HTML, PNG or SVG, chosen by its suffix."""
    fmt = output.suffix.lower().lstrip(".")
    if fmt == "html":
        render_map_html(geo, output, title=title, subtitle=subtitle, sources=sources, lang=lang)
    elif fmt in {"png", "svg"}:
        render_map_image(geo, fmt, output, title=title, subtitle=subtitle, sources=sources)
    else:
        raise InvalidArgument(f"{output}: the map must be .html, .png or .svg")
