"""Property-based run of schemathesis against the OpenAPI schema, on the ASGI app: no 5xx, ever."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from graph.embedded_store import EmbeddedStore
from loaders import read_sources
from service.app import create_app
from service.settings import ServiceSettings


@schemathesis.serializer("application/sparql-query", "application/octet-stream")
def _raw(ctx: object, value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


SEEDS = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"


def _app() -> object:
    # The hand-curated seed records only: small, so random filters project quickly.
    store = EmbeddedStore()
    store.load(read_sources([SEEDS]))
    settings = ServiceSettings(api_key="k", sparql_timeout=5, sparql_max_rows=100)
    app = create_app(store=store, settings=settings)
    app.state.store = store  # schemathesis's ASGI calls do not run the lifespan
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call()
    where = f"{case.method} {case.formatted_path} {case.query}"
    assert response.status_code < 500, f"{where} → {response.text[:300]}"
