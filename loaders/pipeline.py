"""Read sources and write them to a store as one all-or-nothing load."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from graph.store import LoadSummary, Store
from loaders import bundled_paths, read_sources

__all__ = ["ensure_loaded", "load_paths"]


def load_paths(
    store: Store,
    paths: Sequence[Path] | None = None,
    fmt: str | None = None,
    *,
    progress: Callable[[Path], None] | None = None,
) -> LoadSummary:
    """Read every path (the bundled data when ``paths`` is empty), then load them in one transaction."""
    graphs = read_sources(list(paths) if paths else bundled_paths(), fmt, progress=progress)
    return store.load(graphs)


def ensure_loaded(store: Store) -> LoadSummary | None:
    """Load the bundled data into an empty store; leave a store with data alone."""
    if any(store.counts().values()):
        return None
    return load_paths(store)
