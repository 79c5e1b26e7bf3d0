#!/usr/bin/env python3
"""A bounded load test of the HTTP service on loopback: N concurrent clients for T seconds.

Clients alternate between ``/paths`` (between well-connected cities) and
``/entities`` (name searches in several scripts); the report gives requests,
throughput, p50/p90/p99 latency and errors per endpoint. Without ``--url`` a
server is started in-process on 127.0.0.1 over an in-memory store holding the
bundled data. Only loopback URLs are accepted.

    .venv/bin/python scripts/loadtest.py --clients 32 --duration 30
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

SEARCHES = [
    "Qazvin",
    "قزوین",
    "Isfahan",
    "اصفهان",
    "Maribor",
    "Kermanshah",
    "Paris",
    "Tokyo",
    "Bandar",
    "Silk",
]


def start_server() -> tuple[str, object]:
    import uvicorn

    from graph.centrality import centrality
    from graph.embedded_store import EmbeddedStore
    from loaders import bundled_paths, read_sources
    from service.app import create_app

    store = EmbeddedStore()
    store.load(read_sources(bundled_paths()))
    hubs = [s.entity.id for s in centrality(store, "degree", top=8)]
    app = create_app(store=store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", hubs


async def client(
    base: str,
    requests: itertools.cycle[tuple[str, str, dict[str, str]]],
    stop: float,
    results: dict[str, list[float]],
    errors: dict[str, int],
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < stop:
            name, path, params = next(requests)
            t0 = time.perf_counter()
            try:
                r = await http.get(path, params=params)
                ok = r.status_code < 500 and r.status_code != 429
            except httpx.HTTPError:
                ok = False
            dt = time.perf_counter() - t0
            if ok:
                results[name].append(dt)
            else:
                errors[name] += 1


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]
    )


async def main_async(base: str, hubs: list[str], clients: int, duration: float) -> None:
    pairs = [(a, b) for a, b in itertools.combinations(hubs, 2)]
    reqs: list[tuple[str, str, dict[str, str]]] = []
    for i in range(max(len(pairs), len(SEARCHES))):
        a, b = pairs[i % len(pairs)]
        reqs.append(("/paths", "/paths", {"source": a, "target": b, "k": "1"}))
        reqs.append(("/entities", "/entities", {"q": SEARCHES[i % len(SEARCHES)]}))
    cycle = itertools.cycle(reqs)
    results: dict[str, list[float]] = {"/paths": [], "/entities": []}
    errors = {"/paths": 0, "/entities": 0}
    stop = time.monotonic() + duration
    t0 = time.monotonic()
    await asyncio.gather(*(client(base, cycle, stop, results, errors) for _ in range(clients)))
    elapsed = time.monotonic() - t0
    print(f"{clients} clients for {duration:g} s against {base}")
    print(
        f"{'endpoint':<10} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'errors':>6}"
    )
    for name, lat in results.items():
        print(
            f"{name:<10} {len(lat):>8} {len(lat) / elapsed:>7.1f} {pct(lat, 50) * 1000:>8.1f} "
            f"{pct(lat, 90) * 1000:>8.1f} {pct(lat, 99) * 1000:>8.1f} {errors[name]:>6}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="A running service on loopback (default: start one in-process).")
    parser.add_argument(
        "--hubs", nargs="*", default=["qazvin", "isfahan"], help="Entity ids for /paths with --url."
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=30.0)
    args = parser.parse_args()
    if not 1 <= args.clients <= 256 or not 0 < args.duration <= 300:
        parser.error("keep it bounded: 1-256 clients, at most 300 s")
    if args.url:
        host = urlparse(args.url).hostname
        if host not in {"127.0.0.1", "localhost", "::1"}:
            parser.error("the load test runs on loopback only")
        base, hubs = args.url.rstrip("/"), args.hubs
    else:
        base, hubs = start_server()  # type: ignore[assignment]
    asyncio.run(main_async(base, hubs, args.clients, args.duration))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
