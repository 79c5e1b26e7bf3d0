"""The citykg shapes compiled to SPARQL over Oxigraph: the same results as pyshacl, in seconds.

pyshacl walks the data in Python, about 13 ms per entity; a store of 730k
triples takes it many minutes. Here each property shape of ``shapes.ttl``
becomes one query that fetches its focus nodes' values in bulk, with one
``EXISTS`` flag per class the shape checks, and the constraints are decided on
those rows in Python with pyshacl's own rules (rdflib's reading of a lexical
form decides ill-typed literals, as in pyshacl). Counts below ``sh:minCount``
come from one grouped query per shape.

The compiler knows the parts of SHACL core that ``shapes.ttl`` uses: targets by
class (following the ontology's ``rdfs:subClassOf``) and by SPARQL (SHACL-AF),
predicate paths, ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:class``, ``sh:node``, ``sh:or``, ``sh:nodeKind``, ``sh:pattern``, ``sh:in``,
``sh:minInclusive``, ``sh:maxInclusive``, ``sh:lessThanOrEquals`` and
``sh:uniqueLang``. A shape using anything else raises
:class:`~ontology.errors.ShapesError` when compiled, so a new constraint in
``shapes.ttl`` cannot be skipped silently; ``tests/ontology/test_shacl_sparql.py``
holds the results equal to pyshacl's on data with one violation of each
constraint.

Examples
--------
>>> from ontology.records import City, Dataset
>>> from ontology.to_rdf import dataset_to_graph
>>> graph = dataset_to_graph(Dataset(name="demo", entities=[City(id="nowhere")]))
>>> [r.message for r in validate_graph(graph).results]
['Needs at least one rdfs:label, a string or language-tagged string.']
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import RDF, RDFS, SH, XSD, BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ontology.errors import ShapesError
from ontology.validation import (
    ValidationReport,
    ValidationResult,
    _ontology,
    _order,
    _shapes,
)

__all__ = ["CompiledShapes", "compiled_shapes", "validate_graph", "validate_oxigraph"]

Progress = Callable[[int, int, str], None]


class _Queryable(Protocol):
    def query(self, query: str, *, use_default_graph_as_union: bool = ...) -> Any: ...


_KNOWN = {
    SH.path, SH.message, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.node, SH["or"], SH.nodeKind,
    SH.pattern, SH["in"], SH.minInclusive, SH.maxInclusive, SH.lessThanOrEquals, SH.uniqueLang, RDF.type,
    RDFS.comment, RDFS.label, SH.name, SH.description,
}  # fmt: skip
_NODE_LEVEL = {SH.targetClass, SH.target, SH.property, RDF.type, RDFS.comment, RDFS.label, SH["or"]}


# ---------------------------------------------------------------------------------------------- value tests
@dataclass(frozen=True)
class _Test:
    """One value constraint, decided on a value and the flags of the classes it is an instance of."""

    kind: str
    arg: Any = None


def _iri(node: Node) -> str:
    return f"<{node}>"


@functools.cache
def _subclasses() -> dict[URIRef, frozenset[URIRef]]:
    """Each class of the ontology with every class below it (itself included)."""
    onto = _ontology()
    below: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in onto.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            below[sup].add(sub)

    def closure(c: URIRef) -> frozenset[URIRef]:
        seen, todo = {c}, [c]
        while todo:
            for s in below.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        return frozenset(seen)

    classes = {c for c in onto.subjects(RDF.type, None) if isinstance(c, URIRef)} | set(below)
    return {c: closure(c) for c in classes}


def _closure(cls: URIRef) -> frozenset[URIRef]:
    return _subclasses().get(cls, frozenset({cls}))


@functools.cache
def _ontology_instances(classes: frozenset[URIRef]) -> frozenset[Node]:
    """Nodes the ontology itself types as one of ``classes`` (ckg:Mayor is a ckg:Role)."""
    onto = _ontology()
    return frozenset(s for cls in classes for c in _closure(cls) for s in onto.subjects(RDF.type, c))


def _closure_of(classes: frozenset[URIRef]) -> list[URIRef]:
    return sorted({c for cls in classes for c in _closure(cls)})


def _members(shapes: Graph, node: Node) -> list[Node]:
    return list(Collection(shapes, node))


def _tests(shapes: Graph, shape: Node, classes: set[frozenset[URIRef]]) -> list[_Test]:
    """The value tests of ``shape`` (a property shape, or an anonymous shape inside sh:or / sh:node)."""
    out: list[_Test] = []
    for p, o in sorted(shapes.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
        if p == SH.datatype:
            out.append(_Test("datatype", o))
        elif p == SH["class"]:
            assert isinstance(o, URIRef)
            classes.add(frozenset({o}))
            out.append(_Test("class", frozenset({o})))
        elif p == SH.nodeKind:
            if o != SH.IRI:
                raise ShapesError(f"sh:nodeKind {o} is not compiled (only sh:IRI)")
            out.append(_Test("iri"))
        elif p == SH.pattern:
            out.append(_Test("pattern", re.compile(str(o))))
        elif p == SH["in"]:
            out.append(_Test("in", frozenset(_members(shapes, o))))
        elif p == SH.minInclusive:
            out.append(_Test("min", o))
        elif p == SH.maxInclusive:
            out.append(_Test("max", o))
        elif p == SH["or"]:
            members = [_tests(shapes, m, set()) for m in _members(shapes, o)]
            if all(len(m) == 1 and m[0].kind == "class" for m in members):
                # "an instance of any of these classes": one flag for the union, not one per class
                union = frozenset(c for m in members for c in m[0].arg)
                classes.add(union)
                out.append(_Test("class", union))
            else:
                out.append(_Test("or", tuple(tuple(_tests(shapes, m, classes)) for m in _members(shapes, o))))
        elif p == SH.node:
            out.append(_Test("node", tuple(_tests(shapes, o, classes))))
        elif p not in _KNOWN and p not in _NODE_LEVEL:
            raise ShapesError(f"{p} in shape {shape} is not compiled to SPARQL; validate with pyshacl")
    return out


@functools.lru_cache(maxsize=1 << 18)
def _as_rdflib(value: Any) -> Node:
    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    if isinstance(value, ox.BlankNode):
        return BNode(value.value)
    if value.language:
        return Literal(value.value, lang=value.language)
    if value.datatype.value == str(XSD.string):
        return Literal(value.value)  # a plain literal, as rdflib reads it from N-Triples
    return Literal(value.value, datatype=URIRef(value.datatype.value))


def _actual(v: Literal, rule: URIRef) -> bool:
    # pyshacl's check that rdflib's Python value is of the datatype's kind (unknown datatypes pass).
    value = v.value
    if rule in (XSD.string, RDF.langString):
        return isinstance(value, (str, bytes))
    kinds: dict[URIRef, type | tuple[type, ...]] = {
        XSD.integer: int, XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool,
        XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
    }  # fmt: skip
    return isinstance(value, kinds[rule]) if rule in kinds else True


def _datatype_ok(v: Node, rule: Any) -> bool:
    if not isinstance(v, Literal):
        return False
    if v.datatype == rule:
        return v.ill_typed is not True and _actual(v, rule)
    if rule == RDFS.Literal:
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return True
    return bool(rule == RDF.langString and v.language and _actual(v, rule))


def _compare(v: Node, bound: Any) -> int | None:
    """v compared with a literal bound as pyshacl compares them: None where they cannot be compared."""
    if not isinstance(v, Literal) or not isinstance(bound, Literal):
        return None
    if isinstance(v.value, str) != isinstance(bound.value, str):
        return None
    try:
        if v.eq(bound):
            return 0
        if isinstance(v.value, (datetime, time)):  # rdflib's ordering of these ignores time zones
            return 0 if v.value == bound.value else 1 if v.value > bound.value else -1
        return 1 if v > bound else -1
    except (TypeError, NotImplementedError):
        return None


def _passes(test: _Test, v: Node, flags: dict[frozenset[URIRef], bool]) -> bool:
    kind = test.kind
    if kind == "datatype":
        return _datatype_ok(v, test.arg)
    if kind == "class":
        return flags.get(test.arg, False) or v in _ontology_instances(test.arg)
    if kind == "iri":
        return isinstance(v, URIRef)
    if kind == "pattern":
        return not isinstance(v, BNode) and test.arg.search(str(v)) is not None
    if kind == "in":
        return v in test.arg
    if kind == "min":
        c = _compare(v, test.arg)
        return c is not None and c >= 0
    if kind == "max":
        c = _compare(v, test.arg)
        return c is not None and c <= 0
    if kind == "or":
        return any(all(_passes(t, v, flags) for t in member) for member in test.arg)
    if kind == "node":
        return all(_passes(t, v, flags) for t in test.arg)
    raise ShapesError(f"unknown test {kind}")


# ---------------------------------------------------------------------------------------------- compiling
@dataclass
class _PropertyCheck:
    node_shape: Node
    path: URIRef
    message: str
    focus: str  # a SPARQL group pattern binding ?this
    tests: list[_Test]
    classes: list[frozenset[URIRef]]
    min_count: int | None = None
    max_count: int | None = None
    unique_lang: bool = False
    less_or_equal: URIRef | None = None

    def values_query(self) -> str:
        flags = " ".join(
            f"(EXISTS {{ ?v a ?t{i} . VALUES ?t{i} {{ {' '.join(map(_iri, _closure_of(c)))} }} }} AS ?c{i})"
            for i, c in enumerate(self.classes)
        )
        return f"SELECT DISTINCT ?this ?v {flags} WHERE {{ {self.focus} ?this {_iri(self.path)} ?v }}"

    def count_query(self) -> str:
        path = _iri(self.path)
        if self.min_count == 1:  # the common case: an index probe per focus node, no grouping
            return f"SELECT DISTINCT ?this WHERE {{ {self.focus} FILTER NOT EXISTS {{ ?this {path} ?v }} }}"
        return (
            f"SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {self.focus} OPTIONAL {{ ?this {path} ?v }} }}"
            f" GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(self.min_count or 0)})"
        )

    def other_query(self) -> str:
        assert self.less_or_equal is not None
        return f"SELECT DISTINCT ?this ?w WHERE {{ {self.focus} ?this {_iri(self.less_or_equal)} ?w }}"


@dataclass
class CompiledShapes:
    """The shapes as queries: one :class:`_PropertyCheck` per (node shape, property shape)."""

    checks: list[_PropertyCheck] = field(default_factory=list)


def _message(shapes: Graph, shape: Node) -> str:
    messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
    english = [m for m in messages if m.language in (None, "en")] or messages
    return str(min(english, key=str)) if english else "(no message)"


def _focus(shapes: Graph, node_shape: Node) -> str | None:
    classes = sorted({c for t in shapes.objects(node_shape, SH.targetClass) for c in _closure(t)})  # type: ignore[arg-type]
    parts: list[str] = []
    if classes:
        parts.append(f"{{ ?this a ?tc . VALUES ?tc {{ {' '.join(map(_iri, classes))} }} }}")
    for target in shapes.objects(node_shape, SH.target):
        if (target, RDF.type, SH.SPARQLTarget) not in shapes:
            raise ShapesError(f"target {target} of {node_shape} is not compiled (only SPARQL targets)")
        parts.append(f"{{ {shapes.value(target, SH.select)} }}")
    if not parts:
        return None
    return " UNION ".join(parts) + " ."


def _expand_prefixes(shapes: Graph, text: str) -> str:
    # sh:declare'd prefixes (only ckg: in shapes.ttl) written out, since a sub-select cannot carry PREFIX lines.
    for decl in shapes.objects(None, SH.declare):
        prefix, namespace = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
        text = re.sub(rf"(?<![\w<]){re.escape(str(prefix))}:(\w+)", rf"<{namespace}\1>", text)
    return text


@functools.cache
def compiled_shapes() -> CompiledShapes:
    """``shapes.ttl`` compiled once per process.

    Examples
    --------
    >>> len(compiled_shapes().checks) > 50
    True
    """
    shapes = _shapes()
    out = CompiledShapes()
    for node_shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        for p in shapes.predicates(node_shape):
            if p not in _NODE_LEVEL and p not in _KNOWN:
                raise ShapesError(f"{p} on node shape {node_shape} is not compiled to SPARQL")
        focus = _focus(shapes, node_shape)
        if focus is None:
            continue  # used only through sh:node
        focus = _expand_prefixes(shapes, focus)
        for prop in sorted(shapes.objects(node_shape, SH.property), key=str):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef):
                raise ShapesError(f"property shape {prop} has a path other than one predicate")
            classes: set[frozenset[URIRef]] = set()
            tests = _tests(shapes, prop, classes)
            min_count = shapes.value(prop, SH.minCount)
            max_count = shapes.value(prop, SH.maxCount)
            unique = shapes.value(prop, SH.uniqueLang)
            less = shapes.value(prop, SH.lessThanOrEquals)
            out.checks.append(
                _PropertyCheck(
                    node_shape=node_shape,
                    path=path,
                    message=_message(shapes, prop),
                    focus=focus,
                    tests=tests,
                    classes=sorted(classes, key=sorted),
                    min_count=int(min_count) if isinstance(min_count, Literal) else None,
                    max_count=int(max_count) if isinstance(max_count, Literal) else None,
                    unique_lang=bool(isinstance(unique, Literal) and unique.toPython() is True),
                    less_or_equal=less if isinstance(less, URIRef) else None,
                )
            )
    return out


# ---------------------------------------------------------------------------------------------- running
def _rows(store: _Queryable, query: str) -> Iterator[Any]:
    return iter(store.query(query, use_default_graph_as_union=True))


def _run(check: _PropertyCheck, store: _Queryable) -> Iterable[ValidationResult]:
    violation = SH.Violation

    def result(focus: Any, value: Node | None) -> ValidationResult:
        return ValidationResult(_as_rdflib(focus), check.path, violation, check.message, value)

    if check.min_count:
        for row in _rows(store, check.count_query()):
            yield result(row["this"], None)
    needs_values = check.tests or check.max_count is not None or check.unique_lang or check.less_or_equal
    if not needs_values:
        return
    per_focus: dict[Any, list[Node]] = defaultdict(list)
    for row in _rows(store, check.values_query()):
        v = _as_rdflib(row["v"])
        per_focus[row["this"]].append(v)
        if check.tests:
            flags = {c: row[f"c{i}"].value == "true" for i, c in enumerate(check.classes)}
            for test in check.tests:
                if not _passes(test, v, flags):
                    yield result(row["this"], v)
    if check.max_count is not None:
        for focus, values in per_focus.items():
            if len(values) > check.max_count:
                yield result(focus, None)
    if check.unique_lang:
        for focus, values in per_focus.items():
            langs: dict[str, int] = defaultdict(int)
            for v in values:
                if isinstance(v, Literal) and v.language:
                    langs[v.language.lower()] += 1
            for _lang in (lang for lang, n in langs.items() if n > 1):
                yield result(focus, None)
    if check.less_or_equal is not None:
        others: dict[Any, list[Node]] = defaultdict(list)
        for row in _rows(store, check.other_query()):
            others[row["this"]].append(_as_rdflib(row["w"]))
        for focus, values in per_focus.items():
            for v in values:
                for w in others.get(focus, ()):
                    c = _compare(v, w)
                    if c is None or c > 0:
                        yield result(focus, v)


def validate_oxigraph(store: _Queryable, *, progress: Progress | None = None) -> ValidationReport:
    """Validate the union graph of an Oxigraph store (a ``pyoxigraph.Store``) against the citykg shapes.

    ``progress(done, total, label)`` is called after each property shape.
    """
    checks = compiled_shapes().checks
    results: list[ValidationResult] = []
    for done, check in enumerate(checks, start=1):
        try:
            results.extend(_run(check, store))
        except (SyntaxError, RuntimeError) as exc:
            raise ShapesError(f"the compiled check of {check.node_shape} {check.path} failed: {exc}") from exc
        if progress is not None:
            progress(done, len(checks), f"{_short(check.node_shape)} {_short(check.path)}")
    results.sort(key=_order)
    return ValidationReport(conforms=not results, results=results)


def validate_graph(data: Graph) -> ValidationReport:
    """Validate an rdflib graph (all named graphs of a dataset) through an in-memory Oxigraph store."""
    store = ox.Store()
    quads = isinstance(data, ConjunctiveGraph)
    text = data.serialize(format="nquads" if quads else "nt", encoding="utf-8")
    store.load(text, ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES)
    return validate_oxigraph(store)


def _short(node: Node) -> str:
    return re.split(r"[#/]", str(node))[-1]
