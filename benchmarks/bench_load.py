"""Loading speed: rows per second for each real dataset, into the embedded store (and Neo4j when asked).

Each dataset is read on its own (resolution against an empty store and the gazetteer, which is built once
before the clock starts) and written into a fresh in-memory embedded store. ``read`` is parsing, resolution
and building the RDF; ``write`` is the store's transaction. The bundled load (seeds + Wikidata, what
``citykg load`` does with no path) is timed as well. Times are CPU seconds of this process
(``time.process_time``), so that a machine busy with other work does not inflate them; rows/s is rows over
read + write CPU time.

Run: ``.venv/bin/python benchmarks/bench_load.py [--data ../shared/data] [--only etmun ...] [--neo4j]``

``--full [--baseline REF]`` instead times the full walk-through load (the bundled data, then the Wikipedia
twin list, ETMUN, URBACT and both Eurocities files, each as its own load into one in-memory store, names
resolved against the store) twice in the same run: with this checkout and with the code of ``REF``
(default: the merge base with ``main``), checked out in a temporary ``git worktree``. Each runs in a fresh
process (gazetteer build included); the table gives wall time, CPU time and peak memory (max RSS) side by
side, with the ratio of this checkout to the baseline, and what each leaves for a curator: the suspected
duplicate pairs among cities of 100,000 people or more (``graph.curation.duplicates``, run after the clock stops).

``--neo4j`` also writes each dataset into the Neo4j database named by ``NEO4J_URI`` (``NEO4J_USER``,
``NEO4J_PASSWORD``), which should be an empty scratch database: the benchmark clears nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console
from rich.table import Table

from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths, read_sources
from loaders.assembly import ReadContext
from loaders.resolution import Resolver, default_gazetteer

REPO = Path(__file__).resolve().parents[1]
DATASETS = {
    "wikidata": "wikidata-sister-cities-2021/query.csv",
    "wikipedia-twins": "wikipedia-twin-cities-hekman/twin_cities_geocoded.csv",
    "etmun": "etmun-urbact-memberships/etmun_memberships_geocoded.csv",
    "urbact": "etmun-urbact-memberships/urbact_memberships.csv",
    "eurocities": "eurocities-gpm-members/eurocities_members_wikidata.json",
    "gpm": "eurocities-gpm-members/gpm_declaration_for_democracy_signatures.csv",
}


def _neo4j_store() -> Any:
    """A Neo4j store from the environment, or None (with the reason on stderr) when it cannot be had."""
    if not os.environ.get("NEO4J_URI"):
        print("--neo4j: NEO4J_URI is not set; Neo4j skipped", file=sys.stderr)
        return None
    try:
        from graph.neo4j_store import Neo4jStore
        from graph.settings import StoreSettings
    except ImportError as exc:
        print(f"--neo4j: no Neo4j store ({exc}); Neo4j skipped", file=sys.stderr)
        return None
    return Neo4jStore.from_settings(StoreSettings())


def _one(name: str, paths: list[Path], neo4j: Any) -> list[str]:
    store = EmbeddedStore()
    ctx = ReadContext(resolver=Resolver(store, gazetteer=default_gazetteer()))
    t0 = time.process_time()
    graphs = read_sources(paths, ctx=ctx)
    read = time.process_time() - t0
    t0 = time.process_time()
    summary = store.load(graphs)
    write = time.process_time() - t0
    rows = sum(s.rows for s in ctx.stats) or sum(1 for r in ctx.report.rows)
    cells = [
        name,
        f"{rows:,}",
        f"{summary.triples_added:,}",
        f"{read:.2f}",
        f"{write:.2f}",
        f"{rows / (read + write):,.0f}",
    ]
    if neo4j is not None:
        t0 = time.perf_counter()  # wall clock: the work happens in the server
        neo4j.load(graphs)
        cells.append(f"{rows / (time.perf_counter() - t0):,.0f}")
    store.close()
    return cells


FULL_LOAD = [
    "wikipedia-twin-cities-hekman/twin_cities_geocoded.csv",
    "etmun-urbact-memberships/etmun_memberships_geocoded.csv",
    "etmun-urbact-memberships/urbact_memberships.csv",
    "eurocities-gpm-members/eurocities_members_wikidata.json",
    "eurocities-gpm-members/eurocities_members_from_website.txt",
]

# Runs in a child process whose first sys.path entry is the checkout under test.
_FULL_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import loaders
from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths
from loaders.assembly import ReadContext
from loaders.pipeline import load_paths
assert loaders.__file__.startswith(sys.argv[1]), loaders.__file__
data = Path(sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
store = EmbeddedStore()
for paths in [bundled_paths(), *([data / rel] for rel in sys.argv[3:])]:
    load_paths(store, paths, ctx=ReadContext(on_error="skip"))
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
counts = store.counts()
# After the clock: what the load leaves for a curator (the same function in both checkouts).
from graph.curation import duplicates
print(json.dumps({
    "wall": wall,
    "cpu": cpu,
    "rss_mib": rss,
    "cities": counts.get("City", 0),
    "twinnings": counts.get("TwinningAgreement", 0),
    "big_pairs": len(duplicates(store, min_population=100_000)),
}))
"""


def _full_run(root: Path, data: Path) -> dict[str, float]:
    import json
    import subprocess

    done = subprocess.run(
        [sys.executable, "-c", _FULL_CHILD, str(root), str(data), *FULL_LOAD],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def full(data: Path, baseline: str | None, console: Console) -> None:
    """Time the full walk-through load with this checkout and with ``baseline``, side by side."""
    import subprocess
    import tempfile

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout.strip()

    ref = baseline or git("merge-base", "HEAD", "main")
    sha = git("rev-parse", "--short", ref)
    with tempfile.TemporaryDirectory(prefix="citykg-baseline-") as tmp:
        base = Path(tmp) / "baseline"
        git("worktree", "add", "--detach", str(base), ref)
        try:
            before = _full_run(base, data)
        finally:
            git("worktree", "remove", "--force", str(base))
    after = _full_run(REPO, data)
    table = Table("measure", f"before ({sha})", "after (this checkout)", "after / before", title="full load")
    for key, label, fmt in [
        ("wall", "wall time, s", "{:.1f}"),
        ("cpu", "CPU time, s", "{:.1f}"),
        ("rss_mib", "peak memory (max RSS), MiB", "{:.0f}"),
        ("cities", "City nodes", "{:,.0f}"),
        ("twinnings", "twinning agreements", "{:,.0f}"),
        ("big_pairs", "suspected duplicate pairs of 100,000+ people", "{:,.0f}"),
    ]:
        ratio = after[key] / before[key] if before[key] else float("nan")
        table.add_row(label, fmt.format(before[key]), fmt.format(after[key]), f"{ratio:.2f}")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=REPO.parent / "shared" / "data", help="the shared data folder"
    )
    parser.add_argument(
        "--only", nargs="*", choices=[*DATASETS, "bundled"], help="datasets to time (default: all)"
    )
    parser.add_argument("--neo4j", action="store_true", help="also load into Neo4j (NEO4J_URI)")
    parser.add_argument(
        "--full", action="store_true", help="time the full walk-through load, before and after, side by side"
    )
    parser.add_argument("--baseline", help="git ref of the code before (default: merge base with main)")
    args = parser.parse_args()

    console = Console()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    console.print(
        f"{dt.date.today()}: {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    if args.full:
        full(args.data, args.baseline, console)
        return
    t0 = time.process_time()
    default_gazetteer()
    console.print(f"gazetteer built once in {time.process_time() - t0:.2f} CPU s (not counted below)")
    neo4j = _neo4j_store() if args.neo4j else None
    table = Table(
        "dataset",
        "rows",
        "triples",
        "read CPU s",
        "write CPU s",
        "rows/s (embedded)",
        *(["rows/s (Neo4j, wall)"] if neo4j is not None else []),
        title="loading each real dataset",
    )
    wanted = args.only or [*DATASETS, "bundled"]
    for name in wanted:
        paths = bundled_paths() if name == "bundled" else [args.data / DATASETS[name]]
        missing = [p for p in paths if not p.is_file()]
        if missing:
            console.print(f"[yellow]{name}: {missing[0]} is missing, skipped[/]")
            continue
        table.add_row(*_one(name, paths, neo4j))
    console.print(table)
    if neo4j is not None:
        neo4j.close()


if __name__ == "__main__":
    main()
