"""Validation speed: the shapes compiled to SPARQL over Oxigraph against pyshacl, side by side in one run.

1. A sample (the seeds plus the first ``--sample`` Wikidata rows and as many ETMUN rows) is validated by both
   engines; the results must be equal, and the ratio of their times is printed.
2. The full store of the user guide (the bundled data, the Wikipedia twin list and the ETMUN table) is validated
   by the compiled engine: time, the process's peak memory during validation (VmHWM after resetting it), triples.
   pyshacl is not run on it (it takes many minutes); its rate on the sample is the baseline.

Times are wall-clock seconds (validation is one process, single-threaded in both engines).

Run: ``.venv/bin/python benchmarks/bench_validate.py [--data ../shared/data] [--sample 1500] [--skip-full]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
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


def _peak_reset() -> None:
    # Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) of this process.
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _head(source: Path, rows: int, target: Path) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(lines[: rows + 1]), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--sample", type=int, default=1500, help="Wikidata and ETMUN rows of the sample")
    parser.add_argument("--skip-full", action="store_true", help="only the sample (for the test suite)")
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

        store = EmbeddedStore(Path(tmp) / "store")
        files = [
            *bundled_paths(),
            args.data / "wikipedia-twin-cities-hekman" / "twin_cities_geocoded.csv",
            args.data / "etmun-urbact-memberships" / "etmun_memberships_geocoded.csv",
        ]
        t0 = time.perf_counter()
        load_paths(store, files, on_error="skip")
        print(f"full store: {len(store):,} quads loaded in {time.perf_counter() - t0:.0f} s")
        _peak_reset()
        before = _peak_mb()
        t0 = time.perf_counter()
        report = store.validate()
        t_full = time.perf_counter() - t0
        print(
            f"  compiled  {t_full:8.2f} s, peak RSS {_peak_mb():,.0f} MB (was {before:,.0f} MB before), "
            f"{len(report.results)} results"
        )
        rate = len(graph) / t_pyshacl
        print(
            f"  pyshacl at its sample rate ({rate:,.0f} triples/s) would need about {len(store) / rate / 60:.0f} min"
        )
        store.close()


if __name__ == "__main__":
    main()
