"""Property-based run of schemathesis against the OpenAPI schema, on the ASGI app.

No 5xx, ever, and every error is a problem (``application/problem+json``). The totals of the run (operations,
cases, statuses) are logged at the end of the module; docs/service.md quotes them.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from graph.embedded_store import EmbeddedStore
from loaders import read_sources
from service.app import create_app
from service.jobs import JobRunner
from service.settings import ServiceSettings


@schemathesis.serializer("application/sparql-query", "application/octet-stream")
def _raw(ctx: object, value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


SEEDS = Path(__file__).resolve().parents[2] / "loaders" / "data" / "seeds.yaml"
log = logging.getLogger(__name__)
CASES: Counter[tuple[str, int]] = Counter()


def _app() -> object:
    # The hand-curated seed records only: small, so random filters project quickly.
    store = EmbeddedStore()
    store.load(read_sources([SEEDS]))
    # Random loads are queued as jobs; a roomy queue keeps "too many loads waiting" (503) out of the run.
    settings = ServiceSettings(api_key="k", sparql_timeout=5, sparql_max_rows=100, max_queued_loads=10_000)
    app = create_app(store=store, settings=settings)
    # Schemathesis's ASGI calls do not run the lifespan: hand the app what it would open.
    app.state.store = store
    app.state.jobs = JobRunner(max_queued=settings.max_queued_loads)
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@pytest.fixture(scope="module", autouse=True)
def _totals() -> Iterator[None]:
    yield
    operations = {op for op, _ in CASES}
    statuses = Counter[int]()
    for (_, status), n in CASES.items():
        statuses[status] += n
    log.warning(
        "schemathesis: %d operations, %d cases, statuses %s",
        len(operations),
        sum(CASES.values()),
        dict(sorted(statuses.items())),
    )


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    response = case.call()
    where = f"{case.method} {case.formatted_path} {case.query}"
    CASES[(case.operation.label, response.status_code)] += 1
    assert response.status_code < 500, f"{where} → {response.text[:300]}"
    if response.status_code >= 400:
        assert response.headers["content-type"][0] == "application/problem+json", where
