"""Graph questions on the command line: path, bridges, centrality, stats, ego."""

from __future__ import annotations

import dataclasses
import importlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from graph.errors import GraphError, InvalidArgument
from graph.store import Tie
from graph.tie_facts import caption, tie_details
from service.answers import answer, paths_from, subgraph_from
from service.cli import HomeOption, StoreOption, _fail, _store, app, out, use_store
from service.hints import bridges_hint, centrality_hint, ego_hint, path_hint

if TYPE_CHECKING:
    from graph.projection import Filters
    from graph.stats import NetworkStats

# graph.centrality.METRICS, spelled out so that `--help` need not import igraph (a test keeps them equal).
METRICS = ("degree", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank")

KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        help="Tie kind to keep (repeatable): TwinningAgreement, Membership, EventHost, ... "
        "or a group: agreement, twinning, membership, event, post, programme, structure.",
    ),
]
NetworkOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--network",
        help="Keep the members of this network, named by id or by a name in any language (repeatable).",
    ),
]
CountryOpt = Annotated[
    list[str] | None,
    typer.Option("--country", help="Keep entities in this country, by id or ISO2 code (repeatable)."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Keep ties valid at YYYY[-MM[-DD]] (unknown start: since ever; unknown end: still)."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
LevelOpt = Annotated[
    str,
    typer.Option(
        "--level",
        help="entity: the entities themselves; country: ties aggregated between the countries of the places.",
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of labels.")]


def _filters(
    kind: list[str] | None, network: list[str] | None, country: list[str] | None, as_of: str | None
) -> Filters:
    from graph.projection import Filters

    return Filters(
        kinds=frozenset(kind) if kind else None,
        networks=frozenset(network) if network else None,
        countries=frozenset(country) if country else None,
        as_of=as_of,
    )


def _filtered(*options: Any) -> bool:
    return any(o for o in options)


def _json(value: Any) -> None:
    out.print_json(json.dumps(value, ensure_ascii=False, default=str))


def _tie_text(t: Tie) -> str:
    dates = f" {t.start or '?'}–{t.end or ''}" if t.start or t.end else ""
    sources = f" [{', '.join(t.sources)}]" if t.sources else ""
    return f"{t.kind} {t.fact}{dates}{sources}"


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="Where the path starts: an id or a name.")],
    target: Annotated[str, typer.Argument(help="Where it ends: an id or a name.")],
    k: Annotated[int, typer.Option("-k", help="How many shortest paths (at most 10).")] = 1,
    max_length: Annotated[int, typer.Option("--max-length", help="Longest path in hops (at most 12).")] = 6,
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "en",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """The shortest chains of relations between two entities, each hop with its facts and sources."""
    use_store(store_kind, home_dir)
    from graph.paths import shortest_paths

    try:
        filters = _filters(kind, network, country, as_of)
        question = {"source": source, "target": target, "k": k, "max_length": max_length, "lang": lang}
        with _store(read_only=True) as store:
            found = answer(
                store,
                "path",
                {**question, "kind": kind, "network": network, "country": country, "as_of": as_of},
                lambda: shortest_paths(
                    store, source, target, k=k, max_length=max_length, filters=filters, lang=lang
                ),
                dump=lambda paths: [dataclasses.asdict(p) for p in paths],
                load=paths_from,
            )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json([dataclasses.asdict(p) for p in found])
        return
    hint = path_hint(found, source, target, max_length, filtered=_filtered(kind, network, country, as_of))
    if hint:
        out.print(hint, markup=False, highlight=False)
        return
    for n, p in enumerate(found, 1):
        out.print(
            f"[bold]path {n}[/] ({len(p.hops)} hops): " + " → ".join(escape(r.label) for r in p.nodes),
            highlight=False,
        )
        for hop in p.hops:
            out.print(f"  {hop.source.label} — {hop.target.label}", highlight=False, markup=False)
            for t in hop.ties:
                out.print(f"      {_tie_text(t)}", highlight=False, markup=False)


@app.command()
def bridges(
    network_a: Annotated[str, typer.Argument(help="The first network: an id or a name.")],
    network_b: Annotated[str, typer.Argument(help="The second network: an id or a name.")],
    k: Annotated[int, typer.Option("-k", help="Longest link between members, in hops (at most 10).")] = 2,
    top: Annotated[int, typer.Option("--top", help="How many connectors (at most 1000).")] = 20,
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "en",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Which entities link network A and network B: members of both, and connectors ranked."""
    use_store(store_kind, home_dir)
    from graph.bridges import bridges as find_bridges

    try:
        with _store(read_only=True) as store:
            result = find_bridges(
                store,
                network_a,
                network_b,
                k=k,
                top=top,
                filters=_filters(kind, network, country, as_of),
                lang=lang,
            )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json(dataclasses.asdict(result))
        return
    a, b = result.network_a, result.network_b
    hint = bridges_hint(result, k, filtered=_filtered(kind, network, country, as_of))
    if hint:
        out.print(hint, markup=False, highlight=False)
        return
    out.print(
        f"[bold]{escape(a.label)}[/] ({escape(a.id)}) and [bold]{escape(b.label)}[/] ({escape(b.id)})",
        highlight=False,
    )
    out.print(
        f"members of both ({len(result.both)}): "
        + (", ".join(escape(r.label) for r in result.both) or "none"),
        highlight=False,
    )
    table = Table("connector", "type", "pairs", "score", "via", title=f"connectors within {k} hops")
    for c in result.connectors:
        table.add_row(
            escape(f"{c.entity.label} ({c.entity.id})"),
            c.entity.type,
            str(c.pairs),
            f"{c.score:.3f}",
            escape(", ".join(c.via)),
        )
    out.print(table)


@app.command()
def centrality(
    metric: Annotated[str, typer.Option("--metric", "-m", help=f"One of: {', '.join(METRICS)}.")] = "degree",
    top: Annotated[int, typer.Option("--top", help="How many entities (at most 1000).")] = 10,
    sample: Annotated[
        int | None, typer.Option("--sample", help="Betweenness from this many random sources (an estimate).")
    ] = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="Degree as a count of neighbours, not normalised.")
    ] = False,
    level: LevelOpt = "entity",
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "en",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """The most central entities (or countries, with --level country) of the projection by a metric."""
    use_store(store_kind, home_dir)
    from graph.centrality import centrality as rank

    try:
        with _store(read_only=True) as store:
            scores = rank(
                store,
                metric,
                top=top,
                sample=sample,
                filters=_filters(kind, network, country, as_of),
                lang=lang,
                raw=raw,
                level=level,
            )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json([dataclasses.asdict(s) for s in scores])
        return
    hint = centrality_hint(scores, filtered=_filtered(kind, network, country, as_of))
    if hint:
        out.print(hint, markup=False, highlight=False)
        return
    what = f"{metric} (count)" if raw else metric
    table = Table(
        "#", "entity", "type", escape(what), title=escape(f"top {len(scores)} by {what} at the {level} level")
    )
    for n, s in enumerate(scores, 1):
        table.add_row(str(n), escape(f"{s.entity.label} ({s.entity.id})"), s.entity.type, f"{s.score:.6g}")
    out.print(table)


@app.command()
def stats(
    level: LevelOpt = "entity",
    by_year: Annotated[
        bool,
        typer.Option(
            "--by-year", help="A series: nodes, ties and degree assortativity as of each year (see docs)."
        ),
    ] = False,
    first: Annotated[int | None, typer.Option("--from", help="First year of --by-year.")] = None,
    last: Annotated[int | None, typer.Option("--to", help="Last year of --by-year.")] = None,
    sample: Annotated[
        int | None,
        typer.Option(
            "--sample",
            help="Estimate distances from this many random sources (default: exact up to the size "
            "threshold, 500 sources beyond).",
        ),
    ] = None,
    exact: Annotated[
        bool, typer.Option("--exact", help="Exact distances from every source, whatever the size.")
    ] = False,
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Network statistics of the projection, as networkx and KONECT define them (docs/graph.md)."""
    use_store(store_kind, home_dir)
    from graph.growth import stats_by_year
    from graph.stats import network_statistics

    try:
        if by_year and level != "entity":
            raise InvalidArgument("--by-year is a series of the entity projection; leave out --level")
        with _store(read_only=True) as store:
            filters = _filters(kind, network, country, as_of)
            if by_year:
                series = stats_by_year(store, filters=filters, start=first, end=last)
            else:
                result = network_statistics(store, filters=filters, sample=sample, level=level, exact=exact)
    except GraphError as exc:
        raise _fail(exc) from None
    if by_year:
        if as_json:
            _json([dataclasses.asdict(y) for y in series])
            return
        if not series:
            out.print("no dated tie: give --from and --to for a series", markup=False)
            return
        table = Table("year", "nodes", "ties", "degree assortativity", title="as of each year")
        for y in series:
            r = "n/a" if y.degree_assortativity is None else f"{y.degree_assortativity:.4f}"
            table.add_row(str(y.year), str(y.nodes), str(y.edges), r)
        out.print(table)
        return
    if as_json:
        _json(dataclasses.asdict(result))
        return
    table = Table("statistic", "value", title=f"{level} level")
    for key, value in dataclasses.asdict(result).items():
        if isinstance(value, float):
            text = f"{value:.6g}"
        elif isinstance(value, tuple):
            text = "[" + ", ".join(f"{x:.6g}" for x in value) + "]"
        else:
            text = str(value)
        table.add_row(key.replace("_", " "), text)
    out.print(table)
    out.print(_distance_note(result), markup=False, highlight=False)


def _distance_note(s: NetworkStats) -> str:
    threshold = f"{s.exact_distances_up_to:,}"
    if s.distances_sampled:
        return (
            f"distances sampled: {s.distances_sampled} random sources (seeded) on a largest component of "
            f"{s.largest_component:,} nodes (exact up to {threshold}; --exact for all sources); "
            f"95 % confidence intervals shown; diameter exact by iFUB ({s.diameter_bfs} searches)"
        )
    return (
        f"distances exact: every source of the largest component ({s.largest_component:,} nodes; "
        f"sampled beyond {threshold} unless --exact)"
    )


@app.command()
def ego(
    entity: Annotated[str, typer.Argument(help="The centre: an id or a name.")],
    depth: Annotated[int, typer.Option("--depth", "-d", help="Hops from the centre (at most 4).")] = 1,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", help="Leave out the farthest past this many.")
    ] = 2000,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write a picture: .html (interactive), .png or .svg."),
    ] = None,
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "en",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """An entity and its neighbourhood to a depth, with every tie among them.

    A picture (-o) carries a title naming the entity and the filters, a legend of tie kinds and a
    footer of sources with the export date; with --lang fa it is right-to-left with Persian labels.
    """
    use_store(store_kind, home_dir)
    from graph.ego import ego_network

    try:
        if output is not None and output.suffix.lower() not in {".html", ".png", ".svg"}:
            raise InvalidArgument(f"{output}: the picture must be .html, .png or .svg")
        filters = _filters(kind, network, country, as_of)
        with _store(read_only=True) as store:
            sub = answer(
                store,
                "ego",
                {
                    "entity": entity,
                    "depth": depth,
                    "max_nodes": max_nodes,
                    "lang": lang,
                    "kind": kind,
                    "network": network,
                    "country": country,
                    "as_of": as_of,
                },
                lambda: ego_network(
                    store, entity, depth=depth, max_nodes=max_nodes, filters=filters, lang=lang
                ),
                dump=dataclasses.asdict,
                load=subgraph_from,
            )
            if output is not None:
                centre = next((n.label for n in sub.nodes if n.id == sub.center), entity)
                _render(
                    sub,
                    output,
                    title=caption(centre, depth=depth, filters=filters, lang=lang),
                    details=tie_details(store, sub.ties, lang=lang),
                    lang=lang,
                )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json(dataclasses.asdict(sub))
        return
    labels = {n.id: escape(n.label) for n in sub.nodes}
    out.print(
        f"[bold]{labels.get(sub.center or '', escape(sub.center or ''))}[/]: "
        f"{len(sub.nodes)} nodes, {len(sub.ties)} ties",
        highlight=False,
    )
    hint = ego_hint(sub, filtered=_filtered(kind, network, country, as_of))
    if hint:
        out.print(hint, markup=False, highlight=False)
        return
    table = Table("from", "to", "tie")
    for t in sub.ties:
        table.add_row(
            labels.get(t.source, escape(t.source)),
            labels.get(t.target, escape(t.target)),
            escape(_tie_text(t)),
        )
    out.print(table)


def _render(sub: Any, output: Path, **frame: Any) -> None:
    try:
        visual = importlib.import_module("graph.visual")
    except ImportError as exc:
        raise InvalidArgument("pictures need graph.visual, which is not installed") from exc
    render = getattr(visual, "render", None)
    if render is None:
        raise InvalidArgument("graph.visual has no render(); pictures are not available yet")
    render(sub, output, output.suffix.lower().lstrip("."), **frame)
