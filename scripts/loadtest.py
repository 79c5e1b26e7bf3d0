#!/usr/bin/env python3
"""A bounded load test of the HTTP service on loopback: N concurrent clients for T seconds.

Clients alternate between ``/paths`` (between well-connected cities) and
``/entities`` (name searches in several scripts); the report gives requests,
throughput, p50/p90/p99 latency and errors per endpoint. Without ``--url`` a
server is started in-process on 127.0.0.1 over an in-memory store holding the
bundled data. Only loopback URLs are accepted.

With ``--runaways N`` it measures instead how well ``/health`` holds up while N
SPARQL queries that cannot finish keep the query workers busy (each is stopped at
the server's deadline and sent again) and, with ``--with-load``, while ``POST /load``
runs again and again: ``/health`` p50/p99 alone, then under that pressure, and
their ratio.

    .venv/bin/python scripts/loadtest.py --clients 32 --duration 30
    .venv/bin/python scripts/loadtest.py --runaways 4 --with-load --clients 4 --duration 20
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import itertools
import shutil
import socket
import statistics
import sys
import tempfile
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


# Three patterns over the whole store: hundreds of billions of solutions to count.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LOAD_FILE = Path(__file__).resolve().parents[1] / "loaders" / "data" / "seeds.yaml"
API_KEY = "loadtest-" + str(time.time_ns())


def start_server(sparql_timeout: float = 30.0, home: Path | None = None) -> tuple[str, object]:
    import uvicorn

    from graph.centrality import centrality
    from graph.embedded_store import EmbeddedStore
    from loaders import bundled_paths, read_sources
    from service.app import create_app
    from service.settings import ServiceSettings

    store = EmbeddedStore(home)  # on disk (as `citykg serve` runs) when a home is given
    store.load(read_sources(bundled_paths()))
    hubs = [s.entity.id for s in centrality(store, "degree", top=8)]
    settings = ServiceSettings(sparql_timeout=sparql_timeout, api_key=API_KEY)  # type: ignore[arg-type]
    app = create_app(store=store, settings=settings)
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


async def _health(base: str, stop: float, lat: list[float], errors: list[int]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            try:
                ok = (await http.get("/health")).status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                lat.append(time.perf_counter() - t0)
            else:
                errors.append(1)


async def _runaway(base: str, stop: float, answers: dict[int, int]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=600) as http:
        while time.monotonic() < stop:
            r = await http.get("/sparql", params={"query": RUNAWAY})
            answers[r.status_code] = answers.get(r.status_code, 0) + 1
            if r.status_code == 503 and r.json().get("title") != "Query timed out":
                answers[-1] = answers.get(-1, 0) + 1  # stopped for another reason: counted apart


async def _loader(base: str, stop: float, key: str, answers: dict[int, int]) -> None:
    body = LOAD_FILE.read_bytes()
    async with httpx.AsyncClient(base_url=base, timeout=600) as http:
        while time.monotonic() < stop:
            r = await http.post("/load", params={"format": "yaml"}, content=body, headers={"X-API-Key": key})
            answers[r.status_code] = answers.get(r.status_code, 0) + 1


async def health_under_pressure(
    base: str, clients: int, duration: float, runaways: int, with_load: bool, key: str
) -> None:
    """/health latency alone, then while runaway queries (and loads) run."""
    rows = []
    for phase in ("alone", "pressed"):
        lat: list[float] = []
        errors: list[int] = []
        sparql: dict[int, int] = {}
        loads: dict[int, int] = {}
        stop = time.monotonic() + duration
        tasks = [_health(base, stop, lat, errors) for _ in range(clients)]
        if phase == "pressed":
            tasks += [_runaway(base, stop, sparql) for _ in range(runaways)]
            if with_load:
                tasks.append(_loader(base, stop, key, loads))
            await asyncio.sleep(1.0)  # let the runaways reach their workers first
        await asyncio.gather(*tasks)
        rows.append((phase, lat, errors, sparql, loads))
    print(
        f"/health with {clients} clients for {duration:g} s, then with {runaways} runaway SPARQL queries"
        + (" and POST /load in a loop" if with_load else "")
        + f", against {base}"
    )
    print(f"{'phase':<8} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}  others")
    for phase, lat, errors, sparql, loads in rows:
        others = ""
        if phase == "pressed":
            others = f"sparql answers {dict(sorted(sparql.items()))}"
            if with_load:
                others += f", /load answers {dict(sorted(loads.items()))}"
        print(
            f"{phase:<8} {len(lat):>8} {pct(lat, 50) * 1000:>8.1f} {pct(lat, 99) * 1000:>8.1f} "
            f"{max(lat, default=float('nan')) * 1000:>8.1f} {len(errors):>6}  {others}"
        )
    alone, pressed = pct(rows[0][1], 99), pct(rows[1][1], 99)
    print(f"p99 ratio pressed/alone: {pressed / alone:.1f}x")


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
    parser.add_argument(
        "--runaways", type=int, default=0, help="Measure /health while this many runaway SPARQL queries run."
    )
    parser.add_argument(
        "--with-load", action="store_true", help="With --runaways: also POST /load in a loop."
    )
    parser.add_argument("--api-key", help="The X-API-Key for POST /load with --url.")
    parser.add_argument(
        "--sparql-timeout", type=float, default=5.0, help="The in-process server's SPARQL deadline (s)."
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 256 or not 0 < args.duration <= 300 or not 0 <= args.runaways <= 16:
        parser.error("keep it bounded: 1-256 clients, at most 300 s, at most 16 runaways")
    if args.url:
        host = urlparse(args.url).hostname
        if host not in {"127.0.0.1", "localhost", "::1"}:
            parser.error("the load test runs on loopback only")
        base, hubs, key = args.url.rstrip("/"), args.hubs, args.api_key or ""
    else:
        # The pressure test runs on a store on disk, as `citykg serve` does: workers open it read-only.
        home = Path(tempfile.mkdtemp(prefix="citykg-loadtest-")) if args.runaways else None
        if home is not None:
            atexit.register(shutil.rmtree, home, ignore_errors=True)
        base, hubs = start_server(args.sparql_timeout, home)  # type: ignore[assignment]
        key = API_KEY
    if args.runaways:
        asyncio.run(
            health_under_pressure(base, args.clients, args.duration, args.runaways, args.with_load, key)
        )
    else:
        asyncio.run(main_async(base, hubs, args.clients, args.duration))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
