"""Attribute mixing: do tied entities resemble each other? Assortativity by degree and by attribute.

``degree``       ``nx.degree_assortativity_coefficient(G)``: the Pearson correlation of the degrees
                 at either end of an edge, over every edge of the projection.
``country``,     ``nx.attribute_assortativity_coefficient(H, attr)`` (Newman's r for categories:
``continent``,   (Σ e_ii − Σ a_i²) / (1 − Σ a_i²)), on H, the subgraph induced by the nodes whose
``population``   value is known. ``continent`` is the GeoNames continent of the node's country;
                 ``population`` the class of the node's population in :data:`POPULATION_CLASSES`.

r = 1: ties only within a category; 0: no preference; negative: ties across categories
more than chance. A coefficient is None when undefined (no edge, or one category only).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from graph.errors import InvalidArgument
from graph.geography import continents
from graph.projection import Filters, Projection, project
from graph.store import NodeInfo, Store

__all__ = ["ATTRIBUTES", "POPULATION_CLASSES", "Mixing", "assortativity", "mixing", "population_class"]

ATTRIBUTES = ("degree", "country", "continent", "population")
POPULATION_CLASSES = (
    (0, "under 50k"),
    (50_000, "50k-100k"),
    (100_000, "100k-500k"),
    (500_000, "500k-1M"),
    (1_000_000, "1M-5M"),
    (5_000_000, "5M and more"),
)


def population_class(population: float | None) -> str | None:
    """The class of ``population`` in :data:`POPULATION_CLASSES` (None when unknown).

    Examples
    --------
    >>> population_class(95_000), population_class(5_000_000), population_class(None)
    ('50k-100k', '5M and more', None)
    """
    if population is None or population < 0:
        return None
    found = POPULATION_CLASSES[0][1]
    for low, name in POPULATION_CLASSES:
        if population >= low:
            found = name
    return found


@dataclass
class Mixing:
    """The assortativity of one attribute, with how many nodes and edges it rests on."""

    attribute: str
    coefficient: float | None
    nodes_with_value: int
    nodes_without_value: int
    edges_used: int
    categories: int
    definition: str


def _values(nodes: list[NodeInfo], attribute: str, continent_of: dict[str, str]) -> list[str | None]:
    if attribute == "country":
        return [n.country for n in nodes]
    if attribute == "continent":
        return [continent_of.get(n.country) if n.country else None for n in nodes]
    if attribute == "population":
        return [population_class(n.population) for n in nodes]
    raise InvalidArgument(f"unknown attribute {attribute!r}; use one of {', '.join(ATTRIBUTES)}")


def assortativity(p: Projection, attribute: str, continent_of: dict[str, str] | None = None) -> Mixing:
    """The assortativity of ``p`` by ``attribute`` (one of :data:`ATTRIBUTES`).

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.store import NodeInfo
    >>> nodes = [NodeInfo(x, "City", x.upper(), c) for x, c in zip("abcd", ["x", "x", "y", None])]
    >>> p = Projection(ig.Graph(n=4, edges=[(0, 1), (1, 2), (2, 3)]), list("abcd"), {}, nodes, [])
    >>> m = assortativity(p, "country")
    >>> round(m.coefficient, 4), m.nodes_with_value, m.edges_used
    (-0.3333, 3, 2)
    """
    g = p.graph
    if attribute == "degree":
        r = g.assortativity_degree(directed=False) if g.ecount() else math.nan
        return Mixing(
            "degree",
            None if math.isnan(r) else r,
            g.vcount(),
            0,
            g.ecount(),
            len(set(g.degree())),
            "Pearson correlation of the degrees at either end of an edge "
            "(nx.degree_assortativity_coefficient)",
        )
    values = _values(p.nodes, attribute, continent_of or {})
    known = [v for v, x in enumerate(values) if x is not None]
    sub = g.induced_subgraph(known)
    codes: dict[str, int] = {}
    types = [codes.setdefault(str(values[v]), len(codes)) for v in known]
    r = sub.assortativity_nominal(types, directed=False) if sub.ecount() and len(codes) > 1 else math.nan
    what = {
        "country": "the node's country",
        "continent": "the GeoNames continent of the node's country",
        "population": "the node's population class (" + ", ".join(n for _, n in POPULATION_CLASSES) + ")",
    }[attribute]
    return Mixing(
        attribute,
        None if math.isnan(r) else r,
        len(known),
        g.vcount() - len(known),
        sub.ecount(),
        len(codes),
        f"Newman's nominal assortativity of {what} on the subgraph of nodes where it is known "
        "(nx.attribute_assortativity_coefficient)",
    )


def mixing(
    store: Store, *, filters: Filters | None = None, attributes: tuple[str, ...] = ATTRIBUTES
) -> list[Mixing]:
    """The assortativity of ``store``'s projection by each of ``attributes``.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> [m.coefficient for m in mixing(EmbeddedStore())]
    [None, None, None, None]
    """
    for a in attributes:
        if a not in ATTRIBUTES:
            raise InvalidArgument(f"unknown attribute {a!r}; use one of {', '.join(ATTRIBUTES)}")
    p = project(store, filters)
    continent_of = continents(store) if "continent" in attributes else {}
    return [assortativity(p, a, continent_of) for a in attributes]
