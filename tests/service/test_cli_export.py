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


def test_every_format_exports_a_subject(tmp_path: Path) -> None:
    """``--subject NAME --depth N`` exports a part in every format: Qazvin's neighbourhood, not the whole store."""
    runner = CliRunner()
    home = ["--home", str(tmp_path / "home")]
    assert runner.invoke(app, [*home, "load", str(SEEDS)]).exit_code == 0
    sizes: dict[str, tuple[int, int]] = {}
    for fmt in ("turtle", "jsonld", "ntriples", "nquads", "cypher", "graphml", "gexf", "csv"):
        whole = runner.invoke(app, [*home, "export", "-f", fmt, "-o", str(tmp_path / f"all.{fmt}")])
        part = runner.invoke(
            app,
            [
                *home,
                "export",
                "-f",
                fmt,
                "--subject",
                "Qazvin",
                "--depth",
                "1",
                "-o",
                str(tmp_path / f"q.{fmt}"),
            ],
        )
        assert whole.exit_code == 0, whole.output
        assert part.exit_code == 0, part.output
        sizes[fmt] = ((tmp_path / f"q.{fmt}").stat().st_size, (tmp_path / f"all.{fmt}").stat().st_size)
        assert 0 < sizes[fmt][0] < sizes[fmt][1], fmt
    g = nx.read_graphml(tmp_path / "q.graphml")
    assert "qazvin" in g.nodes
    assert all(nx.has_path(g, "qazvin", n) for n in g.nodes)
    assert "qazvin" in (tmp_path / "q.cypher").read_text("utf-8")
    deeper = runner.invoke(
        app, [*home, "export", "-f", "graphml", "-s", "qazvin", "-d", "2", "-o", str(tmp_path / "q2.graphml")]
    )
    assert deeper.exit_code == 0, deeper.output
    assert nx.read_graphml(tmp_path / "q2.graphml").number_of_nodes() > g.number_of_nodes()


def test_neo4j_csv_bundle_and_refusals(tmp_path: Path) -> None:
    runner = CliRunner()
    home = ["--home", str(tmp_path / "home")]
    assert runner.invoke(app, [*home, "load", str(SEEDS)]).exit_code == 0
    out = tmp_path / "bundle"
    result = runner.invoke(app, [*home, "export", "-f", "neo4j-csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"import.sh", "load-csv.cypher", "constraints.cypher", "meta.csv", "meta.header.csv"} <= names
    header = next(p for p in out.glob("nodes-*.header.csv") if "population:long" in p.read_text())
    assert header.read_text().startswith("id:ID(Resource),:LABEL,")
    again = runner.invoke(app, [*home, "export", "-f", "neo4j-csv", "-o", str(out)])
    assert again.exit_code == 2
    assert "not an empty folder" in again.output
    assert {p.name for p in out.iterdir()} == names
    stdout = runner.invoke(app, [*home, "export", "-f", "neo4j-csv", "-o", "-"])
    assert stdout.exit_code == 2
    assert "a folder" in stdout.output
    depth = runner.invoke(
        app, [*home, "export", "-f", "turtle", "--depth", "2", "-o", str(tmp_path / "x.ttl")]
    )
    assert depth.exit_code == 2
    assert "--depth needs --subject" in depth.output
    nobody = runner.invoke(
        app, [*home, "export", "-f", "cypher", "-s", "no-such-place-at-all", "-o", str(tmp_path / "n.cypher")]
    )
    assert nobody.exit_code != 0
    assert "no-such-place-at-all" in nobody.output
    assert not (tmp_path / "n.cypher").exists()
    assert "Traceback" not in nobody.output
