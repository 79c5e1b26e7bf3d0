"""Loaders: read sources into validated records and RDF, before anything is written.

Every loader turns one file into a named dataset (an RDF graph in the citykg
ontology). :func:`read_sources` reads all the files of a load first, so that a
bad file anywhere means nothing is written; the caller then hands the graphs to
a store in one transaction. :func:`loaders.pipeline.load_paths` instead hands
each file's graphs, and a streaming reader's batches, to the store as they are
read, and has the store take them all back should any file fail.

The names below live in :mod:`loaders.sources` and are imported on first use,
so that a command that only catches :class:`~loaders.errors.LoaderError` does
not pay for every reader (rdflib parsers, the news gazetteer, pydantic records).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loaders.assembly import ReadContext
    from loaders.errors import LoaderError
    from loaders.sources import (
        BUNDLED_NAMES,
        BUNDLED_NEWS,
        BUNDLED_ROSTERS,
        BUNDLED_TWINS,
        BUNDLED_WORLD,
        FORMATS,
        LoadedSource,
        bundled_paths,
        detect_format,
        read_source,
        read_sources,
    )

__all__ = [
    "BUNDLED_NAMES",
    "BUNDLED_NEWS",
    "BUNDLED_ROSTERS",
    "BUNDLED_TWINS",
    "BUNDLED_WORLD",
    "FORMATS",
    "LoadedSource",
    "LoaderError",
    "ReadContext",
    "bundled_paths",
    "detect_format",
    "read_source",
    "read_sources",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        value = getattr(importlib.import_module("loaders.sources"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'loaders' has no attribute {name!r}")
