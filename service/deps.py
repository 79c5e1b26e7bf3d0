"""FastAPI dependencies: the store opened in the lifespan, handed to handlers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.errors import StoreUnavailable
from graph.store import Store
from service.jobs import JobRunner
from service.settings import ServiceSettings, get_service_settings

__all__ = ["JobsDep", "SettingsDep", "StoreDep", "get_jobs", "get_service_settings_dep", "get_store"]


def get_store(request: Request) -> Store:
    """The store the lifespan opened."""
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("the store is not open")
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def get_service_settings_dep(request: Request) -> ServiceSettings:
    """The settings the app was built with (else those of the environment)."""
    settings: ServiceSettings | None = getattr(request.app.state, "settings", None)
    return settings or get_service_settings()


SettingsDep = Annotated[ServiceSettings, Depends(get_service_settings_dep)]


def get_jobs(request: Request) -> JobRunner:
    """The job runner the lifespan started."""
    jobs: JobRunner | None = getattr(request.app.state, "jobs", None)
    if jobs is None:
        raise StoreUnavailable("the job runner is not running")
    return jobs


JobsDep = Annotated[JobRunner, Depends(get_jobs)]
