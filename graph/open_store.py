"""Choose and open the store once: embedded (default) or Neo4j."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from graph.embedded_store import EmbeddedStore
from graph.errors import StoreUnavailable
from graph.store import Store

if TYPE_CHECKING:  # imported when needed: the embedded store is opened without pydantic-settings (0.2 s)
    from graph.settings import StoreSettings

__all__ = ["open_embedded", "open_store"]


def open_store(
    settings: StoreSettings | None = None,
    *,
    kind: Literal["embedded", "neo4j"] | None = None,
    read_only: bool = False,
) -> Store:
    """Open the store the settings name (``kind`` overrides ``CITYKG_STORE``).

    For the embedded store, ``read_only`` falls back to a read-only view when
    another process (a running ``citykg serve``) holds the store.
    """
    if settings is None:
        from graph.settings import get_settings

        settings = get_settings()
    kind = kind or settings.store
    if kind == "neo4j":
        from graph.neo4j_store import Neo4jStore  # imported here: the driver is only needed for Neo4j

        store = Neo4jStore.from_settings(settings)
        # Caches of this database beside the home's own (graph/disk_cache.py), keyed to its version.
        where = f"{settings.neo4j_uri}/{settings.neo4j_database or ''}"
        store.cache_dir = settings.home / "cache" / f"neo4j-{hashlib.sha256(where.encode()).hexdigest()[:12]}"
        return store
    return open_embedded(settings.store_path, read_only=read_only)


def open_embedded(path: Path, *, read_only: bool = False) -> EmbeddedStore:
    """Open the embedded store in ``path``; ``read_only`` as in :func:`open_store`.

    For reading, a store with a saved version is opened when first asked
    (``EmbeddedStore(deferred=True)``): an answer the cache beside it holds needs
    no RocksDB.
    """
    try:
        return EmbeddedStore(path, deferred=read_only)
    except StoreUnavailable:
        if read_only and path.exists():
            return EmbeddedStore(path, read_only=True)
        raise
