"""Liveness and store status."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from service.deps import StoreDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The service is up; the store answers with these counts."""

    model_config = ConfigDict(extra="forbid")

    status: str
    store: str
    counts: dict[str, int]


@router.get("/health")
def health(store: StoreDep) -> Health:
    """Whether the service and its store answer, with the store's counts per class."""
    return Health(status="ok", store=type(store).__name__, counts=store.counts())
