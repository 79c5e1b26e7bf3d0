"""Fixtures of the loader tests: the bundled world store, loaded once per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.embedded_store import EmbeddedStore
from loaders import bundled_paths
from loaders.assembly import ReadContext
from loaders.pipeline import load_paths


@pytest.fixture(scope="session")
def world() -> Iterator[tuple[EmbeddedStore, ReadContext]]:
    """An in-memory store holding the bundled data (seeds + Wikidata's world twinning), and its load context.

    Shared by the tests: read it, never write to it.
    """
    store = EmbeddedStore()
    ctx = ReadContext()
    load_paths(store, bundled_paths(), ctx=ctx)
    yield store, ctx
    store.close()
