#!/usr/bin/env python3
"""Everyday speed of the command line, whole process, side by side with a previous commit.

Runs ``citykg show``, ``path``, ``ego`` and ``centrality`` as separate processes on
a home holding the bundled data:

* **baseline**: the same commands from a previous commit (``--baseline``, default
  ``main``), checked out in a temporary worktree and run with this checkout's
  virtual environment, on the same home, warm (after one untimed run);
* **cold**: this checkout with the caches beside the store removed before each
  command (the first command after a load);
* **warm**: this checkout again, the caches in place (every later command).

Each figure is the median of ``--repeat`` runs: wall-clock seconds, and CPU seconds
(user + system of the child) which a busy machine does not inflate. The ratio
column is baseline ÷ warm: warm against warm.

    .venv/bin/python benchmarks/bench_cli.py --home /path/to/home [--baseline main] [--repeat 3]

Without ``--home`` a temporary home is made and the bundled data loaded into it first
(minutes).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, list[str]] = {
    "show": ["show", "Qazvin"],
    "path": ["path", "Qazvin", "Isfahan"],
    "ego": ["ego", "Qazvin", "--depth", "1"],
    "centrality": ["centrality", "--metric", "degree", "--top", "10"],
}
MAIN = "import sys; from service.cli import main; sys.argv[0] = 'citykg'; main()"
PROBE = "import graph, service.cli; print(graph.__file__)"


def run(code_dir: Path, home: Path, args: list[str], *, cache: bool = True) -> tuple[float, float]:
    """Wall and CPU seconds of one whole ``citykg`` process run from ``code_dir``."""
    env = {**os.environ, "CITYKG_HOME": str(home), "COLUMNS": "120"}
    env.pop("CITYKG_STORE", None)
    if not cache:
        env["CITYKG_CACHE"] = "off"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MAIN, *args], cwd=code_dir, env=env, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"`citykg {' '.join(args)}` failed in {code_dir}:\n{done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def checkout(ref: str, into: Path) -> Path:
    """A detached worktree of ``ref``; checks that its code, not this checkout's, is what runs there."""
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(into), ref], cwd=REPO, check=True, capture_output=True
    )
    where = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=into, capture_output=True, text=True, check=True
    ).stdout.strip()
    if not where.startswith(str(into)):
        raise SystemExit(f"the baseline imports {where}, not the worktree {into}")
    return into


def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, help="A home holding the bundled data (default: a new one).")
    ap.add_argument("--baseline", default="main", help="The git ref of the previous behaviour.")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="citykg-bench-cli-"))
    home = args.home
    if home is None:
        home = scratch / "home"
        print("loading the bundled data into a new home (minutes) ...", flush=True)
        run(REPO, home, ["load"])
    old = checkout(args.baseline, scratch / "baseline")
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", args.baseline],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        cpu_count = os.cpu_count()
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        print(
            f"machine: {cpu_count} cores, {mem:.0f} GiB, Python {platform.python_version()}; "
            f"load average at start {os.getloadavg()[0]:.1f}; baseline {args.baseline} ({rev}); "
            f"median of {args.repeat}"
        )
        header = f"{'command':<11} {'baseline':>15} {'cold':>15} {'warm':>15} {'ratio':>13}"
        print(header)
        print(f"{'':<11} {'wall / cpu s':>15} {'wall / cpu s':>15} {'wall / cpu s':>15} {'wall / cpu':>13}")
        cache = home / "cache"
        for name, cmd in COMMANDS.items():
            base, cold, warm = [], [], []
            for _ in range(args.repeat):
                shutil.rmtree(cache, ignore_errors=True)
                cold.append(run(REPO, home, cmd))
                warm.append(run(REPO, home, cmd))
                # the baseline warm as well: one untimed run first builds any cache file it reads
                # (a baseline run right after another command's cold run used to pay for the projection)
                run(old, home, cmd)
                base.append(run(old, home, cmd))
            (bw, bc), (cw, cc), (ww, wc) = median(base), median(cold), median(warm)
            print(
                f"{name:<11} {bw:>7.2f} / {bc:<5.2f}  {cw:>7.2f} / {cc:<5.2f}  {ww:>7.2f} / {wc:<5.2f}"
                f"  {bw / ww:>5.1f}× / {bc / wc:.1f}×",
                flush=True,
            )
        print(f"load average at end {os.getloadavg()[0]:.1f}")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=REPO, capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
