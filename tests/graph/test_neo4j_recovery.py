"""Recovery of batched Neo4j loads killed with SIGKILL: a rollback never deletes what a later load confirmed.

The sequence of issue 18, with real processes and the real Wikidata sister-city export: a batched load is
killed midway, rerun to success, and a later, unrelated load then rolls back the dead load. Every node and
relationship of the successful loads must survive, and every twinning agreement keep its two parties. A
second test kills the process that runs that rollback, and lets yet another load finish it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.neo4j_store import Neo4jStore
from loaders import read_sources

sys.path.insert(0, str(Path(__file__).resolve().parent))
from neo4j_load_child import slice_csv

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

CHILD = Path(__file__).resolve().parent / "neo4j_load_child.py"
TAGGED_RELS = "MATCH ()-[r]->() WHERE r._load IS NOT NULL RETURN count(r) AS n"
BOOKKEEPING = (
    "MATCH (n) WHERE n._load IS NOT NULL OR n:CitykgJournal OR n:CitykgLoad RETURN count(n) AS n "
    "UNION ALL MATCH ()-[r]->() WHERE r._load IS NOT NULL RETURN count(r) AS n"
)
PARTIES = "MATCH (f:TwinningAgreement) RETURN f.id AS id, COUNT { (f)-[:PARTY]->(:City) } AS parties"
# Rows of the export and a dataset name: a base load, the killed (then rerun) load overlapping it, and a
# later unrelated load.
Rows = tuple[int, int, str]
BASE: Rows = (0, 600, "base")
DEAD: Rows = (400, 1400, "rerun")
LATER: Rows = (4000, 4500, "later")


@pytest.fixture
def store(neo4j_uri: str) -> Iterator[Neo4jStore]:
    s = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri))
    s.clear()
    yield s
    s.clear()
    s.close()


@pytest.fixture
def csv(shared_data: Path) -> Path:
    return shared_data / "wikidata-sister-cities-2021" / "query.csv"


def _graphs(csv: Path, rows: Rows, tmp: Path) -> Any:
    return read_sources([slice_csv(csv, *rows, tmp)])


def _spawn(uri: str, csv: Path, rows: Rows, tmp: Path, **options: Any) -> subprocess.Popen[str]:
    start, stop, name = rows
    spec = {
        "uri": uri,
        "csv": str(csv),
        "start": start,
        "stop": stop,
        "name": name,
        "tmp": str(tmp),
        **options,
    }
    return subprocess.Popen(
        [sys.executable, str(CHILD), json.dumps(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )


def _n(store: Neo4jStore, query: str) -> int:
    return sum(int(r["n"]) for r in store._read(query))


def _kill_when(
    proc: subprocess.Popen[str], ready: Callable[[], bool], what: str, timeout: float = 300
) -> None:
    """SIGKILL ``proc`` as soon as ``ready()`` holds; fail if it ended (or never got there) first."""
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the loader ended (exit {proc.returncode}) before {what}:\n{out}\n{err[-3000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the loader never reached {what}")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def _run(proc: subprocess.Popen[str]) -> None:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    assert out.strip() == "loaded"


def _snapshot(store: Neo4jStore) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes, rels = store.property_graph()
    for rel in rels:
        rel["datasets"] = sorted(rel["datasets"] or [])
    return nodes, rels


def _assert_consistent(store: Neo4jStore) -> None:
    assert _n(store, BOOKKEEPING) == 0, "a load tag, journal entry or load marker was left behind"
    parties = store._read(PARTIES)
    assert len(parties) > 300
    broken = [r for r in parties if r["parties"] != 2]
    assert broken == [], f"{len(broken)} twinning agreements without exactly two parties, e.g. {broken[:3]}"


def _expected(store: Neo4jStore, csv: Path, tmp: Path, *loads: Rows) -> Any:
    """What the successful loads alone give, loaded cleanly into the emptied database."""
    store.clear()
    for rows in loads:
        store.load(_graphs(csv, rows, tmp))
    return _snapshot(store)


def test_kill_rerun_then_later_load_keeps_the_rerun(
    store: Neo4jStore, neo4j_uri: str, csv: Path, tmp_path: Path
) -> None:
    store.load(_graphs(csv, BASE, tmp_path))
    batched = {"single_tx_limit": 0, "batch_size": 100}
    dead = _spawn(neo4j_uri, csv, DEAD, tmp_path, **batched)
    # Killed while it writes relationships: its nodes and some relationships are in, tagged as its own.
    _kill_when(dead, lambda: _n(store, TAGGED_RELS) >= 800, "800 relationships")
    assert _n(store, "MATCH (l:CitykgLoad) RETURN count(l) AS n") == 1
    _run(_spawn(neo4j_uri, csv, DEAD, tmp_path, **batched))  # the rerun, while the dead marker is fresh
    rerun = _snapshot(store)
    # A later, unrelated load finds the dead load's marker stale and rolls that load back first.
    later = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri), stale_after=0)
    try:
        later.load(_graphs(csv, LATER, tmp_path))
    finally:
        later.close()
    _assert_consistent(store)
    nodes, rels = _snapshot(store)
    ids = {n["id"] for n in nodes}
    assert {n["id"] for n in rerun[0]} <= ids, "the rollback deleted nodes of the successful rerun"
    links = {(r["src"], r["type"], r["dst"]) for r in rels}
    assert {(r["src"], r["type"], r["dst"]) for r in rerun[1]} <= links
    assert (nodes, rels) == _expected(store, csv, tmp_path, BASE, DEAD, LATER)


def test_kill_during_the_rollback_then_another_load_finishes_it(
    store: Neo4jStore, neo4j_uri: str, csv: Path, tmp_path: Path
) -> None:
    store.load(_graphs(csv, BASE, tmp_path))
    batched = {"single_tx_limit": 0, "batch_size": 100}
    dead = _spawn(neo4j_uri, csv, DEAD, tmp_path, **batched)
    _kill_when(dead, lambda: _n(store, TAGGED_RELS) >= 800, "800 relationships")
    # A rerun of the first part only: what the dead load wrote beyond it stays unconfirmed.
    part: Rows = (DEAD[0], DEAD[0] + 300, DEAD[2])  # the same dataset name
    _run(_spawn(neo4j_uri, csv, part, tmp_path, **batched))
    left = _n(store, TAGGED_RELS)
    assert left > 200, "the dead load should still own relationships nobody confirmed"
    # The next load rolls the dead one back in small passes and is killed midway through that rollback.
    rolling = _spawn(neo4j_uri, csv, LATER, tmp_path, stale_after=0, rollback_pass=20)
    _kill_when(rolling, lambda: 0 < _n(store, TAGGED_RELS) < left - 40, "the middle of the rollback")
    store.stale_after = 0
    store.load(_graphs(csv, LATER, tmp_path))  # yet another load finishes the rollback, then loads
    _assert_consistent(store)
    assert _snapshot(store) == _expected(store, csv, tmp_path, BASE, part, LATER)
