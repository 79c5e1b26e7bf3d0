"""A command pays only for what it uses: `--help` and `show` import no graph library, web framework or reader."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from ontology.records import City, Dataset
from ontology.to_rdf import dataset_to_graph

REPO = Path(__file__).resolve().parents[2]
HEAVY = (
    "igraph",
    "matplotlib",
    "pyshacl",
    "pyvis",
    "fastapi",
    "networkx",
    "numpy",
    "loaders.sources",
    "loaders.news",
)
# Not for --help and `show` either: rdflib (0.15 s of CPU) and pydantic-settings (0.2 s); `path` needs igraph.
LIGHT_ONLY = ("rdflib", "pydantic_settings")
PROBE = """
import json, sys
from service.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def _imported(*args: str, home: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=heavy), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"CITYKG_HOME": str(home), "PATH": "/usr/bin:/bin", "COLUMNS": "120"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("startup")
    store = EmbeddedStore(home / "store")
    store.load([("tiny", dataset_to_graph(Dataset(name="tiny", entities=[City(id="tiny-town")])))])
    store.close()
    return home


@pytest.mark.parametrize("args", [["--help"], ["show", "tiny-town", "--json"], ["path", "--help"]])
def test_no_heavy_imports(args: list[str], home: Path) -> None:
    assert _imported(*args, home=home) == []


@pytest.mark.parametrize("args", [["--help"], ["show", "tiny-town"], ["show", "tiny-town", "--json"]])
def test_show_reads_the_store_without_rdflib_or_settings(args: list[str], home: Path) -> None:
    assert _imported(*args, home=home, heavy=LIGHT_ONLY) == []


def test_spelled_out_choices_match_their_modules() -> None:
    import service.cli  # noqa: F401  # registers the command modules (they import it back)
    from graph import centrality, communities, mixing
    from service import cli_graph, cli_research

    assert cli_graph.METRICS == centrality.METRICS
    assert cli_research.ALGORITHMS == communities.ALGORITHMS
    assert cli_research.ATTRIBUTES == mixing.ATTRIBUTES
