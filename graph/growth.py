"""Growth over time: ties per year, and the network's size and assortativity year by year.

``ties_per_year``
    Every tie of the projection (one per fact and pair; two agreements between the
    same pair count twice) by the year of its start: ``startDate``, else the
    signing date (the stores' ``Tie.start``). Ties without either are counted as
    ``undated``. ``cumulative`` adds the dated ties up to that year.
``by_year``
    For each year Y, the projection as of Y (the ``as_of`` rule of
    :mod:`graph.projection`: ties valid at some time in Y; a tie without dates is
    valid in every year), its nodes, edges and degree assortativity
    (``nx.degree_assortativity_coefficient``; None when undefined).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass

from graph.errors import InvalidArgument
from graph.projection import Filters, Projection, project, valid_at
from graph.store import Store

__all__ = ["MAX_YEARS", "GrowthResult", "YearCount", "YearStats", "by_year", "stats_by_year", "ties_per_year"]

MAX_YEARS = 500


@dataclass
class YearCount:
    """Ties starting in a year, and every dated tie up to that year."""

    year: int
    ties: int
    cumulative: int


@dataclass
class GrowthResult:
    """Ties per year by start (or signing) date, with how many carry no date."""

    years: list[YearCount]
    dated: int
    undated: int
    definition: str


@dataclass
class YearStats:
    """The projection as of one year: its size and degree assortativity."""

    year: int
    nodes: int
    edges: int
    degree_assortativity: float | None


def _year(start: str | None) -> int | None:
    if start is None or len(start) < 4 or not start[:4].isdigit():
        return None
    return int(start[:4])


def ties_per_year(store: Store, *, filters: Filters | None = None) -> GrowthResult:
    """Ties per year of ``store``'s projection under ``filters`` (see the module docstring).

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id=c) for c in "abc"], agreements=[
    ...     Agreement(id="ab", type="TwinningAgreement", parties=["a", "b"], signed="1990-05"),
    ...     Agreement(id="bc", type="TwinningAgreement", parties=["b", "c"], start="1992"),
    ...     Agreement(id="ca", type="TwinningAgreement", parties=["c", "a"])])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> r = ties_per_year(store)
    >>> [(y.year, y.ties, y.cumulative) for y in r.years], r.undated
    ([(1990, 1, 1), (1991, 0, 1), (1992, 1, 2)], 1)
    """
    p = project(store, filters)
    counts: Counter[int] = Counter()
    undated = 0
    for ties in p.edge_ties:
        for t in ties:
            y = _year(t.start)
            if y is None:
                undated += 1
            else:
                counts[y] += 1
    years: list[YearCount] = []
    if counts:
        total = 0
        for y in range(min(counts), max(counts) + 1):
            total += counts[y]
            years.append(YearCount(y, counts[y], total))
    return GrowthResult(
        years=years,
        dated=sum(counts.values()),
        undated=undated,
        definition=(
            "ties of the projection (one per fact and pair) by the year of their start date, else their "
            "signing date; undated: neither is known; cumulative: dated ties up to that year"
        ),
    )


def by_year(p: Projection, years: range) -> list[YearStats]:
    """Nodes, edges and degree assortativity of the projection ``p`` as of each year of ``years``.

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.store import Tie
    >>> g = ig.Graph(n=3, edges=[(0, 1), (1, 2)])
    >>> ties = [[Tie("t1", "TwinningAgreement", "a", "b", "1990")],
    ...         [Tie("t2", "TwinningAgreement", "b", "c", "1995", "1999")]]
    >>> p = Projection(g, list("abc"), {}, [], ties)
    >>> [(s.year, s.nodes, s.edges) for s in by_year(p, range(1989, 2001, 5))]
    [(1989, 0, 0), (1994, 2, 1), (1999, 3, 2)]
    """
    if len(years) > MAX_YEARS:
        raise InvalidArgument(f"at most {MAX_YEARS} years, not {len(years)}")
    out: list[YearStats] = []
    for y in years:
        keep = [e for e, ties in enumerate(p.edge_ties) if any(valid_at(t, str(y)) for t in ties)]
        sub = p.graph.subgraph_edges(keep, delete_vertices=True)
        assort = sub.assortativity_degree(directed=False) if sub.ecount() else math.nan
        out.append(YearStats(y, sub.vcount(), sub.ecount(), None if math.isnan(assort) else assort))
    return out


def stats_by_year(
    store: Store, *, filters: Filters | None = None, start: int | None = None, end: int | None = None
) -> list[YearStats]:
    """The series of :func:`by_year` from ``start`` to ``end`` (default: the first and last dated year).

    The ``as_of`` of ``filters`` is ignored: each year is its own ``as_of``.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> stats_by_year(EmbeddedStore())
    []
    """
    base = dataclasses.replace(filters or Filters(), as_of=None)
    p = project(store, base)
    dated = [y for ties in p.edge_ties for t in ties if (y := _year(t.start)) is not None]
    dated += [y for ties in p.edge_ties for t in ties if (y := _year(t.end)) is not None]
    if start is None:
        start = min(dated, default=None) if dated else end
    if end is None:
        end = max(dated, default=None) if dated else start
    if start is None or end is None:
        return []
    if end < start:
        raise InvalidArgument(f"the last year ({end}) comes before the first ({start})")
    return by_year(p, range(start, end + 1))
