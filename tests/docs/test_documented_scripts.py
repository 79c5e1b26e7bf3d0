"""The benchmark and evaluation scripts the docs quote run and print their figures (with small settings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(*args: str, timeout: float = 900, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    assert done.returncode == 0, (
        f"{args}: exit {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    )
    return done.stdout


def test_news_evaluation_on_seeds_and_held_out() -> None:
    seeds = _run("scripts/evaluate_news.py", "--errors")
    assert "precision" in seeds.lower()
    held_out = _run(
        "scripts/evaluate_news.py",
        "--seeds",
        "tests/loaders/news/heldout",
        "--gold",
        "tests/loaders/news/heldout_gold.yaml",
        "--errors",
    )
    assert "recall" in held_out.lower()


def test_news_evaluation_prints_both_splits_and_the_news_benchmark_runs() -> None:
    out = _run("scripts/evaluate_news.py", "--split", "test")
    assert "== test: 33 articles" in out
    for row in ("twinning", "membership", "event_hosted", "event_attended", "post", "lang sl", "all (micro)"):
        assert row in out
    bench = _run("benchmarks/bench_news.py", "--n", "20")
    assert "20 articles" in bench
    assert "articles/s" in bench
    assert "extract / write" in bench


def test_graph_benchmark_prints_ratios() -> None:
    out = _run("benchmarks/bench_graph.py", "--skip-slow", "--pairs", "50")
    assert "pagerank: citykg" in out
    assert "equal: yes" in out
    assert "equal: NO" not in out
    assert "path query, 50 random pairs" in out


def test_load_benchmark_on_one_dataset() -> None:
    out = _run("benchmarks/bench_load.py", "--only", "etmun")
    assert "rows/s (embedded)" in out
    assert "17,333" in out  # the ETMUN table's rows


def test_service_benchmark_and_load_test() -> None:
    out = _run("benchmarks/bench_service.py", "--repeat", "3")
    assert "over HTTP (uvicorn)" in out
    assert "rdflib memory" in out
    out = _run("scripts/loadtest.py", "--clients", "4", "--duration", "3")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("/")}
    assert set(rows) == {"/paths", "/entities"}
    assert all(int(row[1]) > 0 and row[-1] == "0" for row in rows.values())  # requests served, no errors


def test_validation_benchmark_on_a_sample() -> None:
    out = _run("benchmarks/bench_validate.py", "--sample", "150", "--skip-full")
    assert "equal results: yes" in out
    assert "x pyshacl" in out


def test_load_test_of_health_under_runaway_queries() -> None:
    out = _run(
        "scripts/loadtest.py", "--runaways", "2", "--clients", "2", "--duration", "4", "--sparql-timeout", "1"
    )
    rows = {
        line.split()[0]: line.split() for line in out.splitlines() if line.startswith(("alone", "pressed"))
    }
    assert set(rows) == {"alone", "pressed"}
    assert all(int(row[1]) > 0 and row[5] == "0" for row in rows.values())  # /health answered, no errors
    pressed = " ".join(rows["pressed"])
    assert "{503:" in pressed  # the runaways were stopped at the deadline
    assert "-1:" not in pressed  # and for no other reason
    assert "p99 ratio pressed/alone:" in out


def test_scale_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    saved = tmp_path / "scale.json"
    out = _run(
        "benchmarks/bench_scale.py",
        "--sizes",
        "0.02",
        "--pairs",
        "5",
        "--nx-betweenness",
        "0.02",
        "--save",
        str(saved),
    )
    assert "0.02×: 200 cities" in out
    for row in ("load peak RSS (MB)", "k=3 paths, networkx", "stats: distance sources", "growth exponent"):
        assert row in out
    assert "betweenness" in out
    assert "× networkx (whole process beside whole process)" in out
    assert "× in CPU seconds" in out
    assert "betweenness, exact, networkx whole process (CPU s)" in out
    assert "betweenness, citykg vs networkx, max rel. difference" in out
    assert "in one process" in out
    merged = _run("benchmarks/bench_scale.py", "--merge", str(saved))
    assert "| projection nodes |" in merged


def test_scale_benchmark_loads_as_a_user_does_and_times_the_service(tmp_path: Path) -> None:
    saved = tmp_path / "load.json"
    out = _run(
        "benchmarks/bench_scale.py",
        "--sizes",
        "0.02",
        "--only-load",
        "--load-process",
        "--baseline",
        str(REPO),
        "--serve",
        "0.02",
        "--requests",
        "5",
        "--save",
        str(saved),
    )
    for row in (
        "load peak RSS, whole process (MB)",
        "statements per second",
        "baseline: load peak RSS (MB)",
        "citykg path, warm, whole process",
        "/paths p50 (ms)",
    ):
        assert row in out
    assert "less peak memory" in out
    merged = _run("benchmarks/bench_scale.py", "--merge", str(saved))
    assert "| /paths requests | 5 |" in merged


def test_scale_benchmark_times_warm_paths_on_new_pairs_beside_a_baseline(tmp_path: Path) -> None:
    export, home = tmp_path / "tiny.csv", tmp_path / "home"
    _run(
        "-c",
        "import sys; from pathlib import Path; sys.path.insert(0, 'benchmarks'); import bench_scale; "
        f"bench_scale.generate(0.02, 19, Path({str(export)!r}))",
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "CITYKG_HOME": str(home)}
    _run("-c", "from service.cli import main; main()", "load", str(export), env=env)
    args = ("--warm-path", str(home), "--cities", "200", "--runs", "2", "--baseline", str(REPO))
    out = _run("benchmarks/bench_scale.py", *args)
    assert "warm citykg path on" in out
    assert "this checkout: wall median" in out
    assert "baseline: wall median" in out
    assert "ratio baseline / this checkout" in out
    kept = len(list((home / "cache").glob("*-answer-path-*.json")))
    assert kept >= 6  # the warm-up and two timed questions of each checkout, every one new
    again = _run("benchmarks/bench_scale.py", *args)  # the same seed: pairs asked before are not counted
    assert "this checkout: wall median" in again
    assert len(list((home / "cache").glob("*-answer-path-*.json"))) >= kept + 4
