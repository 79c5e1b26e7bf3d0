"""The ``citykg`` command line: load, validate, show, sparql, export, serve.

Errors from the library are mapped to one-line messages and exit codes in one
place (:func:`service.errors.exit_code`); nothing here knows about RDF or Cypher.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.embedded_store import EmbeddedStore
from graph.errors import GraphError, InvalidArgument, NotSupported
from graph.lookup import resolve
from graph.open_store import open_store
from graph.settings import StoreSettings
from graph.store import EntityDetail, Store
from loaders import FORMATS, bundled_paths
from loaders.errors import LoaderError
from loaders.pipeline import load_paths
from service.errors import exit_code

app = typer.Typer(
    name="citykg",
    help="A sourced, time-aware knowledge graph of city diplomacy.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

StoreKind = Literal["embedded", "neo4j"]


@dataclasses.dataclass
class _Options:
    home: Path | None = None
    store: StoreKind | None = None

    def settings(self) -> StoreSettings:
        overrides: dict[str, Any] = {}
        if self.home is not None:
            overrides["home"] = self.home
        if self.store is not None:
            overrides["store"] = self.store
        return StoreSettings(**overrides)


_opts = _Options()

StoreOption = Annotated[
    StoreKind | None,
    typer.Option(
        "--store",
        help="Which store answers: embedded or neo4j (default: CITYKG_STORE, else embedded).",
        show_default=False,
    ),
]
HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Directory of the embedded store (default: CITYKG_HOME, else the per-user data dir).",
        show_default=False,
    ),
]


def use_store(store: StoreKind | None, home: Path | None) -> None:
    """Apply a command's own ``--store``/``--home``; they win over the same options given before the command."""
    if store is not None:
        _opts.store = store
    if home is not None:
        _opts.home = home


@app.callback()
def _main(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            envvar="CITYKG_HOME",
            help="Directory of the embedded store (default: per-user data dir).",
        ),
    ] = None,
    store: Annotated[
        StoreKind | None,
        typer.Option(
            "--store", envvar="CITYKG_STORE", help="Which store answers: embedded (default) or neo4j."
        ),
    ] = None,
) -> None:
    """A sourced, time-aware knowledge graph of city diplomacy."""
    _opts.home = home
    _opts.store = store


@contextmanager
def _store(*, read_only: bool = False) -> Iterator[Store]:
    store = open_store(_opts.settings(), read_only=read_only)
    try:
        yield store
    finally:
        store.close()


def _embedded(store: Store, what: str) -> EmbeddedStore:
    if not isinstance(store, EmbeddedStore):
        raise NotSupported(f"{what} needs the embedded store; run it without --store neo4j")
    return store


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(exit_code(exc))


@app.command()
def load(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files to load; none loads the bundled data.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"Input format ({', '.join(sorted(FORMATS))}); default: detected."
        ),
    ] = None,
    on_error: Annotated[
        str,
        typer.Option("--on-error", help="fail: a bad row stops the load; skip: set it aside in --rejected."),
    ] = "fail",
    rejected: Annotated[
        Path | None,
        typer.Option("--rejected", help="Where skipped rows go (default: <store>/rejected/<dataset>.csv)."),
    ] = None,
    lang: Annotated[
        Literal["fa", "en", "sl"] | None,
        typer.Option("--lang", help="With --format news: the language of the files; default: detected."),
    ] = None,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Load files (or the bundled data) into the store, all or nothing, with a resolution report."""
    use_store(store_kind, home_dir)
    from loaders.assembly import ReadContext
    from loaders.news import read_news_files

    if on_error not in ("fail", "skip"):
        raise _fail(InvalidArgument(f"--on-error must be 'fail' or 'skip', not {on_error!r}"))
    if lang is not None and fmt != "news":
        raise _fail(
            InvalidArgument(f"--lang applies to --format news only, not to {fmt or 'detected formats'}")
        )
    files = list(paths or bundled_paths())
    ctx = ReadContext(on_error="skip" if on_error == "skip" else "fail")
    try:
        with (
            _store() as store,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            ) as progress,
        ):
            # One bar per source: rows read where the reader reports them, else the whole file at once.
            tasks = {f: progress.add_task(f"{f.name}", total=None) for f in files}

            def rows_read(path: Path, done: int, total: int) -> None:
                if path in tasks:
                    progress.update(tasks[path], completed=done, total=total)

            def file_read(path: Path) -> None:
                task = next(t for t in progress.tasks if t.id == tasks[path])
                total = task.total or 1
                progress.update(task.id, total=total, completed=total, description=f"{path.name} ✓")

            ctx.progress = rows_read
            if fmt == "news":
                # The store's entities are the names to find, as in `citykg news`.
                summary = store.load(read_news_files(files, store, lang=lang, progress=file_read))
            else:
                summary = load_paths(store, files, fmt, ctx=ctx, progress=file_read)
            home = getattr(store, "path", None) or Path(".")
    except (GraphError, LoaderError) as exc:
        raise _fail(exc) from None
    verb = "nothing new" if summary.unchanged else f"{summary.triples_added} triples added"
    out.print(
        f"loaded {len(files)} file(s) as {', '.join(summary.datasets)}: {summary.triples_read} triples read, {verb}"
    )
    if fmt == "news":
        out.print("candidates await review (citykg review)")
    per = Table(
        "source",
        "rows",
        "entities",
        "merged",
        "agreements",
        "merged",
        "memberships",
        "merged",
        "rejected",
        title="per source",
    )
    for st in ctx.stats:
        per.add_row(
            st.dataset,
            str(st.rows),
            str(st.entities),
            str(st.entities_merged),
            str(st.agreements),
            str(st.agreements_merged),
            str(st.memberships),
            str(st.memberships_merged),
            str(st.rejected),
        )
    out.print(per)
    if ctx.report.rows:
        report = ctx.report.write_csv(Path(home) / "resolution" / f"{'+'.join(summary.datasets)}.csv")
        c = ctx.report.counts()
        out.print(
            f"resolution: {c['matched']} matched, {c['ambiguous']} ambiguous, {c['unmatched']} unmatched → {report}"
        )
    if ctx.rejected:
        import csv as _csv

        target = rejected or Path(home) / "rejected" / f"{'+'.join(summary.datasets)}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as fh:
            w = _csv.writer(fh)
            w.writerow(["dataset", "file", "line", "field", "reason", "row"])
            for r in ctx.rejected:
                w.writerow(
                    [
                        r.dataset,
                        r.file,
                        r.line or "",
                        r.field or "",
                        r.reason,
                        json.dumps(r.row, ensure_ascii=False),
                    ]
                )
        out.print(f"{len(ctx.rejected)} row(s) set aside → {target}")
    table = Table("class", "count", title="store now holds")
    for name, count in summary.counts.items():
        table.add_row(name, str(count))
    out.print(table)


@app.command()
def validate(
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Check the store against the SHACL shapes; exit 1 on violations."""
    use_store(store_kind, home_dir)
    from ontology.validation import validate as shacl_validate  # pyshacl is slow to import

    try:
        with _store(read_only=True) as store:
            graph = _as_rdflib(_embedded(store, "validate"))
        report = shacl_validate(graph)
    except (GraphError, LoaderError) as exc:
        raise _fail(exc) from None
    out.print(report.to_text())
    if not report.conforms:
        raise typer.Exit(1)


def _as_rdflib(store: EmbeddedStore) -> Any:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(store.triples(), None, ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


@app.command()
def show(
    name: Annotated[
        str, typer.Argument(help="An id or a name in any language the entity carries (Qazvin, قزوین).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of labels.")] = "en",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Show an entity: labels, identifiers, facts and their sources."""
    use_store(store_kind, home_dir)
    try:
        with _store(read_only=True) as store:
            ref = resolve(store, name, lang=lang)
            detail = store.entity(ref.id, lang=lang)
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps(dataclasses.asdict(detail), ensure_ascii=False))
        return
    _print_entity(detail)


def _print_entity(d: EntityDetail) -> None:
    out.print(f"[bold]{d.label}[/]  ({d.type}, id {d.id})", highlight=False)
    for lang, names in sorted(d.labels.items()):
        out.print(f"  {lang or '-'}: {' / '.join(names)}", highlight=False)
    for key, value in {**d.identifiers, **d.attributes}.items():
        out.print(f"  {key}: {value}", highlight=False)
    for key, refs in d.links.items():
        out.print(f"  {key}: {', '.join(f'{r.label} ({r.id})' for r in refs)}", highlight=False)
    if d.sources:
        out.print("  sources: " + "; ".join(s.label for s in d.sources), highlight=False)
    if not d.facts:
        return
    table = Table("fact", "as", "with", "dates", "sources", title=f"{len(d.facts)} facts", show_lines=True)
    for f in d.facts:
        others = "\n".join(f"{role}: {', '.join(r.label for r in refs)}" for role, refs in f.others.items())
        dates = "\n".join(f"{k} {v}" for k, v in f.dates.items())
        sources = "\n".join(s.label + (f"\n  «{s.sentence}»" if s.sentence else "") for s in f.sources)
        table.add_row(f"{f.type}\n{f.id}", f.role, others, dates, sources)
    out.print(table)


_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


@app.command()
def sparql(
    query: Annotated[
        str, typer.Argument(help="A SPARQL query, @FILE to read it from a file, or - for stdin.")
    ],
    fmt: Annotated[
        Literal["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"],
        typer.Option(
            "--format",
            "-f",
            help="Output: table, or SPARQL results json/csv/tsv/xml; turtle/ntriples for CONSTRUCT.",
        ),
    ] = "table",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Run a read-only SPARQL query over the whole store."""
    use_store(store_kind, home_dir)
    text = (
        sys.stdin.read()
        if query == "-"
        else Path(query[1:]).read_text("utf-8")
        if query.startswith("@")
        else query
    )
    try:
        with _store(read_only=True) as store:
            result = _embedded(store, "sparql").sparql(text)
            _print_result(result, fmt)
    except GraphError as exc:
        raise _fail(exc) from None


def _print_result(result: Any, fmt: str) -> None:
    if isinstance(result, ox.QueryBoolean):
        if fmt in _RESULT_FORMATS:
            sys.stdout.write(bytes(result.serialize(format=_RESULT_FORMATS[fmt]) or b"").decode() + "\n")
        else:
            out.print(str(bool(result)).lower())
    elif isinstance(result, ox.QueryTriples):
        rdf = ox.RdfFormat.N_TRIPLES if fmt == "ntriples" else ox.RdfFormat.TURTLE
        sys.stdout.write(bytes(ox.serialize(result, None, rdf) or b"").decode())
    elif fmt in _RESULT_FORMATS:
        sys.stdout.write(result.serialize(format=_RESULT_FORMATS[fmt]).decode())
        if fmt == "json":
            sys.stdout.write("\n")
    else:
        names = [v.value for v in result.variables]
        table = Table(*names)
        rows = 0
        for row in result:
            table.add_row(*("" if row[n] is None else str(row[n].value) for n in names))
            rows += 1
        out.print(table)
        err.print(f"{rows} row(s)")


@app.command()
def export(
    fmt: Annotated[
        Literal["turtle", "jsonld", "ntriples", "nquads", "cypher", "graphml", "gexf", "csv"],
        typer.Option(
            "--format",
            "-f",
            help="turtle, jsonld (with an @context), ntriples, nquads (keeps datasets), cypher, "
            "graphml, gexf, or csv (a zip of nodes.csv and edges.csv).",
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write; - for stdout.")],
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Export the whole store as RDF, a Cypher script, or a graph file for Gephi-style tools."""
    use_store(store_kind, home_dir)
    from service.cli_export import export_data

    try:
        with _store(read_only=True) as store:
            data = export_data(store, fmt)
    except GraphError as exc:
        raise _fail(exc) from None
    assert data is not None
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        return
    tmp = output.with_name(output.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(output)
    err.print(f"wrote {output} ({len(data):,} bytes)")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs); an empty store gets the bundled data first."""
    use_store(store_kind, home_dir)
    import uvicorn

    try:
        store = open_store(_opts.settings())
    except GraphError as exc:
        raise _fail(exc) from None
    err.print(f"citykg serving on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
    uvicorn.run(_owned(store), host=host, port=port, log_level="info")


def _owned(store: Store) -> Any:
    from service.app import create_app

    return create_app(store=store, load_bundled=True, close_store=True)


# The graph questions and the news review register their commands on `app` when imported;
# they import `app` from here, so they come last.
from service import cli_graph, cli_news, cli_research  # noqa: E402, F401


def main() -> None:
    """Entry point of the ``citykg`` console script."""
    app()


if __name__ == "__main__":
    main()
