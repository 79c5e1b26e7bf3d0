"""Read sources and write them to a store as one all-or-nothing load."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from graph.store import LoadSummary, Store
from loaders import bundled_paths, read_sources
from loaders.assembly import OnError, ReadContext
from loaders.countries import assign_countries
from loaders.joins import apply_distinct, apply_joins, bundled_distinct, bundled_joins
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
    curate: bool = True,
) -> LoadSummary:
    """Read every path (the bundled data when ``paths`` is empty), then load them in one transaction.

    Then the joins shipped with the bundled data whose two entities are both in the store now are
    applied (``loaders/data/joins.csv``, see :mod:`loaders.joins`), each a recorded, undoable join
    (``ctx.joins``), and the shipped pairs judged two places are recorded (``loaders/data/distinct.csv``,
    ``ctx.distinct`` counts the new ones). ``curate=False`` leaves both out: the sources as published,
    each Wikidata item its own node, which is what published figures of an export count.

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
    summary = store.load([*graphs, *links])
    # Two entities of the bundled data that are one place (a city and its municipality item): joined
    # once both are in the store, whichever load brought the second.
    if curate:
        ctx.joins.extend(apply_joins(store, bundled_joins()))
        ctx.distinct += apply_distinct(store, bundled_distinct())
    return summary


def ensure_loaded(store: Store) -> LoadSummary | None:
    """Load the bundled data into an empty store; leave a store with data alone."""
    if any(store.counts().values()):
        return None
    return load_paths(store)
