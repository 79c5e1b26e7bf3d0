"""FastAPI dependencies: the store opened in the lifespan, handed to handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.errors import StoreUnavailable
from graph.store import Store

__all__ = ["StoreDep", "get_store"]


def get_store(request: Request) -> Store:
    """The store the lifespan opened."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("the store is not open")
    return store


StoreDep = Annotated[Store, Depends(get_store)]
