#!/usr/bin/env python3
"""Everyday speed of the command line, whole process, side by side with a previous commit.

Runs ``citykg show``, ``path``, ``ego`` and ``centrality`` as separate processes on
a home holding the bundled data:

* **baseline**: the same commands from a previous commit (``--baseline``, default
  ``main``), checked out in a temporary worktree and run with this checkout's
  virtual environment, on the same home, warm (after one untimed run);
* **cold**: this checkout with the caches beside the store removed before each
  command (the first command after a load);
* **new**: this checkout, warm, asked a question it has not answered before: the
  projection and name index read from the cache, the kept answers
  (``service/answers.py``) removed first;
* **again**: this checkout, the same question asked again of the unchanged store
  (its answer kept beside the store).

Each figure is the median of ``--repeat`` runs: wall-clock seconds, and CPU seconds
(user + system of the child) which a busy machine does not inflate. The ratio
columns are baseline ÷ new and baseline ÷ again: warm against warm.

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
        cols = ("baseline", "cold", "new", "again")
        print(
            f"{'command':<11} "
            + " ".join(f"{c:>15}" for c in cols)
            + f" {'ratio new':>13} {'ratio again':>13}"
        )
        print(f"{'':<11} " + " ".join(f"{'wall / cpu s':>15}" for _ in cols) + f" {'wall / cpu':>13}" * 2)
        cache = home / "cache"
        for name, cmd in COMMANDS.items():
            base, cold, new, again = [], [], [], []
            for _ in range(args.repeat):
                shutil.rmtree(cache, ignore_errors=True)
                cold.append(run(REPO, home, cmd))
                for kept in cache.glob("*-answer-*.json"):
                    kept.unlink()
                new.append(run(REPO, home, cmd))
                again.append(run(REPO, home, cmd))
                # the baseline warm as well: one untimed run first builds any cache file it reads
                # (a baseline run right after another command's cold run used to pay for the projection)
                run(old, home, cmd)
                base.append(run(old, home, cmd))
            (bw, bc), (cw, cc), (nw, nc), (aw, ac) = median(base), median(cold), median(new), median(again)
            cells = " ".join(f"{w:>7.2f} / {c:<5.2f}" for w, c in ((bw, bc), (cw, cc), (nw, nc), (aw, ac)))
            print(
                f"{name:<11} {cells}  {bw / nw:>5.1f}× / {bc / nc:.1f}×  {bw / aw:>5.1f}× / {bc / ac:.1f}×",
                flush=True,
            )
        print(f"load average at end {os.getloadavg()[0]:.1f}")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=REPO, capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
