"""Resolve what a user typed (an id, or a name in any language) to one entity."""

from __future__ import annotations

from graph.errors import AmbiguousName, NotFound
from graph.store import EntityRef, Store
from ontology.names import normalise

__all__ = ["resolve"]


def resolve(
    store: Store, name_or_id: str, *, lang: str = "en", types: frozenset[str] | None = None
) -> EntityRef:
    """The one entity ``name_or_id`` names.

    An exact id wins; otherwise the entities whose label matches exactly (after
    :func:`ontology.names.normalise`). Several matches raise
    :class:`~graph.errors.AmbiguousName` listing them; none raises
    :class:`~graph.errors.NotFound` with the closest names.
    """
    refs = store.search(name_or_id, lang=lang, limit=50)
    if types is not None:
        refs = [r for r in refs if r.type in types]
    by_id = [r for r in refs if r.id == name_or_id]
    if by_id:
        return by_id[0]
    key = normalise(name_or_id)
    exact = [r for r in refs if r.matched == name_or_id or normalise(r.matched) == key]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise AmbiguousName(
            f"{name_or_id!r} names {len(exact)} entities; use an id: "
            + ", ".join(f"{r.id} ({r.label}, {r.type})" for r in exact[:10]),
            candidates=[(r.id, r.label, r.type) for r in exact],
        )
    suggestions = [f"{r.label} ({r.id})" for r in refs[:5]]
    raise NotFound(
        f"no entity named {name_or_id!r}"
        + (f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""),
        suggestions=suggestions,
    )
