"""Write the store's content as RDF: Turtle, JSON-LD (with an @context), N-Triples, N-Quads."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
import rdflib

from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument

__all__ = ["PREFIXES", "RDF_EXPORT_FORMATS", "export_rdf"]

PREFIXES = {
    "ckg": "https://w3id.org/citykg/ontology#",
    "id": "https://w3id.org/citykg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "wgs": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "wd": "http://www.wikidata.org/entity/",
}
RDF_EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


def export_rdf(store: EmbeddedStore, fmt: str, output: Path | BinaryIO | None = None) -> bytes | None:
    """Serialise the whole store as ``fmt``; dataset formats keep the named graphs (provenance).

    Returns the bytes when ``output`` is None.
    """
    if fmt not in RDF_EXPORT_FORMATS:
        raise InvalidArgument(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_EXPORT_FORMATS)}")
    if fmt == "jsonld":
        return _jsonld(store, output)
    rdf_format = RDF_EXPORT_FORMATS[fmt]
    data = store.quads() if rdf_format.supports_datasets else store.triples()
    prefixes = PREFIXES if fmt in {"turtle", "trig", "jsonld"} else None
    target = str(output) if isinstance(output, Path) else output
    return ox.serialize(data, target, rdf_format, prefixes=prefixes)


def _jsonld(store: EmbeddedStore, output: Path | BinaryIO | None) -> bytes | None:
    # pyoxigraph writes expanded JSON-LD; rdflib compacts it against citykg's @context.
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(store.triples(), None, ox.RdfFormat.N_TRIPLES), format="nt")
    data = graph.serialize(format="json-ld", context=PREFIXES, auto_compact=True, ensure_ascii=False).encode()
    if output is None:
        return data
    if isinstance(output, Path):
        output.write_bytes(data)
    else:
        output.write(data)
    return None
