"""What ``citykg export --format`` writes: RDF, Cypher, a Neo4j CSV bundle, GraphML, GEXF or CSV, of the store or a part."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from graph.cypher_export import property_graph_of, write_cypher
from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument, NotSupported
from graph.graph_export import GRAPH_EXPORT_FORMATS, export_graph, export_rdf_part, store_view
from graph.neo4j_csv import write_neo4j_csv
from graph.rdf_export import RDF_EXPORT_FORMATS, export_rdf
from graph.store import Store

__all__ = ["EXPORT_FORMATS", "export_bundle", "export_data", "export_part"]

EXPORT_FORMATS = ("turtle", "jsonld", "ntriples", "nquads", "cypher", "neo4j-csv", *GRAPH_EXPORT_FORMATS)


def export_part(store: Store, subject: str, depth: int = 1, *, lang: str = "en") -> Any:
    """The part around ``subject`` (an id or a name): it and the entities within ``depth`` hops, with their ties."""
    from graph.ego import ego_network

    return ego_network(store, subject, depth=depth, lang=lang)


def export_data(store: Store, fmt: str, *, lang: str = "en", part: Any = None) -> bytes:
    """The whole store, or ``part`` (see :func:`export_part`), as ``fmt`` (see :data:`EXPORT_FORMATS`).

    csv is a zip of nodes.csv and edges.csv; neo4j-csv a zip of the bundle of :mod:`graph.neo4j_csv`.
    ``lang`` chooses the node labels of the graph formats (GraphML, GEXF, CSV); RDF and Cypher keep every label.
    """
    if fmt in GRAPH_EXPORT_FORMATS:
        return export_graph(store_view(store, lang=lang) if part is None else part, fmt)
    if fmt == "cypher":
        buf = io.BytesIO()
        write_cypher(store, buf, part=part)
        return buf.getvalue()
    if fmt == "neo4j-csv":
        with tempfile.TemporaryDirectory() as tmp:
            bundle = Path(tmp) / "citykg-neo4j-csv"
            files = export_bundle(store, bundle, part=part)
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in files:
                    zf.write(path, f"{bundle.name}/{path.name}")
            return buf.getvalue()
    if fmt not in RDF_EXPORT_FORMATS or fmt == "trig":
        raise InvalidArgument(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if not isinstance(store, EmbeddedStore):
        raise NotSupported(f"the {fmt} export needs the embedded store; run it without --store neo4j")
    if part is not None:
        return export_rdf_part(store, part, fmt)
    return export_rdf(store, fmt) or b""


def export_bundle(store: Store, directory: Path, *, part: Any = None) -> list[Path]:
    """Write the Neo4j CSV bundle of the store (or ``part``) into ``directory``, absent or empty; return its files."""
    return write_neo4j_csv(property_graph_of(store, part), directory)
