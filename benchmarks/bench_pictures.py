#!/usr/bin/env python3
"""What sources cost a picture, each against a baseline measured in the same run.

1. The fact behind every tie of an ego network (:func:`graph.tie_facts.tie_details`, what
   ``/ego/{id}?details=true`` and every picture add) as a ratio to the ego network alone.
2. A PNG and an SVG with their title, legend and footer of sources, as a ratio to the same
   picture without sources (no details).

On the bundled data with the world twinnings (the explorer's default store):

    .venv/bin/python benchmarks/bench_pictures.py [--repeat 5] [--seed-only]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.ego import ego_network
from graph.embedded_store import EmbeddedStore
from graph.tie_facts import caption, tie_details
from graph.visual import render_image
from loaders import bundled_paths, read_sources


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed-only", action="store_true", help="the seed records only (fast, small)")
    args = parser.parse_args()
    store = EmbeddedStore()
    t = time.perf_counter()
    store.load(read_sources(bundled_paths(world=not args.seed_only)))
    print(f"loaded the bundled data in {time.perf_counter() - t:.1f} s")
    ego_network(store, "qazvin")  # the projection is built once, as a running service has it
    print(f"{'case':<34}{'baseline s':>12}{'with sources s':>16}{'ratio':>8}")
    for depth in (1, 2):
        sub = ego_network(store, "qazvin", depth=depth)
        base = best(lambda d=depth: ego_network(store, "qazvin", depth=d), args.repeat)
        full = best(
            lambda d=depth: tie_details(store, ego_network(store, "qazvin", depth=d).ties), args.repeat
        )
        label = f"ego Qazvin d{depth} ({len(sub.nodes)} n, {len(sub.ties)} t)"
        print(f"{label:<34}{base:>12.3f}{full:>16.3f}{full / base:>8.2f}")
    sub = ego_network(store, "qazvin", depth=2)
    details = tie_details(store, sub.ties)
    title = caption("Qazvin", depth=2)
    for fmt in ("png", "svg"):
        base = best(lambda f=fmt: render_image(sub, f, title=title), args.repeat)
        full = best(lambda f=fmt: render_image(sub, f, title=title, details=details), args.repeat)
        print(
            f"{'picture ' + fmt + ' d2 (footer of ' + str(len({s for d in details.values() for s in (x.id for x in d.sources)})) + ' sources)':<34}"
            f"{base:>12.3f}{full:>16.3f}{full / base:>8.2f}"
        )
    store.close()


if __name__ == "__main__":
    main()
