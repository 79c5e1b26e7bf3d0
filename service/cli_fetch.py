"""``citykg fetch wikidata``: refresh twinning or memberships from the Wikidata Query Service, then load them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Literal

import typer

from graph.errors import InvalidArgument
from loaders.errors import LoaderError
from service.cli import HomeOption, StoreOption, _fail, app, err, load, out

fetch_app = typer.Typer(help="Fetch fresh data from public sources, then load it.", no_args_is_help=True)
app.add_typer(fetch_app, name="fetch")


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(InvalidArgument(f"--since must be a date YYYY-MM-DD, not {value!r}")) from None


@fetch_app.command()
def wikidata(
    kind: Annotated[Literal["twinning", "membership"], typer.Argument(help="Which shipped query to run.")],
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", "-c", help="ISO 3166-1 alpha-2 code; repeat for more (default: every country)."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only cities whose Wikidata item changed on or after this date."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where the merged SPARQL JSON goes (default: the cache dir)."),
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option(
            "--endpoint", help="The SPARQL endpoint (default: CITYKG_WIKIDATA_ENDPOINT, else Wikidata's)."
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1.0, help="Seconds to wait for one answer.")
    ] = 65.0,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Ask again even where the cache has an answer.")
    ] = False,
    no_load: Annotated[bool, typer.Option("--no-load", help="Write the export only; load nothing.")] = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Run the shipped Wikidata query per country (cached, polite, retried), write one export, and load it."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from loaders.wikidata_fetch import (
        DEFAULT_ENDPOINT,
        DEFAULT_USER_AGENT,
        WikidataClient,
        country_codes,
        default_cache_dir,
        fetch_wikidata,
    )

    unknown = [c for c in country or () if c.upper() not in country_codes()]
    if unknown:
        raise _fail(InvalidArgument(f"--country {unknown[0]!r} is not an ISO 3166-1 alpha-2 country code"))
    cache = default_cache_dir()
    client = WikidataClient(
        endpoint=endpoint or os.environ.get("CITYKG_WIKIDATA_ENDPOINT") or DEFAULT_ENDPOINT,
        user_agent=os.environ.get("CITYKG_WIKIDATA_USER_AGENT") or DEFAULT_USER_AGENT,
        timeout=timeout,
        cache_dir=cache,
        refresh=refresh,
    )
    target = output or cache.parent / "exports" / f"wikidata-{kind}.json"
    if target.suffix != ".json":
        raise _fail(
            InvalidArgument(f"--output must end in .json (a SPARQL JSON export), not {target.name!r}")
        )
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task(f"wikidata {kind}", total=None)

            def step(code: str, done: int, total: int) -> None:
                progress.update(task, completed=done, total=total, description=f"wikidata {kind} {code}")

            result = fetch_wikidata(
                kind, target, countries=country or (), since=_date(since), client=client, progress=step
            )
    except LoaderError as exc:
        raise _fail(exc) from None
    out.print(
        f"fetched {result.rows} {kind} rows from {len(result.per_country)} countries "
        f"({result.requests} requests, the rest from the cache) → {result.path}",
        markup=False,
        highlight=False,
    )
    if not no_load:
        load(paths=[result.path], fmt="wikidata", store_kind=store_kind, home_dir=home_dir)
