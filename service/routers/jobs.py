"""Background jobs: how a queued load is doing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse

from service.deps import JobsDep
from service.jobs import JobState
from service.routers.load import JobStatus, job_status, require_api_key

router = APIRouter(prefix="/jobs", tags=["load"])

JobId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]+$", max_length=64, description="The id from Location.")]


@router.get(
    "/{job_id}",
    dependencies=[Depends(require_api_key)],
    response_model=JobStatus,
    responses={
        403: {"description": "No API key configured, or a wrong one."},
        404: {"description": "No such job (or it finished long ago)."},
        "4XX": {
            "description": "The job failed: the problem of its error, with id, kind and state.",
            "content": {"application/problem+json": {}},
        },
    },
)
def get_job(job_id: JobId, jobs: JobsDep) -> JobStatus | JSONResponse:
    """A job's state and result; a failed job answers with its error as a problem (its own status)."""
    job = jobs.get(job_id)
    if job.state is not JobState.FAILED or job.error is None:
        return job_status(job)
    view = job_status(job).model_dump(exclude={"result"})
    body = {**job.error, **view}
    return JSONResponse(body, status_code=int(job.error["status"]), media_type="application/problem+json")
