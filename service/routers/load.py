"""Loading data over HTTP: a write endpoint, open only with the API key."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel, ConfigDict

from graph.errors import InvalidArgument
from loaders import FORMATS
from loaders.pipeline import load_paths
from service.deps import SettingsDep, StoreDep
from service.errors import AccessDenied

router = APIRouter(tags=["load"])

_MAX_BYTES = 50_000_000


class LoadAnswer(BaseModel):
    """What the load did."""

    model_config = ConfigDict(extra="forbid")

    datasets: list[str]
    triples_read: int
    triples_added: int
    counts: dict[str, int]


def require_api_key(
    settings: SettingsDep, x_api_key: Annotated[str | None, Header(include_in_schema=True)] = None
) -> None:
    """Let the request through only with the configured key; without a configured key, writes are off."""
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if not key:
        raise AccessDenied("write endpoints are disabled: no CITYKG_API_KEY is configured")
    if not x_api_key or not secrets.compare_digest(x_api_key.encode(), key.encode()):
        raise AccessDenied("a valid X-API-Key header is required")


@router.post(
    "/load",
    dependencies=[Depends(require_api_key)],
    responses={403: {"description": "No API key configured, or a wrong one."}},
    openapi_extra={"requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string"}}}}},
)
async def load(
    request: Request,
    store: StoreDep,
    format: Annotated[str, Query(max_length=40, description="Input format, one of the loaders' FORMATS.")],
) -> LoadAnswer:
    """Load the request body (a file in the given format) into the store, all or nothing."""
    if format not in FORMATS:
        raise InvalidArgument(f"unknown format {format!r}; choose one of {', '.join(sorted(FORMATS))}")
    body = await request.body()
    if not body or len(body) > _MAX_BYTES:
        raise InvalidArgument(f"send the file as the request body (1 byte to {_MAX_BYTES:,} bytes)")
    with tempfile.TemporaryDirectory(prefix="citykg-load-") as tmp:
        path = Path(tmp) / "upload"
        path.write_bytes(body)
        summary = load_paths(store, [path], format)
    return LoadAnswer(
        datasets=summary.datasets,
        triples_read=summary.triples_read,
        triples_added=summary.triples_added,
        counts=summary.counts,
    )
