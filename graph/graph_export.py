"""Graph files for Gephi-style tools: GraphML, GEXF and CSV of the whole graph or a part.

Nodes carry ``label``, ``type``, ``country``, ``lat`` and ``lon`` (GEXF also as
``viz`` positions, longitude as x and latitude as y); edges carry ``kind``,
``fact``, ``start``, ``end`` and ``sources`` (space-separated source ids). Two
agreements between the same pair stay two edges. Missing values are left out
(GraphML and GEXF have no null). CSV is a zip of ``nodes.csv`` and ``edges.csv``,
with text cells that a spreadsheet would run as formulas neutralised
(:func:`graph.spreadsheet.safe_cell`). Extra node attributes (a ``community`` from
:mod:`graph.communities`, say) are added with ``node_attributes``, as attributes of
their own and CSV columns.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import rdflib

from graph.embedded_store import EmbeddedStore
from graph.errors import InvalidArgument
from graph.rdf_export import PREFIXES, RDF_EXPORT_FORMATS
from graph.spreadsheet import safe_row
from graph.store import Store
from graph.visual import View, as_view
from ontology.vocab import CKG, DATA

__all__ = [
    "GRAPH_EXPORT_FORMATS",
    "export_graph",
    "export_rdf_part",
    "part_quads",
    "store_view",
    "to_networkx",
]

GRAPH_EXPORT_FORMATS = ("graphml", "gexf", "csv")
_NODE_FIELDS = ("id", "label", "type", "country", "lat", "lon")
_EDGE_FIELDS = ("source", "target", "kind", "fact", "start", "end", "sources")


def store_view(store: Store, *, lang: str = "en") -> View:
    """The whole store as a :class:`~graph.visual.View`: every node and every tie.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> len(store_view(EmbeddedStore()).nodes)
    0
    """
    return View(None, store.nodes(lang=lang), store.ties())


def to_networkx(subgraph: Any) -> nx.MultiGraph[str]:
    """A networkx MultiGraph of a subgraph, a view or a list of paths, with labels, types and coordinates.

    Examples
    --------
    >>> from graph.store import NodeInfo, Tie
    >>> v = View(None, [NodeInfo("a", "City", "A", "ir", 36.3, 50.0), NodeInfo("b", "City", "B")],
    ...          [Tie("f1", "TwinningAgreement", "a", "b", "1990"), Tie("f2", "Membership", "a", "b")])
    >>> g = to_networkx(v)
    >>> g.number_of_edges("a", "b"), g.nodes["a"]["lat"], "lat" in g.nodes["b"]
    (2, 36.3, False)
    """
    view = as_view(subgraph)
    g: nx.MultiGraph[str] = nx.MultiGraph()
    for n in view.nodes:
        attrs = {"label": n.label, "type": n.type, "country": n.country, "lat": n.lat, "lon": n.lon}
        g.add_node(n.id, **{k: v for k, v in attrs.items() if v is not None})
    for t in view.ties:
        if t.source in g and t.target in g:
            attrs = {
                "kind": t.kind,
                "fact": t.fact,
                "start": t.start,
                "end": t.end,
                "sources": " ".join(t.sources),
            }
            g.add_edge(t.source, t.target, key=f"{t.fact}|{t.kind}", **{k: v for k, v in attrs.items() if v})
    return g


def export_graph(
    subgraph: Any,
    fmt: str,
    output: Path | None = None,
    *,
    node_attributes: Mapping[str, Mapping[str, str | int | float]] | None = None,
) -> bytes:
    """Serialise ``subgraph`` as ``graphml``, ``gexf`` or ``csv`` (a zip); write to ``output`` when given.

    ``node_attributes`` maps an attribute name to its value per node id (nodes
    without a value go without the attribute).

    Examples
    --------
    >>> from graph.store import NodeInfo
    >>> export_graph(View(None, [NodeInfo("a", "City", "A")], []), "graphml")[:5]
    b'<?xml'
    >>> b'"community"' in export_graph(View(None, [NodeInfo("a", "City", "A")], []), "graphml",
    ...                                node_attributes={"community": {"a": 3}})
    True
    """
    if fmt not in GRAPH_EXPORT_FORMATS:
        raise InvalidArgument(
            f"unknown graph format {fmt!r}; choose one of {', '.join(GRAPH_EXPORT_FORMATS)}"
        )
    g = to_networkx(subgraph)
    extra = sorted(node_attributes or {})
    for name in extra:
        if name in _NODE_FIELDS:
            raise InvalidArgument(f"node attribute {name!r} would replace the built-in one")
        for node, value in (node_attributes or {})[name].items():
            if node in g:
                g.nodes[node][name] = value
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    elif fmt == "gexf":
        for _, attrs in g.nodes(data=True):
            if "lat" in attrs and "lon" in attrs:
                attrs["viz"] = {"position": {"x": attrs["lon"], "y": attrs["lat"], "z": 0.0}}
        nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True)
        for _, attrs in g.nodes(data=True):
            attrs.pop("viz", None)
    else:
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(
                "nodes.csv", _csv((*_NODE_FIELDS, *extra), ({"id": n, **a} for n, a in g.nodes(data=True)))
            )
            zf.writestr(
                "edges.csv",
                _csv(_EDGE_FIELDS, ({"source": u, "target": v, **a} for u, v, a in g.edges(data=True))),
            )
    data = buf.getvalue()
    if output is not None:
        output.write_bytes(data)
    return data


def _csv(fields: tuple[str, ...], rows: Any) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    # Labels come from the sources: none may become a formula in the spreadsheet that opens the file.
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue()


_FOLLOW = {str(CKG.evidence), "http://www.w3.org/ns/prov#wasDerivedFrom"}


def part_quads(store: EmbeddedStore, subgraph: Any) -> list[ox.Quad]:
    """The quads describing a part: about its entities and facts, and about their evidence and sources."""
    view = as_view(subgraph)
    wanted = {str(DATA[n.id]) for n in view.nodes} | {str(DATA[t.fact]) for t in view.ties}
    quads = [q for q in store.quads() if isinstance(q.subject, ox.NamedNode) and q.subject.value in wanted]
    follow = {
        q.object.value for q in quads if q.predicate.value in _FOLLOW and isinstance(q.object, ox.NamedNode)
    }
    follow -= wanted
    if follow:
        quads += [
            q for q in store.quads() if isinstance(q.subject, ox.NamedNode) and q.subject.value in follow
        ]
    return quads


def export_rdf_part(store: EmbeddedStore, subgraph: Any, fmt: str) -> bytes:
    """The RDF describing a part: its entities, its facts, their evidence and sources, in ``fmt``.

    ``nquads`` keeps each triple's dataset (its provenance); ``jsonld`` is compacted against
    :data:`graph.rdf_export.PREFIXES`.

    Examples
    --------
    >>> from ontology.records import City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> from graph.store import NodeInfo
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id="qazvin", labels={"en": ["Qazvin"]}),
    ...                                     City(id="isfahan", labels={"en": ["Isfahan"]})])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> part = View(None, [NodeInfo("qazvin", "City", "Qazvin")], [])
    >>> b"Isfahan" in export_rdf_part(store, part, "ntriples"), b"Qazvin" in export_rdf_part(store, part, "ntriples")
    (False, True)
    """
    if fmt not in RDF_EXPORT_FORMATS:
        raise InvalidArgument(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_EXPORT_FORMATS)}")
    quads = part_quads(store, subgraph)
    rdf_format = RDF_EXPORT_FORMATS[fmt]
    if fmt == "jsonld":
        graph = rdflib.Graph()
        graph.parse(data=ox.serialize([q.triple for q in quads], None, ox.RdfFormat.N_TRIPLES), format="nt")
        return graph.serialize(
            format="json-ld", context=PREFIXES, auto_compact=True, ensure_ascii=False
        ).encode()
    data: Any = quads if rdf_format.supports_datasets else list(dict.fromkeys(q.triple for q in quads))
    prefixes = PREFIXES if fmt in {"turtle", "trig"} else None
    return ox.serialize(data, None, rdf_format, prefixes=prefixes) or b""
