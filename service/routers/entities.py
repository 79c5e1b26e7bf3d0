"""Entities: search by name in any language, and one entity with its facts and sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query

from graph.store import EntityDetail, EntityRef
from service.deps import StoreDep

router = APIRouter(prefix="/entities", tags=["entities"])

Lang = Annotated[
    str | None,
    Query(description="Language of labels (BCP 47); default: Accept-Language, then English.", max_length=35),
]


def choose_lang(lang: str | None, accept_language: str | None) -> str:
    """The language asked for: ``lang``, else the first of Accept-Language, else English."""
    if lang:
        return lang
    if accept_language:
        first = accept_language.split(",")[0].split(";")[0].strip()
        if first and first != "*":
            return first
    return "en"


@router.get("")
def search_entities(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="A name in any language, or an id.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    lang: Lang = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> list[EntityRef]:
    """Entities whose names match q: exact matches first, then prefixes, then substrings."""
    return store.search(q, lang=choose_lang(lang, accept_language), limit=limit)


@router.get("/{entity_id}")
def get_entity(
    store: StoreDep,
    entity_id: str,
    lang: Lang = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> EntityDetail:
    """One entity with its labels, identifiers, facts and their sources."""
    return store.entity(entity_id, lang=choose_lang(lang, accept_language))
