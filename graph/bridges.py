"""Bridges: which entities link the members of network A with the members of network B.

Who belongs to what comes from the ``Membership`` ties (valid at ``as_of`` when
given). What links members comes from a projection of the relations between
cities and organisations: agreements and events (an event links its host,
organisers and participants through its own node), with the caller's kind,
country and date filters applied on top.

The members of both networks are listed first. Then, for every pair (a, b) of
a member of A only and a member of B only whose distance in the relation graph
is at most ``k`` hops, every entity on a shortest a–b path (a and b included)
connects that pair. Connectors are ranked by the number of pairs they connect;
``score`` is that number divided by the number of connected pairs, and ``via``
lists the facts (ids) of the ties the connector uses on those paths (at most 20).
The ``networks`` filter does not apply here: the two networks are the filter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.errors import InvalidArgument
from graph.lookup import NETWORK_TYPES
from graph.projection import KIND_GROUPS, Filters, check_limit, find_vertex, project, ref_in
from graph.store import EntityRef, Store

__all__ = ["MAX_K", "NETWORK_TYPES", "BridgeResult", "Connector", "bridges"]

MAX_K = 10
_RELATION_KINDS = KIND_GROUPS["agreement"] | KIND_GROUPS["event"]
_VIA_MAX = 20


@dataclass
class Connector:
    """An entity connecting ``pairs`` member pairs of A and B; ``via`` names the facts it uses."""

    entity: EntityRef
    pairs: int
    score: float
    via: list[str]


@dataclass
class BridgeResult:
    """The members of both networks and the connectors between their other members."""

    network_a: EntityRef
    network_b: EntityRef
    both: list[EntityRef]
    connectors: list[Connector]


def bridges(
    store: Store,
    network_a: str,
    network_b: str,
    *,
    k: int = 2,
    top: int = 20,
    filters: Filters | None = None,
    lang: str = "en",
) -> BridgeResult:
    """The entities linking networks ``network_a`` and ``network_b`` (ids or names) within ``k`` hops.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset, Membership, Network
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id=c) for c in ("a", "b", "x", "m")]
    ...              + [Network(id="na"), Network(id="nb")],
    ...              memberships=[Membership(id="m1", member="a", network="na"),
    ...                           Membership(id="m2", member="b", network="nb"),
    ...                           Membership(id="m3", member="m", network="na"),
    ...                           Membership(id="m4", member="m", network="nb")],
    ...              agreements=[Agreement(id="ax", type="TwinningAgreement", parties=["a", "x"]),
    ...                          Agreement(id="bx", type="TwinningAgreement", parties=["b", "x"])])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> r = bridges(store, "na", "nb")
    >>> [e.id for e in r.both], [(c.entity.id, c.pairs, c.via) for c in r.connectors]
    (['m'], [('a', 1, ['ax']), ('b', 1, ['bx']), ('x', 1, ['ax', 'bx'])])
    """
    check_limit("k", k, 1, MAX_K)
    check_limit("top", top, 1, 1000)
    filters = filters or Filters()
    members = project(
        store, Filters(kinds=frozenset({"Membership"}), countries=filters.countries, as_of=filters.as_of)
    )
    ref_a, va = find_vertex(members, store, network_a, lang=lang, types=NETWORK_TYPES)
    ref_b, vb = find_vertex(members, store, network_b, lang=lang, types=NETWORK_TYPES)
    if ref_a.id == ref_b.id:
        raise InvalidArgument(f"both networks are {ref_a.label} ({ref_a.id}); name two different networks")
    in_a = {members.ids[w] for w in members.graph.neighbors(va)} if va is not None else set()
    in_b = {members.ids[w] for w in members.graph.neighbors(vb)} if vb is not None else set()
    kinds = filters.tie_kinds()
    relation = project(
        store,
        Filters(
            kinds=_RELATION_KINDS if kinds is None else (kinds & _RELATION_KINDS),
            countries=filters.countries,
            as_of=filters.as_of,
        ),
    )
    both_ids = sorted(in_a & in_b)
    both = [ref_in(members, members.index[x], store, lang) for x in both_ids]
    g = relation.graph
    only_a = [relation.index[x] for x in sorted(in_a - in_b) if x in relation.index]
    only_b = [relation.index[x] for x in sorted(in_b - in_a) if x in relation.index]
    pair_count: dict[int, int] = defaultdict(int)
    via: dict[int, set[str]] = defaultdict(set)
    connected = 0
    if only_a and only_b:
        dist_a = g.distances(source=only_a, mode="all")
        dist_b = g.distances(source=only_b, mode="all")
        for da in dist_a:
            near = [v for v in range(g.vcount()) if da[v] <= k]
            for ib, b in enumerate(only_b):
                d = da[b]
                if d > k:
                    continue
                connected += 1
                db = dist_b[ib]
                on_path = [v for v in near if da[v] + db[v] == d]
                layer = {v: da[v] for v in on_path}
                for v in on_path:
                    pair_count[v] += 1
                    for w in g.neighbors(v):
                        if layer.get(w) == layer[v] + 1:
                            facts = {t.fact for t in relation.ties_between(v, w)}
                            via[v] |= facts
                            via[w] |= facts
    ranked = sorted(pair_count, key=lambda v: (-pair_count[v], relation.ids[v]))[:top]
    connectors = [
        Connector(
            entity=ref_in(relation, v, store, lang),
            pairs=pair_count[v],
            score=pair_count[v] / connected,
            via=sorted(via[v])[:_VIA_MAX],
        )
        for v in ranked
    ]
    return BridgeResult(network_a=ref_a, network_b=ref_b, both=both, connectors=connectors)
