"""Read sources and write them to a store as one all-or-nothing load."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from graph.store import LoadSummary, Store
from loaders import bundled_paths, read_sources
from loaders.assembly import OnError, ReadContext
from loaders.countries import assign_countries
from loaders.resolution import Resolver

__all__ = ["ensure_loaded", "load_paths"]


def load_paths(
    store: Store,
    paths: Sequence[Path] | None = None,
    fmt: str | None = None,
    *,
    progress: Callable[[Path], None] | None = None,
    on_error: OnError = "fail",
    ctx: ReadContext | None = None,
) -> LoadSummary:
    """Read every path (the bundled data when ``paths`` is empty), then load them in one transaction.

    The joins shipped with the bundled data (``loaders/data/joins.csv``, :mod:`loaders.joins`) are not
    applied here: a join keeps both items' names and Wikidata ids on one node, which the shapes reject
    (two preferred names in one language, two QIDs), so a load would leave a store that does not validate.

    Every city and region left without a country gets one (:mod:`loaders.countries`), in a
    dataset of its own loaded in the same transaction.

    Names resolve against the store's entities and earlier files of the load. Pass ``ctx``
    (a :class:`~loaders.assembly.ReadContext`) to get the resolution report, the rejected
    rows and per-source stats back; its ``on_error`` wins over the argument.
    """
    if ctx is None:
        ctx = ReadContext(on_error=on_error)
    ctx.resolver = Resolver(store)
    files = list(paths) if paths else bundled_paths()
    graphs = read_sources(files, fmt, progress=progress, ctx=ctx)
    links, ctx.countries = assign_countries(graphs, ctx.resolver, store)
    return store.load([*graphs, *links])


def ensure_loaded(store: Store) -> LoadSummary | None:
    """Load the bundled data into an empty store; leave a store with data alone."""
    if any(store.counts().values()):
        return None
    return load_paths(store)
