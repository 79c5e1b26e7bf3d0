"""Loading data over HTTP: a write endpoint, open only with the API key, run as a background job."""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from graph.errors import InvalidArgument
from graph.projection import warm
from loaders import FORMATS
from loaders.pipeline import load_paths
from service.deps import JobsDep, SettingsDep, StoreDep
from service.errors import AccessDenied, RequestTooLarge
from service.jobs import Job

router = APIRouter(tags=["load"])
log = logging.getLogger("citykg.service")


class LoadAnswer(BaseModel):
    """What the load did."""

    model_config = ConfigDict(extra="forbid")

    datasets: list[str]
    triples_read: int
    triples_added: int
    counts: dict[str, int]


class JobStatus(BaseModel):
    """A load job: ``queued``, ``running``, ``succeeded`` with its ``result``, or ``failed``."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    state: str
    submitted: str
    started: str | None = None
    finished: str | None = None
    result: LoadAnswer | None = None


def job_status(job: Job) -> JobStatus:
    """The public view of a job that has not failed."""
    return JobStatus(
        id=job.id,
        kind=job.kind,
        state=job.state.value,
        submitted=job.submitted.isoformat(),
        started=job.started.isoformat() if job.started else None,
        finished=job.finished.isoformat() if job.finished else None,
        result=LoadAnswer(**job.result) if job.result else None,
    )


def require_api_key(
    request: Request,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(include_in_schema=True)] = None,
) -> None:
    """Let the request through only with the configured key; without a configured key, writes are off.

    ``citykg serve`` also accepts the token of its server file (``<home>/server.json``, readable by its
    owner only), so that ``citykg load`` of the same user can hand it loads.
    """
    local: str | None = getattr(request.app.state, "local_token", None)
    if local and x_api_key and secrets.compare_digest(x_api_key.encode(), local.encode()):
        return
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if not key:
        raise AccessDenied("write endpoints are disabled: no CITYKG_API_KEY is configured")
    if not x_api_key or not secrets.compare_digest(x_api_key.encode(), key.encode()):
        raise AccessDenied("a valid X-API-Key header is required")


@router.post(
    "/load",
    status_code=202,
    dependencies=[Depends(require_api_key)],
    responses={
        202: {"description": "The load is queued; poll the job named in Location (GET /jobs/{id})."},
        403: {"description": "No API key configured, or a wrong one."},
        413: {"description": "The body is longer than CITYKG_MAX_LOAD_BYTES."},
        503: {"description": "Too many loads are waiting."},
    },
    openapi_extra={"requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string"}}}}},
)
async def load(
    request: Request,
    response: Response,
    store: StoreDep,
    jobs: JobsDep,
    settings: SettingsDep,
    format: Annotated[
        str | None,
        Query(max_length=40, description="Input format, one of the loaders' FORMATS; default: from `name`."),
    ] = None,
    name: Annotated[
        str | None,
        Query(
            max_length=200,
            description="The file's name (no folders): it names the dataset and tells the format, "
            "as for a local `citykg load`.",
        ),
    ] = None,
) -> JobStatus:
    """Queue a load of the request body (a file in the given format): all or nothing, one load at a time."""
    if format is not None and format not in FORMATS:
        raise InvalidArgument(f"unknown format {format!r}; choose one of {', '.join(sorted(FORMATS))}")
    if name is not None and (Path(name).name != name or name in {".", ".."} or "\x00" in name):
        raise InvalidArgument("name must be a file name without folders")
    if format is None and name is None:
        raise InvalidArgument("give the body's format, or its file name to tell the format from")
    tmp = Path(tempfile.mkdtemp(prefix="citykg-load-"))
    try:
        path = tmp / (name or "body")
        size = await _save_body(request, path, settings.max_load_bytes)
        if not size:
            raise InvalidArgument(
                f"send the file as the request body (1 byte to {settings.max_load_bytes:,})"
            )

        def work() -> dict[str, Any]:
            summary = load_paths(store, [path], format)
            # The projection of the new version is built now, in this job's thread: requests meanwhile
            # are answered from the previous one, and the first after the job needs no build.
            try:
                warm(store)
            except Exception:  # the load is done; a failed build is retried by the next question
                log.warning("the projection after a load could not be built", exc_info=True)
            return LoadAnswer(
                datasets=summary.datasets,
                triples_read=summary.triples_read,
                triples_added=summary.triples_added,
                counts=summary.counts,
            ).model_dump()

        job = jobs.submit(
            "load",
            work,
            cleanup=lambda: shutil.rmtree(tmp, ignore_errors=True),
            redact=lambda detail: detail.replace(str(path), name or "the request body"),
        )
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    response.headers["Location"] = f"/jobs/{job.id}"
    return job_status(job)


async def _save_body(request: Request, path: Path, limit: int) -> int:
    """Stream the body to ``path`` (never all of it in memory) and return its size."""
    size = 0
    async with await anyio.open_file(path, "wb") as fh:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:  # the BodyLimit guard stops it first; this holds without the guard too
                raise RequestTooLarge(f"the request body passed {limit:,} bytes; the limit here is {limit:,}")
            await fh.write(chunk)
    return size
