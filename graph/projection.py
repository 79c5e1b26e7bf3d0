"""Projections: the store's ties as an igraph graph, filtered, built once per store version.

A :class:`Projection` is an undirected *simple* igraph graph: one edge per pair
of entities, however many facts link them (two agreements between the same
pair of cities stay two ties on one edge). Every edge keeps the list of
:class:`~graph.store.Tie` it stands for, so that paths can explain each hop
with all its facts and sources, while centrality and statistics see the simple
graph that networkx's ``nx.Graph`` would hold. Self-ties are dropped. Only
entities touched by at least one kept tie become nodes.

Filters
-------
``kinds``
    Tie kinds to keep, or the groups ``agreement``, ``twinning``, ``membership``,
    ``event``, ``post``, ``programme`` (see :data:`KIND_GROUPS`).
``networks``
    Networks named by id or by a name in any language. Keep them, their members,
    and the entities that are not cities, regions or organisations (events,
    programmes, people); other cities, organisations and networks are dropped.
``countries``
    Country ids or ISO 3166 alpha-2 codes. Cities, regions and organisations are
    kept when their country is listed; a city or region of unknown country is
    dropped, an organisation of unknown country kept. Networks, events,
    programmes and people are not filtered by country.
``as_of``
    A date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: keep the ties valid then. A
    tie is valid when its interval overlaps the date taken as a period (``2015``
    is the whole year): an unknown start means valid since ever, an unknown end
    means still valid. Partial dates of ties are widened the same way
    (a start ``2015`` counts from 2015-01-01, an end ``2015`` until 2015-12-31).

Networks and countries are resolved to ids against the store first
(:func:`resolve_filters`); an unknown network or country raises
:class:`~graph.errors.NotFound` with the closest names, and the projection is
cached under the resolved ids, so a name and its id share one projection.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph import disk_cache
from graph.errors import InvalidArgument, NotFound
from graph.lookup import NETWORK_TYPES, country_ids, resolve_network
from graph.store import EntityRef, NodeInfo, Store, Tie

if TYPE_CHECKING:  # imported where used: `citykg show` and `--help` need neither
    import igraph as ig
    import networkx as nx

    from graph.path_search import Neighbours
    from graph.projection_file import MappedProjection

__all__ = [
    "KIND_GROUPS",
    "TIE_KINDS",
    "Filters",
    "Projection",
    "check_limit",
    "expand_kinds",
    "find_vertex",
    "grow",
    "is_date",
    "labels",
    "project",
    "ref_in",
    "resolve_filters",
    "valid_at",
    "warm",
]

TIE_KINDS = (
    "TwinningAgreement",
    "PartnershipAgreement",
    "MemorandumOfUnderstanding",
    "CooperationAgreement",
    "Membership",
    "EventHost",
    "EventParticipant",
    "EventOrganiser",
    "Post",
    "ProgrammeRunBy",
    "ProgrammePartner",
    "LocatedIn",
    "Governs",
    "PartOf",
)
KIND_GROUPS: dict[str, frozenset[str]] = {
    "agreement": frozenset(TIE_KINDS[:4]),
    "twinning": frozenset({"TwinningAgreement"}),
    "membership": frozenset({"Membership"}),
    "event": frozenset({"EventHost", "EventParticipant", "EventOrganiser"}),
    "post": frozenset({"Post"}),
    "programme": frozenset({"ProgrammeRunBy", "ProgrammePartner"}),
    "structure": frozenset({"LocatedIn", "Governs", "PartOf"}),
}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_date(text: str) -> bool:
    """Whether ``text`` is a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD.

    Examples
    --------
    >>> is_date("2020"), is_date("2020-02"), is_date("2020-02-29"), is_date("2021-02-29")
    (True, True, True, False)
    >>> is_date("2020-13-45"), is_date("2020-00"), is_date("20-1-1")
    (False, False, False)
    """
    if not _DATE.match(text):
        return False
    try:
        datetime.date.fromisoformat(
            text if len(text) == 10 else text + ("-01" if len(text) == 7 else "-01-01")
        )
    except ValueError:
        return False
    return True


_GEO_TYPES = frozenset({"City", "Region"})
_ORG_TYPES = frozenset(
    {
        "City",
        "Region",
        "Network",
        "Organisation",
        "MunicipalGovernment",
        "University",
        "InternationalOrganisation",
        "AssociationOfMayors",
        "GovernmentBody",
        "BusinessOrganisation",
    }
)
_CACHE_SIZE = 32


def expand_kinds(kinds: Iterable[str]) -> frozenset[str]:
    """Tie kinds named by ``kinds``, groups expanded; unknown names raise InvalidArgument.

    Examples
    --------
    >>> sorted(expand_kinds(["twinning", "Membership"]))
    ['Membership', 'TwinningAgreement']
    """
    out: set[str] = set()
    for kind in kinds:
        if kind in KIND_GROUPS:
            out |= KIND_GROUPS[kind]
        elif kind in TIE_KINDS:
            out.add(kind)
        else:
            raise InvalidArgument(
                f"unknown tie kind {kind!r}; use one of {', '.join(TIE_KINDS)} "
                f"or a group: {', '.join(KIND_GROUPS)}"
            )
    return frozenset(out)


def _bounds(date: str, *, end: bool) -> str:
    """A partial date widened to a day: the first day of its period, or the last when ``end``."""
    if len(date) == 4:
        return date + ("-12-31" if end else "-01-01")
    if len(date) == 7:
        return date + ("-31" if end else "-01")
    return date


def valid_at(tie: Tie, as_of: str) -> bool:
    """Whether ``tie`` is valid at ``as_of`` (unknown start: since ever; unknown end: still valid).

    Examples
    --------
    >>> t = Tie("a1", "TwinningAgreement", "x", "y", start="1990", end="2014-03")
    >>> valid_at(t, "2014"), valid_at(t, "2014-04-01"), valid_at(t, "1989")
    (True, False, False)
    >>> valid_at(Tie("a2", "Membership", "x", "n"), "1900")
    True
    """
    lo, hi = _bounds(as_of, end=False), _bounds(as_of, end=True)
    if tie.start is not None and _bounds(tie.start[:10], end=False) > hi:
        return False
    return not (tie.end is not None and _bounds(tie.end[:10], end=True) < lo)


@dataclass(frozen=True)
class Filters:
    """Which ties and entities a projection keeps (see the module docstring).

    ``networks`` and ``countries`` may hold names and codes; :func:`project`
    resolves them to ids with :func:`resolve_filters`.

    Examples
    --------
    >>> Filters(kinds=frozenset({"twinning"})).tie_kinds()
    frozenset({'TwinningAgreement'})
    """

    kinds: frozenset[str] | None = None
    networks: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    as_of: str | None = None

    def __post_init__(self) -> None:
        if self.kinds is not None:
            expand_kinds(self.kinds)
        if self.as_of is not None and not is_date(self.as_of):
            raise InvalidArgument(f"as_of must be YYYY, YYYY-MM or YYYY-MM-DD, not {self.as_of!r}")

    def tie_kinds(self) -> frozenset[str] | None:
        """The tie kinds kept, groups expanded; None keeps every kind."""
        return None if self.kinds is None else expand_kinds(self.kinds)


@dataclass
class Projection:
    """An undirected simple igraph graph with its id↔index maps, nodes and ties per edge.

    ``graph`` vertex ``i`` is the entity ``ids[i]`` described by ``nodes[i]``;
    edge ``e`` stands for the ties ``edge_ties[e]`` (a list, or a sequence that builds each edge's ties when
    first asked, for a projection read from the cache).
    """

    graph: ig.Graph
    ids: list[str]
    index: dict[str, int]
    nodes: list[NodeInfo]
    edge_ties: Sequence[list[Tie]]
    version: str = ""
    filters: Filters = field(default_factory=Filters)

    _membership: Sequence[int] | None = field(default=None, repr=False, compare=False)
    _adjacency: Neighbours | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_file(cls, saved: MappedProjection, *, version: str, filters: Filters) -> Projection:
        """A projection read from its file (:mod:`graph.projection_file`): its igraph graph, ids and nodes
        are built when first asked for; :meth:`vertex`, :meth:`node`, :meth:`connected`,
        :meth:`adjacency` and :meth:`edge_ids` answer from the file without them."""
        return _Saved(saved, version=version, filters=filters)

    def adjacency(self) -> Neighbours:
        """The neighbours of every vertex, sorted (built once)."""
        if self._adjacency is None:
            # from the edge list in one call: igraph's get_adjlist asks for each vertex's neighbours in turn
            adjacency: list[list[int]] = [[] for _ in range(self.graph.vcount())]
            for a, b in self.graph.get_edgelist():
                adjacency[a].append(b)
                if a != b:
                    adjacency[b].append(a)
            for row in adjacency:
                row.sort()
            self._adjacency = adjacency
        return self._adjacency

    def __len__(self) -> int:
        return len(self.ids)

    def vertex(self, entity_id: str) -> int | None:
        """The vertex of entity ``entity_id``; None when it has none here."""
        return self.index.get(entity_id)

    def entity_id(self, i: int) -> str:
        """The entity id of vertex ``i``."""
        return self.ids[i]

    def node(self, i: int) -> NodeInfo:
        """The entity of vertex ``i``."""
        return self.nodes[i]

    def edge_ids(self, pairs: Sequence[tuple[int, int]]) -> list[int]:
        """The edge linking each pair of vertices (each pair must be adjacent)."""
        return list(self.graph.get_eids(pairs, directed=False)) if pairs else []

    def connected(self, a: int, b: int) -> bool:
        """Whether vertices ``a`` and ``b`` are in the same connected component."""
        if self._membership is None:
            self._membership = list(self.graph.connected_components().membership)
        return self._membership[a] == self._membership[b]

    def ref(self, i: int) -> EntityRef:
        """The entity of vertex ``i`` as an :class:`~graph.store.EntityRef`."""
        n = self.node(i)
        return EntityRef(n.id, n.label, n.type)

    def ties_between(self, a: int, b: int) -> list[Tie]:
        """All ties linking vertices ``a`` and ``b`` (empty when not adjacent)."""
        eid = self.graph.get_eid(a, b, directed=False, error=False)
        return [] if eid < 0 else list(self.edge_ties[eid])

    def to_networkx(self) -> nx.Graph[str]:
        """The simple graph as a networkx ``Graph`` keyed by entity id, with node and edge attributes."""
        import networkx as nx

        g: nx.Graph[str] = nx.Graph()
        for n in self.nodes:
            g.add_node(n.id, type=n.type, label=n.label, country=n.country, lat=n.lat, lon=n.lon)
        for e, (a, b) in enumerate(self.graph.get_edgelist()):
            ties = self.edge_ties[e]
            g.add_edge(
                self.ids[a],
                self.ids[b],
                kinds=sorted({t.kind for t in ties}),
                facts=[t.fact for t in ties],
                n_ties=len(ties),
            )
        return g


class _Saved(Projection):
    """A projection read from its file: the parts a path question needs come from the file's arrays, the
    igraph graph, the id list, the id index and the node list are built from it when first asked for."""

    def __init__(self, saved: MappedProjection, *, version: str, filters: Filters) -> None:
        self._saved = saved
        self._graph: ig.Graph | None = None
        self._ids: list[str] | None = None
        self._index: dict[str, int] | None = None
        self._nodes: list[NodeInfo] | None = None
        self.edge_ties = saved.edge_ties
        self.version = version
        self.filters = filters
        self._membership = saved.component
        self._adjacency = saved.adjacency
        self._searches = 0

    @property
    def graph(self) -> ig.Graph:
        if self._graph is None:
            self._graph = self._saved.graph()
        return self._graph

    @graph.setter
    def graph(self, value: ig.Graph) -> None:
        self._graph = value

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = self._saved.ids.all()
        return self._ids

    @ids.setter
    def ids(self, value: list[str]) -> None:
        self._ids = value

    @property
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {x: i for i, x in enumerate(self.ids)}
        return self._index

    @index.setter
    def index(self, value: dict[str, int]) -> None:
        self._index = value

    @property
    def nodes(self) -> list[NodeInfo]:
        if self._nodes is None:
            self._nodes = self._saved.nodes()
        return self._nodes

    @nodes.setter
    def nodes(self, value: list[NodeInfo]) -> None:
        self._nodes = value

    def __len__(self) -> int:
        return self._saved.n

    def adjacency(self) -> Neighbours:
        # The first search (a command's only one) reads the rows it visits; a process that searches
        # again (the service) reads every row into lists once, so later searches walk plain lists.
        self._searches += 1
        if self._searches == 2:
            self._adjacency = self._saved.adjacency_lists()
        assert self._adjacency is not None
        return self._adjacency

    def vertex(self, entity_id: str) -> int | None:
        if self._index is not None:
            return self._index.get(entity_id)
        return self._saved.index.find(entity_id)

    def entity_id(self, i: int) -> str:
        return self._saved.ids[i]

    def node(self, i: int) -> NodeInfo:
        return self._saved.node(i) if self._nodes is None else self._nodes[i]

    def edge_ids(self, pairs: Sequence[tuple[int, int]]) -> list[int]:
        out = [self._saved.edge_id(a, b) for a, b in pairs]
        if -1 in out:  # a caller's mistake (the path search only asks for hops), as igraph's get_eids
            raise ValueError("a pair of vertices is not adjacent")
        return out


_cache: OrderedDict[tuple[int, str, Filters], Projection] = OrderedDict()
# The newest projection per (store, filters), whatever its version, and the builds under way.
_latest: dict[tuple[int, Filters], Projection] = {}
_building: dict[tuple[int, str, Filters], threading.Event] = {}
_resolved: OrderedDict[tuple[int, str, Filters], Filters] = OrderedDict()
_lock = threading.Lock()


def resolve_filters(store: Store, filters: Filters) -> Filters:
    """``filters`` with its networks and countries replaced by their ids in ``store``.

    Networks are named by id or by a name in any language
    (:func:`graph.lookup.resolve_network`), countries by id or ISO 3166 alpha-2
    code (:func:`graph.lookup.country_ids`). An unknown network or country, or
    an entity that is not one, raises :class:`~graph.errors.NotFound` with the
    closest names. Cached per (store version, filters).

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import City, Country, Dataset, Network
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[Country(id="slovenia", iso2="SI"), City(id="maribor"),
    ...     Network(id="gnlc", labels={"en": ["Learning Cities"]})])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> r = resolve_filters(store, Filters(networks=frozenset({"Learning Cities"}), countries=frozenset({"si"})))
    >>> sorted(r.networks or ()), sorted(r.countries or ())
    (['gnlc'], ['slovenia'])
    >>> resolve_filters(store, Filters(networks=frozenset({"Lerning Cities"})))
    Traceback (most recent call last):
    ...
    graph.errors.NotFound: no network named 'Lerning Cities'; did you mean: Learning Cities (gnlc)?
    """
    return _resolve(store, filters, store.version())


def _resolve(store: Store, filters: Filters, version: str) -> Filters:
    if filters.networks is None and filters.countries is None:
        return filters
    key = (id(store), version, filters)
    with _lock:
        hit = _resolved.get(key)
    if hit is not None:
        return hit
    networks = (
        None
        if filters.networks is None
        else frozenset(resolve_network(store, n).id for n in sorted(filters.networks))
    )
    countries = None if filters.countries is None else country_ids(store, filters.countries)
    out = dataclasses.replace(filters, networks=networks, countries=countries)
    with _lock:
        _resolved[key] = out
        while len(_resolved) > _CACHE_SIZE:
            _resolved.popitem(last=False)
    return out


def project(store: Store, filters: Filters | None = None) -> Projection:
    """The projection of ``store`` under ``filters``, cached per (store version, resolved filters).

    Networks and countries in ``filters`` are resolved first (:func:`resolve_filters`).

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id=c) for c in ("a", "b", "c")],
    ...              agreements=[Agreement(id="t1", type="TwinningAgreement", parties=["a", "b"])])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> p = project(store)
    >>> p.ids, p.graph.ecount(), p.edge_ties[0][0].fact
    (['a', 'b'], 1, 't1')
    >>> project(store) is p
    True
    """
    version = store.version()
    filters = _resolve(store, filters or Filters(), version)
    key = (id(store), version, filters)
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
        # Another thread is building this one: answer from the previous version until it is ready.
        previous = _latest.get((id(store), filters))
        building = _building.get(key)
        if building is None:
            building = _building[key] = threading.Event()
            owner = True
        else:
            owner = False
    if not owner:
        if previous is not None:
            return previous
        building.wait()
        return project(store, filters)
    try:
        built = disk_cache.load_projection(store, version, filters)
        if built is None:
            # a process that already holds a projection (the service, after a load) grows it when it can
            built = _build(store, filters, version, previous)
            disk_cache.save_projection(store, built)
        with _lock:
            _cache[key] = built
            _latest[(id(store), filters)] = built
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
            while len(_latest) > _CACHE_SIZE:
                _latest.pop(next(iter(_latest)))
    finally:
        with _lock:
            _building.pop(key, None)
        building.set()
    return built


def warm(store: Store, filters: Filters | None = None) -> Projection:
    """Build (or read from disk) the projection of the store's current version, for later answers.

    The service calls it in its job thread after a load, so requests meanwhile are
    answered from the previous projection and the first one after it needs no build.
    When the load only added ties and entities, the previous projection is grown
    with them (:func:`grow`) rather than built from scratch.
    """
    return project(store, filters)


def _in_countries(info: NodeInfo, countries: frozenset[str]) -> bool:
    if info.type not in _ORG_TYPES or info.type in NETWORK_TYPES:
        return True
    if info.country is None:
        return info.type not in _GEO_TYPES
    return info.country in countries


def _build(store: Store, filters: Filters, version: str, previous: Projection | None = None) -> Projection:
    nodes, ties = store.nodes(), store.ties()
    if previous is not None:
        grown = grow(previous, nodes, ties, version)
        if grown is not None:
            return grown
    info, kept = _kept(nodes, ties, filters)
    by_pair: dict[tuple[str, str], list[Tie]] = defaultdict(list)
    for t in kept:
        by_pair[_pair(t)].append(t)
    ids = sorted({x for pair in by_pair for x in pair})
    index = {x: i for i, x in enumerate(ids)}
    pairs = sorted(by_pair)
    import igraph as ig

    graph = ig.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in pairs], directed=False)
    return Projection(
        graph=graph,
        ids=ids,
        index=index,
        nodes=[info[x] for x in ids],
        edge_ties=[by_pair[p] for p in pairs],
        version=version,
        filters=filters,
    )


def _pair(t: Tie) -> tuple[str, str]:
    return (t.source, t.target) if t.source < t.target else (t.target, t.source)


def _kept(
    all_nodes: Iterable[NodeInfo], all_ties: Iterable[Tie], filters: Filters
) -> tuple[dict[str, NodeInfo], list[Tie]]:
    """The entities by id, and the ties ``filters`` keep, in the store's order."""
    nodes = {n.id: n for n in all_nodes}
    ties = [t for t in all_ties if t.source in nodes and t.target in nodes and t.source != t.target]
    if filters.as_of is not None:
        ties = [t for t in ties if valid_at(t, filters.as_of)]
    keep_node: set[str] | None = None
    if filters.networks is not None:
        members = {t.source for t in ties if t.kind == "Membership" and t.target in filters.networks}
        wanted = filters.networks | members
        keep_node = {n for n, info in nodes.items() if n in wanted or info.type not in _ORG_TYPES}
    if filters.countries is not None:
        by_country = {n for n, info in nodes.items() if _in_countries(info, filters.countries)}
        keep_node = by_country if keep_node is None else keep_node & by_country
    kinds = filters.tie_kinds()
    if kinds is not None:
        ties = [t for t in ties if t.kind in kinds]
    if keep_node is not None:
        ties = [t for t in ties if t.source in keep_node and t.target in keep_node]
    return nodes, ties


def grow(p: Projection, nodes: Sequence[NodeInfo], ties: Sequence[Tie], version: str) -> Projection | None:
    """The projection of ``nodes`` and ``ties`` under ``p.filters``, grown from ``p``; None unless they only add.

    ``nodes`` and ``ties`` are a store's entities and ties at ``version``, a
    later version than ``p``'s. When every tie of ``p`` is still kept and every
    entity of ``p`` is described as before (a load that only added), the
    result is ``p`` with the new entities appended as vertices and the new
    pairs as edges, and each edge carrying every kept tie of its pair: the
    same graph, entities and ties as a projection built from scratch, only
    the new vertices and edges numbered after the old ones instead of in id
    order. ``p`` itself is left as it is. Otherwise (a tie or an entity
    removed or changed) it returns None and the caller builds from scratch.

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.store import NodeInfo, Tie
    >>> nodes = [NodeInfo(x, "City", x) for x in "abc"]
    >>> t1, t2 = Tie("t1", "TwinningAgreement", "b", "a"), Tie("t2", "TwinningAgreement", "c", "a")
    >>> p = Projection(ig.Graph(n=2, edges=[(0, 1)]), ["a", "b"], {"a": 0, "b": 1}, nodes[:2], [[t1]])
    >>> q = grow(p, nodes, [t1, t2], "v2")
    >>> q.ids, q.graph.get_edgelist(), [[t.fact for t in e] for e in q.edge_ties], p.ids
    (['a', 'b', 'c'], [(0, 1), (0, 2)], [['t1'], ['t2']], ['a', 'b'])
    >>> grow(p, nodes, [t2], "v3") is None  # t1 is gone: not only added
    True
    """
    info, kept = _kept(nodes, ties, p.filters)
    for i, x in enumerate(p.ids):
        if info.get(x) != p.nodes[i]:
            return None
    old = {t for group in p.edge_ties for t in group}
    added: dict[tuple[str, str], list[Tie]] = defaultdict(list)
    still = 0
    for t in kept:
        if t in old:
            still += 1
        else:
            added[_pair(t)].append(t)
    if still != len(old):
        return None
    edge_ties = list(p.edge_ties)
    touched: dict[tuple[str, str], list[Tie]] = {}
    new_pairs: list[tuple[str, str]] = []
    for pair in sorted(added):
        a, b = pair
        ia, ib = p.index.get(a), p.index.get(b)
        if ia is not None and ib is not None and p.graph.get_eid(ia, ib, directed=False, error=False) >= 0:
            touched[pair] = []
        else:
            new_pairs.append(pair)
    if touched:
        # an old edge gains ties: it carries all of its pair's kept ties in the store's order, as built anew
        for t in kept:
            group = touched.get(_pair(t))
            if group is not None:
                group.append(t)
        for (a, b), group in touched.items():
            edge_ties[p.graph.get_eid(p.index[a], p.index[b], directed=False)] = group
    new_ids = sorted({x for pair in new_pairs for x in pair if x not in p.index})
    ids = p.ids + new_ids
    index = dict(p.index)
    index.update((x, len(p.ids) + i) for i, x in enumerate(new_ids))
    graph = p.graph.copy()
    graph.add_vertices(len(new_ids))
    graph.add_edges([(index[a], index[b]) for a, b in new_pairs])
    edge_ties.extend(added[pair] for pair in new_pairs)
    return Projection(
        graph=graph,
        ids=ids,
        index=index,
        nodes=p.nodes + [info[x] for x in new_ids],
        edge_ties=edge_ties,
        version=version,
        filters=p.filters,
    )


def labels(store: Store, lang: str) -> dict[str, str]:
    """Entity id → label in ``lang``, cached per store version."""
    version = store.version()
    key = (id(store), version, lang)
    with _lock:
        hit = _labels.get(key)
    if hit is not None:
        return hit
    saved = disk_cache.load_json(store, "labels", lang, version)
    if isinstance(saved, dict):
        out: dict[str, str] = saved
    else:
        out = {n.id: n.label for n in store.nodes(lang=lang)}
        disk_cache.save_json(store, "labels", lang, version, out)
    with _lock:
        _labels.clear()
        _labels[key] = out
    return out


_labels: dict[tuple[int, str, str], dict[str, str]] = {}


def ref_in(p: Projection, i: int, store: Store, lang: str) -> EntityRef:
    """Vertex ``i`` as an EntityRef, labelled in ``lang``."""
    if lang == "en":
        return p.ref(i)
    n = p.node(i)
    return EntityRef(n.id, labels(store, lang).get(n.id, n.label), n.type)


def check_limit(name: str, value: int, low: int, high: int) -> None:
    """Raise InvalidArgument unless ``low <= value <= high``.

    Examples
    --------
    >>> check_limit("k", 11, 1, 10)
    Traceback (most recent call last):
    ...
    graph.errors.InvalidArgument: k must be between 1 and 10, not 11
    """
    if not low <= value <= high:
        raise InvalidArgument(f"{name} must be between {low} and {high}, not {value}")


def find_vertex(
    p: Projection, store: Store, name: str, *, lang: str, types: frozenset[str] | None = None
) -> tuple[EntityRef, int | None]:
    """The entity ``name`` names (an id, or a name resolved with graph.lookup.resolve) and its vertex.

    The vertex is None when the entity exists but has no tie in this projection;
    an unknown name raises :class:`~graph.errors.NotFound` with the closest names.
    """
    from graph.lookup import resolve

    i = p.vertex(name)
    if i is not None and (types is None or p.node(i).type in types):
        return ref_in(p, i, store, lang), i
    exists = getattr(store, "exists", None)
    if exists is not None and exists(name):
        # An id of an entity without ties here (name search only finds ids with identifiers).
        detail = store.entity(name, lang=lang)
        if types is None or detail.type in types:
            return EntityRef(detail.id, detail.label, detail.type), None
    try:
        ref = resolve(store, name, lang=lang, types=types)
    except NotFound as exc:
        if exc.suggestions or not hasattr(store, "suggest"):
            raise
        close = list(store.suggest(name))
        what = "network" if types is not None and "Network" in types else "entity"
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise NotFound(f"no {what} named {name!r}{hint}", suggestions=close) from exc
    return ref, p.vertex(ref.id)
