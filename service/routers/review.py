"""Review of candidate facts found in news: list them, accept or reject them (writes need the API key)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict

from graph.errors import NotSupported
from loaders.news.review import ReviewItem, ReviewStore, list_review, set_review, set_review_above
from service.deps import StoreDep
from service.hints import HINT_HEADER, header_value, review_hint
from service.routers.load import require_api_key

router = APIRouter(prefix="/review", tags=["review"])

FactId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._~-]+$", max_length=200, description="A fact id.")]
Threshold = Annotated[
    float, Query(ge=0, le=1, description="Decide every candidate whose confidence is at least this.")
]
_WRITE: dict[int | str, dict[str, Any]] = {403: {"description": "No API key configured, or a wrong one."}}


class ReviewResult(BaseModel):
    """What a review decision changed."""

    model_config = ConfigDict(extra="forbid")

    id: str
    status: str
    changed: int


class ReviewBatchResult(BaseModel):
    """What a decision on every candidate above a confidence threshold changed."""

    model_config = ConfigDict(extra="forbid")

    status: str
    above: float
    changed: int


def _reviewable(store: object) -> ReviewStore:
    if not hasattr(store, "set_review") or not hasattr(store, "sparql"):
        raise NotSupported("review needs the embedded store (CITYKG_STORE=embedded)")
    return store  # type: ignore[return-value,unused-ignore]


@router.get("/candidates")
def get_candidates(
    response: Response,
    store: StoreDep,
    status: Annotated[Literal["Candidate", "Accepted", "Rejected"], Query()] = "Candidate",
    above: Annotated[float | None, Query(ge=0, le=1, description="Only confidence at least this.")] = None,
    article: Annotated[
        str | None,
        Query(max_length=200, description="Only facts from this news file (name, stem or dataset)."),
    ] = None,
    kind: Annotated[
        str | None,
        Query(alias="type", max_length=60, description="Only this kind: agreement, membership, post, event…"),
    ] = None,
) -> list[ReviewItem]:
    """Facts under review with their sentence, offsets and confidence, most confident first.

    An empty list comes with a ``Citykg-Hint`` header saying why and what to try.
    """
    items = list_review(_reviewable(store), status=status, min_confidence=above, article=article, kind=kind)
    hint = review_hint(items, status, narrowed=above is not None or bool(article) or bool(kind), api=True)
    if hint:
        response.headers[HINT_HEADER] = header_value(hint)
    return items


@router.post("/{fact_id}/accept", dependencies=[Depends(require_api_key)])
def accept_candidate(store: StoreDep, fact_id: FactId) -> ReviewResult:
    """Accept one candidate fact; it keeps its provenance."""
    return ReviewResult(
        id=fact_id, status="Accepted", changed=set_review(_reviewable(store), [fact_id], "Accepted")
    )


@router.post("/{fact_id}/reject", dependencies=[Depends(require_api_key)])
def reject_candidate(store: StoreDep, fact_id: FactId) -> ReviewResult:
    """Reject one candidate fact (kept, marked rejected)."""
    return ReviewResult(
        id=fact_id, status="Rejected", changed=set_review(_reviewable(store), [fact_id], "Rejected")
    )


@router.post("/accept", dependencies=[Depends(require_api_key)], responses=_WRITE)
def accept_above(store: StoreDep, above: Threshold) -> ReviewBatchResult:
    """Accept every candidate with confidence at least ``above``; they keep their provenance."""
    changed = set_review_above(_reviewable(store), above, "Accepted")
    return ReviewBatchResult(status="Accepted", above=above, changed=changed)


@router.post("/reject", dependencies=[Depends(require_api_key)], responses=_WRITE)
def reject_above(store: StoreDep, above: Threshold) -> ReviewBatchResult:
    """Reject every candidate with confidence at least ``above`` (kept, marked rejected)."""
    changed = set_review_above(_reviewable(store), above, "Rejected")
    return ReviewBatchResult(status="Rejected", above=above, changed=changed)
