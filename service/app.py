"""The FastAPI application: routers per resource, the store opened in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from graph.embedded_store import EmbeddedStore
from graph.open_store import open_store
from graph.store import Store
from loaders.pipeline import ensure_loaded
from service.errors import install_handlers
from service.guards import AllowedHosts, BodyLimit, SameOriginWrites
from service.jobs import JobRunner
from service.routers import (
    api_docs,
    curation,
    ego,
    entities,
    explorer,
    export,
    facts,
    graph_questions,
    health,
    jobs,
    load,
    maps,
    news,
    research,
    review,
    sparql,
)
from service.settings import ServiceSettings, get_service_settings
from service.sparql import close_pools

__all__ = ["create_app"]

log = logging.getLogger("citykg.service")


def create_app(
    store: Store | None = None,
    *,
    settings: ServiceSettings | None = None,
    load_bundled: bool | None = None,
    close_store: bool | None = None,
    local_token: str | None = None,
    on_stop: Callable[[], None] | None = None,
) -> FastAPI:
    """Build the app.

    ``store`` replaces the configured one (tests hand in their own; the app then
    neither loads into it nor closes it unless ``load_bundled``/``close_store``
    say so). A store the app opens itself gets the bundled data when empty.
    ``local_token`` is the token of ``citykg serve``'s server file: write
    endpoints take it as an API key (see :mod:`graph.running`); ``on_stop``
    runs when the app stops (``citykg serve`` removes its server file there, as
    the server re-raises the signal that stopped it once the app is down).
    """
    settings = settings or get_service_settings()
    owned = store is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store if store is not None else open_store()
        if load_bundled if load_bundled is not None else owned and settings.load_bundled_on_empty:
            summary = ensure_loaded(app.state.store)
            if summary is not None:
                log.info("loaded the bundled data: %d triples", summary.triples_added)
        app.state.jobs = JobRunner(max_queued=settings.max_queued_loads, kept=settings.kept_jobs)
        try:
            yield
        finally:
            # A running load finishes (it is all or nothing); waiting ones are dropped.
            app.state.jobs.close()
            if close_store if close_store is not None else owned:
                if isinstance(app.state.store, EmbeddedStore):
                    close_pools(app.state.store)  # the SPARQL workers of a store that closes
                app.state.store.close()
            if on_stop is not None:
                on_stop()

    app = FastAPI(
        title="citykg",
        summary="A sourced, time-aware knowledge graph of city diplomacy.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served offline by service.routers.api_docs
        redoc_url=None,
    )
    # The last added runs first: Host, then cross-site writes, then the body cap, then CORS.
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )
    app.add_middleware(BodyLimit, default=settings.max_body_bytes, limits={"/load": settings.max_load_bytes})
    app.add_middleware(SameOriginWrites, cors_origins=settings.cors_origins)
    app.add_middleware(AllowedHosts, hosts=settings.allowed_hosts)
    app.state.settings = settings
    app.state.local_token = local_token
    install_handlers(app)
    app.include_router(health.router)
    app.include_router(entities.router)
    app.include_router(sparql.router)
    app.include_router(graph_questions.router)
    app.include_router(ego.router)
    app.include_router(facts.router)
    app.include_router(maps.router)
    app.include_router(export.router)
    app.include_router(load.router)
    app.include_router(jobs.router)
    app.include_router(explorer.router)
    app.include_router(review.router)
    app.include_router(news.router)
    app.include_router(curation.router)
    app.include_router(research.router)
    app.include_router(api_docs.router)
    return app
