"""Partner suggestions: places not yet tied to a city, ranked, each with its reasons.

The score of a candidate u for the city v adds four terms, computed on the projection:

``common partners``  Adamic–Adar: Σ 1 / ln(k_w) over the places w tied to both v and u by an
                     agreement (twinning, partnership, memorandum, cooperation), k_w the number of
                     places w is so tied to.
``shared networks``  Σ 1 / ln(1 + s_n) over the networks n both are members of (``Membership`` ties),
                     s_n the network's members: a small network shared says more than a large one.
``distance``         0.5 · ln(observed / null) for the distance band of v–u (:data:`graph.geography.BINS_KM`):
                     how much more (or less) often agreements span that distance than the same
                     places re-paired at random would (:func:`graph.geography.geography_of`, counts
                     smoothed by one); 0 when either place has no coordinates.
``activity``         0.1 · ln(1 + k_u): places with many partners take new ones more often.

Candidates are the places (cities, regions) of the projection other than v and its
partners. The weights are fixed in this module (:data:`WEIGHTS`), not fitted to the
evaluation (``scripts/evaluate_suggest.py``, docs/graph.md).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from graph.errors import InvalidArgument
from graph.geography import BINS_KM, great_circle_km, located_edges, summarise
from graph.levels import PLACE_TYPES
from graph.lookup import NETWORK_TYPES
from graph.projection import KIND_GROUPS, Filters, Projection, check_limit, find_vertex, project, ref_in
from graph.store import EntityRef, Store

__all__ = ["WEIGHTS", "Scorer", "SuggestResult", "Suggestion", "suggest"]

WEIGHTS = {"common_partners": 1.0, "shared_networks": 1.0, "distance": 0.5, "activity": 0.1}
_AGREEMENTS = KIND_GROUPS["agreement"]


@dataclass
class Suggestion:
    """A candidate partner, its score, the parts of the score, and its reasons in words."""

    entity: EntityRef
    score: float
    common_partners: list[EntityRef]
    adamic_adar: float
    shared_networks: list[EntityRef]
    distance_km: float | None
    distance_preference: float
    partners: int
    reasons: list[str]


@dataclass
class SuggestResult:
    """The city asked about, its partners, and the suggestions, best first."""

    city: EntityRef
    partners: int
    suggestions: list[Suggestion]
    definition: str


def _band(km: float) -> int:
    for i in range(len(BINS_KM) - 1):
        if km < BINS_KM[i + 1]:
            return i
    return len(BINS_KM) - 2


class Scorer:
    """The partner graph, memberships and distance preference of a projection, ready to rank.

    ``hidden`` lists vertex pairs to leave out of the partner graph (the evaluation hides
    the ties it asks about).

    Examples
    --------
    >>> import igraph as ig
    >>> from graph.store import NodeInfo, Tie
    >>> nodes = [NodeInfo(x, "City", x.upper()) for x in "abcd"]
    >>> edges = [(0, 1), (1, 2), (2, 3)]
    >>> ties = [[Tie(f"t{i}", "TwinningAgreement", "", "")] for i in range(3)]
    >>> s = Scorer(Projection(ig.Graph(n=4, edges=edges), list("abcd"), {}, nodes, ties))
    >>> [(u, round(score, 3)) for u, score in s.rank(0)]
    [(2, 1.553), (3, 0.069)]
    """

    def __init__(self, p: Projection, *, hidden: set[tuple[int, int]] | None = None) -> None:
        self.p = p
        n = len(p.nodes)
        self.is_place = [node.type in PLACE_TYPES for node in p.nodes]
        self.partners: list[set[int]] = [set() for _ in range(n)]
        self.networks: list[set[int]] = [set() for _ in range(n)]
        members: dict[int, set[int]] = defaultdict(set)
        hidden = hidden or set()
        for e, (a, b) in enumerate(p.graph.get_edgelist()):
            kinds = {t.kind for t in p.edge_ties[e]}
            if self.is_place[a] and self.is_place[b] and kinds & _AGREEMENTS:
                if (a, b) in hidden or (b, a) in hidden:
                    continue
                self.partners[a].add(b)
                self.partners[b].add(a)
            if "Membership" in kinds:
                for m, net in ((a, b), (b, a)):
                    if p.nodes[net].type in NETWORK_TYPES and p.nodes[m].type not in NETWORK_TYPES:
                        self.networks[m].add(net)
                        members[net].add(m)
        self.members = dict(members)
        self.preference = self._distance_preference()

    def _distance_preference(self) -> list[float]:
        """ln(observed / null) per distance band, over the partner graph's located edges."""
        import random

        from graph.geography import _repair

        located = [(a, b) for a, b in located_edges(self.p)[0] if b in self.partners[a]]
        if not located:
            return [0.0] * (len(BINS_KM) - 1)
        nodes = self.p.nodes

        def km(e: tuple[int, int]) -> float:
            x, y = nodes[e[0]], nodes[e[1]]
            return great_circle_km(x.lat or 0.0, x.lon or 0.0, y.lat or 0.0, y.lon or 0.0)

        rng = random.Random(0)
        rounds = 5
        null = [km(e) for _ in range(rounds) for e in _repair(located, rng)]
        obs = summarise([km(e) for e in located]).histogram
        exp = summarise(null, rounds=rounds).histogram
        return [math.log((o[2] + 1) / (x[2] + 1)) for o, x in zip(obs, exp, strict=True)]

    def parts(self, v: int, u: int) -> tuple[float, list[int], float, list[int], float | None, float]:
        """The score of u for v and its parts: (score, common, aa, networks, km, preference)."""
        common = sorted(self.partners[v] & self.partners[u])
        aa = sum(1 / math.log(len(self.partners[w])) for w in common if len(self.partners[w]) > 1)
        shared = sorted(self.networks[v] & self.networks[u])
        sn = sum(1 / math.log(1 + len(self.members[n])) for n in shared)
        a, b = self.p.nodes[v], self.p.nodes[u]
        km = None
        pref = 0.0
        if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
            km = great_circle_km(a.lat, a.lon, b.lat, b.lon)
            pref = self.preference[_band(km)]
        score = (
            WEIGHTS["common_partners"] * aa
            + WEIGHTS["shared_networks"] * sn
            + WEIGHTS["distance"] * pref
            + WEIGHTS["activity"] * math.log1p(len(self.partners[u]))
        )
        return score, common, aa, shared, km, pref

    def rank(self, v: int, *, top: int | None = None) -> list[tuple[int, float]]:
        """Candidates for ``v`` (places other than v and its partners) by score, best first, ties by id."""
        aa: dict[int, float] = defaultdict(float)
        for w in self.partners[v]:
            if len(self.partners[w]) > 1:
                inv = 1 / math.log(len(self.partners[w]))
                for u in self.partners[w]:
                    aa[u] += inv
        sn: dict[int, float] = defaultdict(float)
        for net in self.networks[v]:
            inv = 1 / math.log(1 + len(self.members[net]))
            for u in self.members[net]:
                sn[u] += inv
        nodes = self.p.nodes
        a = nodes[v]
        out = []
        for u in range(len(nodes)):
            if u == v or not self.is_place[u] or u in self.partners[v]:
                continue
            b = nodes[u]
            pref = 0.0
            if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
                pref = self.preference[_band(great_circle_km(a.lat, a.lon, b.lat, b.lon))]
            score = (
                WEIGHTS["common_partners"] * aa.get(u, 0.0)
                + WEIGHTS["shared_networks"] * sn.get(u, 0.0)
                + WEIGHTS["distance"] * pref
                + WEIGHTS["activity"] * math.log1p(len(self.partners[u]))
            )
            out.append((u, score))
        out.sort(key=lambda x: (-x[1], self.p.ids[x[0]]))
        return out if top is None else out[:top]


def _reasons(labels: list[str], nets: list[str], km: float | None, pref: float, partners: int) -> list[str]:
    out = []
    if labels:
        shown = ", ".join(labels[:5]) + (" …" if len(labels) > 5 else "")
        out.append(f"{len(labels)} common partner{'s' if len(labels) > 1 else ''}: {shown}")
    for net in nets:
        out.append(f"both in {net}")
    if km is not None:
        ratio = math.exp(pref)
        out.append(
            f"{km:,.0f} km apart: agreements span such distances {ratio:.1f}× as often as chance would"
        )
    out.append(f"{partners} partner{'s' if partners != 1 else ''} already")
    return out


def suggest(
    store: Store,
    name: str,
    *,
    top: int = 10,
    filters: Filters | None = None,
    lang: str = "en",
) -> SuggestResult:
    """The ``top`` places not yet tied to the city ``name``, best first, each with its reasons.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> pairs = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "e"), ("e", "c")]
    >>> ds = Dataset(name="demo", entities=[City(id=c, labels={"en": [c.upper()]}) for c in "abcde"],
    ...     agreements=[Agreement(id=x + y, type="TwinningAgreement", parties=[x, y]) for x, y in pairs])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> r = suggest(store, "a", top=2)
    >>> [s.entity.id for s in r.suggestions], r.suggestions[0].reasons[0]
    (['c', 'd'], '2 common partners: B, E')
    """
    check_limit("top", top, 1, 100)
    p = project(store, filters)
    city, v = find_vertex(p, store, name, lang=lang)
    if city.type not in PLACE_TYPES:
        raise InvalidArgument(
            f"{city.label} ({city.id}) is a {city.type}; suggestions are for cities and regions"
        )
    suggestions: list[Suggestion] = []
    partners = 0
    if v is not None:
        scorer = Scorer(p)
        partners = len(scorer.partners[v])
        for u, score in scorer.rank(v, top=top):
            _, common, aa, shared, km, pref = scorer.parts(v, u)
            common_refs = [ref_in(p, w, store, lang) for w in common]
            net_refs = [ref_in(p, n, store, lang) for n in shared]
            suggestions.append(
                Suggestion(
                    entity=ref_in(p, u, store, lang),
                    score=score,
                    common_partners=common_refs[:20],
                    adamic_adar=aa,
                    shared_networks=net_refs,
                    distance_km=km,
                    distance_preference=pref,
                    partners=len(scorer.partners[u]),
                    reasons=_reasons(
                        [r.label for r in common_refs],
                        [r.label for r in net_refs],
                        km,
                        pref,
                        len(scorer.partners[u]),
                    ),
                )
            )
    w = WEIGHTS
    return SuggestResult(
        city=city,
        partners=partners,
        suggestions=suggestions,
        definition=(
            "candidates: places of the projection not tied to the city by an agreement; score = "
            f"{w['common_partners']} × Adamic-Adar over common agreement partners (Σ 1/ln k_w) + "
            f"{w['shared_networks']} × Σ 1/ln(1 + members) over shared networks + "
            f"{w['distance']} × ln(observed/null share of agreements in the pair's distance band) + "
            f"{w['activity']} × ln(1 + the candidate's partners); a city without ties gets no suggestion"
        ),
    )
