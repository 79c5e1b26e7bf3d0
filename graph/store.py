"""The store interface: what the CLI, the service and the graph questions need.

Two stores implement it: :class:`graph.embedded_store.EmbeddedStore` (Oxigraph
on disk, the default, no server) and :class:`graph.neo4j_store.Neo4jStore`.
Both must give the same answers to the same questions; the contract tests in
``tests/graph/test_store_contract.py`` run against both.

The views returned here are plain frozen dataclasses, independent of RDF and of
Cypher, so that callers never see a store's own types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    # only a type here: a process that asks the graph questions need not import rdflib (0.4 s)
    from rdflib import Graph

__all__ = [
    "LAST_RESORT_LANGS",
    "EntityDetail",
    "EntityRef",
    "FactView",
    "LoadSummary",
    "LoadWriter",
    "NodeInfo",
    "PlaceView",
    "SourceView",
    "Store",
    "Tie",
]


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity found by name: its id, a label in the language asked, its type."""

    id: str
    label: str
    type: str
    matched: str = ""


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source a fact comes from, with the supporting sentence where there is one."""

    id: str
    label: str
    date: str | None = None
    publisher: str | None = None
    sentence: str | None = None
    sentence_lang: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class FactView:
    """One fact an entity takes part in, seen from that entity.

    ``role`` is how the entity takes part (``party``, ``member``, ``network``,
    ``host``, ``participant``, ``heldBy``, ``postIn``, ``runBy``, ``partner``...);
    ``others`` maps each other role to the entities that fill it.
    """

    id: str
    type: str
    role: str
    others: Mapping[str, Sequence[EntityRef]]
    dates: Mapping[str, str]
    attributes: Mapping[str, str]
    sources: Sequence[SourceView]


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """An entity with its labels, identifiers, attributes and facts."""

    id: str
    type: str
    types: Sequence[str]
    label: str
    labels: Mapping[str, Sequence[str]]
    identifiers: Mapping[str, str]
    attributes: Mapping[str, str]
    links: Mapping[str, Sequence[EntityRef]]
    facts: Sequence[FactView]
    sources: Sequence[SourceView]


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """A node of the projection: an entity with what filters, pictures and attribute mixing need."""

    id: str
    type: str
    label: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: float | None = None


@dataclass(frozen=True, slots=True)
class PlaceView:
    """A place with what curation compares: all its labels, GeoNames ids, coordinates, population."""

    id: str
    type: str
    labels: Mapping[str, Sequence[str]]
    geonames: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    population: int | None = None


@dataclass(frozen=True, slots=True)
class Tie:
    """One relation between two entities, drawn from one fact.

    ``kind`` is the fact's class (``TwinningAgreement``, ``Membership``, ...) or,
    for events and programmes, ``EventHost``, ``EventParticipant``, ``Post``,
    ``ProgrammeRunBy``, ``ProgrammePartner``; or a structural link (``LocatedIn``,
    ``Governs``, ``PartOf``) whose ``fact`` is the subject entity itself. An
    agreement between three parties gives three ties with the same ``fact``.

    Only trusted facts give ties: those with no ``ckg:reviewStatus`` (curated
    data) or with ``ckg:Accepted``. A ``Candidate`` or ``Rejected`` fact (or a
    candidate event node) gives none, so it never reaches paths, bridges,
    centrality, statistics, ego networks or the graph exports.
    """

    fact: str
    kind: str
    source: str
    target: str
    start: str | None = None
    end: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(slots=True)
class LoadSummary:
    """What one load did to the store."""

    datasets: list[str] = field(default_factory=list)
    triples_read: int = 0
    triples_added: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def unchanged(self) -> bool:
        """True when the load added nothing (the data was there already)."""
        return self.triples_added == 0


@runtime_checkable
class LoadWriter(Protocol):
    """A load handed to a store in batches as its sources are read, kept or taken back as a whole.

    A store that can write a load without holding it all in memory offers ``begin_load() -> LoadWriter``
    (:meth:`graph.embedded_store.EmbeddedStore.begin_load`, :meth:`graph.neo4j_store.Neo4jStore.begin_load`).
    """

    def write(self, name: str, graph: Graph) -> None:
        """Add one batch of dataset ``name``; on failure the whole load is taken back and the error raised."""
        ...

    def commit(self) -> LoadSummary:
        """Keep everything written; what the load did."""
        ...

    def abort(self) -> None:
        """Take back everything written (safe to call again, and after a failed write)."""
        ...


@runtime_checkable
class Store(Protocol):
    """What every store offers. Entity ids are the local ids of the ontology (``qazvin``)."""

    def load(self, graphs: Sequence[tuple[str, Graph]]) -> LoadSummary:
        """Add each (dataset name, RDF graph) pair, all or nothing."""
        ...

    def search(self, text: str, *, lang: str = "en", limit: int = 10) -> list[EntityRef]:
        """Entities whose labels match ``text`` in any language, best first."""
        ...

    def entity(self, entity_id: str, *, lang: str = "en") -> EntityDetail:
        """The entity ``entity_id`` with its facts; :class:`~graph.errors.NotFound` if absent."""
        ...

    def nodes(self, *, lang: str = "en") -> list[NodeInfo]:
        """Every entity that can be a node of a projection."""
        ...

    def ties(self) -> list[Tie]:
        """Every tie between two entities, one per fact and pair of roles."""
        ...

    def counts(self) -> dict[str, int]:
        """How many entities and facts of each class the store holds."""
        ...

    def version(self) -> str:
        """A token that changes whenever the store's content changes."""
        ...

    def close(self) -> None:
        """Release the store's resources."""
        ...


def labels_by_lang(pairs: Iterable[tuple[str, str | None]]) -> dict[str, list[str]]:
    """Group (text, language) pairs by language, keeping first-seen order.

    Examples
    --------
    >>> labels_by_lang([("Qazvin", "en"), ("قزوین", "fa"), ("Kazvin", "en")])
    {'en': ['Qazvin', 'Kazvin'], 'fa': ['قزوین']}
    """
    out: dict[str, list[str]] = {}
    for text, lang in pairs:
        names = out.setdefault(lang or "", [])
        if text not in names:
            names.append(text)
    return out


# Languages whose names the bundled Wikidata export carries in place of English ones: shown only when
# no other name is known, so an English reader never sees "Lubiana" for Ljubljana.
LAST_RESORT_LANGS = ("it", "de")


def pick_label(labels: Mapping[str, Sequence[str]], lang: str, fallback: str) -> str:
    """The label a reader of ``lang`` should see.

    The order is: ``lang`` itself, its base language (``fa`` for ``fa-IR``) or
    a regional variant of it, then English, then a label without a language,
    then any other language (sorted by tag, so every store picks the same),
    and Italian or German only when nothing else is known; ``fallback``
    (usually the id) when there is no label at all.

    Parameters
    ----------
    labels : mapping of str to sequence of str
        Labels per language tag (``""`` for a label without one), preferred first.
    lang : str
        The reader's language (BCP 47: ``en``, ``fa-IR``).
    fallback : str
        What to show when the entity has no label.

    Returns
    -------
    str
        One label.

    Examples
    --------
    >>> pick_label({"en": ["Isfahan"], "fa": ["اصفهان"]}, "fa-IR", "x")
    'اصفهان'
    >>> pick_label({"it": ["Lubiana"], "sl": ["Ljubljana"]}, "en", "x")
    'Ljubljana'
    >>> pick_label({"it": ["Lubiana"], "en": ["Ljubljana"]}, "it", "x")
    'Lubiana'
    >>> pick_label({"de": ["Marburg"], "it": ["Marburgo"]}, "en", "x")
    'Marburg'
    >>> pick_label({"en-GB": ["Tehran"]}, "en", "x"), pick_label({}, "en", "x")
    ('Tehran', 'x')
    """
    base = lang.split("-")[0].lower()
    for key in dict.fromkeys((lang, base)):
        if labels.get(key):
            return labels[key][0]
    tags = sorted(t for t, names in labels.items() if names)
    for want in dict.fromkeys((base, "en")):
        for key in (want, *(t for t in tags if t.lower().split("-")[0] == want)):
            if labels.get(key):
                return labels[key][0]
    if labels.get(""):
        return labels[""][0]
    rest = sorted(tags, key=lambda t: (t.lower().split("-")[0] in LAST_RESORT_LANGS, t))
    return labels[rest[0]][0] if rest else fallback
