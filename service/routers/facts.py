"""One fact as the fact inspector shows it: type, parties, dates, status and every source with its sentence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from graph.tie_facts import FactDetail, fact_detail
from service.deps import StoreDep
from service.routers.common import LangDep

router = APIRouter(prefix="/facts", tags=["entities"])


@router.get("/{fact}")
def get_fact(
    store: StoreDep,
    fact: Annotated[str, Path(min_length=1, max_length=300, description="The fact's id (a tie's `fact`).")],
    entity: Annotated[
        str,
        Query(min_length=1, max_length=300, description="An entity taking part in the fact (a tie's end)."),
    ],
    lang: LangDep,
    kind: Annotated[str | None, Query(max_length=60, description="The drawn tie's kind.")] = None,
) -> FactDetail:
    """The fact behind a tie, seen from one of its entities: parties, signed/start/end, status, sources."""
    return fact_detail(store, fact, entity, kind=kind, lang=lang)
