"""Validation speed: the shapes compiled to SPARQL over Oxigraph against pyshacl, side by side in one run.

1. A sample (the seeds plus the first ``--sample`` Wikidata rows and as many ETMUN rows) is validated by both
   engines; the results must be equal, and the ratio of their times is printed.
2. The full store of the user guide (the bundled data, the Wikipedia twin list and the ETMUN table; ``--store``
   reuses one already loaded) is validated by the compiled engine in a fresh process, as ``citykg validate``
   does: wall and CPU time, the process's peak resident memory (VmHWM), results. With ``--baseline REF`` the
   same is measured for the commit REF (checked out in a temporary git worktree, same virtual environment) in
   the same run, side by side. pyshacl is not run on it (it takes many minutes); its rate on the sample is
   printed for comparison.

Times are seconds (validation is one process, single-threaded in both engines).

Run: ``.venv/bin/python benchmarks/bench_validate.py [--data ../shared/data] [--sample 1500] [--skip-full]
[--store HOME/store] [--baseline c6e3e91]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Graph

from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths, read_sources
from loaders.pipeline import load_paths
from ontology.shacl_sparql import validate_graph
from ontology.validation import validate

REPO = Path(__file__).resolve().parents[1]


# Run in a child process with the checkout to measure first on its path: open the store read-only, validate.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from graph.embedded_store import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[2]), read_only=True)
t0, c0 = time.perf_counter(), time.process_time()
report = store.validate()
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = next(int(l.split()[1]) for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM:"))
print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak / 1024, "results": len(report.results),
                  "quads": len(store)}))
"""


def _measure(checkout: Path, store: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(checkout), str(store)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _head(source: Path, rows: int, target: Path) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(lines[: rows + 1]), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--sample", type=int, default=1500, help="Wikidata and ETMUN rows of the sample")
    parser.add_argument("--skip-full", action="store_true", help="only the sample (for the test suite)")
    parser.add_argument("--store", type=Path, help="an already loaded store folder (HOME/store) to validate")
    parser.add_argument(
        "--baseline", help="a git commit to measure side by side on the full store (e.g. c6e3e91)"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {dt.date.today()}"
    )

    with tempfile.TemporaryDirectory() as tmp:
        sample_files = [
            next(p for p in bundled_paths() if p.name == "seeds.yaml"),
            _head(
                args.data / "wikidata-sister-cities-2021" / "query.csv", args.sample, Path(tmp) / "w.it.csv"
            ),
            _head(
                args.data / "etmun-urbact-memberships" / "etmun_memberships_geocoded.csv",
                args.sample,
                Path(tmp) / "etmun_memberships_geocoded.csv",
            ),
        ]
        graph = Graph()
        for _name, g in read_sources(sample_files):
            graph += g
        t0 = time.perf_counter()
        reference = validate(graph)
        t_pyshacl = time.perf_counter() - t0
        t0 = time.perf_counter()
        compiled = validate_graph(graph)
        t_compiled = time.perf_counter() - t0
        equal = [(r.focus_node, r.path, r.message, r.value) for r in reference.results] == [
            (r.focus_node, r.path, r.message, r.value) for r in compiled.results
        ]
        print(
            f"sample: {len(graph):,} triples, {len(reference.results)} results; equal results: {'yes' if equal else 'NO'}"
        )
        print(f"  pyshacl   {t_pyshacl:8.2f} s")
        print(f"  compiled  {t_compiled:8.2f} s   ({t_pyshacl / t_compiled:.0f}x pyshacl)")
        if not equal:
            sys.exit(1)
        if args.skip_full:
            return

        store_path = args.store
        if store_path is None:
            store_path = Path(tmp) / "store"
            store = EmbeddedStore(store_path)
            files = [
                *bundled_paths(),
                args.data / "wikipedia-twin-cities-hekman" / "twin_cities_geocoded.csv",
                args.data / "etmun-urbact-memberships" / "etmun_memberships_geocoded.csv",
            ]
            t0 = time.perf_counter()
            load_paths(store, files, on_error="skip")
            print(f"full store: {len(store):,} quads loaded in {time.perf_counter() - t0:.0f} s")
            store.close()
        runs = [("this checkout", REPO)]
        if args.baseline:
            base = Path(tmp) / "baseline"
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(base), args.baseline],
                           check=True, capture_output=True)  # fmt: skip
            runs.insert(0, (f"baseline {args.baseline}", base))
        try:
            measured = {label: _measure(checkout, store_path) for label, checkout in runs}
        finally:
            if args.baseline:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(Path(tmp) / "baseline")],
                               check=False)  # fmt: skip
        first = next(iter(measured.values()))
        print(
            f"full store: {first['quads']:,.0f} quads, validated in a fresh process (citykg validate's work)"
        )
        for label, m in measured.items():
            ratio = f"   (baseline / this: {first['wall'] / m['wall']:.1f}x wall)" if args.baseline else ""
            print(
                f"  {label:24} {m['wall']:7.1f} s wall, {m['cpu']:7.1f} s CPU, peak RSS {m['peak_mb']:,.0f} MB, "
                f"{m['results']:.0f} results{ratio}"
            )
        rate = len(graph) / t_pyshacl
        print(
            f"  pyshacl at its sample rate ({rate:,.0f} triples/s) would need about "
            f"{first['quads'] / rate / 60:.0f} min"
        )


if __name__ == "__main__":
    main()
