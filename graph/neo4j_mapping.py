"""The property-graph mapping of the citykg ontology (documented in docs/neo4j-mapping.md).

An RDF graph made by :mod:`ontology.to_rdf` becomes nodes and relationships:

* one node per resource (subject or citykg object), label ``Resource`` plus one
  label per citykg class (``City``, ``TwinningAgreement``, ``Source``...) and
  ``Entity`` or ``Fact`` for the classes that are entities or facts; its local
  id in ``id``, all its classes in ``types``, the datasets it comes from in
  ``datasets``;
* literals as properties keyed by the property's short name, with the language
  after an underscore (``label_en``, ``label_fa``, ``description_en``); labels
  are lists, ``lat``/``lon`` floats, integer literals (``population``)
  integers, decimals and doubles (``confidence``) floats, ``xsd:date`` dates,
  ``xsd:boolean`` booleans, everything else strings (a list when a resource has
  several values; a list of mixed types becomes a list of strings, as Neo4j
  lists hold one type); ``prefLabel_<lang>`` keeps the preferred label;
  ``names`` lists the normalised labels and identifiers for search;
* links to other citykg resources as relationships whose type is the property's
  name in upper snake case (``party`` → ``PARTY``, ``prov:wasDerivedFrom`` →
  ``DERIVED_FROM``); links to vocabulary individuals or outside IRIs
  (``ckg:Active``, a Wikidata IRI) as string properties.

Labels and relationship types come only from allow-lists derived from
:class:`ontology.vocab.CKG`.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.errors import LoadFailed
from graph.store_rules import ENTITY_CLASSES, FACT_TYPES
from ontology.names import normalise
from ontology.vocab import CKG, DATA, SCHEMA, WGS

__all__ = [
    "NODE_LABELS",
    "REL_TYPES",
    "PropertyGraph",
    "map_graphs",
    "merge_properties",
    "property_key",
    "rel_type",
    "split_key",
]

_CKG = str(CKG._NS)
_DATA = str(DATA)
_PREFIXES = (_CKG, str(SCHEMA), str(DCTERMS), str(WGS), str(PROV), str(RDFS), str(SKOS), str(OWL))
_TERMS = [name for name in CKG.__annotations__ if not name.startswith("_")]
NODE_LABELS = frozenset({"Resource", "Entity", "Fact"} | {n for n in _TERMS if n[0].isupper()})
"""Every node label the mapping may write: the citykg classes (and individuals) plus three markers."""


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


_REL_NAMES = {n: _snake(n) for n in _TERMS if n[0].islower()} | {
    "wasDerivedFrom": "DERIVED_FROM",
    "sameAs": "SAME_AS",
    "differentFrom": "DIFFERENT_FROM",
    "exactMatch": "EXACT_MATCH",
    "parentOrganization": "PARENT_ORGANIZATION",
}
REL_TYPES = frozenset(_REL_NAMES.values())
"""Every relationship type the mapping may write."""
_REL_TO_NAME = {v: k for k, v in _REL_NAMES.items()}
_LIST_KEYS = ("label", "prefLabel", "altLabel")
_FLOAT_KEYS = {"lat": "lat", "long": "lon"}
_KEY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9-]+)?$")


def short_name(iri: str) -> str:
    """The short name of a property IRI (``...#party`` → ``party``)."""
    for prefix in _PREFIXES:
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def local_id(term: URIRef | BNode) -> str:
    """The node id of a resource: its local id for citykg IRIs, the IRI otherwise."""
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    return text[len(_DATA) :] if text.startswith(_DATA) else text


def rel_type(name: str) -> str:
    """The relationship type of a property's short name.

    Examples
    --------
    >>> rel_type("party"), rel_type("wasDerivedFrom"), rel_type("postIn")
    ('PARTY', 'DERIVED_FROM', 'POST_IN')
    """
    try:
        return _REL_NAMES[name]
    except KeyError:
        raise LoadFailed(f"the property {name!r} has no relationship type in the Neo4j mapping") from None


def rel_name(rtype: str) -> str:
    """The property short name of a relationship type (``POST_IN`` → ``postIn``).

    Examples
    --------
    >>> rel_name("DERIVED_FROM")
    'wasDerivedFrom'
    """
    return _REL_TO_NAME[rtype]


def property_key(name: str, lang: str | None) -> str:
    """The node property key of a literal: the short name, then ``_`` and the language.

    Examples
    --------
    >>> property_key("label", "fa"), property_key("long", None), property_key("population", None)
    ('label_fa', 'lon', 'population')
    """
    if name in _FLOAT_KEYS and not lang:
        return _FLOAT_KEYS[name]
    key = f"{name}_{lang}" if lang else name
    if not _KEY_RE.match(key):
        raise LoadFailed(f"the property {name!r} (language {lang!r}) cannot be a Neo4j property key")
    return key


def split_key(key: str) -> tuple[str, str | None]:
    """The short name and language of a property key (the inverse of :func:`property_key`).

    Examples
    --------
    >>> split_key("label_fa"), split_key("lon")
    (('label', 'fa'), ('long', None))
    """
    if key == "lon":
        return "long", None
    name, _, lang = key.partition("_")
    return name, lang or None


@dataclass(slots=True)
class PropertyGraph:
    """Nodes (id → labels and properties) and relationships ((source, type, target) → datasets)."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    triples: int = 0

    def node_rows(self) -> list[dict[str, Any]]:
        """One row per node: ``{"id", "labels", "props"}``, in id order."""
        return [{"id": k, "labels": _labels(v), "props": v} for k, v in sorted(self.nodes.items())]

    def rel_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Relationship rows grouped by type: ``{"src", "dst", "datasets"}``."""
        out: dict[str, list[dict[str, Any]]] = {}
        for (src, rtype, dst), datasets in sorted(self.rels.items()):
            out.setdefault(rtype, []).append({"src": src, "dst": dst, "datasets": datasets})
        return out


def _labels(props: Mapping[str, Any]) -> list[str]:
    types = [t for t in props.get("types", []) if t in NODE_LABELS]
    extra = ["Entity"] if any(t in ENTITY_CLASSES for t in types) else []
    extra += ["Fact"] if any(t in FACT_TYPES for t in types) else []
    return ["Resource", *extra, *sorted(types)]


def _add(props: dict[str, Any], key: str, value: Any) -> None:
    old = props.get(key)
    if old is None:
        props[key] = (
            [value] if key.split("_")[0] in _LIST_KEYS or key in {"types", "datasets", "names"} else value
        )
    elif isinstance(old, list):
        if value not in old:
            old.append(value)
            if old and type(old[0]) is not type(value):  # a Neo4j list holds one type
                props[key] = _as_text(old)
    elif old != value and key not in {"lat", "lon"}:
        props[key] = [old, value] if type(old) is type(value) else _as_text([old, value])


def _as_text(items: list[Any]) -> list[str]:
    """A list of mixed values (a date and a year, say) as text, in order and without repeats."""
    return list(
        dict.fromkeys(
            v.isoformat() if isinstance(v, dt.date) else str(v).lower() if isinstance(v, bool) else str(v)
            for v in items
        )
    )


_INTEGER_TYPES = frozenset(
    str(XSD[t])
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
    )
)


_FLOAT_TYPES = frozenset(str(XSD[t]) for t in ("decimal", "double", "float"))
_DATE = str(XSD.date)
_BOOLEAN = str(XSD.boolean)


def _typed(lit: Literal) -> Any:
    """A literal's Neo4j value: integers, decimals and doubles as numbers, ``xsd:date`` as a date, booleans.

    Everything else stays text, partial dates (``xsd:gYear`` "1997") and date-times included: Neo4j
    has no partial date, and a text keeps the RDF form. A value its datatype does not accept (an
    ill-typed literal) also stays text.

    Examples
    --------
    >>> _typed(Literal(574147)), _typed(Literal("1997")), _typed(Literal("x", datatype=XSD.integer))
    (574147, '1997', 'x')
    >>> _typed(Literal("2019-05-05", datatype=XSD.date)), _typed(Literal("0.8", datatype=XSD.decimal))
    (datetime.date(2019, 5, 5), 0.8)
    >>> _typed(Literal("true", datatype=XSD.boolean)), _typed(Literal("1997", datatype=XSD.gYear))
    (True, '1997')
    """
    dtype = str(lit.datatype) if lit.datatype is not None else None
    if dtype is None:
        return str(lit)
    value = lit.value
    if dtype in _INTEGER_TYPES and isinstance(value, int) and not isinstance(value, bool):
        if -(2**63) <= value < 2**63:  # a Neo4j integer is 64 bits
            return value
    elif dtype in _FLOAT_TYPES and value is not None and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
    elif (dtype == _DATE and type(value) is dt.date) or (dtype == _BOOLEAN and isinstance(value, bool)):
        return value
    return str(lit)


def map_graphs(graphs: Sequence[tuple[str, Graph]]) -> PropertyGraph:
    """Map (dataset name, RDF graph) pairs to a :class:`PropertyGraph`.

    Examples
    --------
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> ds = Dataset(name="demo", entities=[City(id="qazvin", labels={"en": ["Qazvin"], "fa": ["قزوین"]})])
    >>> pg = map_graphs([("demo", dataset_to_graph(ds))])
    >>> row = pg.node_rows()[0]
    >>> row["labels"], row["props"]["label_fa"], row["props"]["datasets"]
    (['Resource', 'Entity', 'City'], ['قزوین'], ['demo'])
    """
    with _gc_paused():
        return _map(graphs)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers that hold no cycles.

    Mapping allocates hundreds of thousands of dicts and lists that all stay alive; each collection
    would walk them all again for nothing (about a third of the mapping time on the world data).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _map(graphs: Sequence[tuple[str, Graph]]) -> PropertyGraph:
    pg = PropertyGraph()
    names: dict[URIRef, str] = {}  # predicate -> short name, computed once per predicate
    rdf_type = str(RDF.type)  # a namespace attribute lookup is slow: once, not per triple
    ids: dict[URIRef | BNode, str] = {}  # resource -> node id, computed once per resource
    for dataset, graph in graphs:
        for s, p, o in graph:
            pg.triples += 1
            sid = ids.get(s)  # type: ignore[call-overload]
            if sid is None:
                if not isinstance(s, URIRef | BNode):
                    raise LoadFailed(f"cannot map the subject {s!r}")
                sid = ids[s] = local_id(s)
            props = pg.nodes.get(sid)
            if props is None:
                props = pg.nodes[sid] = {"id": sid}
            _add(props, "datasets", dataset)
            name = names.get(p)  # type: ignore[call-overload]
            if name is None:
                name = names[p] = short_name(str(p))  # type: ignore[index]
            if name == rdf_type:  # rdf:type keeps its whole IRI as its name
                _add(props, "types", short_name(str(o)) if str(o).startswith(_CKG) else str(o))
            elif isinstance(o, Literal):
                key = property_key(name, o.language)
                value: Any = float(o) if key in {"lat", "lon"} else _typed(o)
                _add(props, key, value)
                if name == "label" or name in {"wikidataId", "geonamesId"}:
                    _add(props, "names", normalise(str(o)))
            elif isinstance(o, BNode) or str(o).startswith(_DATA):
                oid = ids.get(o)  # type: ignore[call-overload]
                if oid is None:
                    oid = ids[o] = local_id(o)  # type: ignore[index, arg-type]
                target = pg.nodes.get(oid)
                if target is None:
                    target = pg.nodes[oid] = {"id": oid}
                _add(target, "datasets", dataset)
                datasets = pg.rels.setdefault((sid, rel_type(name), oid), [])
                if dataset not in datasets:
                    datasets.append(dataset)
            else:
                _add(
                    props, property_key(name, None), short_name(str(o)) if str(o).startswith(_CKG) else str(o)
                )
    for eid, props in pg.nodes.items():
        if any(t in ENTITY_CLASSES for t in props.get("types", [])):
            _add(props, "names", eid.casefold())
    return pg


def merge_properties(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """Merge a node's new properties into its stored ones; return the result and how many values were new.

    Examples
    --------
    >>> merge_properties({"id": "q", "label_en": ["Qazvin"]}, {"id": "q", "label_en": ["Qazvin", "Kazvin"]})
    ({'id': 'q', 'label_en': ['Qazvin', 'Kazvin']}, 1)
    """
    out = {k: (list(v) if isinstance(v, list) else v) for k, v in old.items()}
    added = 0
    for key, value in new.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            before = out.get(key)
            before = list(before) if isinstance(before, list) else before
            _add(out, key, v)
            if out.get(key) != before:
                added += 1
    return out, added


def values(props: Mapping[str, Any], key: str) -> list[Any]:
    """The values of a property as a list (scalars wrapped, missing → empty)."""
    v = props.get(key)
    if v is None:
        return []
    return list(v) if isinstance(v, list) else [v]


def literal_items(props: Mapping[str, Any]) -> Iterable[tuple[str, str | None, Any]]:
    """(short name, language, value) for every stored literal or individual-valued property."""
    for key in sorted(props):
        if key in {"id", "types", "datasets", "names", "_load"}:
            continue
        name, lang = split_key(key)
        for v in values(props, key):
            yield name, lang, v
