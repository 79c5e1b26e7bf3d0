"""The caches on disk: the same answers as a fresh build, never a stale or broken file."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph import disk_cache, projection
from graph.embedded_store import EmbeddedStore
from graph.projection import Filters, Projection, labels, project
from ontology.records import Agreement, City, Dataset
from ontology.to_rdf import dataset_to_graph

REPO = Path(__file__).resolve().parents[2]


def _forget() -> None:
    """Drop what this process remembers, as a new command would start."""
    with projection._lock:
        projection._cache.clear()
        projection._latest.clear()
        projection._labels.clear()
        projection._resolved.clear()


def _same(a: Projection, b: Projection) -> None:
    assert a.ids == b.ids
    assert a.nodes == b.nodes
    assert a.graph.get_edgelist() == b.graph.get_edgelist()
    assert a.edge_ties == b.edge_ties
    assert a.version == b.version
    assert a.filters == b.filters


@pytest.fixture
def home(tmp_path: Path, seed_graphs: list[tuple[str, Any]]) -> Path:
    """A home whose store holds the seed knowledge base (closed again)."""
    store = EmbeddedStore(tmp_path / "store")
    store.load(seed_graphs)
    store.close()
    return tmp_path


@pytest.fixture
def opened(home: Path) -> Iterator[EmbeddedStore]:
    _forget()
    store = EmbeddedStore(home / "store")
    yield store
    store.close()
    _forget()


def _reopen(store: EmbeddedStore) -> EmbeddedStore:
    path = store.path
    assert path is not None
    store.close()
    _forget()
    return EmbeddedStore(path)


def _no_build(*args: object, **kwargs: object) -> Projection:
    raise AssertionError("the projection was built although a valid file was saved")


def _files(home: Path, kind: str, ext: str = "*") -> list[Path]:
    return sorted((home / "cache").glob(f"*-{kind}-*.{ext}"))


def test_version_is_saved_beside_the_store_and_kept_across_opens(opened: EmbeddedStore, home: Path) -> None:
    version = opened.version()
    assert (home / "store.version").read_text().strip() == version
    again = _reopen(opened)
    try:
        assert again.version() == version
        assert again.persistent_version
    finally:
        again.close()


def test_cached_projection_equals_a_fresh_build(
    opened: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    filters = Filters(kinds=frozenset({"agreement", "membership"}), as_of="2020")
    fresh = [project(opened), project(opened, filters)]
    again = _reopen(opened)
    try:
        monkeypatch.setattr(projection, "_build", _no_build)
        cached = [project(again), project(again, filters)]
        for a, b in zip(fresh, cached, strict=True):
            _same(a, b)
        assert len(cached[0]) > 30  # the seed graph, not an empty one
        assert cached[0].graph.ecount() > 30
    finally:
        again.close()


def test_a_write_invalidates_the_files(opened: EmbeddedStore, home: Path) -> None:
    before = project(opened)
    old_files = _files(home, "projection")
    assert len(old_files) == 1
    stale = old_files[0].read_bytes()
    ds = Dataset(
        name="more",
        entities=[City(id="cache-a"), City(id="cache-b")],
        agreements=[Agreement(id="cache-t", type="TwinningAgreement", parties=["cache-a", "cache-b"])],
    )
    opened.load([("more", dataset_to_graph(ds))])
    assert opened.version() != before.version
    after = project(opened)
    assert "cache-a" in after.index
    assert "cache-a" not in before.index
    # The old version's file is gone; the one saved now is the new version's.
    assert not old_files[0].exists()
    new_files = _files(home, "projection")
    assert len(new_files) == 1
    # The old content under the new version's name (a stale file) is refused and rebuilt.
    new_files[0].write_bytes(stale)
    again = _reopen(opened)
    try:
        assert disk_cache.load_projection(again, again.version(), Filters()) is None
        assert not new_files[0].exists()
        assert "cache-a" in project(again).index
    finally:
        again.close()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_broken_projection_file_is_ignored_and_rebuilt(
    opened: EmbeddedStore, home: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = project(opened)
    (path,) = _files(home, "projection")
    data = path.read_bytes()
    path.write_bytes(
        {"truncate": data[: len(data) // 2], "garbage": b"\x00not a zip" * 100, "empty": b""}[damage]
    )
    again = _reopen(opened)
    try:
        built = []
        real_build = projection._build

        def counting(*args: Any, **kwargs: Any) -> Projection:
            built.append(1)
            return real_build(*args, **kwargs)

        monkeypatch.setattr(projection, "_build", counting)
        _same(project(again), fresh)
        assert built == [1]
        # Saved again, whole: the next command reads it.
        _forget()
        monkeypatch.setattr(projection, "_build", _no_build)
        _same(project(again), fresh)
    finally:
        again.close()


def test_name_index_and_labels_come_from_disk(
    opened: EmbeddedStore, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = opened.search("Qazvin")
    fa = labels(opened, "fa")
    assert found[0].id == "qazvin"
    assert fa["qazvin"] == "قزوین"
    assert _files(home, "names", "json")
    assert _files(home, "names", "sqlite")
    assert _files(home, "labels")
    again = _reopen(opened)
    try:

        def no_query(*args: object, **kwargs: object) -> None:
            raise AssertionError("the store was queried although the files are valid")

        monkeypatch.setattr(again, "_select", no_query)
        monkeypatch.setattr(again, "nodes", no_query)
        assert again.search("Qazvin") == found
        assert again.suggest("Qazvn") == ["qazvin"]  # the whole index, read from its file
        assert labels(again, "fa") == fa
    finally:
        again.close()


def test_a_broken_name_index_is_rebuilt(opened: EmbeddedStore, home: Path) -> None:
    found = opened.search("Qazvin")
    (path,) = _files(home, "names", "json")
    path.write_text('{"format": 1, "version": "', encoding="utf-8")
    again = _reopen(opened)
    try:
        assert again.entity("qazvin").label == "Qazvin"  # needs the whole index: read from the store again
        assert json.loads(path.read_text(encoding="utf-8"))["version"] == again.version()
        assert again.search("Qazvin") == found
    finally:
        again.close()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_broken_name_table_is_ignored_and_saved_again(
    opened: EmbeddedStore, home: Path, damage: str
) -> None:
    found = opened.search("Qazvin")
    (path,) = _files(home, "names", "sqlite")
    data = path.read_bytes()
    path.write_bytes(
        {"truncate": data[: len(data) // 2], "garbage": b"\x00not sqlite" * 100, "empty": b""}[damage]
    )
    again = _reopen(opened)
    try:
        assert again.search("Qazvin") == found
        assert again.exists("qazvin")
        # saved again, whole: the next command searches it without the whole index
        third = _reopen(again)
        try:
            table = third._name_table()
            assert table is not None
            assert table.search("Qazvin", "qazvin", lang="en", limit=10) == found
        finally:
            third.close()
    finally:
        again.close()


@pytest.mark.parametrize(
    ("text", "lang"), [("Qazvin", "en"), ("qaz", "en"), ("قزوین", "fa"), ("an", "en"), ("nowhere", "en")]
)
def test_name_table_ranks_as_the_whole_index(
    opened: EmbeddedStore, monkeypatch: pytest.MonkeyPatch, text: str, lang: str
) -> None:
    whole = opened.search(text, lang=lang, limit=50)
    assert opened.exists("qazvin")
    assert not opened.exists("no-such-entity")
    again = _reopen(opened)
    try:

        def no_index() -> None:
            raise AssertionError("the whole name index was read although its table is saved")

        monkeypatch.setattr(again, "_name_index", no_index)
        assert again.search(text, lang=lang, limit=50) == whole
        assert again.exists("qazvin")
        assert not again.exists("no-such-entity")
        assert not again.exists("a name with spaces")  # not an id: still the table, not every name
    finally:
        again.close()


def test_off_writes_nothing(opened: EmbeddedStore, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITYKG_CACHE", "off")
    project(opened)
    opened.search("Qazvin")
    assert not (home / "cache").exists()


def test_a_read_only_view_without_a_saved_version_caches_nothing(home: Path) -> None:
    (home / "store.version").unlink()
    _forget()
    store = EmbeddedStore(home / "store", read_only=True)
    try:
        assert not store.persistent_version
        project(store)
        assert not (home / "cache").exists()
    finally:
        store.close()
        _forget()


def test_igraph_loads_without_pyplot_and_matplotlib_still_works() -> None:
    code = (
        "import sys, graph, igraph\n"
        "assert 'matplotlib.pyplot' not in sys.modules and 'matplotlib' not in sys.modules\n"
        "assert igraph.Graph(n=3, edges=[(0, 1)]).connected_components().membership == [0, 0, 1]\n"
        "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt\n"
        "plt.figure(); print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.neo4j
def test_neo4j_projection_is_cached_under_its_database_version(
    neo4j_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import neo4j

    from graph.neo4j_store import Neo4jStore

    def opened() -> Neo4jStore:
        store = Neo4jStore(neo4j.GraphDatabase.driver(neo4j_uri))
        store.cache_dir = tmp_path / "cache"
        return store

    first = opened()
    try:
        first.clear()
        small = Dataset(
            name="small",
            entities=[City(id=c) for c in ("neo-x", "neo-y", "neo-z")],
            agreements=[
                Agreement(id="neo-1", type="TwinningAgreement", parties=["neo-x", "neo-y"], start="1990"),
                Agreement(id="neo-2", type="PartnershipAgreement", parties=["neo-y", "neo-z"]),
            ],
        )
        first.load([("small", dataset_to_graph(small))])
        _forget()
        fresh = project(first)
        assert fresh.graph.ecount() == 2
        assert _files(tmp_path, "projection")
        second = opened()
        try:
            _forget()
            with monkeypatch.context() as m:
                m.setattr(projection, "_build", _no_build)
                _same(project(second), fresh)
            ds = Dataset(
                name="more",
                entities=[City(id="neo-a"), City(id="neo-b")],
                agreements=[Agreement(id="neo-t", type="TwinningAgreement", parties=["neo-a", "neo-b"])],
            )
            second.load([("more", dataset_to_graph(ds))])
            assert "neo-a" in project(second).index
        finally:
            second.close()
    finally:
        first.clear()
        first.close()
        _forget()
