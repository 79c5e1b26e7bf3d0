"""Curation: find entities that are one place twice, join two of them, and undo a join.

:func:`duplicates` lists suspected duplicate pairs of cities with their
evidence: the same GeoNames id, or coordinates within ``radius_km`` and a
shared name in any language (NFC-normalised and case-folded). Cities are sorted
by latitude and only those within the radius in latitude are compared, so the
world graph is not compared pair by pair.

:func:`merge` joins ``other`` into ``keep``: every fact (agreements,
memberships, events, posts) and every statement of ``other`` moves to
``keep``, as :func:`merge_rewrite` says, so the joined store still meets the
shapes: ``keep`` keeps its own preferred name in each language (``other``'s
become alternative names), its Wikidata and GeoNames ids (``other``'s become
``owl:sameAs`` links to the Wikidata and GeoNames IRIs) and its value of each
single-valued property (coordinates, population, country, region). The join
is recorded as a ``ckg:Source`` with who made it (``dcterms:creator``) and
when (``dcterms:date``, ``prov:generatedAtTime``), ``keep owl:sameAs other``,
and ``keep prov:wasDerivedFrom`` the record, in a dataset of its own
(``merge-…``), so exports show it. :func:`unmerge` restores the state before
the join exactly. Both stores apply :func:`merge_rewrite` to ``other``'s
statements (see :meth:`graph.embedded_store.EmbeddedStore.merge` and
:meth:`graph.neo4j_store.Neo4jStore.merge`).

:func:`distinct` records the opposite judgement: two entities a curator found
to be two places (``a owl:differentFrom b``, with who, when and why);
:func:`duplicates` no longer lists such a pair unless asked (``decided=True``).
"""

from __future__ import annotations

import getpass
import hashlib
import math
import re
import unicodedata
import uuid
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from graph.errors import InvalidArgument, NotFound
from graph.store import PlaceView, pick_label
from ontology.iris import WD

if TYPE_CHECKING:  # rdflib only where a record's graph is built: reading the store does without it
    from rdflib import Graph

__all__ = [
    "DISTINCT_DATASET",
    "GEONAMES_IRI",
    "SINGLE_VALUED",
    "DuplicatePair",
    "MergeRecord",
    "distinct",
    "distinct_record_graph",
    "duplicates",
    "merge",
    "merge_record_graph",
    "merge_rewrite",
    "name_key",
    "unmerge",
]

V = TypeVar("V")
GEONAMES_IRI = "https://sws.geonames.org/"
"""The GeoNames feature IRIs an ``owl:sameAs`` link names (``https://sws.geonames.org/2988507/``)."""
_SAME_AS_IRI = {"wikidataId": (str(WD), ""), "geonamesId": (GEONAMES_IRI, "/")}
SINGLE_VALUED = frozenset({"population", "country", "locatedIn", "iso2", "foundingDate", "status", "governs"})
"""Properties (short names) an entity has one value of: on a join the kept entity's value stays."""
_PER_LANGUAGE = frozenset({"description"})  # one value per language
_GEO = frozenset({"lat", "long"})  # one pair: the kept entity's coordinates, or the other's, never a mix

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
    decided: bool = False
    """A curator judged the pair two places (:func:`distinct`); listed only when asked."""


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

    def distinct_pairs(self) -> set[tuple[str, str]]:
        """The pairs a curator judged two places (``owl:differentFrom``), each as ``(a, b)`` with ``a < b``."""
        ...

    def load(self, graphs: Sequence[tuple[str, Graph]]) -> object:
        """Add (dataset name, RDF graph) pairs in one transaction."""
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
    decided: bool = False,
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
    decided : bool
        Also list the pairs a curator judged two places (:func:`distinct`), marked ``decided``.

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
    >>> distinct(store, "paris", "parigi", reason="for the example", by="curator")
    True
    >>> duplicates(store), [p.decided for p in duplicates(store, decided=True)]
    ([], [True])
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
    judged = store.distinct_pairs() if found else set()
    out: list[DuplicatePair] = []
    for (a, b), evidence in sorted(found.items()):
        if (a, b) in judged and not decided:
            continue
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
                (a, b) in judged,
            )
        )
    return out


def merge_rewrite(
    keep: Collection[tuple[str, str | None]], other: Iterable[tuple[str, str | None, V]]
) -> list[tuple[str, str | None, V | str] | None]:
    """What each statement of ``other`` becomes on ``keep`` when ``other`` joins ``keep``.

    The one rule both stores apply on a join, so that the joined entity still
    meets the shapes. Statements are ``(short property name, language, value)``
    (``prefLabel``, ``wikidataId``, ``lat``, ``country``...); ``keep`` gives
    the names and languages of the kept entity's own statements. ``other``'s
    preferred name in a language ``keep`` has one for becomes an
    ``altLabel``; its Wikidata or GeoNames id, when ``keep`` has one, becomes
    an ``owl:sameAs`` link (``sameAs``) to the Wikidata or GeoNames IRI; its
    value of a single-valued property (:data:`SINGLE_VALUED`, coordinates,
    a description in a language) that ``keep`` has is dropped (``None``);
    everything else moves unchanged.

    Examples
    --------
    >>> keep = [("prefLabel", "en"), ("wikidataId", None), ("lat", None), ("long", None)]
    >>> other = [("prefLabel", "en", "Paris"), ("prefLabel", "it", "Parigi"), ("wikidataId", None, "Q1"),
    ...     ("geonamesId", None, "2988507"), ("lat", None, 48.86), ("population", None, 10)]
    >>> for row in merge_rewrite(keep, other):
    ...     print(row)
    ('altLabel', 'en', 'Paris')
    ('prefLabel', 'it', 'Parigi')
    ('sameAs', None, 'http://www.wikidata.org/entity/Q1')
    ('geonamesId', None, '2988507')
    None
    ('population', None, 10)
    """
    has = set(keep)
    names = {n for n, _ in has}
    out: list[tuple[str, str | None, V | str] | None] = []
    for name, lang, value in other:
        if name == "prefLabel" and (name, lang) in has:
            out.append(("altLabel", lang, value))
        elif name in _SAME_AS_IRI and name in names:
            base, tail = _SAME_AS_IRI[name]
            out.append(("sameAs", None, f"{base}{value}{tail}"))
        elif (
            (name in _GEO and names & _GEO)
            or (name in SINGLE_VALUED and name in names)
            or (name in _PER_LANGUAGE and (name, lang) in has)
        ):
            out.append(None)
        else:
            out.append((name, lang, value))
    return out


def merge_record_graph(record: MergeRecord) -> Graph:
    """The RDF that records a join: the curator's judgement (a source), who and when, ``keep owl:sameAs other``.

    Examples
    --------
    >>> from rdflib.namespace import OWL
    >>> from ontology.vocab import DATA
    >>> g = merge_record_graph(MergeRecord("merge-0123456789ab", "paris", "parigi", "curator",
    ...     "2026-01-01T00:00:00+00:00"))
    >>> len(g), (DATA["paris"], OWL.sameAs, DATA["parigi"]) in g
    (8, True)
    """
    from rdflib import Graph, Literal
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

    from ontology.vocab import CKG, DATA

    g = Graph()
    rec, keep, other = DATA[record.id], DATA[record.keep], DATA[record.other]
    g.add((rec, RDF.type, CKG.Source))
    g.add((rec, RDFS.label, Literal(f"merge of {record.other} into {record.keep}", lang="en")))
    g.add((rec, DCTERMS.creator, Literal(record.by)))
    g.add((rec, DCTERMS.date, Literal(record.at[:10], datatype=XSD.date)))
    g.add((rec, PROV.generatedAtTime, Literal(record.at, datatype=XSD.dateTime)))
    g.add((rec, DCTERMS.description, Literal(f"{record.other} and {record.keep} are one place", lang="en")))
    g.add((keep, OWL.sameAs, other))
    g.add((keep, PROV.wasDerivedFrom, rec))
    return g


DISTINCT_DATASET = "distinct"
"""The dataset (named graph) that holds the curators' judgements that two entities are two places."""


def distinct_record_graph(a: str, b: str, *, reason: str, by: str, at: str | None = None) -> Graph:
    """The RDF that records that ``a`` and ``b`` are two places: ``a owl:differentFrom b`` and its source.

    The source's id depends only on the pair, so recording a pair twice adds
    nothing new but a second reason; ``at`` (an ISO date-time) is left out
    for judgements shipped with the data, which have no date of their own.

    Examples
    --------
    >>> from rdflib.namespace import OWL
    >>> from ontology.vocab import DATA
    >>> g = distinct_record_graph("wd-Q24879", "wd-Q1209", reason="a city and its state", by="curator")
    >>> (DATA["wd-Q1209"], OWL.differentFrom, DATA["wd-Q24879"]) in g, len(g)
    (True, 6)
    """
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

    from ontology.vocab import CKG, DATA

    lo, hi = sorted((a, b))
    rec = DATA[f"distinct-{hashlib.sha1(f'{lo} {hi}'.encode()).hexdigest()[:12]}"]
    g = Graph()
    g.add((rec, RDF.type, CKG.Source))
    g.add((rec, RDFS.label, Literal(f"{lo} and {hi} are two places", lang="en")))
    g.add((rec, DCTERMS.creator, Literal(by)))
    g.add((rec, DCTERMS.description, Literal(reason)))
    if at is not None:
        g.add((rec, DCTERMS.date, Literal(at[:10], datatype=XSD.date)))
        g.add((rec, PROV.generatedAtTime, Literal(at, datatype=XSD.dateTime)))
    g.add((URIRef(DATA[lo]), OWL.differentFrom, URIRef(DATA[hi])))
    g.add((URIRef(DATA[lo]), PROV.wasDerivedFrom, rec))
    return g


def distinct(
    store: CurationStore,
    a: str,
    b: str,
    *,
    reason: str,
    by: str | None = None,
    at: datetime | None = None,
    dated: bool = True,
) -> bool:
    """Record that the entities ``a`` and ``b`` are two places; False when that was recorded already.

    :func:`duplicates` then no longer lists the pair (unless asked with
    ``decided=True``). ``dated=False`` records no date (a judgement shipped with
    the data). See :func:`duplicates` for an example.
    """
    for eid, what in ((a, "A"), (b, "B")):
        _check_id(eid, what)
        if not store.exists(eid):
            raise NotFound(f"no entity with id {eid!r} ({what})")
    if a == b:
        raise InvalidArgument(f"{a!r} is one entity")
    why = " ".join(reason.split())
    if not why or len(why) > 500:
        raise InvalidArgument("--reason must say why, in 1 to 500 characters")
    who = _who(by)
    if (min(a, b), max(a, b)) in store.distinct_pairs():
        return False
    when = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0).isoformat() if dated else None
    store.load([(DISTINCT_DATASET, distinct_record_graph(a, b, reason=why, by=who, at=when))])
    return True


def _who(by: str | None) -> str:
    who = (by if by is not None else _os_user()).strip()
    if not who or len(who) > 200 or any(unicodedata.category(c).startswith("C") for c in who):
        raise InvalidArgument("--by must be a name of 1 to 200 printable characters")
    return who


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
    >>> store.validate().conforms
    True
    >>> unmerge(store, rec.id).other, store.exists("parigi")
    ('parigi', True)
    """
    for eid, what in ((keep, "KEEP"), (other, "OTHER")):
        _check_id(eid, what)
        if not store.exists(eid):
            raise NotFound(f"no entity with id {eid!r} ({what})")
    if keep == other:
        raise InvalidArgument(f"cannot merge {keep!r} into itself")
    who = _who(by)
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
