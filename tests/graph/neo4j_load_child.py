"""A loader process for the Neo4j kill tests: loads rows of a Wikidata sister-city CSV into Neo4j.

Run as ``python tests/graph/neo4j_load_child.py SPEC`` where SPEC is JSON:
``{"uri", "csv", "start", "stop", "name", "tmp", "single_tx_limit", "batch_size", "stale_after",
"rollback_pass"}``; the rows are written to ``tmp/<start>-<stop>/wikidata-sister-cities-<name>.csv``, so the
dataset is named after ``name``.
It prints ``loaded`` and exits 0 when the load committed. The tests kill it with SIGKILL midway.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import neo4j

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from graph.neo4j_store import Neo4jStore  # noqa: E402
from loaders import read_sources  # noqa: E402


def slice_csv(src: Path, start: int, stop: int, name: str, tmp: Path) -> Path:
    """Write the header and the data rows ``start:stop`` of ``src`` to a file named after ``name``."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    out = tmp / f"{start}-{stop}" / f"wikidata-sister-cities-{name}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join([lines[0], *lines[1 + start : 1 + stop]]), encoding="utf-8")
    return out


def main(spec: dict[str, object]) -> int:
    csv = slice_csv(
        Path(str(spec["csv"])),
        int(str(spec["start"])),
        int(str(spec["stop"])),
        str(spec["name"]),
        Path(str(spec["tmp"])),
    )
    graphs = read_sources([csv])
    store = Neo4jStore(
        neo4j.GraphDatabase.driver(str(spec["uri"])),
        batch_size=int(str(spec.get("batch_size", 5000))),
        single_tx_limit=int(str(spec.get("single_tx_limit", 120_000))),
        stale_after=float(str(spec.get("stale_after", 600.0))),
    )
    store.rollback_pass = int(str(spec.get("rollback_pass", 10_000)))
    try:
        store.load(graphs)  # type: ignore[arg-type]
    finally:
        store.close()
    sys.stdout.write("loaded\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(sys.argv[1])))
