"""``citykg export --format graphml|gexf|csv`` and ``citykg ego ... -o qazvin.html`` on a small store."""

from __future__ import annotations

import zipfile
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from service.cli import app

SEEDS = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"


def test_export_graph_formats_and_the_qazvin_page(tmp_path: Path) -> None:
    runner = CliRunner()
    home = ["--home", str(tmp_path / "home")]
    loaded = runner.invoke(app, [*home, "load", str(SEEDS)])
    assert loaded.exit_code == 0, loaded.output
    for fmt in ("graphml", "gexf", "csv", "cypher"):
        result = runner.invoke(app, [*home, "export", "--format", fmt, "-o", str(tmp_path / f"all.{fmt}")])
        assert result.exit_code == 0, result.output
    g = nx.read_graphml(tmp_path / "all.graphml")
    assert g.nodes["qazvin"]["type"] == "City"
    assert nx.read_gexf(tmp_path / "all.gexf").nodes["qazvin"]["label"] == "Qazvin"
    assert sorted(zipfile.ZipFile(tmp_path / "all.csv").namelist()) == ["edges.csv", "nodes.csv"]
    assert "UNWIND" in (tmp_path / "all.cypher").read_text("utf-8")
    page = tmp_path / "qazvin.html"
    result = runner.invoke(app, [*home, "ego", "Qazvin", "--depth", "2", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "vis.Network" in page.read_text("utf-8")
    bad = runner.invoke(app, [*home, "export", "--format", "dot", "-o", str(tmp_path / "x")])
    assert bad.exit_code == 2
