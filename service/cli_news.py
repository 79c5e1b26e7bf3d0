"""CLI commands of the news loader: ``citykg news`` and ``citykg review``."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Column, Table

from graph.errors import GraphError, InvalidArgument
from loaders.errors import LoaderError
from loaders.news import read_news_files
from loaders.news.review import list_review, set_review, set_review_above
from service.cli import HomeOption, StoreOption, _embedded, _fail, _store, app, cell, err, out, use_store

review_app = typer.Typer(
    help="List candidate facts found in news, and accept or reject them.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(review_app, name="review")


@app.command()
def news(
    paths: Annotated[list[Path], typer.Argument(help="News files (plain text or HTML).")],
    lang: Annotated[
        Literal["fa", "en", "sl"] | None,
        typer.Option("--lang", help="Language of the files; default: detected."),
    ] = None,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Extract candidate facts from news files, using the store's entities as names; all or nothing."""
    use_store(store_kind, home_dir)
    try:
        with _store() as store:
            summary = store.load(read_news_files(paths, store, lang=lang))
    except (GraphError, LoaderError) as exc:
        raise _fail(exc) from None
    out.print(
        f"read {len(paths)} news file(s) as {', '.join(summary.datasets)}: "
        f"{summary.triples_added} triples added; "
        "candidates await review (citykg review)",
        markup=False,
    )


@review_app.callback()
def review(
    ctx: typer.Context,
    status: Annotated[
        Literal["Candidate", "Accepted", "Rejected"], typer.Option("--status", help="Which facts to list.")
    ] = "Candidate",
    above: Annotated[
        float | None, typer.Option("--above", help="Only confidence at least this.", min=0, max=1)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """List the facts under review with their sentences and confidence."""
    use_store(store_kind, home_dir)
    if ctx.invoked_subcommand is not None:
        return
    try:
        with _store(read_only=True) as store:
            items = list_review(_embedded(store, "review"), status=status, min_confidence=above)
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps([dataclasses.asdict(i) for i in items], ensure_ascii=False))
        return
    table = Table(
        Column("id", overflow="fold"),  # whole, so it can be copied to `review accept ID`
        "fact",
        "confidence",
        "sentence",
        title=f"{len(items)} {status.lower()} fact(s)",
        show_lines=True,
    )
    for item in items:
        args = "\n".join(f"{k}: {', '.join(v)}" for k, v in item.args.items())
        where = f"{item.source} [{item.char_start}:{item.char_end}]"
        table.add_row(
            cell(item.id),
            cell(f"{item.type}\n{args}"),
            cell(item.confidence),
            cell(f"{item.sentence}\n({where})"),
        )
    out.print(table)


def _decide(ids: list[str] | None, above: float | None, status: str) -> None:
    try:
        if not ids and above is None:
            raise InvalidArgument("name fact ids, or give --above THRESHOLD")
        with _store() as store:
            embedded = _embedded(store, "review")
            changed = set_review(embedded, ids, status) if ids else 0
            if above is not None:
                changed += set_review_above(embedded, above, status)
    except GraphError as exc:
        raise _fail(exc) from None
    err.print(f"{changed} fact(s) now {status.lower()}")


@review_app.command()
def accept(
    ids: Annotated[list[str] | None, typer.Argument(help="Ids of candidate facts.")] = None,
    above: Annotated[
        float | None,
        typer.Option("--above", help="Accept every candidate with confidence at least this.", min=0, max=1),
    ] = None,
) -> None:
    """Accept candidate facts: they join the trusted graph with their provenance."""
    _decide(ids, above, "Accepted")


@review_app.command()
def reject(
    ids: Annotated[list[str] | None, typer.Argument(help="Ids of candidate facts.")] = None,
    above: Annotated[
        float | None,
        typer.Option("--above", help="Reject every candidate with confidence at least this.", min=0, max=1),
    ] = None,
) -> None:
    """Reject candidate facts (kept, marked rejected)."""
    _decide(ids, above, "Rejected")
