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
Projection (``.proj``, :mod:`graph.projection_file`): flat arrays (the edges, the
neighbours in CSR form, components, entities, ties) read through a memory map, with
neither numpy nor igraph; a command decodes only the entities and ties it asks for.
Name index and labels (``.json``): plain JSON. The name index also as an SQLite
table (``.sqlite``, :mod:`graph.name_table`), which a command queries for one name
without reading the others.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.store import Store

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from graph.name_table import NameTable
    from graph.projection import Filters, Projection

__all__ = [
    "cache_root",
    "enabled",
    "load_json",
    "load_projection",
    "open_name_table",
    "save_json",
    "save_name_table",
    "save_projection",
]

FORMAT = 1
_PROJECTION = "proj"
# the files a new version's file replaces (``.npz``: the projection's format before this one)
_SUFFIXES = {".proj", ".npz", ".json", ".sqlite"}
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
            if not old.name.startswith((prefix, ".")) and old.suffix in _SUFFIXES:
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


def save_projection(store: Store, p: Projection) -> None:
    """Save projection ``p`` (built at ``p.version``) beside the store."""
    root = cache_root(store)
    if root is None:
        return
    from graph import projection_file

    key = filters_key(p.filters)

    def write(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            projection_file.write(fh, p, key)

    _write_atomic(root, _path(root, p.version, "projection", key, _PROJECTION), write)


def load_projection(store: Store, version: str, filters: Filters) -> Projection | None:
    """The projection saved for ``version`` and ``filters``, or None (absent, unreadable, another version)."""
    root = cache_root(store)
    if root is None:
        return None
    from graph import projection_file

    key = filters_key(filters)
    path = _path(root, version, "projection", key, _PROJECTION)
    if not path.is_file():
        return None
    try:
        return projection_file.read(path, version, filters, key)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        _discard(path)
        return None


# ---------------------------------------------------------------------------- name table
def _name_table_path(root: Path, version: str) -> Path:
    return _path(root, version, "names", "table", "sqlite")


def open_name_table(store: Store, version: str) -> NameTable | None:
    """The name table saved for ``version``, or None (absent, unreadable, another version)."""
    root = cache_root(store)
    if root is None:
        return None
    path = _name_table_path(root, version)
    if not path.is_file():
        return None
    import sqlite3

    from graph.name_table import NameTable

    try:
        table = NameTable.open(path, version)
    except (OSError, sqlite3.Error):
        table = None
    if table is None:
        _discard(path)
    return table


def save_name_table(
    store: Store,
    version: str,
    by_name: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, Sequence[str]]],
    types: Mapping[str, str],
) -> None:
    """Save the name index of ``version`` as a table, unless it is saved already."""
    root = cache_root(store)
    if root is None or _name_table_path(root, version).is_file():
        return
    import sqlite3

    from graph import name_table

    def write(tmp: Path) -> None:
        try:
            name_table.write(tmp, version, by_name, labels, types)
        except sqlite3.Error as exc:
            raise OSError(f"cannot write the name table: {exc}") from exc

    _write_atomic(root, _name_table_path(root, version), write)
