"""Housekeeping: reports beside the store and listed, RocksDB's logs bounded, a Neo4j name per checkout."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.embedded_store import EmbeddedStore
from service.cli import app

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_load_reports_go_beside_the_store_and_are_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYKG_HOME", str(tmp_path / "home"))
    assert "no reports yet" in runner.invoke(app, ["reports"]).output
    csv = tmp_path / "twin_cities_geocoded.csv"
    lines = (REPO.parent / "shared/data/wikipedia-twin-cities-hekman/twin_cities_geocoded.csv").read_text(
        encoding="utf-8"
    )
    csv.write_text("\n".join(lines.splitlines()[:4]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["load", str(csv)])
    assert result.exit_code == 0, result.output
    reports = tmp_path / "home" / "reports"
    assert any((reports / "resolution").glob("*.csv"))
    assert not list((tmp_path / "home" / "store").rglob("*.csv"))  # nothing of ours inside RocksDB's folder
    listed = json.loads(runner.invoke(app, ["reports", "--json"]).output)
    assert listed[0]["kind"] == "resolution"
    assert int(listed[0]["rows"]) >= 2


def test_rocksdb_logs_stay_bounded(tmp_path: Path) -> None:
    path = tmp_path / "store"
    for _ in range(8):
        EmbeddedStore(path).close()
    assert len(list(path.glob("LOG.old.*"))) <= 4  # three kept, plus the one this open rotated


def test_neo4j_server_default_name_is_this_checkouts_own() -> None:
    out = subprocess.run(
        [str(REPO / "scripts" / "neo4j-server"), "help"], capture_output=True, text=True, check=True
    )
    assert "default: co-" in out.stdout
    assert "default: default" not in out.stdout
