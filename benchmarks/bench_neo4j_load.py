"""Neo4j write speed: the writer against a naive one-row-per-transaction loop, same rows, in one run.

The world twinning data (Wikidata sister cities, 2021) is read and mapped once (``map_graphs``): a list of
node rows and relationship rows. Both sides write exactly these rows with exactly the same Cypher
statements (``cypher.node_merge`` / ``cypher.rel_merge``: the same nodes, labels, properties and
relationships, the same property merge):

* the writer, ``Neo4jStore.load``: ``UNWIND`` batches of ``--batch-size`` rows, the whole load in one
  managed write transaction (its time includes mapping the RDF again, about 1.5 s). Its first load on a
  server is reported apart (a fresh JVM compiles and grows its heap) and the database cleared; the
  ratio uses the second, like the naive loop that runs on the same warmed server;
* the naive loop: one row per statement, each statement in its own managed write transaction.

The naive loop is time-boxed: it writes an evenly spaced sample of the node rows into the emptied
database, then (after the writer has put every node back, untimed, and all relationships were deleted)
an evenly spaced sample of the relationship rows, each sample at most ``--sample`` rows or
``--seconds`` seconds. Its full-data time is an extrapolation: nodes / node rate + relationships /
relationship rate (said so in the output). Rows/s counts mapped rows (nodes plus relationships) for
both sides; the ratio is the writer's rows/s over the naive loop's.

Run: ``.venv/bin/python benchmarks/bench_neo4j_load.py [--data ../shared/data] [--sample 3000]``.
It starts its own server (``scripts/neo4j-server --name bench``) unless ``NEO4J_URI`` is set; the database
it uses is cleared.
"""

from __future__ import annotations

import argparse
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
from graph.neo4j_mapping import map_graphs
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


def _spread(rows: list[Any], n: int) -> list[Any]:
    """``n`` rows evenly spaced over ``rows`` (all of them when there are fewer)."""
    if len(rows) <= n:
        return list(rows)
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


def _naive(
    session: neo4j.Session, items: list[tuple[str, dict[str, Any]]], seconds: float
) -> tuple[int, float]:
    """Run each (statement, row) as its own transaction until done or ``seconds`` passed."""
    t0 = time.perf_counter()
    done = 0
    for query, row in items:

        def work(tx: neo4j.ManagedTransaction, q: str = query, r: dict[str, Any] = row) -> None:
            tx.run(q, rows=[r]).consume()

        session.execute_write(work)
        done += 1
        if time.perf_counter() - t0 > seconds:
            break
    return done, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--sample", type=int, default=3000, help="naive rows per side at most")
    parser.add_argument("--seconds", type=float, default=60.0, help="naive time box per side")
    parser.add_argument("--batch-size", type=int, default=5000, help="rows per UNWIND statement")
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
        t0 = time.perf_counter()
        graphs = read_sources([csv_path])
        pg = map_graphs(graphs)
        node_rows = pg.node_rows()
        rel_rows = [(t, r) for t, rows in pg.rel_rows().items() for r in rows]
        n_nodes, n_rels = len(node_rows), len(rel_rows)
        total = n_nodes + n_rels
        with csv_path.open(encoding="utf-8") as fh:
            csv_rows = sum(1 for _ in fh) - 1
        print(
            f"{csv_rows:,} CSV rows, {pg.triples:,} triples -> {n_nodes:,} node rows + {n_rels:,} "
            f"relationship rows = {total:,} rows; read and mapped in {time.perf_counter() - t0:.1f} s"
        )

        store.clear()
        t0 = time.perf_counter()
        store.load(graphs)
        cold_s = time.perf_counter() - t0
        print(
            f"writer, first load on this server (cold: JIT, heap growth; not in the ratio): {cold_s:.1f} s "
            f"= {total / cold_s:,.0f} rows/s"
        )
        store.clear()
        t0 = time.perf_counter()
        first = store.load(graphs)
        writer_s = time.perf_counter() - t0
        writer_rate = total / writer_s
        print(
            f"writer: {total:,} rows in {writer_s:.1f} s = {writer_rate:,.0f} rows/s "
            f"({csv_rows / writer_s:,.0f} CSV rows/s; batch {args.batch_size}, one transaction)"
        )
        t0 = time.perf_counter()
        second = store.load(graphs)
        print(
            f"writer, same data again: {time.perf_counter() - t0:.1f} s, unchanged={second.unchanged}, "
            f"same counts={second.counts == first.counts}"
        )

        store.clear()
        with driver.session() as session:
            for statement in cypher.CONSTRAINTS:
                session.run(statement).consume()
            nodes = [
                (cypher.node_merge(r["labels"]), {"id": r["id"], "props": r["props"]})
                for r in _spread(node_rows, args.sample)
            ]
            done_n, secs_n = _naive(session, nodes, args.seconds)
        node_rate = done_n / secs_n
        store.clear()
        store.load(graphs)  # every node back (untimed) ...
        with driver.session() as session:
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS").consume()
            rels = [(cypher.rel_merge(t), r) for t, r in _spread(rel_rows, args.sample)]
            done_r, secs_r = _naive(session, rels, args.seconds)  # ... relationships from scratch
        rel_rate = done_r / secs_r
        naive_s = n_nodes / node_rate + n_rels / rel_rate
        naive_rate = total / naive_s
        print(
            f"naive, one row per transaction: {done_n:,} node rows in {secs_n:.1f} s = {node_rate:,.0f}/s, "
            f"{done_r:,} relationship rows in {secs_r:.1f} s = {rel_rate:,.0f}/s"
        )
        print(
            f"naive extrapolated to all {total:,} rows (not measured): {naive_s:,.0f} s = "
            f"{naive_rate:,.0f} rows/s"
        )
        print(f"ratio writer/naive: {writer_rate / naive_rate:.1f}x (target >= 30x)")
        print(f"ratio with the cold first load: {total / cold_s / naive_rate:.1f}x")
        print(f"date {dt.date.today()}, cores {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
        store.clear()
    finally:
        store.close()
        if started:
            subprocess.run([str(SCRIPT), "--name", "bench", "stop"], check=False)


if __name__ == "__main__":
    main()
