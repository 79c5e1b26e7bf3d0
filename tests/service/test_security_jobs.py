"""Loads run off the event loop, one at a time, as jobs: 202 with a Location, polled at /jobs/{id}."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.embedded_store import EmbeddedStore
from service.app import create_app
from service.jobs import JobRunner, JobState
from service.settings import ServiceSettings

KEY = {"X-API-Key": "k"}
TRIPLE = b'<https://w3id.org/citykg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "X" .\n'


@pytest.fixture
def store() -> Iterator[EmbeddedStore]:
    s = EmbeddedStore()
    yield s
    s.close()


@pytest.fixture
def client(store: EmbeddedStore) -> Iterator[TestClient]:
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key="k"))) as c:
        yield c


def _wait(client: TestClient, location: str, timeout: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(location, headers=KEY)
        body = r.json()
        if body["state"] in {"succeeded", "failed"}:
            body["http_status"] = r.status_code
            body["content_type"] = r.headers["content-type"]
            return body  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, f"the job is still {body['state']}"
        time.sleep(0.05)


def test_a_load_answers_202_with_a_job_to_poll(client: TestClient, store: EmbeddedStore) -> None:
    r = client.post("/load", params={"format": "ntriples"}, content=TRIPLE, headers=KEY)
    assert r.status_code == 202
    location = r.headers["location"]
    assert location == f"/jobs/{r.json()['id']}"
    assert r.json()["state"] in {"queued", "running", "succeeded"}
    done = _wait(client, location)
    assert done["state"] == "succeeded"
    assert done["http_status"] == 200
    assert done["result"]["triples_added"] == 1  # type: ignore[index]
    assert done["started"] is not None
    assert done["finished"] is not None
    assert len(store) == 1


def test_a_failed_load_reports_a_problem_without_server_paths(
    client: TestClient, store: EmbeddedStore
) -> None:
    r = client.post("/load", params={"format": "ntriples"}, content=b"<not a triple\n", headers=KEY)
    assert r.status_code == 202
    done = _wait(client, r.headers["location"])
    assert done["state"] == "failed"
    assert done["http_status"] == done["status"] == 422
    assert done["content_type"] == "application/problem+json"
    assert done["title"] == "Bad input data"
    assert "the request body" in str(done["detail"])
    assert "/tmp" not in str(done["detail"])
    assert len(store) == 0


def test_jobs_need_the_key_and_unknown_ids_are_404(client: TestClient) -> None:
    r = client.post("/load", params={"format": "ntriples"}, content=TRIPLE, headers=KEY)
    assert client.get(r.headers["location"]).status_code == 403
    missing = client.get("/jobs/no-such-job", headers=KEY)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    _wait(client, r.headers["location"])


def test_loads_run_one_at_a_time_and_the_queue_is_bounded() -> None:
    import threading

    gate = threading.Event()
    running: list[int] = []
    overlap: list[int] = []

    def work(n: int) -> dict[str, object]:
        running.append(n)
        overlap.append(len(running))
        gate.wait(10)
        running.remove(n)
        return {"n": n}

    runner = JobRunner(max_queued=2, kept=10)
    try:
        first = runner.submit("load", lambda: work(1))
        deadline = time.monotonic() + 10
        while runner.get(first.id).state is not JobState.RUNNING:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        waiting = [runner.submit("load", lambda n=n: work(n)) for n in (2, 3)]  # type: ignore[misc]
        from service.errors import LoadQueueFull

        with pytest.raises(LoadQueueFull):
            runner.submit("load", lambda: work(4))
        gate.set()
        for job in (first, *waiting):
            while runner.get(job.id).state is not JobState.SUCCEEDED:
                assert time.monotonic() < deadline + 10
                time.sleep(0.01)
    finally:
        gate.set()
        runner.close()
    assert overlap == [1, 1, 1]


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        ("eurocities-gpm-members/eurocities_members_wikidata.json", "eurocities"),  # about a second
        pytest.param(
            "wikidata-sister-cities-2021/query.csv", "wikidata", marks=pytest.mark.slow
        ),  # half a minute here
    ],
)
def test_health_answers_while_a_load_runs(
    store: EmbeddedStore, shared_data: Path, data: str, fmt: str
) -> None:
    """A real load runs while /health keeps answering: requests start and end while the job is running."""
    body = (shared_data / data).read_bytes()
    with TestClient(create_app(store=store, settings=ServiceSettings(api_key="k"))) as c:
        r = c.post("/load", params={"format": fmt}, content=body, headers=KEY)
        assert r.status_code == 202
        location = r.headers["location"]
        calls: list[tuple[datetime, datetime]] = []
        deadline = time.monotonic() + 600
        while True:
            t0 = datetime.now(UTC)
            assert c.get("/health").status_code == 200
            calls.append((t0, datetime.now(UTC)))
            if len(calls) % 5 == 0 and c.get(location, headers=KEY).json()["state"] in {
                "succeeded",
                "failed",
            }:
                break
            assert time.monotonic() < deadline
        done = _wait(c, location)
    assert done["state"] == "succeeded", done
    # The app runs in this process, so its clock is ours: count the calls that began and ended in the load.
    started = datetime.fromisoformat(str(done["started"]))
    finished = datetime.fromisoformat(str(done["finished"]))
    during = sum(1 for t0, t1 in calls if started < t0 and t1 < finished)
    # On the event loop, the load would have held every /health call from its start to its end.
    assert during >= 3, f"/health answered {during} times during the {finished - started} load"
    assert done["result"]["triples_added"] > 1000  # type: ignore[index]
