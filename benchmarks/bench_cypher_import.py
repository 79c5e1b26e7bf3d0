"""Importing the Cypher export into a real Neo4j: the whole bundled store, and rows as parameters against literals.

1. The bundled data is loaded into an in-memory embedded store and exported with ``write_cypher``.
2. The script is run into an empty Neo4j database with ``run_cypher_script`` (as cypher-shell runs it): total
   time, statements, and the counts per class compared with the store's (they must be equal), and the type of a
   number and a date property as Neo4j holds them.
3. Side by side on the same rows: the first ``--literal-batches`` node batches as statements with the rows
   inlined as literals (the export's former form) against the same batches as parameters; time per batch.

It starts its own server (``scripts/neo4j-server --name cypher-bench``) unless ``NEO4J_URI`` is set; that
database is emptied first.

Run: ``.venv/bin/python benchmarks/bench_cypher_import.py [--literal-batches 3] [--sample ROWS]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import neo4j

from graph.cypher_export import PARAM_COMMAND, run_cypher_script, write_cypher
from graph.embedded_store import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from loaders import bundled_paths
from loaders.pipeline import load_paths

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "neo4j-server"


def _server() -> tuple[str, bool]:
    if os.environ.get("NEO4J_URI"):
        return os.environ["NEO4J_URI"], False
    res = subprocess.run(
        [str(SCRIPT), "--name", "cypher-bench", "start"], capture_output=True, text=True, check=False
    )
    if res.returncode != 0 or "=" not in res.stdout:
        raise SystemExit(f"scripts/neo4j-server gave no NEO4J_URI: {res.stdout} {res.stderr}")
    return res.stdout.strip().split("=", 1)[1], True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--literal-batches", type=int, default=3)
    parser.add_argument("--sample", type=int, default=0, help="only the first N rows of Wikidata (0: all)")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {dt.date.today()}"
    )

    store = EmbeddedStore()
    paths = bundled_paths()
    if args.sample:
        import gzip
        import tempfile

        world = next(p for p in paths if p.name.endswith(".csv.gz"))
        with gzip.open(world, "rt", encoding="utf-8") as fh:
            lines = fh.read().splitlines(keepends=True)[: args.sample + 1]
        tmp = Path(tempfile.mkdtemp()) / world.name
        with gzip.open(tmp, "wt", encoding="utf-8") as out:
            out.write("".join(lines))
        paths = [p if p != world else tmp for p in paths]
    load_paths(store, paths)
    buf = io.BytesIO()
    t0 = time.perf_counter()
    write_cypher(store, buf)
    script = buf.getvalue().decode("utf-8").splitlines()
    print(
        f"export: {len(buf.getvalue()) / 1e6:.1f} MB, {len(script):,} lines in {time.perf_counter() - t0:.1f} s"
    )

    uri, ours = _server()
    driver = neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF")
    try:
        target = Neo4jStore(driver)
        target.clear()
        with driver.session() as session:
            t0 = time.perf_counter()
            statements = run_cypher_script(session, script)
            took = time.perf_counter() - t0
        print(f"import into Neo4j: {statements:,} statements in {took:.1f} s ({took / 60:.1f} min)")
        mine, theirs = store.counts(), target.counts()
        print(f"counts equal: {'yes' if mine == theirs else 'NO'} ({sum(mine.values()):,} typed nodes)")
        with driver.session() as session:
            row = session.run(
                "MATCH (c:City) WHERE c.population IS NOT NULL RETURN valueType(c.population) AS t LIMIT 1"
            ).single()
            print(f"population in Neo4j: {row['t'] if row else 'none'}")

        # Side by side: literal statements against parameters, on the same first node batches.
        header = [i for i, line in enumerate(script) if line.startswith(PARAM_COMMAND)][
            : args.literal_batches
        ]
        with driver.session() as session:
            t_lit = t_par = 0.0
            for i in header:
                rows = script[i][len(PARAM_COMMAND) :]
                tail = script[i + 1].removeprefix("UNWIND $rows AS row ").removesuffix(";")
                t0 = time.perf_counter()
                session.run(f"UNWIND {rows} AS row {tail}").consume()
                t_lit += time.perf_counter() - t0
                t0 = time.perf_counter()
                run_cypher_script(session, [script[i], script[i + 1]])
                t_par += time.perf_counter() - t0
        n = max(len(header), 1)
        print(
            f"per batch of {args.literal_batches} node batches: literals {t_lit / n:.2f} s, "
            f"parameters {t_par / n:.2f} s ({t_lit / max(t_par, 1e-9):.0f}x)"
        )
        target.clear()
        if mine != theirs:
            sys.exit(1)
    finally:
        driver.close()
        if ours:
            subprocess.run([str(SCRIPT), "--name", "cypher-bench", "stop"], check=False, capture_output=True)


if __name__ == "__main__":
    main()
