"""Evaluate partner suggestions on held-back agreements: hits@10 and MRR against a degree-only baseline.

The split: ``--split recent`` (the default) holds back the 10 % most recent dated agreements between
two places (by start, else signing date) and ranks with the rest; it stops with a clear message when
fewer than ``--min-dated`` place-place agreements carry a date. ``--split random`` holds back a random
10 % of the place-place agreement edges instead, with ``--seed``.

For every held-back edge (u, v), asked from each end: u's candidates are the places not tied to u in
the remaining graph; v's rank among them is its position by score (ties broken by id, as
``citykg suggest`` does). hits@10 is the share of questions whose answer is in the top 10; MRR the mean
of 1/rank. The baseline ranks the same candidates by their number of partners only (ties by id).

Run: ``.venv/bin/python scripts/evaluate_suggest.py [--split recent|random] [--seed 0] [--limit N] [PATH ...]``
(no path: the whole bundled data as ``citykg load`` loads it, or with ``--wikidata-only`` the seeds and the
Wikidata export alone; paths are loaded as ``citykg load PATH ...`` does, any format it reads; ``--store DIR``
reads a store loaded already).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.embedded_store import EmbeddedStore
from graph.levels import PLACE_TYPES
from graph.projection import KIND_GROUPS, Filters, Projection, project
from graph.suggest import WEIGHTS, Scorer
from loaders import BUNDLED_WORLD, bundled_paths, read_sources
from loaders.pipeline import load_paths


def _place_agreements(p: Projection) -> list[tuple[int, int, str | None]]:
    out = []
    for e, (a, b) in enumerate(p.graph.get_edgelist()):
        if p.nodes[a].type not in PLACE_TYPES or p.nodes[b].type not in PLACE_TYPES:
            continue
        ties = [t for t in p.edge_ties[e] if t.kind in KIND_GROUPS["agreement"]]
        if ties:
            dates = sorted(t.start for t in ties if t.start)
            out.append((a, b, dates[0] if dates else None))
    return out


def _rank_of(ranked: list[tuple[int, float]], target: int) -> int | None:
    for i, (u, _) in enumerate(ranked, 1):
        if u == target:
            return i
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--split", choices=("recent", "random"), default="recent")
    parser.add_argument("--share", type=float, default=0.1, help="share of edges held back")
    parser.add_argument("--seed", type=int, default=0, help="seed of --split random and of --limit")
    parser.add_argument("--min-dated", type=int, default=50, help="dated agreements --split recent needs")
    parser.add_argument("--limit", type=int, default=None, help="ask at most this many questions (sampled)")
    parser.add_argument(
        "--store", type=Path, help="an embedded store folder loaded already (read only), instead of loading"
    )
    parser.add_argument(
        "--wikidata-only",
        action="store_true",
        help="the seeds and the Wikidata export alone, not the whole bundle",
    )
    args = parser.parse_args()

    t0 = time.perf_counter()
    store = EmbeddedStore(args.store, read_only=True) if args.store else EmbeddedStore()
    if args.store:
        pass  # loaded already: its projection is used as it is
    elif args.paths:
        load_paths(store, args.paths)
    elif args.wikidata_only:
        store.load(read_sources([p for p in bundled_paths() if p.name in ("seeds.yaml", BUNDLED_WORLD)]))
    else:
        load_paths(store, bundled_paths())
    p = project(store, Filters())
    edges = _place_agreements(p)
    dated = sorted((d, a, b) for a, b, d in edges if d)
    print(
        f"loaded in {time.perf_counter() - t0:.1f} s: {len(edges)} place-place agreement edges, {len(dated)} dated"
    )
    k = max(1, round(args.share * len(edges)))
    if args.split == "recent":
        if len(dated) < args.min_dated:
            sys.exit(
                f"--split recent needs at least {args.min_dated} dated place-place agreements; this graph has "
                f"{len(dated)} of {len(edges)}. Use --split random (and say so), or load dated data."
            )
        k = max(1, round(args.share * len(dated)))
        held = [(a, b) for _, a, b in dated[-k:]]
        how = f"the {k} most recent of {len(dated)} dated agreements (from {dated[-k][0]})"
    else:
        held = [(a, b) for a, b, _ in random.Random(args.seed).sample(edges, k)]
        how = (
            f"a random {args.share:.0%} of the {len(edges)} agreement edges ({k}), random.Random({args.seed})"
        )
    scorer = Scorer(p, hidden=set(held))
    questions = [(a, b) for a, b in held] + [(b, a) for a, b in held]
    if args.limit is not None and args.limit < len(questions):
        questions = random.Random(args.seed).sample(questions, args.limit)
    degree = [len(s) for s in scorer.partners]
    results = {"suggest": [0, 0.0], "degree only": [0, 0.0]}
    t1 = time.perf_counter()
    for u, v in questions:
        ranked = scorer.rank(u)
        baseline = sorted(((c, float(degree[c])) for c, _ in ranked), key=lambda x: (-x[1], p.ids[x[0]]))
        for name, order in (("suggest", ranked), ("degree only", baseline)):
            r = _rank_of(order, v)
            if r is None:
                continue
            results[name][0] += r <= 10
            results[name][1] += 1 / r
    n = len(questions)
    print(f"held back: {how}; {n} questions (each held-back edge asked from both ends)")
    print(f"weights: {WEIGHTS}; ranking took {time.perf_counter() - t1:.1f} s")
    print(f"{'method':<12} {'hits@10':>8} {'MRR':>8}")
    for name, (hits, rr) in results.items():
        print(f"{name:<12} {hits / n:>8.4f} {rr / n:>8.4f}")


if __name__ == "__main__":
    main()
