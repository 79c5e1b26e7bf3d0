"""The research benchmark and the suggestion evaluation the docs quote run and print their figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=1800, check=False
    )
    assert (done.returncode == 0) == ok, (
        f"{args}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    )
    return done


def test_suggestion_evaluation_beats_degree_and_refuses_a_split_without_dates() -> None:
    recent = _run("scripts/evaluate_suggest.py", "--wikidata-only", ok=False)
    assert "needs at least 50 dated place-place agreements; this graph has 0 of 8951" in recent.stderr
    out = _run(
        "scripts/evaluate_suggest.py", "--wikidata-only", "--split", "random", "--seed", "0", "--limit", "300"
    ).stdout
    rows = {
        line.split()[0]: line.split() for line in out.splitlines() if line.startswith(("suggest", "degree"))
    }
    assert set(rows) == {"suggest", "degree"}
    assert float(rows["suggest"][1]) > float(rows["degree"][2])  # hits@10 of suggest above degree only
    assert "300 questions" in out


def test_research_benchmark_prints_both_sides() -> None:
    out = _run("benchmarks/bench_research.py", "--wikidata-only", "--skip-slow", "--rounds", "2").stdout
    assert "n=5314 m=8951 max degree=77 largest component=4450 triangles=1812" in out
    assert "communities: Louvain" in out
    assert "mixing: degree" in out
    assert "equal (" in out
