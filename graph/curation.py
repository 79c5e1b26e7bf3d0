"""Curation: find entities that are one place twice, join two of them, and undo a join.

:func:`duplicates` lists suspected duplicate pairs of cities with their
evidence: the same GeoNames id, or coordinates within ``radius_km`` and a
shared name in any language (NFC-normalised and case-folded). Cities are sorted
by latitude and only those within the radius in latitude are compared, so the
world graph is not compared pair by pair.

:func:`merge` joins ``other`` into ``keep``: every fact (agreements,
memberships, events, posts), label and identifier of ``other`` moves to
``keep``; the join is recorded as a ``prov:Activity`` with who made it
(``dcterms:creator``) and when (``prov:endedAtTime``), ``keep owl:sameAs
other``, and ``keep prov:wasDerivedFrom`` the record, in a dataset of its own
(``merge-…``), so exports show it. :func:`unmerge` restores the state before
the join exactly. Both stores implement the same steps (see
:meth:`graph.embedded_store.EmbeddedStore.merge` and
:meth:`graph.neo4j_store.Neo4jStore.merge`).
"""

from __future__ import annotations

import getpass
import math
import re
import unicodedata
import uuid
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

from graph.errors import InvalidArgument, NotFound
from graph.store import PlaceView, pick_label
from ontology.vocab import DATA

__all__ = [
    "DuplicatePair",
    "MergeRecord",
    "duplicates",
    "merge",
    "merge_record_graph",
    "name_key",
    "unmerge",
]

EARTH_RADIUS_KM = 6371.0088
_SAFE_ID = re.compile(r"[A-Za-z0-9._~-]+")
_MERGE_ID = re.compile(r"merge-[0-9a-f]{12}")


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two cities suspected to be one place, with the evidence.

    ``evidence`` lists ``geonames:<id>`` when both carry that GeoNames id and
    ``name:<name>`` for each shared name (in its normal form);
    ``distance_km`` is ``None`` when one of them has no coordinates.
    """

    a: str
    b: str
    label_a: str
    label_b: str
    evidence: tuple[str, ...]
    distance_km: float | None
    population: int | None


@dataclass(frozen=True, slots=True)
class MergeRecord:
    """One join: ``other`` into ``keep``, by whom, when, and how many statements moved."""

    id: str
    keep: str
    other: str
    by: str
    at: str
    moved: int = 0


class CurationStore(Protocol):
    """What curation needs from a store (both stores offer it)."""

    def places(self) -> list[PlaceView]:
        """Every city with its labels, GeoNames ids, coordinates and population."""
        ...

    def exists(self, entity_id: str) -> bool:
        """Whether ``entity_id`` is an entity of the store."""
        ...

    def merge(self, keep: str, other: str, record: MergeRecord, graph: Graph) -> MergeRecord:
        """Join ``other`` into ``keep`` and record it; all or nothing."""
        ...

    def unmerge(self, merge_id: str) -> MergeRecord:
        """Restore the state before the join ``merge_id``."""
        ...

    def merges(self) -> list[MergeRecord]:
        """The joins that can be undone, oldest first."""
        ...


def name_key(name: str) -> str:
    """The form in which two names count as the same: NFC-normalised, case-folded, spaces collapsed.

    Examples
    --------
    >>> name_key(" Saint  Petersburg") == name_key("saint petersburg")
    True
    >>> name_key("Qazvi\\u0301n") == name_key("Qazvín")
    True
    """
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    Examples
    --------
    >>> round(haversine_km(48.8566, 2.3522, 51.5074, -0.1278))
    344
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _names(labels: Mapping[str, Sequence[str]]) -> frozenset[str]:
    return frozenset(k for names in labels.values() for n in names if (k := name_key(n)))


def duplicates(
    store: CurationStore,
    *,
    radius_km: float = 10.0,
    min_population: int | None = None,
    lang: str = "en",
) -> list[DuplicatePair]:
    """Suspected duplicate pairs of cities: the same GeoNames id, or close and sharing a name.

    Parameters
    ----------
    store : Store
        An embedded or Neo4j store.
    radius_km : float
        How close two cities must be (great-circle distance) to count as one when they share a name.
    min_population : int, optional
        Keep only pairs where at least one of the two has at least this many people.
    lang : str
        Language of the labels shown.

    Returns
    -------
    list of DuplicatePair
        Sorted by the first id, then the second; ``a < b`` in each pair.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[
    ...     City(id="paris", labels={"en": ["Paris"]}, lat=48.8566, lon=2.3522, population=2100000),
    ...     City(id="parigi", labels={"it": ["Parigi"], "fr": ["Paris"]}, lat=48.86, lon=2.35),
    ...     City(id="paris-tx", labels={"en": ["Paris"]}, lat=33.66, lon=-95.55)])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> [(p.a, p.b, p.evidence) for p in duplicates(store)]
    [('parigi', 'paris', ('name:paris',))]
    >>> duplicates(store, min_population=5_000_000)
    []
    """
    if radius_km <= 0 or radius_km > 500:
        raise InvalidArgument(f"the radius must be above 0 and at most 500 km, not {radius_km}")
    places = sorted(store.places(), key=lambda p: p.id)
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_geonames: dict[str, list[str]] = defaultdict(list)
    for p in places:
        for gid in p.geonames:
            by_geonames[gid].append(p.id)
    for gid, ids in by_geonames.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                found[(min(a, b), max(a, b))].add(f"geonames:{gid}")
    located = sorted(
        (p for p in places if p.lat is not None and p.lon is not None), key=lambda p: p.lat or 0.0
    )
    lats = [p.lat or 0.0 for p in located]
    names = {p.id: _names(p.labels) for p in located}
    window = radius_km / 111.0  # a degree of latitude is at least ~110.6 km
    for i, p in enumerate(located):
        assert p.lat is not None
        assert p.lon is not None
        for q in located[i + 1 : bisect_right(lats, p.lat + window)]:
            assert q.lat is not None
            assert q.lon is not None
            shared = names[p.id] & names[q.id]
            if shared and haversine_km(p.lat, p.lon, q.lat, q.lon) <= radius_km:
                found[(min(p.id, q.id), max(p.id, q.id))].update(f"name:{n}" for n in shared)
    by_id = {p.id: p for p in places}
    out: list[DuplicatePair] = []
    for (a, b), evidence in sorted(found.items()):
        pa, pb = by_id[a], by_id[b]
        pops = [x for x in (pa.population, pb.population) if x is not None]
        population = max(pops) if pops else None
        if min_population is not None and (population is None or population < min_population):
            continue
        distance = None
        if None not in (pa.lat, pa.lon, pb.lat, pb.lon):
            distance = round(haversine_km(pa.lat, pa.lon, pb.lat, pb.lon), 3)  # type: ignore[arg-type]
        out.append(
            DuplicatePair(
                a,
                b,
                pick_label(pa.labels, lang, a),
                pick_label(pb.labels, lang, b),
                tuple(sorted(evidence)),
                distance,
                population,
            )
        )
    return out


def merge_record_graph(record: MergeRecord) -> Graph:
    """The RDF that records a join: the activity, who and when, and ``keep owl:sameAs other``.

    Examples
    --------
    >>> g = merge_record_graph(MergeRecord("merge-0123456789ab", "paris", "parigi", "curator",
    ...     "2026-01-01T00:00:00+00:00"))
    >>> len(g), (DATA["paris"], OWL.sameAs, DATA["parigi"]) in g
    (7, True)
    """
    g = Graph()
    act, keep, other = DATA[record.id], DATA[record.keep], DATA[record.other]
    g.add((act, RDF.type, PROV.Activity))
    g.add((act, RDFS.label, Literal(f"merge of {record.other} into {record.keep}", lang="en")))
    g.add((act, DCTERMS.creator, Literal(record.by)))
    g.add((act, PROV.endedAtTime, Literal(record.at, datatype=XSD.dateTime)))
    g.add((act, DCTERMS.description, Literal(f"{record.other} and {record.keep} are one place", lang="en")))
    g.add((keep, OWL.sameAs, other))
    g.add((keep, PROV.wasDerivedFrom, act))
    return g


def _check_id(entity_id: str, what: str) -> None:
    if not _SAFE_ID.fullmatch(entity_id):
        raise InvalidArgument(f"not an entity id: {entity_id!r} ({what})")


def merge(
    store: CurationStore, keep: str, other: str, *, by: str | None = None, at: datetime | None = None
) -> MergeRecord:
    """Join the entity ``other`` into ``keep``; return the record (its ``id`` undoes it).

    Parameters
    ----------
    store : Store
        An embedded or Neo4j store.
    keep, other : str
        Entity ids: ``keep`` stays, ``other`` becomes an alias of it (``owl:sameAs``).
    by : str, optional
        Who joins them; the operating-system user by default.
    at : datetime, optional
        When; now (UTC) by default.

    Returns
    -------
    MergeRecord

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id="paris", labels={"en": ["Paris"]}),
    ...     City(id="parigi", labels={"it": ["Parigi"]})])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> rec = merge(store, "paris", "parigi", by="curator")
    >>> store.exists("parigi"), store.entity("paris").labels["it"]
    (False, ['Parigi'])
    >>> unmerge(store, rec.id).other, store.exists("parigi")
    ('parigi', True)
    """
    for eid, what in ((keep, "KEEP"), (other, "OTHER")):
        _check_id(eid, what)
        if not store.exists(eid):
            raise NotFound(f"no entity with id {eid!r} ({what})")
    if keep == other:
        raise InvalidArgument(f"cannot merge {keep!r} into itself")
    who = (by if by is not None else _os_user()).strip()
    if not who or len(who) > 200 or any(unicodedata.category(c).startswith("C") for c in who):
        raise InvalidArgument("--by must be a name of 1 to 200 printable characters")
    when = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0).isoformat()
    record = MergeRecord(f"merge-{uuid.uuid4().hex[:12]}", keep, other, who, when)
    return store.merge(keep, other, record, merge_record_graph(record))


def unmerge(store: CurationStore, merge_id: str) -> MergeRecord:
    """Undo the join ``merge_id`` (``"last"``: the latest): the store holds exactly what it held before it.

    A join whose entities a later join touched can be undone only after that
    later one (:class:`~graph.errors.InvalidArgument` names it);
    :class:`~graph.errors.NotFound` when there is no such join. See
    :func:`merge` for an example.
    """
    if merge_id == "last":
        done = store.merges()
        if not done:
            raise NotFound("no merge to undo")
        merge_id = done[-1].id
    if not _MERGE_ID.fullmatch(merge_id):
        raise InvalidArgument(f"not a merge id: {merge_id!r} (merge- and 12 hex digits, or last)")
    return store.unmerge(merge_id)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
