"""Answers of ``citykg show``, ``path`` and ``ego`` kept beside the store, keyed to its version.

A question asked again of an unchanged store is answered from a small JSON file
in the store's cache folder (:mod:`graph.disk_cache`), without the name index,
the projection or igraph, and, for the embedded store, without opening RocksDB
(:class:`~graph.embedded_store.EmbeddedStore` opens it when first read). The
file is keyed to:

* the store's version token, which every write changes (before and after it
  writes), so a load, merge, undo or review makes the next answer a fresh one,
  and saving a file removes the files of other versions;
* the question: the command and every option that shapes its answer;
* the code that computes answers: the size and modification time of its source
  files, so an upgraded or edited citykg never reads an answer of the old one.

Only answers are kept, never errors (an unknown name is looked up again). At
most :data:`MAX_FILES` answers of one store version are kept, the oldest removed
first. ``CITYKG_CACHE=off`` turns them off with the other caches.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from graph import disk_cache
from graph.store import EntityDetail, EntityRef, FactView, NodeInfo, SourceView, Store, Tie

__all__ = ["MAX_FILES", "answer", "entity_from", "paths_from", "subgraph_from"]

T = TypeVar("T")
MAX_FILES = 500
# The modules whose code decides what an answer holds (the store's reads, names, projection, paths, ego).
_CODE = {
    "graph": (
        "disk_cache.py",
        "ego.py",
        "embedded_store.py",
        "lookup.py",
        "neo4j_store.py",
        "path_search.py",
        "paths.py",
        "projection.py",
        "store.py",
        "store_rules.py",
    ),
    "ontology": ("iris.py", "names.py"),
    "service": ("answers.py",),
}


@cache
def _code_stamp() -> str:
    root = Path(__file__).resolve().parents[1]
    parts = []
    for package, files in _CODE.items():
        for name in files:
            try:
                st = (root / package / name).stat()
            except OSError:
                parts.append(f"{package}/{name}:-")
                continue
            parts.append(f"{package}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return " ".join(parts)


def answer(
    store: Store,
    command: str,
    question: Mapping[str, Any],
    compute: Callable[[], T],
    *,
    dump: Callable[[T], Any],
    load: Callable[[Any], T],
) -> T:
    """The answer to ``question`` of ``command``: from the cache when this store version has it, else computed.

    ``dump`` turns an answer into JSON values and ``load`` back; a cached value
    that ``load`` cannot read is computed again.
    """
    if disk_cache.cache_root(store) is None:
        return compute()
    kind = f"answer-{command}"
    key = json.dumps({"q": dict(question), "code": _code_stamp()}, sort_keys=True, ensure_ascii=False)
    version = store.version()
    saved = disk_cache.load_json(store, kind, key, version)
    if saved is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError, IndexError, AttributeError):
            return load(saved)
    value = compute()
    if store.version() == version:  # not a version that changed under the computation
        disk_cache.save_json(store, kind, key, version, dump(value))
        _prune(store, version)
    return value


def _prune(store: Store, version: str) -> None:
    root = disk_cache.cache_root(store)
    if root is None:
        return
    with contextlib.suppress(OSError):
        files = sorted(root.glob("*-answer-*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in files[:-MAX_FILES]:
            old.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- JSON → answers
def _ref(d: Mapping[str, Any]) -> EntityRef:
    return EntityRef(d["id"], d["label"], d["type"], d.get("matched", ""))


def _source(d: Mapping[str, Any]) -> SourceView:
    return SourceView(**d)


def tie_from(d: Mapping[str, Any]) -> Tie:
    """A :class:`~graph.store.Tie` from its ``dataclasses.asdict`` form."""
    return Tie(d["fact"], d["kind"], d["source"], d["target"], d["start"], d["end"], tuple(d["sources"]))


def entity_from(d: Mapping[str, Any]) -> EntityDetail:
    """An :class:`~graph.store.EntityDetail` from its ``dataclasses.asdict`` form."""
    return EntityDetail(
        id=d["id"],
        type=d["type"],
        types=list(d["types"]),
        label=d["label"],
        labels={k: list(v) for k, v in d["labels"].items()},
        identifiers=dict(d["identifiers"]),
        attributes=dict(d["attributes"]),
        links={k: [_ref(r) for r in v] for k, v in d["links"].items()},
        facts=[
            FactView(
                id=f["id"],
                type=f["type"],
                role=f["role"],
                others={k: [_ref(r) for r in v] for k, v in f["others"].items()},
                dates=dict(f["dates"]),
                attributes=dict(f["attributes"]),
                sources=[_source(s) for s in f["sources"]],
            )
            for f in d["facts"]
        ],
        sources=[_source(s) for s in d["sources"]],
    )


def paths_from(rows: list[Mapping[str, Any]]) -> list[Any]:
    """A list of :class:`~graph.paths.GraphPath` from their ``dataclasses.asdict`` forms."""
    from graph.paths import GraphPath, Hop

    return [
        GraphPath(
            nodes=[_ref(n) for n in p["nodes"]],
            hops=[
                Hop(_ref(h["source"]), _ref(h["target"]), [tie_from(t) for t in h["ties"]]) for h in p["hops"]
            ],
        )
        for p in rows
    ]


def subgraph_from(d: Mapping[str, Any]) -> Any:
    """A :class:`~graph.ego.Subgraph` from its ``dataclasses.asdict`` form."""
    from graph.ego import Subgraph

    return Subgraph(
        center=d["center"],
        nodes=[NodeInfo(**n) for n in d["nodes"]],
        ties=[tie_from(t) for t in d["ties"]],
    )
