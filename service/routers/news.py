"""Reading news over HTTP: ``POST /news`` extracts candidate facts from one text and loads them."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict

from graph.errors import InvalidArgument
from loaders.news import extract_news_files
from service.deps import StoreDep
from service.routers.load import require_api_key

router = APIRouter(tags=["news"])

_MAX_BYTES = 5 * 1024 * 1024


class NewsCandidate(BaseModel):
    """One candidate fact with its evidence and how its names were linked."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    args: dict[str, str]
    confidence: float
    intent: bool
    date: str | None
    sentence: str
    char_start: int
    char_end: int
    why: list[str]
    new_entities: dict[str, str]


class NewsAnswer(BaseModel):
    """What reading one news text found and loaded."""

    model_config = ConfigDict(extra="forbid")

    dataset: str
    lang: str
    triples_added: int
    candidates: list[NewsCandidate]


@router.post(
    "/news",
    dependencies=[Depends(require_api_key)],
    responses={
        403: {"description": "No API key configured, or a wrong one."},
        422: {"description": "Not a news text (empty, binary, a CSV/TSV/JSON data file, unknown language)."},
    },
    openapi_extra={"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
async def post_news(
    request: Request,
    store: StoreDep,
    lang: Annotated[
        Literal["fa", "en", "sl", "auto"], Query(description="Language; auto: detected.")
    ] = "auto",
    name: Annotated[
        str,
        Query(
            pattern=r"^[A-Za-z0-9._~-]{1,80}$", description="A name for the article (its dataset: news-NAME)."
        ),
    ] = "article.txt",
) -> NewsAnswer:
    """Extract candidate facts from the request body (plain text or HTML news) and load them for review."""
    body = await request.body()
    if not body or len(body) > _MAX_BYTES:
        raise InvalidArgument(f"send the article as the request body (1 byte to {_MAX_BYTES:,} bytes)")
    with tempfile.TemporaryDirectory(prefix="citykg-news-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(body)
        [result] = extract_news_files([path], store, lang=None if lang == "auto" else lang)
        summary = store.load([(result.dataset, result.graph)])
    candidates: list[dict[str, Any]] = result.candidates()
    return NewsAnswer(
        dataset=result.dataset,
        lang=result.news.lang,
        triples_added=summary.triples_added,
        candidates=[NewsCandidate(**c) for c in candidates],
    )
