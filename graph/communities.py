"""Communities of a projection: Leiden and Louvain through igraph, with their modularity.

Both run on the projection's undirected simple graph, unweighted at the entity
level and weighted by tie counts at the country level (:mod:`graph.levels`):

``leiden``   ``Graph.community_leiden(objective_function="modularity", resolution=γ)``, iterated
             until stable (Traag, Waltman and van Eck 2019).
``louvain``  ``Graph.community_multilevel(resolution=γ)`` (Blondel et al. 2008), the last level.

``modularity`` is Newman's Q with resolution γ: Σ_c [L_c / m − γ (d_c / 2m)²] over communities c,
L_c the edges inside c and d_c the sum of its degrees (``Graph.modularity``, as
``networkx.community.modularity``). Both algorithms start from a random order;
``seed`` fixes it, so the same seed on the same graph gives the same partition.
Communities are numbered by size, largest first (ties by their smallest vertex id).
A community's top members are its members of highest degree; its dominant
countries count its places per country.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from dataclasses import dataclass, field

import igraph as ig

from graph.errors import InvalidArgument
from graph.levels import LEVELS, country_network, projection_at
from graph.projection import Filters, Projection, check_limit, ref_in
from graph.store import EntityRef, Store

__all__ = ["ALGORITHMS", "Community", "CommunityResult", "communities", "partition"]

ALGORITHMS = ("leiden", "louvain")
_rng_lock = threading.Lock()


@dataclass
class Community:
    """One community: its number, size, members of highest degree, and its places' countries."""

    index: int
    size: int
    top_members: list[EntityRef]
    countries: list[tuple[str, int]]


@dataclass
class CommunityResult:
    """A partition of a projection and what it says (see the module docstring)."""

    algorithm: str
    level: str
    resolution: float
    seed: int
    modularity: float
    count: int
    sizes: list[int]
    communities: list[Community]
    definition: str
    membership: dict[str, int] = field(default_factory=dict)


def partition(
    p: Projection,
    *,
    algorithm: str = "leiden",
    resolution: float = 1.0,
    seed: int = 0,
    weights: list[int] | None = None,
) -> list[int]:
    """The community of every vertex of ``p``, numbered by size (largest community 0).

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.projection import Projection
    >>> g = ig.Graph(n=6, edges=[(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
    >>> p = Projection(g, list("abcdef"), {}, [], [])
    >>> partition(p, algorithm="leiden"), partition(p, algorithm="louvain")
    ([0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1])
    """
    if algorithm not in ALGORITHMS:
        raise InvalidArgument(f"unknown algorithm {algorithm!r}; use one of {', '.join(ALGORITHMS)}")
    if not 0 < resolution <= 100:
        raise InvalidArgument(f"resolution must be above 0 and at most 100, not {resolution}")
    g = p.graph
    if g.vcount() == 0:
        return []
    # igraph draws from one process-wide generator: seed it, run, and put the default back.
    with _rng_lock:
        ig.set_random_number_generator(random.Random(seed))
        try:
            if algorithm == "leiden":
                found = g.community_leiden(
                    objective_function="modularity", weights=weights, resolution=resolution, n_iterations=-1
                )
            else:
                found = g.community_multilevel(weights=weights, resolution=resolution)
        finally:
            ig.set_random_number_generator(random)
    raw = list(found.membership)
    first: dict[int, int] = {}
    size: Counter[int] = Counter(raw)
    for v, c in enumerate(raw):
        first.setdefault(c, v)
    order = sorted(size, key=lambda c: (-size[c], first[c]))
    renumber = {c: i for i, c in enumerate(order)}
    return [renumber[c] for c in raw]


def communities(
    store: Store,
    *,
    algorithm: str = "leiden",
    resolution: float = 1.0,
    seed: int = 0,
    top: int = 10,
    members: int = 5,
    filters: Filters | None = None,
    level: str = "entity",
    lang: str = "en",
) -> CommunityResult:
    """Communities of ``store``'s projection: modularity, sizes, and the ``top`` largest described.

    ``membership`` maps every node id to its community, for exports.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> pairs = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")]
    >>> ds = Dataset(name="demo", entities=[City(id=c) for c in "abcdef"],
    ...     agreements=[Agreement(id=x + y, type="TwinningAgreement", parties=[x, y]) for x, y in pairs])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> r = communities(store, top=2, members=1)
    >>> r.count, r.sizes, round(r.modularity, 4), [m.id for m in r.communities[0].top_members]
    (2, [3, 3], 0.3571, ['c'])
    """
    check_limit("top", top, 1, 1000)
    check_limit("members", members, 1, 100)
    if level not in LEVELS:
        raise InvalidArgument(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    weights = country_network(store, filters).weights if level == "country" else None
    p = projection_at(store, filters, level)
    membership = partition(p, algorithm=algorithm, resolution=resolution, seed=seed, weights=weights)
    g = p.graph
    modularity = (
        g.modularity(membership, weights=weights, resolution=resolution, directed=False)
        if g.ecount()
        else 0.0
    )
    count = max(membership) + 1 if membership else 0
    sizes = [0] * count
    for c in membership:
        sizes[c] += 1
    degree = g.degree()
    by_community: list[list[int]] = [[] for _ in range(count)]
    for v, c in enumerate(membership):
        by_community[c].append(v)
    described = []
    for c in range(min(top, count)):
        vs = sorted(by_community[c], key=lambda v: (-degree[v], p.ids[v]))
        countries = Counter(
            p.nodes[v].country or "?" for v in vs if p.nodes[v].type in {"City", "Region"}
        ).most_common(3)
        described.append(Community(c, sizes[c], [ref_in(p, v, store, lang) for v in vs[:members]], countries))
    what = (
        "Leiden (igraph community_leiden, objective modularity)"
        if algorithm == "leiden"
        else "Louvain (igraph community_multilevel)"
    )
    weighted = ", edges weighted by tie counts" if level == "country" else ", unweighted"
    return CommunityResult(
        algorithm=algorithm,
        level=level,
        resolution=resolution,
        seed=seed,
        modularity=modularity,
        count=count,
        sizes=sizes,
        communities=described,
        definition=(
            f"{what} on the {level} projection's simple graph{weighted}, resolution {resolution}, "
            f"seed {seed}; modularity is Newman's Q at that resolution; communities numbered by size; "
            "top members by degree; countries count each community's cities and regions ('?' = none)"
        ),
        membership={p.ids[v]: c for v, c in enumerate(membership)},
    )
