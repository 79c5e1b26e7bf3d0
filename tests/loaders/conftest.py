"""Fixtures of the loader tests: the bundled world store, loaded once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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


FULL_LOAD = [
    "wikipedia-twin-cities-hekman/twin_cities_geocoded.csv",
    "etmun-urbact-memberships/etmun_memberships_geocoded.csv",
    "etmun-urbact-memberships/urbact_memberships.csv",
    "eurocities-gpm-members/eurocities_members_wikidata.json",
    "eurocities-gpm-members/eurocities_members_from_website.txt",
]
"""After the bundled data, the files the README's load walk-through adds, in its order."""


@pytest.fixture(scope="session")
def full_load(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    """A store home holding the bundled data plus every shared membership and twin file, each loaded as
    `citykg load` does (one load per file, names resolved against the store), and the resolution report
    rows of all the loads. Shared by the tests: read it, never write to it."""
    data = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    home = tmp_path_factory.mktemp("full-load")
    store = EmbeddedStore(home / "store")
    rows: list[dict[str, str]] = []
    try:
        for paths in [bundled_paths(), *([data / rel] for rel in FULL_LOAD)]:
            ctx = ReadContext(on_error="skip")
            load_paths(store, paths, ctx=ctx)
            rows.extend(ctx.report.rows)
    finally:
        store.close()
    return home, rows
