"""Importing the whole bundled store into a real Neo4j: the Cypher script, LOAD CSV and neo4j-admin, against the old forms.

1. The bundled data is loaded into an in-memory embedded store, mapped once, and exported as the Cypher script
   (``write_cypher``) and as the CSV bundle (``write_neo4j_csv``).
2. Into an emptied database, each timed and checked (counts per class equal to the store's, ``population`` an
   integer, a date a date):
   a. the Cypher script through ``run_cypher_script`` (each ``:param`` literal read by the runner);
   b. ``load-csv.cypher`` (``LOAD CSV ... CALL {...} IN TRANSACTIONS``), the files in the server's import folder;
   c. ``neo4j-admin database import full`` of the bundle (the server stopped, the import, the server started
      again; the stop and start are timed apart).
3. Side by side on the same first ``--batches`` node batches of the script, into an emptied database:
   the old forms, rows inlined as a literal (the export before 2026-12) and ``:param`` evaluated by the server
   (``RETURN <literal>``, as the runner did until now), against the runner reading the literal itself.
   The whole-script time of each old form is extrapolated from its per-row rate (it is not run whole).

It starts its own server (``scripts/neo4j-server --name cypher-bench``); with ``NEO4J_URI`` set it uses that
server and leaves out the neo4j-admin import (that needs the server's home and a stop).

Run: ``.venv/bin/python benchmarks/bench_cypher_import.py [--batches 3] [--sample ROWS] [--batch-size N]
[--only-script]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import neo4j

from graph.cypher_export import (
    BATCH_SIZE,
    PARAM_COMMAND,
    cypher_statements,
    parse_literal,
    property_graph_of,
    run_cypher_script,
)
from graph.embedded_store import EmbeddedStore
from graph.neo4j_csv import run_admin_import, write_neo4j_csv
from graph.neo4j_store import Neo4jStore
from loaders import bundled_paths
from loaders.pipeline import load_paths

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "neo4j-server"
NAME = "cypher-bench"
LIB = Path.home() / ".cache" / "citykg" / "neo4j-5.26.31" / "lib"
JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"


def _server(command: str, *extra: str) -> str:
    res = subprocess.run(
        [str(SCRIPT), "--name", NAME, command, *extra], capture_output=True, text=True, check=False
    )
    if res.returncode != 0:
        raise SystemExit(f"scripts/neo4j-server {command} failed: {res.stdout} {res.stderr}")
    return res.stdout.strip().split("=", 1)[-1]


def _checks(driver: Any, store: EmbeddedStore, what: str) -> bool:
    mine, theirs = store.counts(), Neo4jStore(driver).counts()
    with driver.session() as session:
        pop = session.run(
            "MATCH (c:City) WHERE c.population IS NOT NULL RETURN valueType(c.population) AS t LIMIT 1"
        ).single()
        day = session.run(
            "MATCH (n:Resource) WHERE n.date IS NOT NULL RETURN valueType(n.date) AS t LIMIT 1"
        ).single()
        big = session.run("MATCH (c:City) WHERE c.population > 100000 RETURN count(c) AS n").single()
    ok = mine == theirs
    print(
        f"  {what}: counts equal: {'yes' if ok else 'NO'} ({sum(mine.values()):,} typed nodes); "
        f"population {pop['t'] if pop else 'none'}, date {day['t'] if day else 'none'}, "
        f"cities over 100,000: {big['n'] if big else 0}"
    )
    return ok


def _timed(label: str, func: Any) -> float:
    t0 = time.perf_counter()
    func()
    took = time.perf_counter() - t0
    print(f"{label}: {took:.1f} s ({took / 60:.2f} min)")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=3, help="node batches for the side-by-side part")
    parser.add_argument("--sample", type=int, default=0, help="only the first N rows of Wikidata (0: all)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per batch of the script")
    parser.add_argument("--only-script", action="store_true", help="time the script alone (part a)")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{dt.date.today()}, load average {load:.1f}"
    )

    store = EmbeddedStore()
    paths = bundled_paths()
    if args.sample:
        import gzip

        world = next(p for p in paths if p.name.endswith(".csv.gz"))
        with gzip.open(world, "rt", encoding="utf-8") as fh:
            lines = fh.read().splitlines(keepends=True)[: args.sample + 1]
        tmp = Path(tempfile.mkdtemp()) / world.name
        with gzip.open(tmp, "wt", encoding="utf-8") as out:
            out.write("".join(lines))
        paths = [p if p != world else tmp for p in paths]
    load_paths(store, paths)
    t0 = time.perf_counter()
    pg = property_graph_of(store)
    print(
        f"mapped: {len(pg.nodes):,} nodes, {len(pg.rels):,} relationships in {time.perf_counter() - t0:.1f} s"
    )
    t0 = time.perf_counter()
    script = list(cypher_statements(pg, batch_size=args.batch_size))
    size = sum(len(s.encode()) + 1 for s in script)
    print(f"Cypher script: {size / 1e6:.1f} MB, {len(script):,} lines in {time.perf_counter() - t0:.1f} s")
    work = Path(tempfile.mkdtemp(prefix="citykg-bench-"))
    bundle = work / "bundle"
    t0 = time.perf_counter()
    files = write_neo4j_csv(pg, bundle)
    csv_size = sum(f.stat().st_size for f in files)
    print(f"CSV bundle: {csv_size / 1e6:.1f} MB, {len(files)} files in {time.perf_counter() - t0:.1f} s")

    ours = not os.environ.get("NEO4J_URI")
    uri = _server("start") if ours else os.environ["NEO4J_URI"]
    driver = neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF")
    ok = True
    try:
        target = Neo4jStore(driver)
        home = Path(
            driver.execute_query(
                "CALL dbms.listConfig('server.directories.neo4j_home') YIELD value RETURN value"
            ).records[0][0]
        )
        imports = Path(
            driver.execute_query(
                "CALL dbms.listConfig('server.directories.import') YIELD value RETURN value"
            ).records[0][0]
        )

        # a. the Cypher script through the runner
        target.clear()
        with driver.session() as session:
            t_script = _timed(
                f"a. Cypher script, runner ({len(script):,} lines, batches of {args.batch_size:,})",
                lambda: run_cypher_script(session, script),
            )
        ok &= _checks(driver, store, "script")
        if args.only_script:
            target.clear()
            return

        # b. LOAD CSV
        target.clear()
        imports.mkdir(parents=True, exist_ok=True)
        shutil.copytree(bundle, imports / "bundle", dirs_exist_ok=True)
        load_csv = [
            ":param base => 'file:///bundle/'" if x.startswith(":param base") else x
            for x in (bundle / "load-csv.cypher").read_text(encoding="utf-8").splitlines()
        ]
        with driver.session() as session:
            t_csv = _timed(
                "b. load-csv.cypher (LOAD CSV ... IN TRANSACTIONS)",
                lambda: run_cypher_script(session, load_csv),
            )
        ok &= _checks(driver, store, "LOAD CSV")
        shutil.rmtree(imports / "bundle", ignore_errors=True)

        # 3. side by side on the same node batches, each form into an emptied database
        params = [i for i, line in enumerate(script) if line.startswith(PARAM_COMMAND)][: args.batches]
        rows = sum(len(parse_literal(script[i][len(PARAM_COMMAND) :])) for i in params)
        constraints = [s.removesuffix(";") for s in script if s.startswith("CREATE ")]

        def literal(session: Any, i: int) -> None:
            tail = script[i + 1].removeprefix("UNWIND $rows AS row ").removesuffix(";")
            session.run(f"UNWIND {script[i][len(PARAM_COMMAND) :]} AS row {tail}").consume()

        def server_param(session: Any, i: int) -> None:
            value = session.run(f"RETURN {script[i][len(PARAM_COMMAND) :]} AS value").single()["value"]
            session.run(script[i + 1].removesuffix(";"), {"rows": value}).consume()

        def runner(session: Any, i: int) -> None:
            run_cypher_script(session, [script[i], script[i + 1]])

        times: dict[str, float] = {}
        for name, form in (("literals", literal), ("server :param", server_param), ("runner", runner)):
            target.clear()
            with driver.session() as session:
                for statement in constraints:
                    session.run(statement).consume()
                t0 = time.perf_counter()
                for i in params:
                    form(session, i)
                times[name] = time.perf_counter() - t0
        t_lit, t_srv, t_run = times["literals"], times["server :param"], times["runner"]
        total_rows = len(pg.nodes) + len(pg.rels)
        print(
            f"3. same {len(params)} node batches ({rows:,} rows), each into an emptied database: literal "
            f"statements {t_lit:.1f} s, :param evaluated by the server {t_srv:.1f} s, runner {t_run:.1f} s; "
            f"runner {t_lit / max(t_run, 1e-9):.1f}x faster than literals, {t_srv / max(t_run, 1e-9):.1f}x than "
            f"the server-side :param"
        )
        print(
            f"   whole script extrapolated from those rates: literals {t_lit / rows * total_rows / 60:.1f} min, "
            f"server-side :param {t_srv / rows * total_rows / 60:.1f} min (runner measured whole: "
            f"{t_script / 60:.1f} min)"
        )

        # c. neo4j-admin database import full
        if ours:
            target.clear()
            driver.close()
            t0 = time.perf_counter()
            _server("stop", "--keep")
            t_stop = time.perf_counter() - t0
            admin = [
                JAVA if Path(JAVA).exists() else "java",
                "-Xmx1g",
                "-cp",
                f"{LIB}/*",
                "org.neo4j.cli.AdminTool",
            ]
            t_admin = _timed(
                "c. neo4j-admin database import full", lambda: run_admin_import(bundle, admin, home=home)
            )
            t0 = time.perf_counter()
            uri = _server("start")
            t_start = time.perf_counter() - t0
            print(f"   server stop {t_stop:.1f} s, start {t_start:.1f} s (not in the import time)")
            driver = neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF")
            with driver.session() as session:
                t_cons = _timed(
                    "   constraints.cypher after the import",
                    lambda: run_cypher_script(
                        session, (bundle / "constraints.cypher").read_text().splitlines()
                    ),
                )
            ok &= _checks(driver, store, "neo4j-admin")
            print(f"   import plus constraints: {t_admin + t_cons:.1f} s")
        print(
            f"summary: script {t_script:.0f} s, LOAD CSV {t_csv:.0f} s"
            + (f", neo4j-admin {t_admin:.0f} s" if ours else "")
            + f"; goal 300 s: {'met' if max(t_script, t_csv) <= 300 else 'NOT met'}"
        )
        Neo4jStore(driver).clear()
    finally:
        driver.close()
        shutil.rmtree(work, ignore_errors=True)
        if ours:
            subprocess.run([str(SCRIPT), "--name", NAME, "stop"], check=False, capture_output=True)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
