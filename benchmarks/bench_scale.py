"""Cost against size: synthetic Wikidata twinning exports at 1×, 3×, 10×, 50× the world graph, citykg beside networkx.

Each size is a seeded preferential-attachment graph of 10,000 × scale cities with 1.68 ties per city
(the bundled export's ratio: 8,951 ties between 5,314 cities), written in the bundled export's CSV
format (``loaders/data/wikidata-sister-cities-2021.it.csv.gz``: QID URLs, labels, populations,
``Point(lon lat)``), with about 70 % of the ties listed from both ends as WDQS lists them.

Every size runs in its own process, so its peak memory is its own. It measures:

- load: reading the file with the Wikidata loader into an in-memory embedded store (time, peak RSS);
- projection: building the twinning projection;
- paths: ``graph.paths.shortest_paths`` for k = 1 and k = 3 on random connected pairs (median latency,
  hops explained), beside networkx's ``bidirectional_shortest_path`` and ``shortest_simple_paths``
  (first 3) on the same pairs and the same graph; the lengths must agree;
- stats: ``graph.stats.statistics_of`` (exact distances up to the threshold, sampled beyond; the
  diameter always exact by iFUB), with the sampling and its intervals;
- PageRank: igraph beside ``nx.pagerank``;
- betweenness: igraph, exact up to ``graph.centrality.EXACT_BETWEENNESS_UP_TO`` nodes and sampled
  beyond with its standard error; where asked, exact betweenness as whole processes side by side
  (citykg's library, with its worker processes and with one process, and networkx's
  ``betweenness_centrality``, each a fresh interpreter reading the same edge list and writing every
  score; wall and CPU seconds, children included; the scores compared; networkx runs to completion
  unless ``--limit`` stops it), and for sampled sizes the sample's error measured against igraph's
  exact scores where ``--check-sampled`` asks for them.

With ``--load-process`` each size is also loaded the way a user loads it: ``citykg load FILE`` in a
process of its own into a new on-disk store (wall seconds, CPU seconds, peak RSS, statements per
second), and with ``--baseline DIR`` the same load by the checkout in ``DIR`` (an earlier commit) right
after it, on the same file, for a side-by-side ratio. ``--serve`` asks, on that loaded store, for the
whole-process wall time of a warm ``citykg path`` (after one cold run) and for the latency of the
service's ``/paths`` (``citykg serve`` on 127.0.0.1 at a free port; one warm-up request, then
``--requests`` requests to loopback, one at a time). ``--only-load`` skips the in-process figures.
Every warm ``citykg path`` timed is a question new to the store: a run whose answer was already kept beside
the store (``service/answers.py``) is not counted. ``--warm-path HOME`` times only that, on a store already
loaded at ``HOME``, alternating this checkout and ``--baseline``'s, each on its own new pairs (synthetic ids,
or ``--path-names``), and prints the medians of wall and CPU seconds with the load average.

Then it fits each cost's growth exponent b in t ≈ a · nodesᵇ (least squares on logs) and prints the
table. Run: ``.venv/bin/python benchmarks/bench_scale.py --sizes 1,3,10 [--nx-betweenness 1]``.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import igraph as ig
import networkx as nx

CITIES_PER_SCALE = 10_000
TIES_PER_CITY = 1.68
BOTH_ENDS = 0.7


def generate(scale: float, seed: int, path: Path) -> tuple[int, int]:
    """Write a synthetic export of ``scale`` × the world graph to ``path``; return (cities, rows)."""
    rng = random.Random(seed)
    n = int(CITIES_PER_SCALE * scale)
    ig.set_random_number_generator(random.Random(seed))
    # each new city brings 1 or 2 ties (mean 1.68), to cities chosen by degree
    out = [1 + (rng.random() < TIES_PER_CITY - 1) for _ in range(n)]
    g = ig.Graph.Barabasi(n, out, directed=False)
    g.simplify()
    cities = [
        (
            f"http://www.wikidata.org/entity/Q{10_000_000 + i}",
            f"Synthetic City {i}",
            str(rng.randint(1_000, 5_000_000)),
            f"Point({rng.uniform(-180, 180):.6f} {rng.uniform(-60, 70):.6f})",
        )
        for i in range(n)
    ]
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "city",
                "cityLabel",
                "city_population",
                "city_coordinate_location",
                "sister",
                "sisterLabel",
                "sister_population",
                "sister_coordinate_location",
            ]
        )
        for a, b in g.get_edgelist():
            w.writerow([*cities[a], *cities[b]])
            rows += 1
            if rng.random() < BOTH_ENDS:
                w.writerow([*cities[b], *cities[a]])
                rows += 1
    return n, rows


def _best(fn: Callable[[], Any], repeat: int = 2) -> tuple[float, Any]:
    """The best of ``repeat`` runs (other work shares the machine) and the result."""
    best, out = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _median_us(times: list[float]) -> float:
    return statistics.median(times) * 1e6


# Whole-process betweenness, each side in its own fresh interpreter that imports only what it needs,
# reads the same JSON edge list, computes exact betweenness and writes every score to a JSON file.
NX_PROCESS = """
import json, sys
import networkx as nx
with open(sys.argv[1], encoding="utf-8") as f:
    g = nx.Graph(json.load(f))
found = nx.betweenness_centrality(g)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump([found[v] for v in sorted(found)], f)
"""
# graph first, as citykg's own commands import it: igraph imported before graph loads matplotlib.pyplot
OURS_PROCESS = """
import json, sys
from graph.centrality import scores
from graph.projection import Projection
import igraph as ig
with open(sys.argv[1], encoding="utf-8") as f:
    edges = json.load(f)
n = 1 + max(max(e) for e in edges)
ids = [str(i) for i in range(n)]
p = Projection(ig.Graph(n=n, edges=edges), ids, dict(zip(ids, range(n))), [], [[] for _ in edges])
found = scores(p, "betweenness", sample=n, workers=int(sys.argv[3]) if sys.argv[3] else None)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(found, f)
"""


def _process_seconds(
    code: str, edges_file: str, limit: float, *args: str
) -> tuple[float | str, float, list[float] | None]:
    """One whole process running ``code`` on the edge list: wall seconds ('> limit' when stopped), CPU
    seconds (user + system, its own worker processes included) and the scores it wrote.

    The CPU seconds are what a busy shared machine distorts least. ``limit`` 0 runs to completion.
    """
    out = edges_file + ".out.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    wall: float | str
    found = None
    try:
        subprocess.run(
            [sys.executable, "-c", code, edges_file, out, *args], env=env, timeout=limit or None, check=True
        )
        wall = time.perf_counter() - t0
        with open(out, encoding="utf-8") as f:
            found = json.load(f)
    except subprocess.TimeoutExpired:
        wall = f"> {limit:.0f}"
    finally:
        if os.path.exists(out):
            os.unlink(out)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, found


def _projection_of_file(path: Path) -> Any:
    """The twinning projection straight from the file's QIDs, without a store (for --skip-load)."""
    from graph.projection import Projection

    pairs = set()
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            a, b = row["city"].rsplit("/", 1)[-1], row["sister"].rsplit("/", 1)[-1]
            if a != b:
                pairs.add((min(a, b), max(a, b)))
    ids = sorted({x for pair in pairs for x in pair})
    index = {x: i for i, x in enumerate(ids)}
    edges = [(index[a], index[b]) for a, b in sorted(pairs)]
    return Projection(ig.Graph(n=len(ids), edges=edges), ids, index, [], [[] for _ in edges])


def measure(
    path: Path,
    pairs: int,
    seed: int,
    nx_betweenness: bool,
    limit: float,
    check: bool,
    skip_load: bool = False,
    networkit: bool = False,
) -> dict[str, Any]:
    """Child: every figure of one size."""
    from graph.centrality import EXACT_BETWEENNESS_UP_TO, betweenness_estimate, scores
    from graph.embedded_store import EmbeddedStore
    from graph.path_search import k_shortest_paths
    from graph.paths import shortest_paths
    from graph.projection import Filters, project
    from graph.stats import statistics_of
    from loaders import read_sources

    r: dict[str, Any] = {}
    twinning = Filters(kinds=frozenset({"twinning"}))
    if skip_load:
        t0 = time.perf_counter()
        p = _projection_of_file(path)
        p.adjacency()
        r["projection_from_file_s"] = time.perf_counter() - t0
    else:
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        store = EmbeddedStore()
        t0 = time.perf_counter()
        store.load(read_sources([path]))
        r["load_s"] = time.perf_counter() - t0
        r["load_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        r["load_growth_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
        t0 = time.perf_counter()
        p = project(store, twinning)
        p.adjacency()
        r["projection_s"] = time.perf_counter() - t0
    n, m = p.graph.vcount(), p.graph.ecount()
    r["nodes"], r["edges"] = n, m

    g = p.to_networkx()
    rng = random.Random(seed)
    comps = p.graph.connected_components()
    big = max(range(len(comps)), key=lambda c: len(comps[c]))
    ids = [p.ids[v] for v in comps[big]]
    chosen = [(rng.choice(ids), rng.choice(ids)) for _ in range(pairs)]
    chosen = [(a, b) for a, b in chosen if a != b]
    adj = p.adjacency()
    pairs_ix = [(p.index[a], p.index[b]) for a, b in chosen]
    for k in (1, 3):
        bare: list[float] = []
        for a_ix, b_ix in pairs_ix:
            t0 = time.perf_counter()
            k_shortest_paths(adj, a_ix, b_ix, k, 12)
            bare.append(time.perf_counter() - t0)
        r[f"k{k}_search_us"] = _median_us(bare)
        if skip_load:
            theirs_bare: list[float] = []
            for a, b in chosen:
                t0 = time.perf_counter()
                if k == 1:
                    nx.bidirectional_shortest_path(g, a, b)
                else:
                    list(itertools.islice(nx.shortest_simple_paths(g, a, b), k))
                theirs_bare.append(time.perf_counter() - t0)
            r[f"k{k}_nx_us"] = _median_us(theirs_bare)
    for k in () if skip_load else (1, 3):
        ours: list[float] = []
        theirs: list[float] = []
        for a, b in chosen:
            t0 = time.perf_counter()
            found = shortest_paths(store, a, b, k=k, max_length=12, filters=twinning)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            if k == 1:
                ref = [nx.bidirectional_shortest_path(g, a, b)]
            else:
                ref = list(itertools.islice(nx.shortest_simple_paths(g, a, b), k))
            theirs.append(time.perf_counter() - t0)
            if [len(x.hops) for x in found] != [len(x) - 1 for x in ref if len(x) - 1 <= 12]:
                raise SystemExit(f"path lengths differ from networkx for {a} → {b}, k = {k}")
        r[f"k{k}_us"], r[f"k{k}_nx_us"] = _median_us(ours), _median_us(theirs)

    r["stats_s"], s = _best(lambda: statistics_of(p))
    r["stats_sampled"] = s.distances_sampled
    r["stats_threshold"] = s.exact_distances_up_to
    r["diameter"], r["diameter_bfs"] = s.diameter, s.diameter_bfs
    r["mean_distance"], r["mean_distance_ci"] = s.mean_distance, s.mean_distance_ci
    r["eff90"], r["eff90_ci"] = s.effective_diameter_90, s.effective_diameter_90_ci

    r["pagerank_s"], pr = _best(lambda: scores(p, "pagerank"), 3)
    r["pagerank_nx_s"], nxpr = _best(lambda: nx.pagerank(g), 3)
    r["pagerank_max_diff"] = max(abs(pr[i] - nxpr[p.ids[i]]) for i in range(n))

    t0 = time.perf_counter()
    bc = scores(p, "betweenness")
    r["betweenness_s"] = time.perf_counter() - t0
    r["betweenness_sampled"] = n > EXACT_BETWEENNESS_UP_TO
    if not skip_load:
        r["betweenness_projection_plus_s"] = r["betweenness_s"] + r["projection_s"]
    if r["betweenness_sampled"]:
        _, errors = betweenness_estimate(p.graph, seed=seed)
        top = max(range(n), key=bc.__getitem__)
        r["betweenness_top_error"] = errors[top] / bc[top] if bc[top] else 0.0
        if check:
            exact = scores(p, "betweenness", sample=n)
            r["betweenness_top_true_error"] = abs(bc[top] - exact[top]) / exact[top]
    if networkit:
        r.update(_networkit_betweenness(p.graph))
    if nx_betweenness:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump([[int(a), int(b)] for a, b in p.graph.get_edgelist()], f)
        try:
            # ours first: a run stopped by the limit should not leave the machine busier for the other
            wall, cpu, shared = _process_seconds(OURS_PROCESS, f.name, 0, "")
            r["betweenness_process_s"], r["betweenness_process_cpu_s"] = wall, cpu
            wall, cpu, alone = _process_seconds(OURS_PROCESS, f.name, 0, "1")
            r["betweenness_process_1_s"], r["betweenness_process_1_cpu_s"] = wall, cpu
            wall, cpu, nx_scores = _process_seconds(NX_PROCESS, f.name, limit)
            r["betweenness_nx_s"], r["betweenness_nx_cpu_s"] = wall, cpu
        finally:
            os.unlink(f.name)
        if shared is None or alone is None or shared != alone:
            raise SystemExit("citykg's betweenness differs between one process and several")
        if nx_scores is not None:
            r["betweenness_nx_diff"] = max(
                abs(a - b) / max(b, 1e-12) for a, b in zip(shared, nx_scores, strict=True)
            )
    return r


def _networkit_betweenness(g: ig.Graph) -> dict[str, Any]:
    """NetworKit's parallel exact betweenness on the same graph, when NetworKit is installed."""
    try:
        import networkit as nk  # type: ignore[import-not-found]
    except ImportError:
        return {"betweenness_networkit_s": "not installed"}
    t0 = time.perf_counter()
    h = nk.Graph(g.vcount())
    for a, b in g.get_edgelist():
        h.addEdge(a, b)
    run = nk.centrality.Betweenness(h, normalized=False)
    run.run()
    found = run.scores()
    seconds = time.perf_counter() - t0
    ours = g.betweenness(directed=False)
    # NetworKit counts each unordered pair from both ends: half its score is igraph's
    diff = max(abs(x / 2 - y) / max(1.0, y) for x, y in zip(found, ours, strict=True))
    return {
        "betweenness_networkit_s": seconds,
        "networkit_threads": nk.getMaxNumberOfThreads(),
        "networkit_diff": diff,
    }


_CLI = [sys.executable, "-c", "from service.cli import main; main()"]
"""The ``citykg`` command of the checkout first on ``PYTHONPATH`` (``-m service.cli`` would miss the commands
that other modules add to it, such as ``path``)."""


def _load_process(root: Path, path: Path, home: Path) -> dict[str, Any]:
    """``citykg load FILE`` of the checkout at ``root`` in a process of its own, into a new store at ``home``."""
    log = home.with_name(home.name + ".log")
    env = {**os.environ, "PYTHONPATH": str(root), "CITYKG_HOME": str(home)}
    t0 = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [*_CLI, "load", str(path)],
            cwd=root,
            env=env,
            stdout=out,
            stderr=out,
        )
        _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this child alone: its own peak RSS
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    text = log.read_text(encoding="utf-8")
    found = re.search(r"(\d+) triples read", text)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"citykg load ({root}) failed:\n{text[-2000:]}")
    statements = int(found.group(1))
    return {
        "s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "statements": statements,
        "statements_per_s": statements / wall,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _path_process(root: Path, home: Path, a: str, b: str) -> tuple[float, float]:
    """``citykg path a b --max-length 12`` of the checkout at ``root`` on the store at ``home``: wall and CPU s."""
    env = {**os.environ, "PYTHONPATH": str(root), "CITYKG_HOME": str(home)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*_CLI, "path", a, b, "--max-length", "12"], cwd=root, env=env, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"citykg path {a} {b} ({root}) failed")
    return wall, usage.ru_utime + usage.ru_stime


def _kept_answers(home: Path) -> set[str]:
    return {p.name for p in (home / "cache").glob("*-answer-path-*.json")}


def _warm_paths(
    root: Path, home: Path, pairs: Iterator[tuple[str, str]], n: int
) -> list[tuple[float, float]]:
    """Wall and CPU seconds of ``n`` warm ``citykg path`` runs, each on a question new to the store.

    A run whose answer was already kept beside the store (the same pair asked before, by this run or an
    earlier one) would time reading that answer, not a path search: such a pair is timed again with the
    next pair instead, so every figure is a new question's.
    """
    out: list[tuple[float, float]] = []
    for a, b in pairs:
        before = _kept_answers(home)
        timed = _path_process(root, home, a, b)
        if _kept_answers(home) - before:
            out.append(timed)
        if len(out) == n:
            return out
    raise SystemExit(f"fewer than {n} new pairs")


def _warm_path_figures(args: argparse.Namespace) -> None:
    """Warm ``citykg path`` on the store at ``--warm-path``, this checkout beside ``--baseline``, new pairs."""
    home: Path = args.warm_path
    names = (
        [x.strip() for x in args.path_names.split(",") if x.strip()]
        if args.path_names
        else [f"wd-Q{10_000_000 + i}" for i in range(args.cities)]
    )
    rng = random.Random(args.seed)

    def fresh() -> Iterator[tuple[str, str]]:
        while True:
            a, b = rng.sample(names, 2)
            yield a, b

    pairs = fresh()
    roots = {"this checkout": Path(__file__).resolve().parents[1]}
    if args.baseline is not None:
        roots["baseline"] = args.baseline.resolve()
    for root in roots.values():
        _path_process(root, home, *next(pairs))  # builds the projection and caches each checkout reads
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in roots}
    loads = [os.getloadavg()[0]]
    for _ in range(args.runs):
        for name, root in roots.items():  # alternated, so both see the same load
            runs[name] += _warm_paths(root, home, pairs, 1)
            loads.append(os.getloadavg()[0])
    print(
        f"warm citykg path on {home}, {args.runs} new pairs each, load average {min(loads):.1f}-{max(loads):.1f}"
    )
    for name, timed in runs.items():
        walls, cpus = [w for w, _ in timed], [c for _, c in timed]
        print(
            f"{name}: wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}, max {max(walls):.2f}); "
            f"CPU median {statistics.median(cpus):.2f} s ({', '.join(f'{w:.2f}' for w in walls)} s wall)"
        )
    if "baseline" in runs:
        new, old = runs["this checkout"], runs["baseline"]
        print(
            f"ratio baseline / this checkout: wall {statistics.median(w for w, _ in old) / statistics.median(w for w, _ in new):.2f}×, "
            f"CPU {statistics.median(c for _, c in old) / statistics.median(c for _, c in new):.2f}×"
        )


def _serve_figures(root: Path, home: Path, cities: int, seed: int, requests: int) -> dict[str, Any]:
    """Warm ``citykg path`` (whole process) and ``/paths`` latency on the store loaded at ``home``."""
    rng = random.Random(seed)
    pairs = [
        (f"wd-Q{10_000_000 + a}", f"wd-Q{10_000_000 + b}")
        for a, b in ((rng.randrange(cities), rng.randrange(cities)) for _ in range(requests))
    ]
    env = {**os.environ, "PYTHONPATH": str(root), "CITYKG_HOME": str(home)}
    cli = _CLI
    r: dict[str, Any] = {}
    t0 = time.perf_counter()
    _path_process(root, home, *pairs[0])
    r["path_cold_s"] = time.perf_counter() - t0  # the first builds what later runs reuse
    more = random.Random(seed + 1)
    fresh = (
        (f"wd-Q{10_000_000 + more.randrange(cities)}", f"wd-Q{10_000_000 + more.randrange(cities)}")
        for _ in range(1000)
    )
    warm = _warm_paths(root, home, fresh, 5)
    r["path_warm_s"] = statistics.median(w for w, _ in warm)
    r["path_warm_cpu_s"] = statistics.median(c for _, c in warm)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    server = subprocess.Popen(
        [*cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not _answers(base + "/health"):
            if server.poll() is not None or time.perf_counter() - t0 > 1800:
                raise SystemExit("citykg serve did not answer /health")
            time.sleep(0.2)
        r["serve_ready_s"] = time.perf_counter() - t0

        def ask(a: str, b: str) -> float:
            query = urllib.parse.urlencode({"source": a, "target": b, "max_length": 12})
            t = time.perf_counter()
            with urllib.request.urlopen(f"{base}/paths?{query}", timeout=600) as response:
                response.read()
            return time.perf_counter() - t

        r["paths_first_ms"] = ask(*pairs[0]) * 1e3  # builds the server's projection
        times = sorted(ask(a, b) for a, b in pairs)
        r["paths_p50_ms"] = statistics.median(times) * 1e3
        r["paths_p90_ms"] = times[int(0.9 * (len(times) - 1))] * 1e3
        r["paths_requests"] = len(times)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return r


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


LOAD_ROWS = [
    ("cli_load_s", "load, citykg load process (s)"),
    ("cli_load_cpu_s", "load, CPU (s)"),
    ("cli_load_peak_mb", "load peak RSS, whole process (MB)"),
    ("cli_load_statements", "statements read"),
    ("cli_load_statements_per_s", "statements per second"),
    ("baseline_load_s", "baseline: load (s)"),
    ("baseline_load_cpu_s", "baseline: load, CPU (s)"),
    ("baseline_load_peak_mb", "baseline: load peak RSS (MB)"),
    ("baseline_load_statements_per_s", "baseline: statements per second"),
    ("path_cold_s", "citykg path, first run (s)"),
    ("path_warm_s", "citykg path, warm, whole process (s, median of 5 new pairs)"),
    ("path_warm_cpu_s", "citykg path, warm, CPU (s, median of 5 new pairs)"),
    ("serve_ready_s", "citykg serve until /health answers (s)"),
    ("paths_first_ms", "/paths, first request (ms)"),
    ("paths_p50_ms", "/paths p50 (ms)"),
    ("paths_p90_ms", "/paths p90 (ms)"),
    ("paths_requests", "/paths requests"),
]


def _load_table(sizes: list[float], loads: dict[float, dict[str, Any]]) -> None:
    """The load and serve figures of every size, with growth exponents against the cities generated."""
    print("| figure | " + " | ".join(f"{s:g}×" for s in sizes) + " | growth exponent |")
    print("|" + "---|" * (len(sizes) + 2))
    cities = [CITIES_PER_SCALE * s for s in sizes]
    for key, label in LOAD_ROWS:
        if not any(key in loads[s] for s in sizes):
            continue
        cells = [_fmt(loads[s].get(key, "–")) for s in sizes]
        b = None
        fitted = (
            "cli_load_s",
            "cli_load_cpu_s",
            "cli_load_peak_mb",
            "baseline_load_s",
            "baseline_load_peak_mb",
        )
        if key in fitted and all(key in loads[s] for s in sizes):
            b = _exponent(cities, [float(loads[s][key]) for s in sizes])
        print(f"| {label} | " + " | ".join(cells) + f" | {'' if b is None else f'{b:.2f}'} |")
    for s in sizes:
        r = loads[s]
        if "baseline_load_s" in r:
            print(
                f"{s:g}×: load at {r['baseline_load_s'] / r['cli_load_s']:.2f}× the baseline's speed (wall), "
                f"{r['baseline_load_cpu_s'] / r['cli_load_cpu_s']:.2f}× (CPU), with "
                f"{r['baseline_load_peak_mb'] / r['cli_load_peak_mb']:.2f}× less peak memory"
            )


def _exponent(xs: list[float], ys: list[float]) -> float | None:
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "sampled" if v else "exact"
    if isinstance(v, float):
        return f"{v:.3g}"
    if isinstance(v, tuple | list):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


ROWS = [
    ("nodes", "projection nodes"),
    ("edges", "projection edges"),
    ("load_s", "load (s)"),
    ("load_peak_mb", "load peak RSS (MB)"),
    ("projection_s", "projection build (s)"),
    ("projection_from_file_s", "projection from the file, no store (s)"),
    ("k1_search_us", "k=1 search alone, citykg (µs, median)"),
    ("k1_us", "k=1 answer with hops, citykg (µs, median)"),
    ("k1_nx_us", "k=1 path, networkx (µs, median)"),
    ("k3_search_us", "k=3 search alone, citykg (µs, median)"),
    ("k3_us", "k=3 answer with hops, citykg (µs, median)"),
    ("k3_nx_us", "k=3 paths, networkx (µs, median)"),
    ("stats_s", "stats (s)"),
    ("stats_sampled", "stats: distance sources (0 = exact)"),
    ("diameter", "diameter (exact)"),
    ("diameter_bfs", "diameter: BFS runs"),
    ("mean_distance", "mean distance"),
    ("mean_distance_ci", "mean distance 95 % CI"),
    ("eff90", "90 % effective diameter"),
    ("eff90_ci", "90 % eff. diameter 95 % CI"),
    ("pagerank_s", "PageRank, igraph (s)"),
    ("pagerank_nx_s", "PageRank, networkx (s)"),
    ("betweenness_sampled", "betweenness"),
    ("betweenness_s", "betweenness, igraph (s)"),
    ("betweenness_projection_plus_s", "betweenness + projection (s)"),
    ("betweenness_process_s", "betweenness, exact, citykg whole process (s)"),
    ("betweenness_process_cpu_s", "betweenness, exact, citykg whole process (CPU s)"),
    ("betweenness_process_1_s", "betweenness, exact, citykg whole process, one process (s)"),
    ("betweenness_process_1_cpu_s", "betweenness, exact, citykg whole process, one process (CPU s)"),
    ("betweenness_nx_s", "betweenness, exact, networkx whole process (s)"),
    ("betweenness_nx_cpu_s", "betweenness, exact, networkx whole process (CPU s)"),
    ("betweenness_nx_diff", "betweenness, citykg vs networkx, max rel. difference"),
    ("betweenness_networkit_s", "betweenness, NetworKit incl. graph copy (s)"),
    ("networkit_threads", "NetworKit threads"),
    ("networkit_diff", "NetworKit vs igraph, max rel. difference"),
    ("betweenness_top_error", "sampled: top score's std. error (rel.)"),
    ("betweenness_top_true_error", "sampled: top score's true error (rel.)"),
]
FITTED = [
    "load_s",
    "load_peak_mb",
    "projection_s",
    "k1_search_us",
    "k1_us",
    "k1_nx_us",
    "k3_search_us",
    "k3_us",
    "k3_nx_us",
    "stats_s",
    "pagerank_s",
    "pagerank_nx_s",
    "betweenness_s",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,3,10,50", help="scales to run, comma-separated (e.g. 1,3)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--pairs", type=int, default=100, help="random pairs per path query")
    parser.add_argument(
        "--nx-betweenness",
        default="1",
        help="scales at which to run networkx's exact betweenness ('' for none)",
    )
    parser.add_argument("--check-sampled", default="", help="scales at which to check sampled betweenness")
    parser.add_argument(
        "--limit",
        type=float,
        default=0.0,
        help="seconds before networkx's whole-process betweenness is stopped (0: run it to completion)",
    )
    parser.add_argument(
        "--skip-load",
        action="store_true",
        help="no store: the projection straight from the file (algorithms only; no load or hop figures)",
    )
    parser.add_argument("--networkit", default="", help="scales at which to time NetworKit's betweenness too")
    parser.add_argument(
        "--exact-betweenness-up-to",
        type=int,
        help="override graph.centrality.EXACT_BETWEENNESS_UP_TO (sample beyond this many nodes)",
    )
    parser.add_argument(
        "--load-process",
        action="store_true",
        help="also load each size with `citykg load` in a process of its own into an on-disk store",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="with --load-process: a checkout of an earlier commit to load beside (with --warm-path: to time beside)",
    )
    parser.add_argument(
        "--serve",
        default="",
        help="scales at which to time warm `citykg path` and /paths on the loaded store",
    )
    parser.add_argument("--requests", type=int, default=100, help="/paths requests at each --serve scale")
    parser.add_argument(
        "--only-load", action="store_true", help="only the --load-process and --serve figures"
    )
    parser.add_argument("--save", type=Path, help="also write each size's figures to this JSON file")
    parser.add_argument(
        "--warm-path",
        type=Path,
        help="only time warm `citykg path` on the store already loaded at this home (with --baseline beside)",
    )
    parser.add_argument(
        "--path-names", default="", help="with --warm-path: names or ids to draw pairs from (comma-separated)"
    )
    parser.add_argument(
        "--cities",
        type=int,
        default=100_000,
        help="with --warm-path and no --path-names: synthetic ids to draw",
    )
    parser.add_argument("--runs", type=int, default=5, help="with --warm-path: new pairs timed per checkout")
    parser.add_argument(
        "--merge", type=Path, nargs="+", help="print the table of saved runs (--save) instead of running"
    )
    parser.add_argument("--child", nargs=2, metavar=("CSV", "SCALE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    nx_at = {float(x) for x in args.nx_betweenness.split(",") if x}
    serve_at = {float(x) for x in args.serve.split(",") if x}
    check_at = {float(x) for x in args.check_sampled.split(",") if x}
    if args.child:
        if args.exact_betweenness_up_to is not None:
            import graph.centrality

            graph.centrality.EXACT_BETWEENNESS_UP_TO = args.exact_betweenness_up_to
        scale = float(args.child[1])
        result = measure(
            Path(args.child[0]),
            args.pairs,
            args.seed,
            scale in nx_at,
            args.limit,
            scale in check_at,
            skip_load=args.skip_load,
            networkit=scale in {float(x) for x in args.networkit.split(",") if x},
        )
        print(json.dumps(result))
        return

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(
        f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, "
        f"igraph {ig.__version__}, networkx {nx.__version__}; load average {os.getloadavg()[0]:.1f}"
    )
    results: dict[float, dict[str, Any]] = {}
    if args.warm_path:
        _warm_path_figures(args)
        return
    if args.merge:
        for saved in args.merge:
            results.update({float(k): v for k, v in json.loads(saved.read_text(encoding="utf-8")).items()})
        if all("nodes" in r for r in results.values()):
            _table(sorted(results), results)
        if any("cli_load_statements" in r for r in results.values()):
            _load_table(sorted(results), results)
        return
    sizes = [float(x) for x in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for scale in sizes:
            path = Path(tmp) / f"wikidata-sister-cities-synthetic-{scale:g}x.csv"
            t0 = time.perf_counter()
            cities, rows = generate(scale, args.seed, path)
            print(
                f"{scale:g}×: {cities} cities, {rows} rows generated in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            if args.load_process or scale in serve_at:
                results[scale] = _load_figures(path, scale, Path(tmp), args, scale in serve_at)
                print(f"{scale:g}×: {json.dumps(results[scale])}", flush=True)
                if args.save:
                    args.save.write_text(
                        json.dumps({f"{k:g}": v for k, v in results.items()}), encoding="utf-8"
                    )
            if args.only_load:
                continue
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(path), str(scale), *sys.argv[1:]],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                print(done.stderr[-2000:])
                raise SystemExit(f"the {scale:g}× run failed")
            results[scale] = {**results.get(scale, {}), **json.loads(done.stdout.strip().splitlines()[-1])}
            print(f"{scale:g}×: {json.dumps(results[scale])}", flush=True)
            if args.save:
                args.save.write_text(json.dumps({f"{k:g}": v for k, v in results.items()}), encoding="utf-8")
    if not args.only_load:
        _table(sizes, results)
    if args.load_process or serve_at:
        _load_table(sizes, results)


def _load_figures(
    path: Path, scale: float, tmp: Path, args: argparse.Namespace, serve: bool
) -> dict[str, Any]:
    """The load of ``path`` as a user runs it (and the baseline's), then the path and service figures."""
    root = Path(__file__).resolve().parents[1]
    home = tmp / f"home-{scale:g}x"
    r = {f"cli_load_{k}": v for k, v in _load_process(root, path, home).items()}
    if args.baseline is not None:
        old = tmp / f"home-{scale:g}x-baseline"
        r.update(
            {f"baseline_load_{k}": v for k, v in _load_process(args.baseline.resolve(), path, old).items()}
        )
        shutil.rmtree(old, ignore_errors=True)
    if serve:
        r.update(_serve_figures(root, home, int(CITIES_PER_SCALE * scale), args.seed, args.requests))
    shutil.rmtree(home, ignore_errors=True)
    return r


def _table(sizes: list[float], results: dict[float, dict[str, Any]]) -> None:
    """Print the figures of every size, each cost's growth exponent, and the ratios to networkx."""
    header = "| figure | " + " | ".join(f"{s:g}×" for s in sizes) + " | growth exponent |"
    print(header)
    print("|" + "---|" * (len(sizes) + 2))
    nodes = [float(results[s]["nodes"]) for s in sizes]
    for key, label in ROWS:
        if not any(key in results[s] for s in sizes):
            continue
        cells = [_fmt(results[s].get(key, "–")) for s in sizes]
        b = None
        same_kind = len({results[s].get("betweenness_sampled") for s in sizes}) == 1
        if key in FITTED and (same_kind or not key.startswith("betweenness")):
            b = _exponent(nodes, [float(results[s][key]) for s in sizes])
        print(f"| {label} | " + " | ".join(cells) + f" | {'' if b is None else f'{b:.2f}'} |")
    for s in sizes:
        r = results[s]
        parts = [
            f"k=1 search {r['k1_nx_us'] / r['k1_search_us']:.2f}×, "
            f"k=3 search {r['k3_nx_us'] / r['k3_search_us']:.1f}× networkx"
        ]
        if "k3_us" in r:
            parts.append(
                f"answers with hops: k=1 {r['k1_nx_us'] / r['k1_us']:.2f}×, k=3 {r['k3_nx_us'] / r['k3_us']:.1f}×"
            )
        nxb = r.get("betweenness_nx_s")
        ours = r.get("betweenness_process_s")
        if isinstance(nxb, float) and isinstance(ours, float):
            parts.append(f"betweenness {nxb / ours:.1f}× networkx (whole process beside whole process)")
            cpu = r["betweenness_nx_cpu_s"] / r["betweenness_process_cpu_s"]
            parts.append(f"{cpu:.1f}× in CPU seconds")
            one = r.get("betweenness_process_1_s")
            if isinstance(one, float):
                one_cpu = r["betweenness_nx_cpu_s"] / r["betweenness_process_1_cpu_s"]
                parts.append(f"in one process {nxb / one:.1f}× (wall), {one_cpu:.1f}× (CPU)")
        if isinstance(nxb, float) and not r.get("betweenness_sampled"):
            parts.append(f"{nxb / r['betweenness_s']:.0f}× (the algorithm alone against networkx's process)")
            if "betweenness_projection_plus_s" in r:
                parts.append(f"{nxb / r['betweenness_projection_plus_s']:.0f}× counting the projection build")
        elif isinstance(nxb, str) and isinstance(ours, float):
            parts.append(
                f"networkx betweenness stopped after {nxb[2:]} s: ≥ {float(nxb[2:]) / ours:.0f}× whole process"
            )
        print(f"{s:g}×: " + "; ".join(parts))


if __name__ == "__main__":
    main()
