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
    """The language asked for: ``lang``, else the Accept-Language tag of highest weight, else English.

    Labels then fall back as :func:`graph.store.pick_label` says (English next, never an Italian or
    German name when an English one is known).
    """
    if lang:
        return lang
    best: tuple[float, int, str] | None = None
    for n, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if not tag or tag == "*" or weight <= 0 or len(tag) > 35:
            continue
        if best is None or (-weight, n) < (-best[0], best[1]):
            best = (weight, n, tag)
    return best[2] if best else "en"


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
