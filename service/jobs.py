"""Background jobs of the service: loads run one at a time in a worker thread, never on the event loop.

A job is submitted with the work to do (a function returning a JSON-able result) and is then polled by id.
Its states: ``queued`` → ``running`` → ``succeeded`` (with ``result``) or ``failed`` (with ``error``, an
RFC 9457 problem document built by :func:`service.errors.problem_body`). At most ``max_queued`` jobs wait;
the last ``kept`` finished ones are remembered. Ids are random and unguessable.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from service.errors import LoadQueueFull, UnknownJob, problem_body

__all__ = ["Job", "JobRunner", "JobState"]

log = logging.getLogger("citykg.service")


class JobState(StrEnum):
    """Where a job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class Job:
    """A snapshot of one job."""

    id: str
    kind: str
    state: JobState
    submitted: datetime
    started: datetime | None = None
    finished: datetime | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None


def _now() -> datetime:
    return datetime.now(UTC)


class JobRunner:
    """Run submitted jobs one after another in a single worker thread."""

    def __init__(self, *, max_queued: int = 4, kept: int = 100) -> None:
        self.max_queued = max_queued
        self.kept = kept
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="citykg-job")
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._cleanups: dict[str, Callable[[], None]] = {}
        self._closed = False

    def submit(
        self,
        kind: str,
        work: Callable[[], dict[str, Any]],
        *,
        cleanup: Callable[[], None] | None = None,
        redact: Callable[[str], str] | None = None,
    ) -> Job:
        """Queue ``work``; ``cleanup`` runs after it whatever happens (or when the job is dropped).

        ``redact`` rewrites an error's detail before it is reported (to hide a server-side path, say).
        """
        with self._lock:
            waiting = sum(1 for j in self._jobs.values() if j.state is JobState.QUEUED)
            if self._closed or waiting >= self.max_queued:
                raise LoadQueueFull(
                    f"{waiting} job(s) are already waiting (the limit is {self.max_queued}); try again later"
                    if not self._closed
                    else "the service is stopping"
                )
            job = Job(id=secrets.token_urlsafe(16), kind=kind, state=JobState.QUEUED, submitted=_now())
            self._jobs[job.id] = job
            if cleanup is not None:
                self._cleanups[job.id] = cleanup
            self._forget_old()
            self._executor.submit(self._run, job.id, work, redact)
        return job

    def get(self, job_id: str) -> Job:
        """The job with this id, as it is now."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise UnknownJob(f"no job {job_id[:64]!r}: it never existed, or finished long ago")
        return job

    def close(self) -> None:
        """Let the running job finish, drop the waiting ones (their cleanups run), stop the thread."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for job_id, job in list(self._jobs.items()):
                if job.state is JobState.QUEUED:
                    error = {
                        "type": "about:blank",
                        "title": "Job dropped",
                        "status": 503,
                        "detail": "the service stopped before the job ran",
                    }
                    self._jobs[job_id] = replace(job, state=JobState.FAILED, finished=_now(), error=error)
            cleanups = list(self._cleanups.values())
            self._cleanups.clear()
        for cleanup in cleanups:
            cleanup()

    def _run(
        self, job_id: str, work: Callable[[], dict[str, Any]], redact: Callable[[str], str] | None
    ) -> None:
        self._update(job_id, state=JobState.RUNNING, started=_now())
        try:
            result = work()
        except Exception as exc:
            error = problem_body(exc)
            if error["status"] >= 500:
                log.error("job %s failed", job_id, exc_info=exc)
                if type(exc).__module__.split(".")[0] not in {"graph", "loaders", "ontology", "service"}:
                    error["detail"] = "the job failed unexpectedly; the error is in the server log"
            if redact is not None:
                error["detail"] = redact(str(error["detail"]))
            self._update(job_id, state=JobState.FAILED, finished=_now(), error=error)
        else:
            self._update(job_id, state=JobState.SUCCEEDED, finished=_now(), result=result)
        finally:
            with self._lock:
                cleanup = self._cleanups.pop(job_id, None)
            if cleanup is not None:
                cleanup()

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _forget_old(self) -> None:
        finished = [i for i, j in self._jobs.items() if j.state in {JobState.SUCCEEDED, JobState.FAILED}]
        for job_id in finished[: max(0, len(finished) - self.kept)]:
            del self._jobs[job_id]
