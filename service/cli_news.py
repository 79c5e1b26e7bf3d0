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
from service.cli import HomeOption, StoreOption, _embedded, _fail, _store, app, cell, err, out, use_store
from service.hints import review_hint

review_app = typer.Typer(
    help="List candidate facts found in news, and accept or reject them.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(review_app, name="review")


_TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".md"}


def news_paths(paths: list[Path]) -> list[Path]:
    """Files named, and the text and HTML files under the folders named (sorted); a missing path is an error."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _TEXT_SUFFIXES)
            if not found:
                raise InvalidArgument(f"{p}: no text or HTML files in this folder")
            files += found
        elif p.exists():
            files.append(p)
        else:
            raise InvalidArgument(f"{p}: no such file or folder")
    return files


@app.command()
def news(
    paths: Annotated[list[Path], typer.Argument(help="News files (plain text or HTML) or folders of them.")],
    lang: Annotated[
        Literal["fa", "en", "sl", "auto"],
        typer.Option("--lang", help="Language of the files; auto: detected per file."),
    ] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print the candidates as JSON.")] = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Extract candidate facts from news, linking names to the store's entities; all or nothing.

    Data files (CSV, TSV, JSON, RDF) are refused (exit 4) and nothing is written.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from loaders.news import extract_news_files

    use_store(store_kind, home_dir)
    try:
        files = news_paths(paths)
        with (
            _store() as store,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
                disable=len(files) < 2,
            ) as progress,
        ):
            task = progress.add_task("reading news", total=len(files))
            results = extract_news_files(
                files,
                store,
                lang=None if lang == "auto" else lang,
                progress=lambda _: progress.advance(task),
            )
            summary = store.load([(r.dataset, r.graph) for r in results])
    except (GraphError, LoaderError) as exc:
        raise _fail(exc) from None
    if as_json:
        body = [
            {
                "file": str(r.news.path),
                "dataset": r.dataset,
                "lang": r.news.lang,
                "candidates": r.candidates(),
            }
            for r in results
        ]
        out.print_json(json.dumps(body, ensure_ascii=False))
        return
    found = sum(len(r.facts) for r in results)
    intents = sum(f.intent for r in results for f in r.facts)
    out.print(
        f"read {len(files)} news file(s) as {', '.join(summary.datasets)}: {found} candidate(s)"
        f" ({intents} only planned or negotiated), {summary.triples_added} triples added; "
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
    article: Annotated[
        str | None, typer.Option("--article", help="Only facts from this news file (name, stem or dataset).")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--type", help="Only this kind: agreement, membership, post, event, or a type name."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """List the facts under review with their sentences and confidence."""
    from loaders.news.review import list_review

    use_store(store_kind, home_dir)
    if ctx.invoked_subcommand is not None:
        return
    try:
        with _store(read_only=True) as store:
            items = list_review(
                _embedded(store, "review"), status=status, min_confidence=above, article=article, kind=kind
            )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps([dataclasses.asdict(i) for i in items], ensure_ascii=False))
        return
    hint = review_hint(items, status, narrowed=above is not None or bool(article) or bool(kind))
    if hint:
        out.print(hint, markup=False, highlight=False)
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
        note = f"\n{item.why}" if item.why else ""
        table.add_row(
            cell(item.id),
            cell(f"{item.type}\n{args}"),
            cell(item.confidence),
            cell(f"{item.sentence}\n({where}){note}"),
        )
    out.print(table)


def _decide(ids: list[str] | None, above: float | None, status: str) -> None:
    from loaders.news.review import set_review, set_review_above

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
