"""Curation: suspected duplicate cities, joining two entities and undoing a join (writes need the API key)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from graph.curation import CurationStore, DuplicatePair, MergeRecord, duplicates, merge, unmerge
from service.deps import StoreDep
from service.hints import HINT_HEADER, duplicates_hint, header_value
from service.routers.common import LangDep
from service.routers.load import require_api_key

router = APIRouter(tags=["curation"])

_ID = r"^[A-Za-z0-9._~-]+$"
_WRITE: dict[int | str, dict[str, Any]] = {403: {"description": "No API key configured, or a wrong one."}}


class MergeRequest(BaseModel):
    """Join ``other`` into ``keep``; ``by`` says who (default: the server's operating-system user)."""

    model_config = ConfigDict(extra="forbid")

    keep: str = Field(pattern=_ID, max_length=200)
    other: str = Field(pattern=_ID, max_length=200)
    by: str | None = Field(default=None, min_length=1, max_length=200)


def _curation(store: Any) -> CurationStore:
    return store  # type: ignore[no-any-return]


@router.get("/duplicates")
def get_duplicates(
    response: Response,
    store: StoreDep,
    lang: LangDep,
    min_population: Annotated[
        int | None, Query(ge=0, description="Only pairs where one of the two has at least this many people.")
    ] = None,
    radius_km: Annotated[
        float, Query(gt=0, le=500, description="Kilometres within which a shared name counts.")
    ] = 10.0,
    decided: Annotated[
        bool, Query(description="Also list the pairs a curator judged two places (marked decided).")
    ] = False,
) -> list[DuplicatePair]:
    """Suspected duplicate cities with their evidence: the same GeoNames id, or close and sharing a name.

    An empty list comes with a ``Citykg-Hint`` header saying why and what to try.
    """
    pairs = duplicates(
        _curation(store), radius_km=radius_km, min_population=min_population, lang=lang, decided=decided
    )
    left_out = 0
    if not pairs and not decided:
        left_out = len(
            duplicates(_curation(store), radius_km=radius_km, min_population=min_population, decided=True)
        )
    hint = duplicates_hint(pairs, radius_km, min_population, api=True, left_out=left_out)
    if hint:
        response.headers[HINT_HEADER] = header_value(hint)
    return pairs


@router.get("/merges")
def get_merges(store: StoreDep) -> list[MergeRecord]:
    """The merges that can be undone, oldest first."""
    return _curation(store).merges()


@router.post("/merge", dependencies=[Depends(require_api_key)], responses=_WRITE)
def post_merge(store: StoreDep, body: MergeRequest) -> MergeRecord:
    """Join ``other`` into ``keep``: facts, labels and identifiers move, the join is recorded with provenance."""
    return merge(_curation(store), body.keep, body.other, by=body.by)


@router.post("/merge/{merge_id}/undo", dependencies=[Depends(require_api_key)], responses=_WRITE)
def undo_merge(
    store: StoreDep,
    merge_id: Annotated[str, Path(pattern=r"^merge-[0-9a-f]{12}$", description="The merge's id.")],
) -> MergeRecord:
    """Undo a merge: the store holds exactly what it held before it."""
    return unmerge(_curation(store), merge_id)
