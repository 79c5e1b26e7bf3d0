"""Read RDF in the citykg ontology (Turtle, JSON-LD, N-Triples, N-Quads, TriG): the inverse of the export.

Oxigraph's parsers do the reading (fast, and their errors carry the line and
column); the triples are handed on as an rdflib graph, the form every loader
produces. Named graphs of quad formats merge into the one dataset of the file.

Every typed literal is checked where it enters (:func:`literal_problem`): dates,
years and date-times must name a real day, numbers must be numbers of their
datatype, ``wgs:lat``/``wgs:long`` must lie on the globe and a population must not
be negative. A bad value is a :class:`~loaders.errors.RecordInvalid` naming the
file, the line and column where the value first appears, and the property; with
``--on-error skip`` the triple is set aside with that reason instead.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from loaders.errors import ParseError, RecordInvalid, UnreadableFile

if TYPE_CHECKING:
    from loaders.assembly import ReadContext

__all__ = ["RDF_FORMATS", "literal_problem", "read_rdf"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
_POSITION = re.compile(r"line (\d+)(?:,? column (\d+))?|at (\d+):(\d+)", re.IGNORECASE)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_TZ = r"(?:Z|[+-]\d{2}:\d{2})?"
_YEAR = r"-?\d{4,}"
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_DOUBLE = re.compile(r"^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN)$")
_SHAPES = {
    "date": re.compile(rf"^({_YEAR})-(\d{{2}})-(\d{{2}}){_TZ}$"),
    "gYearMonth": re.compile(rf"^({_YEAR})-(\d{{2}}){_TZ}$"),
    "gYear": re.compile(rf"^({_YEAR}){_TZ}$"),
    "dateTime": re.compile(rf"^({_YEAR})-(\d{{2}})-(\d{{2}})T(\d{{2}}):(\d{{2}}):(\d{{2}})(?:\.\d+)?{_TZ}$"),
}
_INTEGERS = {
    "integer": None,
    "int": None,
    "long": None,
    "short": None,
    "nonNegativeInteger": 0,
    "positiveInteger": 1,
    "unsignedInt": 0,
    "unsignedLong": 0,
}
_RANGES = {
    "http://www.w3.org/2003/01/geo/wgs84_pos#lat": ("latitude", -90.0, 90.0),
    "http://www.w3.org/2003/01/geo/wgs84_pos#long": ("longitude", -180.0, 180.0),
    "https://w3id.org/citykg/ontology#population": ("population", 0.0, math.inf),
}


def literal_problem(predicate: str, value: str, datatype: str | None) -> str | None:
    """Why a literal cannot be what its datatype (and its property) says, or ``None`` when it can.

    Examples
    --------
    >>> literal_problem("x", "2019-13-45", _XSD + "date")
    "'2019-13-45' is not an xsd:date (month must be in 1..12)"
    >>> literal_problem("x", "2019-05-05", _XSD + "date") is None, literal_problem("x", "1997", _XSD + "gYear") is None
    (True, True)
    >>> literal_problem("http://www.w3.org/2003/01/geo/wgs84_pos#lat", "123.0", _XSD + "decimal")
    'latitude 123.0 lies outside [-90.0, 90.0]'
    >>> literal_problem("x", "many", _XSD + "integer")
    "'many' is not an xsd:integer"
    """
    kind = datatype[len(_XSD) :] if datatype and datatype.startswith(_XSD) else None
    number: float | None = None
    if kind in _SHAPES:
        found = _SHAPES[kind].match(value.strip())
        if found is None:
            return f"{value!r} is not an xsd:{kind}"
        parts = [int(g) for g in found.groups()]
        try:
            date(abs(parts[0]) or 1, parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
            if kind == "dateTime":
                datetime(
                    2000, 1, 1, parts[3] % 24 if parts[3:6] == [24, 0, 0] else parts[3], parts[4], parts[5]
                )
        except ValueError as exc:
            return f"{value!r} is not an xsd:{kind} ({exc})"
    elif kind in _INTEGERS:
        if not _INTEGER.match(value.strip()):
            return f"{value!r} is not an xsd:{kind}"
        number = int(value)
        least = _INTEGERS[kind]
        if least is not None and number < least:
            return f"{value!r} is not an xsd:{kind} (less than {least})"
    elif kind == "decimal":
        if not _DECIMAL.match(value.strip()):
            return f"{value!r} is not an xsd:decimal"
        number = float(value)
    elif kind in {"double", "float"}:
        if not _DOUBLE.match(value.strip()):
            return f"{value!r} is not an xsd:{kind}"
        number = float(value.strip().replace("INF", "inf"))
    elif kind == "boolean" and value.strip() not in {"true", "false", "1", "0"}:
        return f"{value!r} is not an xsd:boolean"
    limits = _RANGES.get(predicate)
    if limits is not None:
        name, low, high = limits
        if number is None:
            try:
                number = float(value)
            except ValueError:
                return f"{value!r} is not a {name}"
        if not low <= number <= high:
            return (
                f"{name} {value} lies outside [{low}, {high}]"
                if high != math.inf
                else f"{name} {value} is negative"
            )
    return None


def _position(text: str, value: str) -> tuple[int | None, int | None]:
    """Line and column (1-based) where ``value`` first appears as a quoted or bare literal in ``text``."""
    index = -1
    for form in (f'"{value}"', f"'{value}'"):
        index = text.find(form)
        if index >= 0:
            index += 1
            break
    else:
        found = re.search(rf"(?<![\w.+-]){re.escape(value)}(?![\w.])", text)
        index = found.start() if found else -1
    if index < 0:
        return None, None
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _short(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1] or iri


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError("RDF-star triples are not supported")


def read_rdf(path: Path, fmt: str, ctx: ReadContext | None = None) -> Graph:
    """Parse ``path`` as ``fmt`` into one rdflib graph, checking every typed literal (:func:`literal_problem`).

    With ``ctx.on_error == "skip"`` a triple with a bad value is left out and recorded in
    ``ctx.rejected``; otherwise the first one raises.

    Raises
    ------
    UnreadableFile
        The file cannot be read or is not UTF-8.
    ParseError
        The file is not valid ``fmt``; the message names the line (and column) where the parser knows it.
    RecordInvalid
        A literal is not a value of its datatype, or a coordinate or population is out of range.
    """
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    graph = Graph()
    text: str | None = None
    try:
        for quad in ox.parse(data, format=RDF_FORMATS[fmt]):
            obj = quad.object
            if isinstance(obj, ox.Literal) and not obj.language:
                problem = literal_problem(quad.predicate.value, obj.value, obj.datatype.value)
                if problem is not None:
                    text = text if text is not None else data.decode("utf-8")
                    line, column = _position(text, obj.value)
                    field = _short(quad.predicate.value)
                    bad = RecordInvalid(problem, file=path, line=line, column=column, field=field)
                    if ctx is None or ctx.on_error == "fail":
                        raise bad
                    ctx.reject_value(path.stem, bad, {"subject": str(quad.subject.value), field: obj.value})
                    continue
            graph.add((_term(quad.subject), _term(quad.predicate), _term(obj)))
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "offset", None)
        found = _POSITION.search(str(exc))
        if line is None and found:
            line = int(found.group(1) or found.group(3))
            column = int(found.group(2) or found.group(4) or 0) or None
        message = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise ParseError(f"malformed {fmt}: {message}", file=path, line=line, column=column) from exc
    except (TypeError, ValueError) as exc:
        raise ParseError(f"cannot read {fmt}: {exc}", file=path) from exc
    return graph
