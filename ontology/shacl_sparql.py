"""The citykg shapes compiled to SPARQL over Oxigraph: the same results as pyshacl, in seconds.

pyshacl walks the data in Python, about 13 ms per entity; a store of 730k
triples takes it many minutes. Here each property shape of ``shapes.ttl``
becomes a few queries. The value query joins the focus nodes, the property's
values and the instances of each class the shape checks (sub-selects that
Oxigraph joins by hashing, each read once) and keeps in Oxigraph every row that
surely passes: a filter compiled from each constraint (:func:`_sure`: a
well-formed lexical form of the datatype, a number within the bounds, an
instance of the class, ...) that may let a passing value through but never
drops a failing one. The few rows left are decided in Python with pyshacl's own
rules (rdflib's reading of a lexical form decides ill-typed literals, as in
pyshacl). ``sh:minCount``, ``sh:maxCount`` and ``sh:uniqueLang`` are counted in
grouped sub-queries; only the focus nodes at fault come back.

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


# ---------------------------------------------------------------------------------------------- pushed down
# Lexical forms that rdflib surely reads as a well-typed value of the datatype (pyshacl's test). A value
# outside them is not wrong: it is fetched and decided in Python. Days 29-31 and other edge cases go to Python.
_SURE_FORMS: dict[URIRef, str] = {
    XSD.integer: "^[+-]?[0-9]{1,15}$",
    XSD.nonNegativeInteger: "^[0-9]{1,15}$",
    XSD.positiveInteger: "^[1-9][0-9]{0,14}$",
    XSD.decimal: "^[+-]?[0-9]{1,15}([.][0-9]{1,15})?$",
    XSD.date: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
    XSD.gYear: "^[1-9][0-9]{3}$",
    XSD.gYearMonth: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$",
}
_NUMERIC = (XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.decimal)


def _well_formed(var: str, datatype: URIRef) -> str:
    return f'(datatype({var}) = {_iri(datatype)} && REGEX(STR({var}), "{_SURE_FORMS[datatype]}"))'


def _sure(
    test: _Test, var: str = "?v", *, flag: Callable[[frozenset[URIRef]], str] | None = None
) -> str | None:
    """A SPARQL expression true only where ``test`` surely passes (None: no such expression, fetch every row).

    It may be false where the test passes (the row is then fetched and decided in Python), never true where it
    fails; ``tests/ontology/test_shacl_sparql.py`` holds this on generated values of every datatype.
    """
    kind, arg = test.kind, test.arg
    if kind == "datatype":
        if arg == XSD.string:
            return f"(isLiteral({var}) && datatype({var}) = {_iri(XSD.string)})"
        if arg == RDF.langString:
            return f'(isLiteral({var}) && lang({var}) != "")'
        if arg == RDFS.Literal:
            return f"isLiteral({var})"
        if arg in _SURE_FORMS:
            return _well_formed(var, arg)
        return None
    if kind == "class":
        # the query joins each class's instances once and names the flag variable that says so
        return None if flag is None else flag(arg)
    if kind == "iri":
        return f"isIRI({var})"
    if kind == "pattern":
        # shapes.ttl's patterns are plain ASCII classes and anchors, read alike by Python and Oxigraph
        if not re.fullmatch(r"[\^\$\[\]A-Za-z0-9{},*+?()|\-]*", arg.pattern):
            return None
        # typed literals only in Python: rdflib may write a number's lexical form otherwise ("7.0" for 7e0)
        text = f'(isIRI({var}) || datatype({var}) = {_iri(XSD.string)} || lang({var}) != "")'
        return f'({text} && REGEX(STR({var}), "{arg.pattern}"))'
    if kind == "in":
        if not arg or not all(isinstance(m, URIRef) for m in arg):
            return None
        return f"({' || '.join(f'sameTerm({var}, {_iri(m)})' for m in sorted(arg))})"
    if kind in ("min", "max"):
        if not isinstance(arg, Literal) or arg.datatype not in _NUMERIC or arg.ill_typed:
            return None
        numeric = " || ".join(_well_formed(var, d) for d in _NUMERIC)
        op = ">=" if kind == "min" else "<="
        return f"(({numeric}) && {var} {op} {arg.n3()})"
    if kind in ("or", "node"):
        members = [[_sure(t, var, flag=flag) for t in m] for m in (arg if kind == "or" else (arg,))]
        known = [m for m in members if m and all(e is not None for e in m)]
        if not known:
            return None
        return "(" + " || ".join("(" + " && ".join(e for e in m if e) + ")" for m in known) + ")"
    return None


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

    # Oxigraph joins two sub-selects by hashing, and MINUS by hashing too, where a pattern that names the focus
    # node's variable is probed once per row (about 10-40 us in RocksDB): each query below reads each predicate
    # and each class once. On the 730k-triple store this took validation from 75 s to the figures in
    # docs/loaders.md.
    def _focus_rows(self) -> str:
        return f"{{ SELECT DISTINCT ?this WHERE {{ {self.focus} }} }}"

    def _pairs(self, var: str = "?v") -> str:
        return f"{{ SELECT ?this {var} WHERE {{ ?this {_iri(self.path)} {var} }} }}"

    def values_query(self) -> str:
        flags = " ".join(f"(BOUND(?k{i}) AS ?c{i})" for i in range(len(self.classes)))
        members = " ".join(
            f"OPTIONAL {{ SELECT ?v (true AS ?k{i}) WHERE {{ ?v a ?t{i} . VALUES ?t{i} {{ "
            f"{' '.join(map(_iri, _closure_of(c)))} }} }} }}"
            for i, c in enumerate(self.classes)
        )
        index = {c: i for i, c in enumerate(self.classes)}
        sure = [_sure(t, flag=lambda c: f"BOUND(?k{index[c]})") for t in self.tests]
        # only rows some test may fail: the rest pass surely and never leave Oxigraph
        keep = "" if None in sure else f" FILTER(!({' && '.join(e for e in sure if e)}))"
        return f"SELECT DISTINCT ?this ?v {flags} WHERE {{ {self._focus_rows()} {self._pairs()} {members}{keep} }}"

    def max_query(self) -> str:
        return (
            f"SELECT ?this WHERE {{ {self._focus_rows()} {{ SELECT ?this WHERE {{ ?this {_iri(self.path)} ?v }}"
            f" GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(self.max_count or 0)}) }} }}"
        )

    def unique_lang_query(self) -> str:
        return (
            f"SELECT ?this WHERE {{ {self._focus_rows()} {{ SELECT ?this ?l WHERE {{ ?this {_iri(self.path)} ?v"
            ' FILTER(isLiteral(?v) && lang(?v) != "") BIND(LCASE(lang(?v)) AS ?l) }'
            " GROUP BY ?this ?l HAVING (COUNT(DISTINCT ?v) > 1) } }"
        )

    def pairs_query(self) -> str:
        assert self.less_or_equal is not None
        numbers = [" || ".join(_well_formed(x, d) for d in _NUMERIC) for x in ("?v", "?w")]
        # two well-formed numbers in order pass surely; dates and the rest are compared in Python
        return (
            f"SELECT DISTINCT ?this ?v ?w WHERE {{ {self._focus_rows()} {self._pairs()}"
            f" {{ SELECT ?this ?w WHERE {{ ?this {_iri(self.less_or_equal)} ?w }} }}"
            f" FILTER(!(({numbers[0]}) && ({numbers[1]}) && ?v <= ?w)) }}"
        )

    def count_query(self) -> str:
        if self.min_count == 1:  # the common case
            return f"SELECT ?this WHERE {{ {self._focus_rows()} MINUS {{ ?this {_iri(self.path)} ?v }} }}"
        return (
            f"SELECT ?this WHERE {{ {self._focus_rows()} OPTIONAL {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n)"
            f" WHERE {{ ?this {_iri(self.path)} ?v }} GROUP BY ?this }}"
            f" FILTER(!BOUND(?n) || ?n < {int(self.min_count or 0)}) }}"
        )


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
    if check.tests:
        for row in _rows(store, check.values_query()):
            v = _as_rdflib(row["v"])
            flags = {c: row[f"c{i}"].value == "true" for i, c in enumerate(check.classes)}
            for test in check.tests:
                if not _passes(test, v, flags):
                    yield result(row["this"], v)
    if check.max_count is not None:
        for row in _rows(store, check.max_query()):
            yield result(row["this"], None)
    if check.unique_lang:
        for row in _rows(store, check.unique_lang_query()):
            yield result(row["this"], None)
    if check.less_or_equal is not None:
        for row in _rows(store, check.pairs_query()):
            c = _compare(_as_rdflib(row["v"]), _as_rdflib(row["w"]))
            if c is None or c > 0:
                yield result(row["this"], _as_rdflib(row["v"]))


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
