"""Caches on disk, beside the store: the projection, the name index and labels, per store version.

Every file is keyed to the store's version token (:meth:`EmbeddedStore.version`,
saved beside the store and changed before and after every write;
:meth:`Neo4jStore.version`, kept in the database). A file names the version it
was built from and is read only when that is the store's version now, so a
write never lets a stale file answer. Files are written to a temporary name
and renamed, so a reader never sees half a file; a file that cannot be read
(cut short, corrupt, another format) is removed and rebuilt. Saving a file
removes the files of other versions.

The cache lives in ``<home>/cache/`` (the directory beside the embedded store's
``<home>/store``). ``CITYKG_CACHE=off`` turns it off (the benchmark compares
both).

Formats
-------
Projection (``.npz``, numpy arrays, no pickles): entity ids and node attributes,
the simple graph's edges as an ``(m, 2)`` int32 array, and its ties in CSR form
(``tie_ptr[e]:tie_ptr[e + 1]`` are the ties of edge ``e``). Strings are packed as
one UTF-8 text plus character offsets, so thousands of them load in milliseconds; an edge's ties are built
from their columns when first asked for.
Name index and labels (``.json``): plain JSON.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from graph.store import NodeInfo, Store, Tie

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from graph.projection import Filters, Projection

__all__ = ["cache_root", "enabled", "load_json", "load_projection", "save_json", "save_projection"]

FORMAT = 1
_OFF = {"0", "off", "no", "false"}


def enabled() -> bool:
    """Whether caches on disk are used (``CITYKG_CACHE`` is not ``off``/``0``/``no``/``false``)."""
    return os.environ.get("CITYKG_CACHE", "").strip().lower() not in _OFF


def cache_root(store: Store) -> Path | None:
    """The cache directory of ``store``, or None when it has none or its version is not saved."""
    if not enabled():
        return None
    root: Path | None = getattr(store, "cache_dir", None)
    if root is None or not getattr(store, "persistent_version", True):
        return None
    return root


def _digest(text: str, n: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def _path(root: Path, version: str, kind: str, key: str, ext: str) -> Path:
    return root / f"{_digest(version, 12)}-{kind}-{_digest(key, 16)}.{ext}"


def _write_atomic(root: Path, target: Path, write: Any) -> None:
    """Write through ``write(tmp_path)`` and rename into place; drop other versions' files."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = root / f".{target.name}.{uuid.uuid4().hex[:8]}.part"
        try:
            write(tmp)
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
        prefix = target.name.split("-", 1)[0]
        for old in root.iterdir():
            if not old.name.startswith((prefix, ".")) and old.suffix in {".npz", ".json"}:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next command a rebuild


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- JSON
def load_json(store: Store, kind: str, key: str, version: str) -> Any | None:
    """The ``kind``/``key`` value saved for ``version``, or None (absent, unreadable, another version)."""
    root = cache_root(store)
    if root is None:
        return None
    path = _path(root, version, kind, key, "json")
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        _discard(path)
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != version:
        _discard(path)
        return None
    if data.get("kind") != kind or data.get("key") != key or "value" not in data:
        _discard(path)
        return None
    return data["value"]


def save_json(store: Store, kind: str, key: str, version: str, value: Any) -> None:
    """Save ``value`` for ``version`` (nothing happens when the store has no cache)."""
    root = cache_root(store)
    if root is None:
        return
    body = {"format": FORMAT, "version": version, "kind": kind, "key": key, "value": value}

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(body, fh, ensure_ascii=False, separators=(",", ":"))

    _write_atomic(root, _path(root, version, kind, key, "json"), write)


# ---------------------------------------------------------------------------- projection
def filters_key(filters: Filters) -> str:
    """A stable text naming ``filters`` (already resolved to ids)."""

    def items(values: frozenset[str] | None) -> list[str] | None:
        return None if values is None else sorted(values)

    return json.dumps(
        {
            "kinds": items(filters.kinds),
            "networks": items(filters.networks),
            "countries": items(filters.countries),
            "as_of": filters.as_of,
        },
        sort_keys=True,
    )


def _pack(strings: list[str]) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    import numpy as np

    offsets = np.zeros(len(strings) + 1, dtype=np.int64)
    if strings:
        offsets[1:] = np.cumsum([len(s) for s in strings])
    return np.frombuffer("".join(strings).encode("utf-8"), dtype=np.uint8), offsets


def _unpack(blob: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    if len(text) != int(offsets[-1]):
        raise ValueError("packed strings do not match their offsets")
    o = offsets.tolist()
    return [text[o[i] : o[i + 1]] for i in range(len(o) - 1)]


def _opt(values: list[str]) -> list[str | None]:
    return [v or None for v in values]


def _num(values: npt.NDArray[np.float64]) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]


def save_projection(store: Store, p: Projection) -> None:
    """Save projection ``p`` (built at ``p.version``) beside the store."""
    root = cache_root(store)
    if root is None:
        return
    import numpy as np

    key = filters_key(p.filters)
    ties = [t for group in p.edge_ties for t in group]
    ptr = np.zeros(len(p.edge_ties) + 1, dtype=np.int64)
    if p.edge_ties:
        ptr[1:] = np.cumsum([len(group) for group in p.edge_ties])
    arrays: dict[str, Any] = {
        "meta": np.frombuffer(
            json.dumps({"format": FORMAT, "version": p.version, "filters": key}).encode(), dtype=np.uint8
        ),
        "edges": np.array(p.graph.get_edgelist(), dtype=np.int32).reshape(-1, 2),
        "tie_ptr": ptr,
        "node_lat": np.array([np.nan if n.lat is None else n.lat for n in p.nodes], dtype=np.float64),
        "node_lon": np.array([np.nan if n.lon is None else n.lon for n in p.nodes], dtype=np.float64),
        "node_pop": np.array(
            [np.nan if n.population is None else n.population for n in p.nodes], dtype=np.float64
        ),
    }
    columns: dict[str, list[str]] = {
        "ids": p.ids,
        "node_type": [n.type for n in p.nodes],
        "node_label": [n.label for n in p.nodes],
        "node_country": [n.country or "" for n in p.nodes],
        "tie_fact": [t.fact for t in ties],
        "tie_kind": [t.kind for t in ties],
        "tie_source": [t.source for t in ties],
        "tie_target": [t.target for t in ties],
        "tie_start": [t.start or "" for t in ties],
        "tie_end": [t.end or "" for t in ties],
        "tie_sources": [" ".join(t.sources) for t in ties],
    }
    for name, values in columns.items():
        arrays[f"{name}.text"], arrays[f"{name}.offsets"] = _pack(values)

    def write(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            np.savez(fh, **arrays)

    _write_atomic(root, _path(root, p.version, "projection", key, "npz"), write)


def load_projection(store: Store, version: str, filters: Filters) -> Projection | None:
    """The projection saved for ``version`` and ``filters``, or None (absent, unreadable, another version)."""
    root = cache_root(store)
    if root is None:
        return None
    key = filters_key(filters)
    path = _path(root, version, "projection", key, "npz")
    if not path.is_file():
        return None
    try:
        return _read_projection(path, version, key, filters)
    except (OSError, ValueError, KeyError, IndexError, TypeError, zipfile.BadZipFile, EOFError):
        _discard(path)
        return None


_TIE_COLUMNS = ("tie_fact", "tie_kind", "tie_source", "tie_target", "tie_start", "tie_end", "tie_sources")


def _texts(blob: npt.NDArray[np.uint8], offsets: npt.NDArray[np.int64]) -> tuple[str, list[int]]:
    text = blob.tobytes().decode("utf-8")
    if len(text) != int(offsets[-1]):
        raise ValueError("packed strings do not match their offsets")
    return text, offsets.tolist()


class _TieColumns:
    """The ties of a saved projection as packed columns; :meth:`tie` builds one (a command reads a few)."""

    def __init__(self, columns: dict[str, tuple[str, list[int]]]) -> None:
        lengths = {len(offsets) - 1 for _text, offsets in columns.values()}
        if len(lengths) != 1:
            raise ValueError("tie columns of different lengths")
        self._n = lengths.pop()
        self._columns = [columns[name] for name in _TIE_COLUMNS]

    def __len__(self) -> int:
        return self._n

    def tie(self, i: int) -> Tie:
        f, k, s, t, a, b, src = (text[o[i] : o[i + 1]] for text, o in self._columns)
        return Tie(f, k, s, t, a or None, b or None, tuple(src.split(" ")) if src else ())


class _EdgeTies(Sequence[list[Tie]]):
    """``edge_ties`` of a projection read from disk: edge ``e``'s ties built when first asked for."""

    def __init__(self, ties: _TieColumns, ptr: list[int]) -> None:
        self._ties, self._ptr = ties, ptr
        self._built: dict[int, list[Tie]] = {}

    def __len__(self) -> int:
        return len(self._ptr) - 1

    def __eq__(self, other: object) -> bool:  # equal to the lists a projection built from the store holds
        return (
            isinstance(other, Sequence)
            and len(self) == len(other)
            and all(a == b for a, b in zip(self, other, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]

    @overload
    def __getitem__(self, e: int) -> list[Tie]: ...
    @overload
    def __getitem__(self, e: slice) -> list[list[Tie]]: ...
    def __getitem__(self, e: int | slice) -> list[Tie] | list[list[Tie]]:
        if isinstance(e, slice):
            return [self[i] for i in range(*e.indices(len(self)))]
        if e < 0:
            e += len(self)
        if not 0 <= e < len(self):
            raise IndexError(e)
        built = self._built.get(e)
        if built is None:
            built = [self._ties.tie(i) for i in range(self._ptr[e], self._ptr[e + 1])]
            self._built[e] = built
        return built


def _read_projection(path: Path, version: str, key: str, filters: Filters) -> Projection | None:
    import igraph as ig
    import numpy as np

    from graph.projection import Projection

    with path.open("rb") as fh, np.load(fh, allow_pickle=False) as data:
        meta = json.loads(data["meta"].tobytes().decode("utf-8"))
        if meta != {"format": FORMAT, "version": version, "filters": key}:
            raise ValueError("another version, filter or format")
        col = {
            name: _unpack(data[f"{name}.text"], data[f"{name}.offsets"])
            for name in ("ids", "node_type", "node_label", "node_country")
        }
        ties = _TieColumns(
            {name: _texts(data[f"{name}.text"], data[f"{name}.offsets"]) for name in _TIE_COLUMNS}
        )
        edges = data["edges"]
        ptr = data["tie_ptr"].tolist()
        lat, lon, pop = _num(data["node_lat"]), _num(data["node_lon"]), _num(data["node_pop"])
    ids = col["ids"]
    n, m = len(ids), len(edges)
    if not (len(col["node_type"]) == len(lat) == len(lon) == len(pop) == n) or len(ptr) != m + 1:
        raise ValueError("node or edge arrays of different lengths")
    if m and (edges.min() < 0 or edges.max() >= n):
        raise ValueError("an edge names a vertex that does not exist")
    if ptr[-1] != len(ties):
        raise ValueError("the tie pointer does not match the ties")
    countries = _opt(col["node_country"])
    nodes = [
        NodeInfo(i, ty, label, c, la, lo, po)
        for i, ty, label, c, la, lo, po in zip(
            ids, col["node_type"], col["node_label"], countries, lat, lon, pop, strict=True
        )
    ]
    graph = ig.Graph(n=n, edges=edges.tolist(), directed=False)
    return Projection(
        graph=graph,
        ids=ids,
        index={x: i for i, x in enumerate(ids)},
        nodes=nodes,
        edge_ties=_EdgeTies(ties, ptr),
        version=version,
        filters=filters,
    )
