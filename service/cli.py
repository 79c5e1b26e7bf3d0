"""The ``citykg`` command line: load, validate, show, sparql, export, serve.

Errors from the library are mapped to one-line messages and exit codes in one
place (:func:`service.errors.exit_code`); nothing here knows about RDF or Cypher.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from graph.embedded_store import EmbeddedStore
from graph.errors import GraphError, InvalidArgument, NotSupported, StoreUnavailable
from graph.home import default_home
from graph.lookup import resolve
from graph.open_store import open_embedded, open_store
from graph.running import ServerInfo, find_server, remove_server_file, write_server_file
from graph.spreadsheet import safe_row
from graph.store import EntityDetail, Store
from loaders.errors import LoaderError
from ontology.errors import OntologyError
from service.answers import answer, entity_from
from service.errors import exit_code

if TYPE_CHECKING:
    from graph.settings import StoreSettings
    from loaders.countries import CountryAssignment

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
        from graph.settings import (
            StoreSettings,
        )  # pydantic-settings: 0.2 s that a read of the embedded store skips

        overrides: dict[str, Any] = {}
        if self.home is not None:
            overrides["home"] = self.home
        if self.store is not None:
            overrides["store"] = self.store
        return StoreSettings(**overrides)

    def embedded_path(self) -> Path | None:
        """The embedded store's directory, found without the full settings; None for Neo4j.

        The options hold ``CITYKG_HOME`` and ``CITYKG_STORE`` already (the callback reads them, as
        the settings would), and the other settings concern Neo4j only.
        """
        if (self.store or "embedded") != "embedded":
            return None
        return (self.home or default_home()) / "store"


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
    path = _opts.embedded_path()
    store = (
        open_store(_opts.settings(), read_only=read_only)
        if path is None
        else open_embedded(path, read_only=read_only)
    )
    try:
        yield store
    finally:
        store.close()


def _embedded(store: Store, what: str) -> EmbeddedStore:
    if not isinstance(store, EmbeddedStore):
        raise NotSupported(f"{what} needs the embedded store; run it without --store neo4j")
    return store


def _fail(exc: Exception) -> typer.Exit:
    # Messages quote names from the data and the user: text, never markup.
    err.print(
        f"[bold red]error:[/] {escape(str(exc))}", highlight=False, markup=True, emoji=False, soft_wrap=True
    )
    return typer.Exit(exit_code(exc))


def cell(value: object) -> Text:
    """A table cell showing ``value`` as it is: labels and sentences are text, never Rich markup."""
    return Text(str(value))


@app.command()
def load(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files to load; none loads the bundled data.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Input format (see docs/loaders.md; a wrong name lists them); default: detected.",
        ),
    ] = None,
    on_error: Annotated[
        str,
        typer.Option("--on-error", help="fail: a bad row stops the load; skip: set it aside in --rejected."),
    ] = "fail",
    rejected: Annotated[
        Path | None,
        typer.Option(
            "--rejected", help="Where skipped rows go (default: <home>/reports/rejected/<dataset>.csv)."
        ),
    ] = None,
    lang: Annotated[
        Literal["fa", "en", "sl"] | None,
        typer.Option("--lang", help="With --format news: the language of the files; default: detected."),
    ] = None,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Load files (or the bundled data) into the store, all or nothing, with a resolution report."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    use_store(store_kind, home_dir)
    from loaders import bundled_paths  # the readers: imported by the commands that read files only
    from loaders.assembly import ReadContext
    from loaders.news import read_news_files
    from loaders.pipeline import load_paths

    if on_error not in ("fail", "skip"):
        raise _fail(InvalidArgument(f"--on-error must be 'fail' or 'skip', not {on_error!r}"))
    if lang is not None and fmt != "news":
        raise _fail(
            InvalidArgument(f"--lang applies to --format news only, not to {fmt or 'detected formats'}")
        )
    files = list(paths or bundled_paths())
    settings = _opts.settings()
    server = find_server(settings.home) if settings.store == "embedded" else None
    if server is not None:
        # `citykg serve` holds the store: it does the load, and answers with the new data at once.
        _load_through(server, files, fmt, on_error=on_error, rejected=rejected, lang=lang)
        return
    ctx = ReadContext(on_error="skip" if on_error == "skip" else "fail")
    started = time.perf_counter()
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
            tasks = {f: progress.add_task(escape(f.name), total=None) for f in files}

            def rows_read(path: Path, done: int, total: int) -> None:
                if path in tasks:
                    progress.update(tasks[path], completed=done, total=total)

            def file_read(path: Path) -> None:
                task = next(t for t in progress.tasks if t.id == tasks[path])
                total = task.total or 1
                progress.update(task.id, total=total, completed=total, description=f"{escape(path.name)} ✓")

            ctx.progress = rows_read
            if fmt == "news":
                # The store's entities are the names to find, as in `citykg news`.
                summary = store.load(read_news_files(files, store, lang=lang, progress=file_read))
            else:
                summary = load_paths(store, files, fmt, ctx=ctx, progress=file_read)
    except (GraphError, LoaderError) as exc:
        raise _fail(exc) from None
    seconds = time.perf_counter() - started
    verb = "nothing new" if summary.unchanged else f"{summary.triples_added} triples added"
    out.print(
        f"loaded {len(files)} file(s) as {', '.join(summary.datasets)}: {summary.triples_read} triples read, {verb}",
        markup=False,
    )
    out.print(f"throughput: {_throughput(summary.triples_read, seconds)}", markup=False)
    if fmt == "news":
        out.print("candidates await review (citykg review)")
    if ctx.joins:
        out.print(
            f"joined {len(ctx.joins)} pair(s) of Wikidata items shipped as one place (loaders/data/joins.csv; "
            "citykg merges lists them, citykg merge --undo ID takes one back)",
            markup=False,
        )
    if ctx.distinct:
        out.print(
            f"recorded {ctx.distinct} pair(s) shipped as two places (loaders/data/distinct.csv; "
            "citykg duplicates --decided lists them)",
            markup=False,
        )
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
            cell(st.dataset),
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
        report = ctx.report.write_csv(_reports_dir() / "resolution" / _report_name(summary.datasets))
        c = ctx.report.counts()
        out.print(
            f"resolution: {c['matched']} matched, {c['ambiguous']} ambiguous, {c['unmatched']} unmatched → {report}",
            markup=False,
        )
    if ctx.countries is not None:
        line = ctx.countries.summary()
        if ctx.countries.disagreements:
            line += f" → {_write_disagreements(ctx.countries, _report_name(summary.datasets))}"
        out.print(line, markup=False)
    if ctx.rejected:
        import csv as _csv

        target = rejected or _reports_dir() / "rejected" / _report_name(summary.datasets)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as fh:
            w = _csv.writer(fh)
            w.writerow(["dataset", "file", "line", "field", "reason", "row"])
            for r in ctx.rejected:
                w.writerow(
                    safe_row(
                        [
                            r.dataset,
                            r.file,
                            r.line or "",
                            r.field or "",
                            r.reason,
                            json.dumps(r.row, ensure_ascii=False),
                        ]
                    )
                )
        out.print(f"{len(ctx.rejected)} row(s) set aside → {target}", markup=False)
    table = Table("class", "count", title="store now holds")
    for name, count in summary.counts.items():
        table.add_row(name, str(count))
    out.print(table)


def _throughput(statements: int, seconds: float) -> str:
    """Statements read per second of a whole load (reading, resolving, writing, the country links, joins).

    Examples
    --------
    >>> _throughput(244807, 61.2)
    '244,807 statements in 61.2 s, 4,000 statements/s'
    """
    rate = statements / seconds if seconds > 0 else 0.0
    return f"{statements:,} statements in {seconds:.1f} s, {rate:,.0f} statements/s"


def _load_through(
    server: ServerInfo,
    files: list[Path],
    fmt: str | None,
    *,
    on_error: str,
    rejected: Path | None,
    lang: str | None,
) -> None:
    """Hand each file to the running server as a load job and wait for it, with a progress display."""
    from rich.progress import (
        BarColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from service.client import RemoteError, load_through

    refused = [
        option
        for option, used in (
            ("--on-error skip", on_error == "skip"),
            ("--rejected", rejected is not None),
            ("--format news", fmt == "news"),
            ("--lang", lang is not None),
        )
        if used
    ]
    if refused:
        raise _fail(
            StoreUnavailable(
                f"a citykg server ({server.describe()}) holds the store and takes loads of files only, "
                f"without {', '.join(refused)}: stop it (kill {server.pid}), run this load, then start it again"
            )
        )
    results: list[dict[str, Any]] = []
    current = files[0]
    started = time.perf_counter()
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            for current in files:
                task = progress.add_task(escape(current.name), total=None)

                def waiting(state: str, task: TaskID = task, name: str = current.name) -> None:
                    progress.update(task, description=f"{escape(name)}: {state} on the server")

                results.append(load_through(server, current, fmt, waiting=waiting))
                progress.update(task, total=1, completed=1, description=f"{escape(current.name)} ✓")
    except RemoteError as exc:
        done = f" (loaded before it: {', '.join(f.name for f in files[: len(results)])})" if results else ""
        err.print(
            f"[bold red]error:[/] {escape(current.name)}: {escape(str(exc))}{escape(done)}",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(exc.exit_code) from None
    except GraphError as exc:
        raise _fail(exc) from None
    datasets = [d for r in results for d in r.get("datasets", [])]
    read = sum(int(r.get("triples_read", 0)) for r in results)
    added = sum(int(r.get("triples_added", 0)) for r in results)
    verb = "nothing new" if not added else f"{added} triples added"
    out.print(
        f"loaded {len(files)} file(s) as {', '.join(datasets)} through the running server "
        f"({server.describe()}): {read} triples read, {verb}",
        markup=False,
    )
    out.print(f"throughput: {_throughput(read, time.perf_counter() - started)}", markup=False)
    table = Table("class", "count", title="store now holds")
    for name, count in (results[-1].get("counts", {}) if results else {}).items():
        table.add_row(cell(name), str(count))
    out.print(table)


def _write_disagreements(done: CountryAssignment, name: str) -> Path:
    """Write the places whose stated country is not their outline's to ``<home>/reports/countries``."""
    import csv as _csv

    target = _reports_dir() / "countries" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as fh:
        w = _csv.writer(fh)
        w.writerow(["id", "stated", "outline", "how", "lat", "lon"])
        for d in done.disagreements:
            w.writerow(safe_row([d.id, d.stated, d.outline, d.how, d.lat, d.lon]))
    return target


def _report_name(datasets: list[str]) -> str:
    """A report's file name from the datasets of a load, short enough for any file system."""
    joined = "+".join(datasets)
    if len(joined) <= 120:
        return f"{joined}.csv"
    digest = hashlib.sha1(joined.encode()).hexdigest()[:8]
    return f"{datasets[0]}+{len(datasets) - 1}-more-{digest}.csv"


def _reports_dir() -> Path:
    """Where load reports go: beside the store (``<home>/reports``), never inside its folder."""
    return _opts.settings().home / "reports"


@app.command()
def reports(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    home_dir: HomeOption = None,
) -> None:
    """List the reports that loads wrote (resolution reports, rows set aside, country disagreements), newest first."""
    use_store(None, home_dir)
    root = _reports_dir()
    found = sorted(
        (p for p in root.rglob("*.csv") if p.is_file()) if root.is_dir() else (),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    rows: list[dict[str, str]] = [
        {
            "kind": p.parent.name,
            "file": str(p),
            "rows": str(max(len(p.read_text(encoding="utf-8").splitlines()) - 1, 0)),
            "written": dt.datetime.fromtimestamp(p.stat().st_mtime).isoformat(timespec="seconds"),
        }
        for p in found
    ]
    if as_json:
        out.print_json(data=rows)
        return
    if not rows:
        out.print(
            f"no reports yet in {root}: `citykg load` writes one when names are resolved or rows set aside"
        )
        return
    table = Table("kind", "rows", "written", "file", title=f"reports in {root}")
    for r in rows:
        table.add_row(Text(r["kind"]), r["rows"], r["written"], Text(r["file"]))
    out.print(table)


@app.command()
def validate(
    engine: Annotated[
        Literal["sparql", "pyshacl"],
        typer.Option(
            "--engine",
            help="sparql: the shapes compiled to queries over the store (seconds); pyshacl: the reference (slow).",
        ),
    ] = "sparql",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Check the store against the SHACL shapes; exit 1 on violations."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    use_store(store_kind, home_dir)
    try:
        with _store(read_only=True) as store:
            embedded = _embedded(store, "validate")
            if engine == "pyshacl":
                from ontology.validation import validate as shacl_validate  # pyshacl is slow to import

                report = shacl_validate(_as_rdflib(embedded))
            else:
                with Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=err,
                    transient=True,
                ) as progress:
                    task = progress.add_task("shapes", total=None)

                    def step(done: int, total: int, label: str) -> None:
                        progress.update(task, completed=done, total=total, description=label)

                    report = embedded.validate(progress=step)
    except (GraphError, LoaderError, OntologyError) as exc:
        raise _fail(exc) from None
    out.print(report.to_text(), markup=False, highlight=False)
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
            detail = answer(
                store,
                "show",
                {"name": name, "lang": lang},
                lambda: store.entity(resolve(store, name, lang=lang).id, lang=lang),
                dump=dataclasses.asdict,
                load=entity_from,
            )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps(dataclasses.asdict(detail), ensure_ascii=False))
        return
    _print_entity(detail)


def _print_entity(d: EntityDetail) -> None:
    # Everything here comes from the data: printed as text (a label "[/]" or "[link=…]" shows as it is).
    out.print(Text.assemble((d.label, "bold"), f"  ({d.type}, id {d.id})"), highlight=False)
    for lang, names in sorted(d.labels.items()):
        out.print(f"  {lang or '-'}: {' / '.join(names)}", highlight=False, markup=False)
    for key, value in {**d.identifiers, **d.attributes}.items():
        out.print(f"  {key}: {value}", highlight=False, markup=False)
    for key, refs in d.links.items():
        out.print(f"  {key}: {', '.join(f'{r.label} ({r.id})' for r in refs)}", highlight=False, markup=False)
    if d.sources:
        out.print("  sources: " + "; ".join(s.label for s in d.sources), highlight=False, markup=False)
    if not d.facts:
        return
    table = Table("fact", "as", "with", "dates", "sources", title=f"{len(d.facts)} facts", show_lines=True)
    for f in d.facts:
        others = "\n".join(f"{role}: {', '.join(r.label for r in refs)}" for role, refs in f.others.items())
        dates = "\n".join(f"{k} {v}" for k, v in f.dates.items())
        sources = "\n".join(
            s.label
            + (f", {s.date}" if s.date else "")
            + (f"\n  {s.url}" if s.url else "")
            + (f"\n  «{s.sentence}»" if s.sentence else "")
            for s in f.sources
        )
        table.add_row(cell(f"{f.type}\n{f.id}"), cell(f.role), cell(others), cell(dates), cell(sources))
    out.print(table)


# --format → the media types asked of the SPARQL worker (the same engine and guard as /sparql).
_ACCEPT = {
    "table": "application/sparql-results+json, text/turtle",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
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
    """Run a read-only SPARQL query over the whole store, under the limits of the HTTP endpoint.

    Updates and SERVICE are refused; the query runs in a worker process without
    network access, bounded by the CITYKG_SPARQL_* settings (docs/service.md).
    """
    use_store(store_kind, home_dir)
    from service.settings import get_service_settings
    from service.sparql import run_query

    text = (
        sys.stdin.read()
        if query == "-"
        else Path(query[1:]).read_text("utf-8")
        if query.startswith("@")
        else query
    )
    limits = dataclasses.replace(get_service_settings().sparql_limits(), workers=1)
    try:
        with _store(read_only=True) as store:
            answer = run_query(_embedded(store, "sparql"), text, accept=_ACCEPT[fmt], limits=limits)
    except GraphError as exc:
        raise _fail(exc) from None
    _print_answer(answer.body, answer.media_type, fmt)
    if answer.truncated:
        err.print(
            "the answer was cut at the row or byte cap (CITYKG_SPARQL_MAX_ROWS, CITYKG_SPARQL_MAX_RESULT_BYTES)",
            markup=False,
        )


def _print_answer(body: bytes, media_type: str, fmt: str) -> None:
    if fmt != "table" or media_type != "application/sparql-results+json":
        sys.stdout.write(body.decode("utf-8"))
        if fmt == "json" and not body.endswith(b"\n"):
            sys.stdout.write("\n")
        return
    data = json.loads(body)
    if "boolean" in data:
        out.print(str(bool(data["boolean"])).lower())
        return
    names = data["head"]["vars"]
    table = Table(*names)
    rows = data["results"]["bindings"]
    for row in rows:
        # Text, never markup: a label holding "[/]" or "[link=...]" prints as it is.
        table.add_row(*(Text(row[n]["value"]) if n in row else Text("") for n in names))
    out.print(table)
    err.print(f"{len(rows)} row(s)")


@app.command()
def export(
    fmt: Annotated[
        Literal["turtle", "jsonld", "ntriples", "nquads", "cypher", "neo4j-csv", "graphml", "gexf", "csv"],
        typer.Option(
            "--format",
            "-f",
            help="turtle, jsonld (with an @context), ntriples, nquads (keeps datasets), cypher (a cypher-shell "
            "script), neo4j-csv (a folder for neo4j-admin database import and LOAD CSV), graphml, gexf, or csv "
            "(a zip of nodes.csv and edges.csv).",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="File to write, - for stdout; for neo4j-csv a new or empty folder."
        ),
    ],
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject", "-s", help="Export only this entity (an id or a name) and its ties to --depth hops."
        ),
    ] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", help="Hops around --subject (1 to 4).")] = 1,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of node labels in graphml, gexf and csv (RDF keeps all).")
    ] = "en",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Export the store, or one subject's neighbourhood, as RDF, Cypher, a Neo4j CSV bundle, or a graph file."""
    from rich.progress import (
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    use_store(store_kind, home_dir)
    from service.cli_export import export_bundle, export_data, export_part

    try:
        if subject is None and depth != 1:
            raise InvalidArgument("--depth needs --subject (the whole store has no depth)")
        if fmt == "neo4j-csv" and str(output) == "-":
            raise InvalidArgument("neo4j-csv writes a folder of files; give -o FOLDER, not -")
        with (
            _store(read_only=True) as store,
            Progress(
                TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True
            ) as bar,
        ):
            task = bar.add_task(f"finding {escape(subject)}" if subject else "reading the store", total=None)
            part = export_part(store, subject, depth, lang=lang) if subject is not None else None
            bar.update(task, description=f"writing {fmt}")
            if fmt == "neo4j-csv":
                files = export_bundle(store, output, part=part)
                data = None
            else:
                data = export_data(store, fmt, lang=lang, part=part)
    except GraphError as exc:
        raise _fail(exc) from None
    if data is None:
        size = sum(f.stat().st_size for f in files)
        err.print(
            f"wrote {output}/ ({len(files)} files, {size:,} bytes); see import.sh and load-csv.cypher",
            markup=False,
        )
        return
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        return
    tmp = output.with_name(output.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(output)
    err.print(f"wrote {output} ({len(data):,} bytes)", markup=False)


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

    settings = _opts.settings()
    try:
        store = open_store(settings)
    except GraphError as exc:
        raise _fail(exc) from None
    # Other commands of this home find the server here (and hand it their loads); removed on exit.
    info = None
    if isinstance(store, EmbeddedStore):
        info = write_server_file(settings.home, host=host, port=port, store=settings.store_path)
    err.print(f"citykg serving on http://{host}:{port}  (docs: http://{host}:{port}/docs)", markup=False)
    try:
        uvicorn.run(_owned(store, info, settings.home), host=host, port=port, log_level="info")
    finally:
        if info is not None:
            remove_server_file(settings.home, info)


def _owned(store: Store, info: ServerInfo | None = None, home: Path | None = None) -> Any:
    from service.app import create_app

    def stop() -> None:
        if info is not None and home is not None:
            remove_server_file(home, info)

    return create_app(
        store=store,
        load_bundled=True,
        close_store=True,
        local_token=info.token if info else None,
        on_stop=stop,
    )


# The graph questions and the news review register their commands on `app` when imported;
# they import `app` from here, so they come last.
from service import cli_curation, cli_fetch, cli_graph, cli_map, cli_news, cli_research  # noqa: E402, F401


def main() -> None:
    """Entry point of the ``citykg`` console script."""
    app()


if __name__ == "__main__":
    main()
