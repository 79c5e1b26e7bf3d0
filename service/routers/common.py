"""Parameters shared by the graph routers: language and projection filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query

from graph.projection import Filters
from service.routers.entities import choose_lang

__all__ = ["FiltersDep", "LangDep"]


def _lang(
    lang: Annotated[
        str | None,
        Query(
            description="Language of labels (BCP 47); default: Accept-Language, then English.", max_length=35
        ),
    ] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> str:
    return choose_lang(lang, accept_language)


def _split(values: list[str] | None) -> frozenset[str] | None:
    if not values:
        return None
    return frozenset(v.strip() for item in values for v in item.split(",") if v.strip()) or None


def _filters(
    kinds: Annotated[
        list[str] | None,
        Query(
            description="Tie kinds or groups (twinning, agreement, membership, event, post, programme, structure)."
        ),
    ] = None,
    networks: Annotated[
        list[str] | None,
        Query(description="Keep members of these networks (ids or names in any language)."),
    ] = None,
    countries: Annotated[
        list[str] | None,
        Query(description="Keep entities in these countries (ids or ISO2 codes)."),
    ] = None,
    as_of: Annotated[
        str | None, Query(description="Ties valid at this date (YYYY, YYYY-MM or YYYY-MM-DD).", max_length=10)
    ] = None,
) -> Filters | None:
    if not (kinds or networks or countries or as_of):
        return None
    return Filters(kinds=_split(kinds), networks=_split(networks), countries=_split(countries), as_of=as_of)


LangDep = Annotated[str, Depends(_lang)]
FiltersDep = Annotated[Filters | None, Depends(_filters)]
