"""Start-up: ``citykg load`` of the bundled data on a fresh home, and ``citykg serve`` to its first answer.

Three measures, each in a fresh process, for this checkout and for the code of ``--baseline REF`` (default: the
merge base with ``main``, checked out in a temporary ``git worktree``), printed side by side with the ratio:

* ``load``: ``citykg load`` with no path (the bundled data) into a fresh home: wall time, CPU time (user + system
  of the process), peak memory (max RSS) and statements per second (the triples the load reports as read, over
  wall time);
* ``serve, fresh home``: what ``make run`` does on a new machine: ``citykg serve`` on an empty home (the server
  loads the bundled data before it answers), timed from the start of the process to the first answer of
  ``GET /health`` and to that of ``GET /entities/qazvin`` (a question on the data), with the server's peak memory;
* ``serve, loaded home``: the same on the home the ``load`` step filled (every later ``make run``).

Each checkout runs its own code (``python -m service.cli`` with its folder first on the path) against its own
bundled data, so the figures compare what a user of each version waits for. Homes live in a temporary folder that
is removed afterwards; the servers listen on free ports of 127.0.0.1.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--baseline REF] [--timeout 900]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
_TRIPLES_READ = re.compile(r"([\d,]+) triples read")


def _env(root: Path, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)
    env["CITYKG_HOME"] = str(home)
    env.pop("CITYKG_STORE", None)  # the embedded store, as `make run` uses it
    return env


_CLI = [sys.executable, "-m", "service.cli"]
"""The checkout's own CLI: run with its folder as the working directory and first on ``PYTHONPATH``."""


def time_load(root: Path, home: Path) -> dict[str, float]:
    """``citykg load`` (no path) into ``home``: wall, CPU and peak RSS of the child, statements per second."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(
            [*_CLI, "load"],
            cwd=root,
            env=_env(root, home),
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # wait4 gives this child's own resource use (RUSAGE_CHILDREN would mix in every earlier child).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        raise RuntimeError(f"citykg load ({root}) exited with {proc.returncode}:\n{output[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    found = _TRIPLES_READ.findall(output)
    triples = int(found[-1].replace(",", "")) if found else 0
    return {
        "wall": wall,
        "cpu": cpu,
        "rss_mib": usage.ru_maxrss / 1024,
        "triples": float(triples),
        "per_s": triples / wall if wall else 0.0,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _peak_rss_mib(pid: int) -> float:
    """VmHWM of a live process (its peak resident set), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_serve(root: Path, home: Path, timeout: float) -> dict[str, float]:
    """``citykg serve`` on ``home`` until ``/health`` and ``/entities/qazvin`` answer; then stop it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*_CLI, "serve", "--port", str(port)],
        cwd=root,
        env=_env(root, home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        health = entity = None
        while time.perf_counter() - start < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"citykg serve ({root}) exited with {proc.returncode}")
            if health is None and _answers(base + "/health"):
                health = time.perf_counter() - start
            if health is not None and _answers(base + "/entities/qazvin"):
                entity = time.perf_counter() - start
                break
            time.sleep(0.1)
        if health is None or entity is None:
            raise RuntimeError(f"citykg serve ({root}) gave no answer within {timeout:.0f} s")
        rss = _peak_rss_mib(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"health": health, "entity": entity, "rss_mib": rss}


def run(root: Path, timeout: float) -> dict[str, dict[str, float]]:
    """The three measures for the checkout at ``root``, on homes in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="citykg-startup-") as tmp:
        fresh, loaded = Path(tmp) / "fresh", Path(tmp) / "loaded"
        return {
            "load": time_load(root, loaded),
            "serve_fresh": time_serve(root, fresh, timeout),
            "serve_loaded": time_serve(root, loaded, timeout),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--baseline", help="git ref of the code before (default: merge base with main)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed for each step")
    args = parser.parse_args()

    def git(*argv: str) -> str:
        return subprocess.run(
            ["git", *argv], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout.strip()

    console = Console()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    console.print(
        f"{dt.date.today()}: {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    ref = args.baseline or git("merge-base", "HEAD", "main")
    sha = git("rev-parse", "--short", ref)
    with tempfile.TemporaryDirectory(prefix="citykg-baseline-") as tmp:
        base = Path(tmp) / "baseline"
        git("worktree", "add", "--detach", str(base), ref)
        try:
            before = run(base, args.timeout)
        finally:
            git("worktree", "remove", "--force", str(base))
    after = run(REPO, args.timeout)

    table = Table("measure", f"before ({sha})", "after (this checkout)", "after / before", title="start-up")
    rows = [
        ("load", "wall", "citykg load (bundled), wall s", "{:.1f}"),
        ("load", "cpu", "citykg load, CPU s", "{:.1f}"),
        ("load", "rss_mib", "citykg load, peak memory MiB", "{:.0f}"),
        ("load", "triples", "triples read", "{:,.0f}"),
        ("load", "per_s", "statements per second (wall)", "{:,.0f}"),
        ("serve_fresh", "health", "make run, fresh home: first answer s", "{:.1f}"),
        ("serve_fresh", "entity", "make run, fresh home: first data answer s", "{:.1f}"),
        ("serve_fresh", "rss_mib", "make run, fresh home: server peak MiB", "{:.0f}"),
        ("serve_loaded", "health", "make run, loaded home: first answer s", "{:.1f}"),
        ("serve_loaded", "entity", "make run, loaded home: first data answer s", "{:.1f}"),
        ("serve_loaded", "rss_mib", "make run, loaded home: server peak MiB", "{:.0f}"),
    ]
    for step, key, label, fmt in rows:
        b, a = before[step][key], after[step][key]
        ratio = a / b if b else float("nan")
        table.add_row(label, fmt.format(b), fmt.format(a), f"{ratio:.2f}")
    console.print(table)


if __name__ == "__main__":
    main()
