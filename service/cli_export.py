"""What ``citykg export --format`` writes: RDF, Cypher, GraphML, GEXF or CSV of the whole store."""

from __future__ import annotations

import io

from graph.cypher_export import write_cypher
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotSupported
from graph.graph_export import GRAPH_EXPORT_FORMATS, export_graph, store_view
from graph.rdf_export import RDF_EXPORT_FORMATS, export_rdf
from graph.store import Store

__all__ = ["EXPORT_FORMATS", "export_data"]

EXPORT_FORMATS = ("turtle", "jsonld", "ntriples", "nquads", "cypher", *GRAPH_EXPORT_FORMATS)


def export_data(store: Store, fmt: str, *, lang: str = "en") -> bytes:
    """The whole store as ``fmt`` (see :data:`EXPORT_FORMATS`); csv is a zip of nodes.csv and edges.csv.

    ``lang`` chooses the node labels of the graph formats (GraphML, GEXF, CSV); RDF and Cypher keep every label.
    """
    if fmt in GRAPH_EXPORT_FORMATS:
        return export_graph(store_view(store, lang=lang), fmt)
    if fmt == "cypher":
        buf = io.BytesIO()
        write_cypher(store, buf)
        return buf.getvalue()
    if not isinstance(store, EmbeddedStore):
        raise NotSupported(f"the {fmt} export needs the embedded store; run it without --store neo4j")
    if fmt not in RDF_EXPORT_FORMATS:
        raise InvalidArgument(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    return export_rdf(store, fmt) or b""
