#!/usr/bin/env python3
"""Service benchmarks, each against a baseline measured in the same run.

1. ``/paths`` over HTTP (a real uvicorn on 127.0.0.1, one client, sequential)
   as a ratio to calling :func:`graph.paths.shortest_paths` in-process.
2. The SPARQL endpoint (``GET /sparql``, Oxigraph) against rdflib's in-memory
   store on the same query and the same triples, side by side.

    .venv/bin/python benchmarks/bench_service.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import itertools
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import pyoxigraph as ox
import rdflib
import uvicorn

from graph.centrality import centrality
from graph.embedded_store import EmbeddedStore
from graph.paths import shortest_paths
from loaders import bundled_paths, read_sources
from service.app import create_app

QUERIES = {
    "twinning degree top 10": """
PREFIX ckg: <https://w3id.org/citykg/ontology#>
SELECT ?c (COUNT(DISTINCT ?o) AS ?n) WHERE {
  ?f a ckg:TwinningAgreement ; ckg:party ?c, ?o . FILTER(?c != ?o)
} GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 10""",
    "partners of partners of Qazvin-like hubs (2 hops)": """
PREFIX ckg: <https://w3id.org/citykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?z) AS ?n) WHERE {
  ?f ckg:party ?a, ?b . ?g ckg:party ?b, ?z . FILTER(?a != ?b && ?b != ?z && ?a != ?z)
  ?a rdfs:label "Maribor"@sl
}""",
}


def serve(store: EmbeddedStore) -> str:
    app = create_app(store=store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}"


def timed(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    t0 = time.perf_counter()
    store = EmbeddedStore()
    store.load(read_sources(bundled_paths()))
    print(f"store: {len(store):,} quads of the bundled data, loaded in {time.perf_counter() - t0:.1f} s")
    base = serve(store)
    hubs = [s.entity.id for s in centrality(store, "degree", top=6)]
    pairs = list(itertools.combinations(hubs, 2))
    shortest_paths(store, *pairs[0])  # build the projection once for both sides
    cycle_a, cycle_b = itertools.cycle(pairs), itertools.cycle(pairs)
    inproc = timed(lambda: shortest_paths(store, *next(cycle_a), k=1), args.repeat)
    with httpx.Client(base_url=base, timeout=60) as http:
        http.get("/paths", params={"source": pairs[0][0], "target": pairs[0][1]})

        def over_http() -> None:
            a, b = next(cycle_b)
            http.get("/paths", params={"source": a, "target": b, "k": 1}).raise_for_status()

        remote = timed(over_http, args.repeat)
        print("\n/paths (median of", args.repeat, "calls, k=1, between the 6 best-connected cities)")
        print(f"  in-process shortest_paths: {inproc * 1000:8.2f} ms")
        print(f"  over HTTP (uvicorn):       {remote * 1000:8.2f} ms   ratio {remote / inproc:.2f}x")

        t0 = time.perf_counter()
        graph = rdflib.Graph()
        graph.parse(data=ox.serialize(store.triples(), None, ox.RdfFormat.N_TRIPLES), format="nt")
        print(f"\nrdflib in-memory graph: {len(graph):,} triples, built in {time.perf_counter() - t0:.1f} s")
        print(f"{'query':<52} {'endpoint (Oxigraph)':>20} {'rdflib memory':>14} {'ratio':>8}")
        for name, q in QUERIES.items():

            def endpoint(q: str = q) -> None:
                http.get("/sparql", params={"query": q}).raise_for_status()

            t_end = timed(endpoint, 3)
            t1 = time.perf_counter()
            rows = list(graph.query(q))
            t_rdflib = time.perf_counter() - t1
            check = http.get("/sparql", params={"query": q}).json()["results"]["bindings"]
            same = len(check) == len(rows)
            print(
                f"{name:<52} {t_end * 1000:>17.1f} ms {t_rdflib:>12.2f} s {t_rdflib / t_end:>7.0f}x"
                + ("" if same else "  (row counts differ!)")
            )


if __name__ == "__main__":
    main()
