"""The map of the whole twinning graph against the graph view, in headless Chromium, in one run.

Loads all the bundled data into an in-memory embedded store, keeps the twinning
ties (``--kind twinning``: every city of the world graph), and writes two offline
pages of the same view: the map (``graph.geomap.render_map_html``) and the current
graph view (``graph.visual.render_html``: vis-network, with its layout computed
beforehand past 1,000 nodes). Each page is opened in Debian's Chromium the way the
browser tests drive it, and measured:

- *interactive*: milliseconds from navigation start until the page's script has
  built its view and the next two animation frames have run (the first picture is
  on screen and the page answers input);
- *redraw while panning*: for ``--frames`` frames, the view is moved by a few pixels
  and redrawn in full, synchronously; the time of each redraw (median and 95th percentile);
- the same for what a mouse drag does on the map: its last full picture is moved
  (one bitmap copy a frame) and the full redraw comes when the drag ends; on the
  graph view a drag redraws everything, so its row is the full redraw;
- *frame interval while panning*: the time between those animation frames (the
  browser caps it at the display rate, about 16.7 ms).

Run: ``.venv/bin/python benchmarks/bench_map.py [--frames 60] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.progress import Progress

from graph.embedded_store import EmbeddedStore
from graph.geomap import geo_map, render_map_html
from graph.projection import Filters, project
from graph.visual import View, render_html
from loaders import bundled_paths, read_sources

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# One pan-and-redraw per animation frame; returns redraw times and frame timestamps.
_PAN = """
async ([frames, kind]) => {
  const draws = [], stamps = [];
  let drawn = 0;
  if (kind === "graph") { window.network.on("afterDrawing", () => { drawn += 1; }); }
  for (let i = 0; i < frames; i++) {
    await new Promise((resolve) => requestAnimationFrame((t) => {
      stamps.push(t);
      const t0 = performance.now();
      if (kind === "map") {
        window.citymap.panBy(6, 3);
        window.citymap.draw();
      } else if (kind === "map-drag") {
        if (i === 0) { window.citymap.dragStart(); }
        window.citymap.panBy(6, 3);
        window.citymap.dragFrame();
      } else {
        const p = window.network.getViewPosition();
        window.network.moveTo({ position: { x: p.x - 6, y: p.y - 3 }, animation: false });
        window.network.redraw();
      }
      draws.push(performance.now() - t0);
      resolve();
    }));
  }
  return { draws, stamps, drawn };
}
"""
_SETTLE = (
    "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
)
_READY = {
    "map": "window.citymap && window.citymap.ready",
    "map-drag": "window.citymap && window.citymap.ready",
    "graph": "window.network !== undefined",
}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _measure(context: Any, path: Path, kind: str, frames: int) -> dict[str, float]:
    page = context.new_page()
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), timeout=600_000)
    page.wait_for_function(_READY[kind], timeout=600_000, polling=50)
    interactive = float(page.evaluate(_SETTLE))
    result = page.evaluate(_PAN, [frames, kind])
    page.close()
    if outside:
        raise SystemExit(f"{kind} page asked the network: {outside[:3]}")
    if kind == "graph" and result["drawn"] < frames:
        raise SystemExit(f"vis-network drew {result['drawn']} times for {frames} redraws")
    draws = result["draws"][1:]
    stamps = result["stamps"]
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    return {
        "interactive_ms": interactive,
        "draw_median_ms": statistics.median(draws),
        "draw_p95_ms": _pct(draws, 0.95),
        "frame_median_ms": statistics.median(gaps),
        "frame_p95_ms": _pct(gaps, 0.95),
        "size_mb": path.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60, help="pan frames measured on each page")
    parser.add_argument("--keep", type=Path, help="keep the two pages in this folder")
    parser.add_argument(
        "--reuse-graph-page",
        action="store_true",
        help="use the graph page already in --keep (writing it takes minutes: pyvis adds nodes one by one)",
    )
    args = parser.parse_args()
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        raise SystemExit("chromium is missing: run scripts/install-system-deps")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}")

    folder = args.keep or Path(tempfile.mkdtemp(prefix="citykg-bench-map-"))
    folder.mkdir(parents=True, exist_ok=True)
    store = EmbeddedStore()
    paths = bundled_paths()
    with Progress(transient=True) as bar:
        task = bar.add_task("reading the bundled data", total=len(paths))
        t0 = time.perf_counter()
        graphs = read_sources(paths, progress=lambda _: bar.advance(task))
        bar.update(task, description="loading the store")
        store.load(graphs)
    print(f"bundled data read and loaded in {time.perf_counter() - t0:.1f} s")
    p = project(store, Filters(kinds=frozenset({"twinning"})))
    ties = [t for ts in p.edge_ties for t in ts]
    view = View(None, list(p.nodes), ties)
    geo = geo_map(view)
    print(
        f"twinning graph: {len(view.nodes)} cities, {len(ties)} ties; "
        f"map: {len(geo.places)} places, {len(geo.arcs)} arcs"
    )
    t0 = time.perf_counter()
    render_map_html(geo, folder / "map.html", title="World twinning map", subtitle="kinds: twinning")
    map_build = time.perf_counter() - t0
    if args.reuse_graph_page and args.keep and (folder / "graph.html").exists():
        print(f"map page written in {map_build:.1f} s; graph page reused from {folder}")
    else:
        t0 = time.perf_counter()
        render_html(view, folder / "graph.html", title="World twinning graph")
        graph_build = time.perf_counter() - t0
        print(f"pages written in {map_build:.1f} s (map) and {graph_build:.1f} s (graph, layout included)")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            figures = {
                kind: _measure(context, folder / f"{kind.split('-')[0]}.html", kind, args.frames)
                for kind in ("map", "map-drag", "graph")
            }
        finally:
            context.close()

    rows = [
        ("page size (MB)", "size_mb"),
        ("interactive (ms)", "interactive_ms"),
        ("redraw while panning, median (ms)", "draw_median_ms"),
        ("redraw while panning, p95 (ms)", "draw_p95_ms"),
        ("frame interval while panning, median (ms)", "frame_median_ms"),
        ("frame interval while panning, p95 (ms)", "frame_p95_ms"),
    ]
    print(f"\n{'':44}{'map':>12}{'graph view':>12}{'graph/map':>11}")
    for label, key in rows:
        m, g = figures["map"][key], figures["graph"][key]
        print(f"{label:44}{m:12.1f}{g:12.1f}{g / m if m else float('nan'):10.1f}x")
    # A mouse drag on the map moves its last full picture; on the graph view it redraws everything.
    d, g = figures["map-drag"], figures["graph"]
    print(
        "\nwhile dragging with the mouse (map: bitmap moved, full redraw at the end; graph view: full redraws)"
    )
    for label, key in rows[2:]:
        print(f"{label:44}{d[key]:12.1f}{g[key]:12.1f}{g[key] / d[key] if d[key] else float('nan'):10.1f}x")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
