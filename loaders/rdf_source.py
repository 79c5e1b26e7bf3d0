"""Read RDF in the citykg ontology (Turtle, JSON-LD, N-Triples, N-Quads): the inverse of the export."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Dataset as RDFDataset
from rdflib import Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from loaders.errors import ParseError, UnreadableFile

__all__ = ["RDF_FORMATS", "read_rdf"]

# format name → rdflib parser name
RDF_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt", "nquads": "nquads", "trig": "trig"}
_LINE = re.compile(r"line (\d+)", re.IGNORECASE)


def read_rdf(path: Path, fmt: str) -> Graph:
    """Parse ``path`` as ``fmt`` into one graph (quads are merged into the union).

    Raises
    ------
    ParseError
        The file is not valid ``fmt``; the message names the line where the parser knows it.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    parser = RDF_FORMATS[fmt]
    try:
        if parser in {"nquads", "trig"}:
            ds = RDFDataset()
            ds.parse(data=data, format=parser)
            union = Graph()
            for s, p, o, _g in ds.quads((None, None, None, None)):
                union.add((s, p, o))
            return union
        graph = Graph()
        graph.parse(data=data, format=parser)
        return graph
    except BadSyntax as exc:
        raise ParseError(f"malformed {fmt}: {exc.message}", file=path, line=exc.lines + 1) from exc
    except (ParserError, ValueError, SyntaxError, KeyError, TypeError) as exc:
        found = _LINE.search(str(exc))
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ParseError(
            f"malformed {fmt}: {message}", file=path, line=int(found.group(1)) if found else None
        ) from exc
