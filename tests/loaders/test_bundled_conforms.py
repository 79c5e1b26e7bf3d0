"""The whole bundled load conforms to the shapes (checked by the compiled validator, seconds on this store)."""

from __future__ import annotations

import pytest

from graph.embedded_store import EmbeddedStore
from loaders.assembly import ReadContext


@pytest.mark.slow
def test_the_bundled_store_conforms(world: tuple[EmbeddedStore, ReadContext]) -> None:
    store, _ctx = world
    report = store.validate()
    assert report.conforms, report.to_text()[:3000]
