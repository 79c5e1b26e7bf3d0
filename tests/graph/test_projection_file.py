"""The projection's file: a projection read from it answers as the one it was saved from, without igraph."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any

import igraph as ig
import pytest

from graph import projection, projection_file
from graph.disk_cache import filters_key
from graph.embedded_store import EmbeddedStore
from graph.paths import shortest_paths
from graph.projection import Filters, Projection, grow, project
from graph.store import NodeInfo, Tie

REPO = Path(__file__).resolve().parents[2]


def _forget() -> None:
    with projection._lock:
        projection._cache.clear()
        projection._latest.clear()
        projection._labels.clear()
        projection._resolved.clear()


def _saved(p: Projection, tmp_path: Path) -> Projection:
    path = tmp_path / "p.proj"
    with path.open("wb") as fh:
        projection_file.write(fh, p, filters_key(p.filters))
    return projection_file.read(path, p.version, p.filters, filters_key(p.filters))


def _same_answers(p: Projection, q: Projection) -> None:
    """``q`` (read from its file) answers every question of the path search as ``p`` does."""
    n = len(p.ids)
    assert len(q) == n
    assert [q.entity_id(i) for i in range(n)] == p.ids
    assert [q.node(i) for i in range(n)] == p.nodes
    assert all(q.vertex(x) == i for i, x in enumerate(p.ids))
    assert q.vertex("no-such-entity") is None
    assert [q.adjacency()[v] for v in range(n)] == [list(p.adjacency()[v]) for v in range(n)]
    assert all(
        q.connected(a, b) == p.connected(a, b) for a, b in itertools.product(range(min(n, 40)), repeat=2)
    )
    edges = p.graph.get_edgelist()
    assert q.edge_ids(edges) == list(range(len(edges)))
    assert q.edge_ids([(b, a) for a, b in edges]) == list(range(len(edges)))
    assert [q.edge_ties[e] for e in range(len(edges))] == [list(t) for t in p.edge_ties]


def _hand_built() -> Projection:
    """Ids not in sorted order (as after a grown load), non-ASCII labels, missing values, several sources."""
    nodes = [
        NodeInfo("tabriz", "City", "تبریز", "iran", 38.08, 46.29, 1_558_693),
        NodeInfo("baku", "City", "Bakı", None, None, None, None),
        NodeInfo("a-net", "Network", "A — network", None, None, 1.5, 0),
    ]
    ties = [
        [Tie("t1", "TwinningAgreement", "baku", "tabriz", "1980", None, ("src-a", "src-b"))],
        [
            Tie("m1", "Membership", "tabriz", "a-net", None, "2020-05", ()),
            Tie("m2", "Membership", "tabriz", "a-net"),
        ],
    ]
    ids = [n.id for n in nodes]
    return Projection(
        ig.Graph(n=3, edges=[(0, 1), (0, 2)]),
        ids,
        {x: i for i, x in enumerate(ids)},
        nodes,
        ties,
        "v1",
        Filters(),
    )


def test_hand_built_projection_reads_back(tmp_path: Path) -> None:
    p = _hand_built()
    q = _saved(p, tmp_path)
    _same_answers(p, q)
    assert q.node(1).lat is None  # missing stays missing
    assert q.node(2).population == 0  # and zero stays zero
    assert q.ids == p.ids
    assert q.nodes == p.nodes
    assert q.index == p.index
    assert q.graph.get_edgelist() == p.graph.get_edgelist()


def test_seed_projection_and_a_grown_one_read_back(seed_store: EmbeddedStore, tmp_path: Path) -> None:
    p = project(seed_store)
    _same_answers(p, _saved(p, tmp_path))
    # a grown projection appends vertices after the sorted ones: the file's id index still finds them
    extra = [NodeInfo("zz-new", "City", "New"), NodeInfo("aa-new", "City", "Also new")]
    ties = [*seed_store.ties(), Tie("t-new", "TwinningAgreement", "aa-new", "zz-new")]
    grown = grow(p, [*seed_store.nodes(), *extra], ties, "v2")
    assert grown is not None
    assert grown.ids[-2:] == ["aa-new", "zz-new"]
    _same_answers(grown, _saved(grown, tmp_path))


def test_paths_from_the_file_equal_fresh_ones_without_igraph(
    seed_store: EmbeddedStore, tmp_path: Path
) -> None:
    _forget()
    p = project(seed_store)
    cities = [x for x, n in zip(p.ids, p.nodes, strict=True) if n.type == "City"][:12]
    fresh = {
        (a, b, k): shortest_paths(seed_store, a, b, k=k)
        for a, b in itertools.combinations(cities, 2)
        for k in (1, 3)
    }
    q = _saved(p, tmp_path)
    key = (id(seed_store), p.version, p.filters)
    try:
        with projection._lock:
            projection._cache[key] = q  # as a command finds it: read from the file
        for (a, b, k), want in fresh.items():
            assert shortest_paths(seed_store, a, b, k=k) == want
        assert any(want for want in fresh.values())
        # nothing but the file's arrays was needed
        assert (q._graph, q._ids, q._nodes) == (None, None, None)  # type: ignore[attr-defined]
    finally:
        _forget()


@pytest.mark.parametrize("where", [0.3, 0.6, 0.95])
def test_a_damaged_file_is_refused(tmp_path: Path, where: float) -> None:
    p = _hand_built()
    _saved(p, tmp_path)
    path = tmp_path / "p.proj"
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises((ValueError, UnicodeDecodeError)):
        projection_file.read(path, "v1", Filters(), filters_key(Filters()))


def test_another_version_is_refused(tmp_path: Path) -> None:
    p = _hand_built()
    _saved(p, tmp_path)
    with pytest.raises(ValueError, match="another version"):
        projection_file.read(tmp_path / "p.proj", "v2", Filters(), filters_key(Filters()))


@pytest.fixture
def warm_home(tmp_path: Path, seed_graphs: list[tuple[str, Any]]) -> Path:
    store = EmbeddedStore(tmp_path / "store")
    store.load(seed_graphs)
    store.close()
    return tmp_path


def test_warm_path_command_needs_neither_numpy_nor_igraph(warm_home: Path) -> None:
    code = (
        "import sys\n"
        "from service.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('loaded:', sorted(m for m in ('numpy', 'igraph') if m in sys.modules))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "CITYKG_HOME": str(warm_home)}

    def run(a: str, b: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code, "path", a, b], capture_output=True, text=True, env=env, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = run("Isfahan", "Kashan")  # builds the projection and the name table
    assert "path 1" in first
    second = run("Osan", "Kermanshah")  # a new question on the warm store
    assert "path 1 (5 hops): Osan" in second
    assert second.strip().endswith("loaded: []")


def test_a_second_search_walks_every_row_as_lists(seed_store: EmbeddedStore, tmp_path: Path) -> None:
    p = project(seed_store)
    q = _saved(p, tmp_path)
    first = q.adjacency()
    assert isinstance(first, projection_file.Adjacency)  # a command's one search reads rows on demand
    assert first[0] == list(p.adjacency()[0])
    second = q.adjacency()
    assert isinstance(second, list)  # a process that searches again: every row, read once
    assert second == [list(p.adjacency()[v]) for v in range(len(p))]
    assert q.adjacency() is second


def test_edge_ids_of_a_pair_that_is_not_adjacent_is_an_error(tmp_path: Path) -> None:
    q = _saved(_hand_built(), tmp_path)
    assert q.edge_ids([(1, 0), (0, 2)]) == [0, 1]
    with pytest.raises(ValueError, match="not adjacent"):
        q.edge_ids([(1, 2)])
