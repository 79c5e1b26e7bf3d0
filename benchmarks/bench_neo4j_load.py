"""Neo4j write speed: the batched UNWIND writer against a naive one-statement-per-row MERGE, in one run.

The world twinning data (Wikidata sister cities, 2021) is read once, then written into an emptied Neo4j
database by ``Neo4jStore.load`` (batched ``UNWIND $rows ... MERGE``) and, after clearing, by a naive loop
that runs one ``MERGE`` statement per CSV row in its own transaction. The naive loop is time-boxed to a
sample (``--sample`` rows, default 2,000); its rate on the sample is what is reported, and the full-data
time is an extrapolation from that rate (said so in the output). The ratio is rows/s of the writer over
rows/s of the naive loop.

Run: ``.venv/bin/python benchmarks/bench_neo4j_load.py [--data ../shared/data] [--sample 2000]``.
It starts its own server (``scripts/neo4j-server --name bench``) unless ``NEO4J_URI`` is set; the database
it uses is cleared.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import neo4j

from graph import cypher
from graph.neo4j_store import Neo4jStore
from loaders import read_sources

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "neo4j-server"


def _start() -> str:
    res = subprocess.run(
        [str(SCRIPT), "--name", "bench", "start"], capture_output=True, text=True, check=True
    )
    for line in res.stdout.splitlines():
        if line.startswith("NEO4J_URI="):
            return line.split("=", 1)[1].strip()
    raise SystemExit(f"scripts/neo4j-server gave no NEO4J_URI: {res.stdout} {res.stderr}")


def _naive_row(tx: neo4j.ManagedTransaction, params: dict[str, Any]) -> None:
    tx.run(cypher.NAIVE_MERGE_ROW, parameters=params).consume()


def _qid(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument(
        "--batch-size", type=int, default=1000, help="rows per UNWIND statement of the writer"
    )
    args = parser.parse_args()
    csv_path = args.data / "wikidata-sister-cities-2021" / "query.csv"

    started = "NEO4J_URI" not in os.environ
    uri = _start() if started else os.environ["NEO4J_URI"]
    auth = (
        (os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"])
        if "NEO4J_PASSWORD" in os.environ
        else None
    )
    driver = neo4j.GraphDatabase.driver(uri, auth=auth)
    store = Neo4jStore(driver, batch_size=args.batch_size)
    try:
        with csv_path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        t0 = time.perf_counter()
        graphs = read_sources([csv_path])
        read_s = time.perf_counter() - t0
        print(f"{len(rows):,} CSV rows; read and resolved in {read_s:.1f} s (not timed below)")

        store.clear()
        t0 = time.perf_counter()
        summary = store.load(graphs)
        batched_s = time.perf_counter() - t0
        batched_rate = len(rows) / batched_s
        print(
            f"batched writer: {len(rows):,} rows in {batched_s:.1f} s = {batched_rate:,.0f} rows/s "
            f"({sum(summary.counts.values()):,} typed nodes, batch {args.batch_size})"
        )

        store.clear()
        with driver.session() as session:
            for statement in cypher.CONSTRAINTS:
                session.run(statement).consume()
        sample = rows[: args.sample]
        t0 = time.perf_counter()
        with driver.session() as session:
            for i, row in enumerate(sample):
                a, b = _qid(row["city"]), _qid(row["sister"])
                params = {
                    "a": a,
                    "a_label": row["cityLabel"],
                    "b": b,
                    "b_label": row["sisterLabel"],
                    "fact": f"tw-{min(a, b)}-{max(a, b)}-{i}",
                }
                session.execute_write(_naive_row, params)
        naive_s = time.perf_counter() - t0
        naive_rate = len(sample) / naive_s
        print(
            f"naive per-row MERGE: {len(sample):,} sample rows in {naive_s:.1f} s = {naive_rate:,.0f} rows/s "
            f"(extrapolated to all {len(rows):,} rows: {len(rows) / naive_rate:.0f} s)"
        )
        print(f"ratio batched/naive: {batched_rate / naive_rate:.1f}x (target >= 30x)")
        print(f"date {dt.date.today()}, cores {os.cpu_count()}")
        store.clear()
    finally:
        store.close()
        if started:
            subprocess.run([str(SCRIPT), "--name", "bench", "stop"], check=False)


if __name__ == "__main__":
    main()
