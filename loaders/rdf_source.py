"""Read RDF in the citykg ontology (Turtle, JSON-LD, N-Triples, N-Quads, TriG): the inverse of the export.

Oxigraph's parsers do the reading (fast, and their errors carry the line and
column); the triples are handed on as an rdflib graph, the form every loader
produces. Named graphs of quad formats merge into the one dataset of the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from loaders.errors import ParseError, UnreadableFile

__all__ = ["RDF_FORMATS", "read_rdf"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
_POSITION = re.compile(r"line (\d+)(?:,? column (\d+))?|at (\d+):(\d+)", re.IGNORECASE)


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


def read_rdf(path: Path, fmt: str) -> Graph:
    """Parse ``path`` as ``fmt`` into one rdflib graph.

    Raises
    ------
    UnreadableFile
        The file cannot be read or is not UTF-8.
    ParseError
        The file is not valid ``fmt``; the message names the line (and column) where the parser knows it.
    """
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    graph = Graph()
    try:
        for quad in ox.parse(data, format=RDF_FORMATS[fmt]):
            graph.add((_term(quad.subject), _term(quad.predicate), _term(quad.object)))
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
