"""GraphML, GEXF and CSV open in networkx and igraph with labels, types, coordinates and parallel ties."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import igraph as ig
import networkx as nx
import pytest

from graph.graph_export import export_graph, store_view, to_networkx
from graph.store import NodeInfo, Tie
from graph.visual import View

VIEW = View(
    "qazvin",
    [
        NodeInfo("qazvin", "City", "قزوین", "iran", 36.28, 50.0),
        NodeInfo("isfahan", "City", "Isfahan", "iran", 32.65, 51.67),
        NodeInfo("silk", "Network", "Silk Road Cities"),
    ],
    [
        Tie("t1", "TwinningAgreement", "isfahan", "qazvin", "1990", None, ("s1",)),
        Tie("t2", "MemorandumOfUnderstanding", "isfahan", "qazvin", "2015", "2020", ("s2", "s3")),
        Tie("m1", "Membership", "qazvin", "silk", sources=("s4",)),
    ],
)


def test_graphml_in_networkx_and_igraph(tmp_path: Path) -> None:
    path = tmp_path / "v.graphml"
    export_graph(VIEW, "graphml", path)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.nodes["qazvin"] == {
        "label": "قزوین",
        "type": "City",
        "country": "iran",
        "lat": 36.28,
        "lon": 50.0,
    }
    assert g.number_of_edges("qazvin", "isfahan") == 2
    assert sorted(d["kind"] for _, _, d in g.edges(data=True)) == [
        "Membership",
        "MemorandumOfUnderstanding",
        "TwinningAgreement",
    ]
    h = ig.Graph.Read_GraphML(str(path))
    assert h.vcount() == 3
    assert h.ecount() == 3
    assert sorted(h.vs["label"]) == ["Isfahan", "Silk Road Cities", "قزوین"]
    assert h.vs.find(id="isfahan")["lat"] == 32.65
    assert sorted(h.es["kind"]) == ["Membership", "MemorandumOfUnderstanding", "TwinningAgreement"]


def test_gexf_in_networkx_with_positions_and_in_igraph(tmp_path: Path) -> None:
    path = tmp_path / "v.gexf"
    export_graph(VIEW, "gexf", path)
    g = nx.read_gexf(path)
    assert g.nodes["qazvin"]["label"] == "قزوین"
    assert g.nodes["qazvin"]["type"] == "City"
    assert g.nodes["qazvin"]["viz"]["position"] == {"x": 50.0, "y": 36.28, "z": 0.0}
    assert g.number_of_edges() == 3
    # igraph has no GEXF reader; it takes the graph networkx read.
    h = ig.Graph.from_networkx(g)
    assert h.vcount() == 3
    assert h.ecount() == 3


def test_csv_zip_has_nodes_and_edges() -> None:
    z = zipfile.ZipFile(io.BytesIO(export_graph(VIEW, "csv")))
    nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode())))
    edges = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode())))
    assert nodes[0] == {
        "id": "qazvin",
        "label": "قزوین",
        "type": "City",
        "country": "iran",
        "lat": "36.28",
        "lon": "50.0",
    }
    assert {e["fact"]: e["sources"] for e in edges} == {"t1": "s1", "t2": "s2 s3", "m1": "s4"}


def test_unknown_format_is_refused() -> None:
    from graph.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="graphml"):
        export_graph(VIEW, "dot")


def test_whole_seed_store_round_trips(seed_store: object, tmp_path: Path) -> None:
    view = store_view(seed_store, lang="fa")  # type: ignore[arg-type]
    g = to_networkx(view)
    assert g.number_of_nodes() == len(view.nodes)
    assert g.nodes["qazvin"]["label"] == "قزوین"
    export_graph(view, "graphml", tmp_path / "all.graphml")
    h = ig.Graph.Read_GraphML(str(tmp_path / "all.graphml"))
    assert h.vcount() == len(view.nodes)
