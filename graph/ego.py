"""Ego networks: an entity and its neighbourhood to a depth, under the projection's filters."""

from __future__ import annotations

from dataclasses import dataclass

from graph.projection import Filters, check_limit, find_vertex, labels, project
from graph.store import NodeInfo, Store, Tie

__all__ = ["MAX_DEPTH", "Subgraph", "ego_network"]

MAX_DEPTH = 4


@dataclass
class Subgraph:
    """Some nodes and every tie among them; ``center`` is the ego's id (None for other subgraphs)."""

    center: str | None
    nodes: list[NodeInfo]
    ties: list[Tie]


def ego_network(
    store: Store,
    entity: str,
    *,
    depth: int = 1,
    filters: Filters | None = None,
    lang: str = "en",
    max_nodes: int = 2000,
) -> Subgraph:
    """``entity`` and the entities within ``depth`` hops, with every tie among them.

    Nodes come nearest first (the centre, then depth 1, ...), by id within a
    depth; past ``max_nodes`` the farthest are left out. An entity without ties
    in the projection is its own ego network.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id=c) for c in ("a", "b", "c")],
    ...              agreements=[Agreement(id="ab", type="TwinningAgreement", parties=["a", "b"]),
    ...                          Agreement(id="bc", type="TwinningAgreement", parties=["b", "c"])])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> ego = ego_network(store, "a")
    >>> [n.id for n in ego.nodes], [t.fact for t in ego.ties]
    (['a', 'b'], ['ab'])
    >>> [n.id for n in ego_network(store, "a", depth=2).nodes]
    ['a', 'b', 'c']
    """
    check_limit("depth", depth, 1, MAX_DEPTH)
    check_limit("max_nodes", max_nodes, 1, 1_000_000)
    p = project(store, filters)
    ref, centre = find_vertex(p, store, entity, lang=lang)
    names = labels(store, lang) if lang != "en" else {}

    def node(n: NodeInfo) -> NodeInfo:
        label = names.get(n.id, n.label)
        return n if label == n.label else NodeInfo(n.id, n.type, label, n.country, n.lat, n.lon)

    if centre is None:
        alone = NodeInfo(ref.id, ref.type, ref.label)
        info = next((n for n in store.nodes(lang=lang) if n.id == ref.id), alone)
        return Subgraph(center=ref.id, nodes=[info], ties=[])
    g = p.graph
    dist = {centre: 0}
    frontier = [centre]
    for d in range(1, depth + 1):
        nxt = sorted({w for v in frontier for w in g.neighbors(v) if w not in dist}, key=lambda i: p.ids[i])
        for w in nxt:
            dist[w] = d
        frontier = nxt
    chosen = sorted(dist, key=lambda i: (dist[i], p.ids[i]))[:max_nodes]
    ties: list[Tie] = [t for e in g.es.select(_within=chosen) for t in p.edge_ties[e.index]]
    ties.sort(key=lambda t: (t.fact, t.kind, t.source, t.target))
    return Subgraph(center=ref.id, nodes=[node(p.nodes[i]) for i in chosen], ties=ties)
