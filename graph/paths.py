"""Paths: the shortest chains of relations between two entities, every hop explained.

Path lengths count hops in the projection (one hop may stand for several
facts: all of them are listed with their sources). The k shortest paths are
simple paths (no entity twice), found by Yen's algorithm on the projection's
adjacency lists (:mod:`graph.path_search`); one shortest path by a
bidirectional breadth-first search. The ties of every hop of an answer are
fetched together, in one batch.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.path_search import k_shortest_paths
from graph.projection import Filters, check_limit, find_vertex, project, ref_in
from graph.store import EntityRef, Store, Tie

__all__ = ["MAX_K", "MAX_LENGTH", "GraphPath", "Hop", "shortest_paths"]

MAX_K = 10
MAX_LENGTH = 12


@dataclass
class Hop:
    """One step of a path: from ``source`` to ``target``, with every tie linking them."""

    source: EntityRef
    target: EntityRef
    ties: list[Tie]


@dataclass
class GraphPath:
    """A path: its entities in order, and one :class:`Hop` between each consecutive pair."""

    nodes: list[EntityRef]
    hops: list[Hop]


def shortest_paths(
    store: Store,
    source: str,
    target: str,
    *,
    k: int = 1,
    max_length: int = 6,
    filters: Filters | None = None,
    lang: str = "en",
) -> list[GraphPath]:
    """The ``k`` shortest simple paths from ``source`` to ``target`` of at most ``max_length`` hops.

    ``source`` and ``target`` are ids or names. No path is an answer: ``[]``.
    Paths come shortest first, paths of equal length in the order of their entity ids. Their
    lengths are those of networkx's ``shortest_simple_paths``; when more than ``k`` paths tie
    for the last length, the search decides which are given (always the same for a projection).
    k = 1 gives one shortest path, found by a bidirectional breadth-first search.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id=c, labels={"en": c.title()}) for c in ("a", "b", "c")],
    ...              agreements=[Agreement(id="ab", type="TwinningAgreement", parties=["a", "b"]),
    ...                          Agreement(id="bc", type="PartnershipAgreement", parties=["b", "c"])])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> [p] = shortest_paths(store, "A", "c")
    >>> [n.id for n in p.nodes], [h.ties[0].fact for h in p.hops]
    (['a', 'b', 'c'], ['ab', 'bc'])
    >>> shortest_paths(store, "a", "c", max_length=1)
    []
    """
    check_limit("k", k, 1, MAX_K)
    check_limit("max_length", max_length, 1, MAX_LENGTH)
    p = project(store, filters)
    _, s = find_vertex(p, store, source, lang=lang)
    _, t = find_vertex(p, store, target, lang=lang)
    if s is None or t is None or s == t or not p.connected(s, t):
        return []
    found = k_shortest_paths(p.adjacency(), s, t, k, max_length)
    found.sort(key=lambda v: (len(v), [p.entity_id(i) for i in v]))
    pairs = [(v[j], v[j + 1]) for v in found for j in range(len(v) - 1)]
    # every hop's ties in one call: one edge-id lookup for the whole answer
    eids = p.edge_ids(pairs)
    ties = (p.edge_ties[e] for e in eids)
    out: list[GraphPath] = []
    for vpath in found:
        refs = [ref_in(p, i, store, lang) for i in vpath]
        hops = [Hop(refs[j], refs[j + 1], _oriented(next(ties))) for j in range(len(vpath) - 1)]
        out.append(GraphPath(nodes=refs, hops=hops))
    return out


def _oriented(ties: list[Tie]) -> list[Tie]:
    return sorted(ties, key=lambda t: (t.kind, t.start or "", t.fact))
