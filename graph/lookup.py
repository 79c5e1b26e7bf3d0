"""Resolve what a user typed (an id, or a name in any language) to one entity, network or country."""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable

from graph.errors import AmbiguousName, NotFound
from graph.store import EntityRef, Store
from ontology.names import normalise

__all__ = ["NETWORK_TYPES", "country_ids", "resolve", "resolve_network"]

NETWORK_TYPES = frozenset({"Network", "AssociationOfMayors", "InternationalOrganisation"})


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


def resolve_network(store: Store, name_or_id: str, *, lang: str = "en") -> EntityRef:
    """The one network (or association of mayors, or international organisation) ``name_or_id`` names.

    As :func:`resolve`, restricted to :data:`NETWORK_TYPES`. An unknown name, or
    an entity that is not a network, raises :class:`~graph.errors.NotFound`
    with the closest network names as ``label (id)``.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import City, Dataset, Network
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id="qazvin", labels={"en": ["Qazvin"]}),
    ...     Network(id="gnlc", labels={"en": ["Learning Cities"], "fa": ["شهرهای یادگیرنده"]})])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> resolve_network(store, "شهرهای یادگیرنده").id
    'gnlc'
    >>> resolve_network(store, "Lerning Cities")
    Traceback (most recent call last):
    ...
    graph.errors.NotFound: no network named 'Lerning Cities'; did you mean: Learning Cities (gnlc)?
    >>> resolve_network(store, "qazvin").id
    Traceback (most recent call last):
    ...
    graph.errors.NotFound: no network named 'qazvin': Qazvin (qazvin) is a City, not a network
    """
    try:
        return resolve(store, name_or_id, lang=lang, types=NETWORK_TYPES)
    except NotFound as exc:
        networks = [
            (n.id, n.label)
            for language in dict.fromkeys((lang, "en"))
            for n in store.nodes(lang=language)
            if n.type in NETWORK_TYPES
        ]
        close = _closest(name_or_id, networks, exc.suggestions)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        other: EntityRef | None = None
        with contextlib.suppress(NotFound, AmbiguousName):
            other = resolve(store, name_or_id, lang=lang)
        what = f": {other.label} ({other.id}) is a {other.type}, not a network" if other else ""
        raise NotFound(f"no network named {name_or_id!r}{what}{hint}", suggestions=close) from exc


def _closest(text: str, names: Iterable[tuple[str, str]], first: Iterable[str] = (), n: int = 5) -> list[str]:
    """Up to ``n`` of ``first``, then ``label (id)`` of the (id, name) pairs whose id or name is closest."""
    labels: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for eid, name in names:
        labels.setdefault(eid, name)
        by_key.setdefault(normalise(name), eid)
        by_key.setdefault(eid.casefold(), eid)
    close = difflib.get_close_matches(normalise(text), list(by_key), n=n, cutoff=0.6)
    out = [*first, *(f"{labels[by_key[key]]} ({by_key[key]})" for key in close)]
    return list(dict.fromkeys(out))[:n]


def country_ids(store: Store, wanted: Iterable[str]) -> frozenset[str]:
    """The ids of the countries ``wanted`` names, each by its id or its ISO 3166 alpha-2 code (any case).

    A name that is neither raises :class:`~graph.errors.NotFound` naming it, with
    the closest countries.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Country, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[Country(id="slovenia", iso2="SI", labels={"en": ["Slovenia"]})])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> sorted(country_ids(store, ["si"])), sorted(country_ids(store, ["slovenia", "SI"]))
    (['slovenia'], ['slovenia'])
    >>> country_ids(store, ["Slovenja"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.NotFound: no country 'Slovenja': ...; did you mean: Slovenia (slovenia)?
    """
    countries = {n.id: n.label for n in store.nodes() if n.type == "Country"}
    by_id = {c.casefold(): c for c in countries}
    codes: dict[str, str] | None = None
    out: set[str] = set()
    for item in sorted(set(wanted)):
        found = by_id.get(item.strip().casefold())
        if found is None:
            if codes is None:
                # Only now: reading every country's identifiers costs one entity() call each.
                codes = {}
                for c in countries:
                    iso2 = store.entity(c).identifiers.get("iso2")
                    if iso2:
                        codes.setdefault(iso2.upper(), c)
            found = codes.get(item.strip().upper())
        if found is None:
            close = _closest(item, countries.items())
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise NotFound(
                f"no country {item!r}: name a country by its id or ISO 3166 alpha-2 code{hint}",
                suggestions=close,
            )
        out.add(found)
    return frozenset(out)
