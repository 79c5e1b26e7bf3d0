"""Read sources and write them to a store as one all-or-nothing load.

A store that can take a load in batches (``begin_load``, see :class:`graph.store.LoadWriter`) gets
each source as it is read: a streaming reader (the Wikidata exports) hands over what it built every
:data:`loaders.assembly.FLUSH_EVERY` rows, the rest of a source goes when the source is read, so
memory holds the resolver's indexes and one batch, not the load. Should any file fail, everything the
load wrote is taken back, so a load of several files is still all or nothing. A store without
``begin_load`` gets every graph at once, after all files are read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rdflib import Graph

from graph.store import LoadSummary, LoadWriter, Store
from loaders import bundled_paths, read_source, read_sources
from loaders.assembly import OnError, ReadContext
from loaders.countries import PlacesRead, assign_countries
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
    """Read every path (the bundled data when ``paths`` is empty) and load them as one all-or-nothing load.

    Then the joins shipped with the bundled data whose two entities are both in the store now are
    applied (``loaders/data/joins.csv``, see :mod:`loaders.joins`), each a recorded, undoable join
    (``ctx.joins``), and the shipped pairs judged two places are recorded (``loaders/data/distinct.csv``,
    ``ctx.distinct`` counts the new ones). ``curate=False`` leaves both out: the sources as published,
    each Wikidata item its own node, which is what published figures of an export count.

    Every city and region left without a country gets one (:mod:`loaders.countries`), in a
    dataset of its own loaded in the same load.

    Names resolve against the store's entities and earlier files of the load. Pass ``ctx``
    (a :class:`~loaders.assembly.ReadContext`) to get the resolution report, the rejected
    rows and per-source stats back; its ``on_error`` wins over the argument.
    """
    if ctx is None:
        ctx = ReadContext(on_error=on_error)
    ctx.resolver = Resolver(store)
    files = list(paths) if paths else bundled_paths()
    begin: Callable[[], LoadWriter] | None = getattr(store, "begin_load", None)
    if begin is None:
        graphs = read_sources(files, fmt, progress=progress, ctx=ctx)
        links, ctx.countries = assign_countries(graphs, ctx.resolver, store)
        summary = store.load([*graphs, *links])
    else:
        summary = _streamed(store, begin, files, fmt, ctx, progress)
    # Two entities of the bundled data that are one place (a city and its municipality item): joined
    # once both are in the store, whichever load brought the second.
    if curate:
        ctx.joins.extend(apply_joins(store, bundled_joins()))
        ctx.distinct += apply_distinct(store, bundled_distinct())
    return summary


def _streamed(
    store: Store,
    begin: Callable[[], LoadWriter],
    files: Sequence[Path],
    fmt: str | None,
    ctx: ReadContext,
    progress: Callable[[Path], None] | None,
) -> LoadSummary:
    """Write each source's batches as they are read; commit at the end, take everything back on failure."""
    nodes = store.nodes()  # the store's places before the load, for the country links
    seen = PlacesRead()
    writer = begin()

    def sink(name: str, graph: Graph) -> None:
        seen.add(graph)
        writer.write(name, graph)

    ctx.sink = sink
    try:
        for path in files:
            sink(*read_source(path, fmt, ctx))
            if progress is not None:
                progress(path)
        links, ctx.countries = assign_countries(seen, ctx.resolver, store, nodes=nodes)
        for name, graph in links:
            writer.write(name, graph)
    except BaseException:
        writer.abort()
        raise
    finally:
        ctx.sink = None
    return writer.commit()


def ensure_loaded(store: Store) -> LoadSummary | None:
    """Load the bundled data into an empty store; leave a store with data alone."""
    if any(store.counts().values()):
        return None
    return load_paths(store)
