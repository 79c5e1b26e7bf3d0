"""Paths: the shortest chains of relations between two entities, every hop explained.

Path lengths count hops in the projection (one hop may stand for several
facts: all of them are listed with their sources). The k shortest paths are
simple paths (no entity twice), found by Yen's algorithm in igraph.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    With k > 1, paths of equal length come in the order of their entity ids; k = 1 gives one
    shortest path, found by a bidirectional breadth-first search.

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
    g = p.graph
    if k == 1:
        one = _bidirectional(p.adjacency(), s, t, max_length)
        found = [one] if one else []
    else:
        found = g.get_k_shortest_paths(s, t, k=k, mode="all", output="vpath")
    found = [v for v in found if 0 < len(v) - 1 <= max_length]
    found.sort(key=lambda v: (len(v), [p.ids[i] for i in v]))
    out: list[GraphPath] = []
    for vpath in found:
        refs = [ref_in(p, i, store, lang) for i in vpath]
        hops = [
            Hop(refs[j], refs[j + 1], _oriented(p.ties_between(vpath[j], vpath[j + 1])))
            for j in range(len(vpath) - 1)
        ]
        out.append(GraphPath(nodes=refs, hops=hops))
    return out


def _bidirectional(adj: list[list[int]], s: int, t: int, max_length: int) -> list[int]:
    """A shortest s–t path by BFS from both ends (expanding the smaller frontier), or []."""
    pred: dict[int, int] = {s: -1}
    succ: dict[int, int] = {t: -1}
    front_s, front_t = [s], [t]
    hops = 0
    while front_s and front_t and hops < max_length:
        hops += 1
        forward = len(front_s) <= len(front_t)
        front, seen, other = (front_s, pred, succ) if forward else (front_t, succ, pred)
        nxt: list[int] = []
        for v in front:
            for w in adj[v]:
                if w in seen:
                    continue
                seen[w] = v
                if w in other:
                    return _join(pred, succ, w)
                nxt.append(w)
        if forward:
            front_s = nxt
        else:
            front_t = nxt
    return []


def _join(pred: dict[int, int], succ: dict[int, int], meet: int) -> list[int]:
    path = [meet]
    v = pred[meet]
    while v != -1:
        path.append(v)
        v = pred[v]
    path.reverse()
    v = succ[meet]
    while v != -1:
        path.append(v)
        v = succ[v]
    return path


def _oriented(ties: list[Tie]) -> list[Tie]:
    return sorted(ties, key=lambda t: (t.kind, t.start or "", t.fact))
