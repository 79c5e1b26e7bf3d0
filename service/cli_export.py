"""What ``citykg export --format`` writes: RDF, Cypher, GraphML, GEXF or CSV of the whole store."""

from __future__ import annotations

import importlib
import io

from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument
from graph.graph_export import GRAPH_EXPORT_FORMATS, export_graph, store_view
from graph.rdf_export import RDF_EXPORT_FORMATS, export_rdf
from graph.store import Store

__all__ = ["EXPORT_FORMATS", "export_data"]

EXPORT_FORMATS = ("turtle", "jsonld", "ntriples", "nquads", "cypher", *GRAPH_EXPORT_FORMATS)


def export_data(store: Store, fmt: str) -> bytes:
    """The whole store as ``fmt`` (see :data:`EXPORT_FORMATS`); csv is a zip of nodes.csv and edges.csv."""
    if fmt in GRAPH_EXPORT_FORMATS:
        return export_graph(store_view(store), fmt)
    if fmt == "cypher":
        try:
            module = importlib.import_module("graph.cypher_export")
        except ModuleNotFoundError as exc:
            raise InvalidArgument(
                "the Cypher export (graph.cypher_export) is not available in this build"
            ) from exc
        buf = io.StringIO()
        module.write_cypher(store, buf)
        return buf.getvalue().encode()
    if fmt not in RDF_EXPORT_FORMATS:
        raise InvalidArgument(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if not isinstance(store, EmbeddedStore):
        raise InvalidArgument("RDF exports need the embedded store; run without --store neo4j")
    return export_rdf(store, fmt) or b""
