"""Why an answer is empty, and what to try: one sentence per question, for the CLI and the API.

Each function returns ``None`` when the answer is not empty. ``api=True`` names the
query parameters (``max_length``, ``kinds``) instead of the command-line options
(``--max-length``, ``--kind``). The API gives a hint as a ``hint`` field of an
object answer (ego network, bridges) and as the :data:`HINT_HEADER` header of an
empty list (paths, centrality, duplicates, review candidates).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

__all__ = [
    "HINT_HEADER",
    "bridges_hint",
    "centrality_hint",
    "duplicates_hint",
    "ego_hint",
    "header_value",
    "path_hint",
    "review_hint",
    "suggest_hint",
]

HINT_HEADER = "Citykg-Hint"
"""The response header carrying the hint of an empty list (a list has no room for a field)."""
MAX_PATH_LENGTH = 12
MAX_BRIDGE_K = 10


def header_value(hint: str) -> str:
    """A hint as a header value: UTF-8, percent-encoded past printable ASCII (a name may be Persian).

    Examples
    --------
    >>> header_value("no tie between قزوین and Graz")
    'no tie between %D9%82%D8%B2%D9%88%DB%8C%D9%86 and Graz'
    """
    return quote(hint, safe=" !\"#$&'()*+,-./:;<=>?@[]^_`{|}~")


def _opt(name: str, api: bool) -> str:
    names = {
        "kind": "kinds",
        "as-of": "as_of",
        "max-length": "max_length",
        "min-population": "min_population",
    }
    return names.get(name, name).replace("-", "_") if api else f"--{name}"


def _filters(filtered: bool, api: bool) -> str:
    if not filtered:
        return "other kinds" if api else "another --kind"
    return (
        f"fewer filters ({_opt('kind', api)}, {_opt('network', api)}, {_opt('country', api)}, "
        f"{_opt('as-of', api)})"
    )


def path_hint(
    found: list[Any], source: str, target: str, max_length: int, *, filtered: bool = False, api: bool = False
) -> str | None:
    """Why no path was found.

    Examples
    --------
    >>> print(path_hint([], "Qazvin", "Graz", 6))
    no tie between Qazvin and Graz within 6 hops; try --max-length 12 or another --kind
    >>> print(path_hint([], "a", "b", 12, filtered=True, api=True))
    no tie between a and b within 12 hops; try fewer filters (kinds, network, country, as_of)
    """
    if found:
        return None
    tries = []
    if max_length < MAX_PATH_LENGTH:
        tries.append(f"{_opt('max-length', api)} {MAX_PATH_LENGTH}")
    tries.append(_filters(filtered, api))
    return f"no tie between {source} and {target} within {max_length} hops; try {' or '.join(tries)}"


def bridges_hint(result: Any, k: int, *, filtered: bool = False, api: bool = False) -> str | None:
    """Why no network member is shared and no connector was found."""
    if result.both or result.connectors:
        return None
    tries = [f"{'k' if api else '-k'} {min(k + 1, MAX_BRIDGE_K)}"] if k < MAX_BRIDGE_K else []
    tries.append(_filters(filtered, api))
    return (
        f"no member of both {result.network_a.label} and {result.network_b.label}, and no connector within "
        f"{k} hops; try {' or '.join(tries)}"
    )


def ego_hint(sub: Any, *, filtered: bool = False, api: bool = False) -> str | None:
    """Why an ego network holds its centre alone."""
    if sub.ties:
        return None
    centre = sub.nodes[0].label if sub.nodes else sub.center
    show = "GET /entities/{id}" if api else "citykg show"
    return f"{centre} has no tie in this projection; try {_filters(filtered, api)}, or {show} for its facts"


def centrality_hint(scores: list[Any], *, filtered: bool = False, api: bool = False) -> str | None:
    """Why no entity was ranked."""
    if scores:
        return None
    if filtered:
        return f"no entity has a tie with these filters; try {_filters(True, api)}"
    return "no entity has a tie: the store holds no ties yet; load data first" + (
        "" if api else " (citykg load)"
    )


def duplicates_hint(
    pairs: list[Any], radius_km: float, min_population: int | None, *, api: bool = False, left_out: int = 0
) -> str | None:
    """Why no pair of suspected duplicates was found (``left_out``: pairs judged two places, not listed)."""
    if pairs:
        return None
    if left_out:
        return (
            f"no suspected pair left: {left_out} pair(s) a curator judged two places are not listed; "
            f"{'decided=true' if api else '--decided'} lists them too"
        )
    tries = [f"{'radius_km' if api else '--radius'} {min(radius_km * 2, 500):g}"]
    if min_population:
        tries.append(f"a lower {_opt('min-population', api)}")
    return f"no two cities share a GeoNames id or a name within {radius_km:g} km; try {' or '.join(tries)}"


def review_hint(items: list[Any], status: str, *, narrowed: bool = False, api: bool = False) -> str | None:
    """Why no fact is under review."""
    if items:
        return None
    if narrowed:
        return f"no {status.lower()} fact matches; try without {'above, article and kind' if api else '--above, --article and --type'}"
    if status == "Candidate":
        return "no candidate fact to review; extract some from news first" + (
            "" if api else " (citykg news FILES)"
        )
    return f"no fact is {status.lower()} yet"


def suggest_hint(result: Any, *, filtered: bool = False, api: bool = False) -> str | None:
    """Why no partner was suggested."""
    if result.suggestions:
        return None
    if not result.partners:
        return f"{result.city.label} has no tie in this projection, so nothing to start from; try {_filters(filtered, api)}"
    return f"every place near {result.city.label}'s partners is already tied to it; try {_filters(filtered, api)}"
