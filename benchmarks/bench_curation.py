"""Finding duplicate cities on the world graph: citykg's latitude sort against comparing all pairs, in one run.

Loads the bundled data (the seed knowledge base and the Wikidata sister-city
export, as ``citykg load`` does), optionally with more files named on the
command line (the Wikipedia twin list, the ETMUN table...), into an in-memory
embedded store; then finds the suspected duplicate pairs with
:func:`graph.curation.duplicates` (cities sorted by latitude, only those within
the radius compared) and with an all-pairs baseline (every pair's distance
computed with numpy, a row at a time), checks that both find the same pairs,
and prints the times and their ratio.

Run: ``.venv/bin/python benchmarks/bench_curation.py [--radius 10] [FILE ...]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from graph.curation import EARTH_RADIUS_KM, duplicates, name_key
from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths, read_sources


def all_pairs(store: EmbeddedStore, radius_km: float) -> set[tuple[str, str]]:
    """The baseline: every pair of located cities compared (GeoNames pairs added as citykg does)."""
    places = [p for p in store.places() if p.lat is not None and p.lon is not None]
    lat = np.radians(np.array([p.lat for p in places], dtype=float))
    lon = np.radians(np.array([p.lon for p in places], dtype=float))
    names = [{name_key(n) for ns in p.labels.values() for n in ns} for p in places]
    found: set[tuple[str, str]] = set()
    for i in range(len(places) - 1):
        dlat, dlon = lat[i + 1 :] - lat[i], lon[i + 1 :] - lon[i]
        h = np.sin(dlat / 2) ** 2 + np.cos(lat[i]) * np.cos(lat[i + 1 :]) * np.sin(dlon / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        for j in np.nonzero(km <= radius_km)[0]:
            q = places[i + 1 + int(j)]
            if names[i] & names[i + 1 + int(j)]:
                a, b = sorted((places[i].id, q.id))
                found.add((a, b))
    by_gn: dict[str, list[str]] = {}
    for p in store.places():
        for g in p.geonames:
            by_gn.setdefault(g, []).append(p.id)
    for ids in by_gn.values():
        for k, a in enumerate(ids):
            for b in ids[k + 1 :]:
                found.add((min(a, b), max(a, b)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="more files to load after the bundled data")
    parser.add_argument("--radius", type=float, default=10.0, help="kilometres (default 10)")
    args = parser.parse_args()
    store = EmbeddedStore()
    t0 = time.perf_counter()
    store.load(read_sources([*bundled_paths(), *args.files]))
    cities = sum(1 for n in store.nodes() if n.type == "City")
    print(f"load: {time.perf_counter() - t0:.1f} s, {cities:,} cities")
    store.places()  # warm the store's name index for both sides
    t0 = time.perf_counter()
    ours = duplicates(store, radius_km=args.radius)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = all_pairs(store, args.radius)
    t_base = time.perf_counter() - t0
    same = {(p.a, p.b) for p in ours} == theirs
    print(
        f"suspected pairs: {len(ours):,} (all pairs baseline: {len(theirs):,}), equal: {'yes' if same else 'NO'}"
    )
    print(f"duplicates: citykg {t_ours:.3f} s, all pairs {t_base:.3f} s, ratio {t_base / t_ours:.1f}x")
    big = [p for p in ours if (p.population or 0) >= 100_000]
    print(f"pairs with a city of 100,000 people or more: {len(big):,}")


if __name__ == "__main__":
    main()
