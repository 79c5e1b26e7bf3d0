"""The researcher's commands: communities, countries, geography, growth, mixing, suggest."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph.errors import GraphError, InvalidArgument
from service.cli import HomeOption, StoreOption, _fail, _store, app, out, use_store
from service.cli_graph import (
    AsOfOpt,
    CountryOpt,
    JsonOpt,
    KindOpt,
    LangOpt,
    LevelOpt,
    NetworkOpt,
    _filters,
    _json,
)
from service.hints import suggest_hint

# graph.communities.ALGORITHMS and graph.mixing.ATTRIBUTES, spelled out so that `--help` need not
# import igraph (a test keeps them equal).
ALGORITHMS = ("leiden", "louvain")
ATTRIBUTES = ("degree", "country", "continent", "population")

SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the random choices (same seed, same answer).")]


def _definition(text: str) -> None:
    out.print(f"[dim]definition: {escape(text)}[/]", highlight=False)


@app.command()
def communities(
    algorithm: Annotated[
        str, typer.Option("--algorithm", "-a", help=f"One of: {', '.join(ALGORITHMS)}.")
    ] = "leiden",
    resolution: Annotated[float, typer.Option("--resolution", help="Resolution γ of modularity.")] = 1.0,
    seed: SeedOpt = 0,
    top: Annotated[int, typer.Option("--top", help="How many communities to describe.")] = 10,
    members: Annotated[int, typer.Option("--members", help="Top members shown per community.")] = 5,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            "-o",
            help="Write the graph with a 'community' node attribute: .graphml, .gexf or .csv (zip).",
        ),
    ] = None,
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
    """Communities by Leiden or Louvain: modularity, sizes, top members and dominant countries."""
    use_store(store_kind, home_dir)
    from graph.communities import communities as find_communities
    from graph.graph_export import GRAPH_EXPORT_FORMATS, export_graph
    from graph.levels import country_network
    from graph.projection import project
    from graph.visual import View

    try:
        fmt = None
        if export is not None:
            fmt = export.suffix.lower().lstrip(".")
            if fmt not in GRAPH_EXPORT_FORMATS:
                raise InvalidArgument(f"{export}: the export must be .graphml, .gexf or .csv")
        with _store(read_only=True) as store:
            filters = _filters(kind, network, country, as_of)
            result = find_communities(
                store,
                algorithm=algorithm,
                resolution=resolution,
                seed=seed,
                top=top,
                members=members,
                filters=filters,
                level=level,
                lang=lang,
            )
            if export is not None and fmt is not None:
                if level == "country":
                    p = country_network(store, filters).projection
                else:
                    p = project(store, filters)
                view = View(None, list(p.nodes), [t for ties in p.edge_ties for t in ties])
                export_graph(view, fmt, export, node_attributes={"community": result.membership})
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json({k: v for k, v in dataclasses.asdict(result).items() if k != "membership"})
        return
    out.print(
        f"[bold]{result.count}[/] communities ({algorithm}, resolution {resolution}, seed {seed}), "
        f"modularity {result.modularity:.4f}",
        highlight=False,
    )
    table = Table("#", "size", "top members", "countries")
    for c in result.communities:
        table.add_row(
            str(c.index),
            str(c.size),
            escape(", ".join(m.label for m in c.top_members)),
            escape(", ".join(f"{k} {n}" for k, n in c.countries)),
        )
    out.print(table)
    _definition(result.definition)
    if export is not None:
        out.print(f"wrote {export}", markup=False)


@app.command("countries")
def countries_network(
    top: Annotated[int, typer.Option("--top", help="How many country pairs to list.")] = 20,
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """The country network: ties between countries weighted by count; places without a country reported."""
    use_store(store_kind, home_dir)
    from graph.levels import country_network
    from graph.stats import statistics_of

    try:
        if not 1 <= top <= 1000:
            raise InvalidArgument(f"top must be between 1 and 1000, not {top}")
        with _store(read_only=True) as store:
            c = country_network(store, _filters(kind, network, country, as_of))
            stats = statistics_of(c.projection)
    except GraphError as exc:
        raise _fail(exc) from None
    p = c.projection
    pairs = sorted(
        (
            (p.nodes[a].label, p.nodes[b].label, c.weights[e])
            for e, (a, b) in enumerate(p.graph.get_edgelist())
        ),
        key=lambda x: (-x[2], x[0], x[1]),
    )[:top]
    definition = (
        "one node per country; an edge when a tie links a city or region of one country to one of another, "
        "weighted by the number of such place pairs; domestic ties give no edge; places without a country "
        "and their ties are left out and counted"
    )
    summary = {
        "countries": len(p.ids),
        "edges": p.graph.ecount(),
        "ties_between_countries": sum(c.weights),
        "domestic_ties": c.domestic,
        "places": c.places,
        "places_without_country": c.without_country,
        "ties_without_country": c.edges_without_country,
        "top_pairs": [{"a": a, "b": b, "ties": w} for a, b, w in pairs],
        "statistics": dataclasses.asdict(stats),
        "definition": definition,
    }
    if as_json:
        _json(summary)
        return
    out.print(
        f"[bold]{len(p.ids)}[/] countries, {p.graph.ecount()} country pairs, {sum(c.weights)} ties between "
        f"countries, {c.domestic} domestic; {c.without_country} of {c.places} places have no country "
        f"({c.edges_without_country} ties left out)",
        highlight=False,
    )
    table = Table("country", "country", "ties", title="strongest pairs")
    for a, b, w in pairs:
        table.add_row(escape(a), escape(b), str(w))
    out.print(table)
    _definition(definition)


@app.command()
def geography(
    rounds: Annotated[int, typer.Option("--rounds", help="Rounds of the null model (at most 1000).")] = 10,
    seed: SeedOpt = 0,
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Distances of ties beside a degree-preserving null model, domestic share, ties by continent pair."""
    use_store(store_kind, home_dir)
    from graph.geography import geography as tie_geography

    try:
        with _store(read_only=True) as store:
            r = tie_geography(
                store, filters=_filters(kind, network, country, as_of), rounds=rounds, seed=seed
            )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json(dataclasses.asdict(r))
        return
    out.print(
        f"{r.located_ties} of {r.place_ties} ties between places have coordinates at both ends", markup=False
    )
    table = Table("km", "observed", f"null (mean of {r.rounds}, seed {r.seed})", title="distance of ties")
    for name in ("p10", "p25", "median", "p75", "p90", "mean"):
        table.add_row(name, f"{getattr(r.observed, name):,.0f}", f"{getattr(r.null, name):,.0f}")
    for (lo, hi, n), (_, _, m) in zip(r.observed.histogram, r.null.histogram, strict=True):
        table.add_row(f"{lo:,}–{hi:,}", f"{n:,.0f}", f"{m:,.1f}")
    out.print(table)
    if r.domestic_share is not None and r.null_domestic_share is not None:
        out.print(
            f"domestic share: {r.domestic_share:.1%} of {r.ties_with_countries} ties with both countries "
            f"known (null {r.null_domestic_share:.1%})",
            markup=False,
        )
    else:
        out.print("domestic share: no tie has a country at both ends", markup=False)
    if r.continent_pairs:
        t2 = Table("continents", "observed", "null", title="ties by continent pair")
        for c in r.continent_pairs:
            t2.add_row("–".join(c.continents), str(c.observed), f"{c.expected:.1f}")
        out.print(t2)
    _definition(r.definition)


@app.command()
def growth(
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Ties per year by start (or signing) date, and how many have no date."""
    use_store(store_kind, home_dir)
    from graph.growth import ties_per_year

    try:
        with _store(read_only=True) as store:
            r = ties_per_year(store, filters=_filters(kind, network, country, as_of))
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json(dataclasses.asdict(r))
        return
    out.print(f"{r.dated} dated ties, {r.undated} without a date", markup=False)
    if r.years:
        table = Table("year", "ties", "cumulative")
        for y in r.years:
            table.add_row(str(y.year), str(y.ties), str(y.cumulative))
        out.print(table)
    _definition(r.definition)


@app.command("mixing")
def attribute_mixing(
    attribute: Annotated[
        list[str] | None,
        typer.Option("--attribute", help=f"Repeatable; default all: {', '.join(ATTRIBUTES)}."),
    ] = None,
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Assortativity by degree, country, continent and population class."""
    use_store(store_kind, home_dir)
    from graph.mixing import mixing

    try:
        with _store(read_only=True) as store:
            result = mixing(
                store,
                filters=_filters(kind, network, country, as_of),
                attributes=tuple(attribute) if attribute else ATTRIBUTES,
            )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json([dataclasses.asdict(m) for m in result])
        return
    table = Table("attribute", "assortativity", "nodes with value", "without", "edges used", "categories")
    for m in result:
        r = "n/a" if m.coefficient is None else f"{m.coefficient:.4f}"
        table.add_row(
            m.attribute,
            r,
            str(m.nodes_with_value),
            str(m.nodes_without_value),
            str(m.edges_used),
            str(m.categories),
        )
    out.print(table)
    for m in result:
        _definition(f"{m.attribute}: {m.definition}")


@app.command()
def suggest(
    name: Annotated[str, typer.Argument(help="The city: an id or a name in any language.")],
    top: Annotated[int, typer.Option("--top", help="How many suggestions (at most 100).")] = 10,
    kind: KindOpt = None,
    network: NetworkOpt = None,
    country: CountryOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "en",
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Places not yet tied to a city that would make good partners, each with its reasons."""
    use_store(store_kind, home_dir)
    from graph.suggest import suggest as suggest_partners

    try:
        with _store(read_only=True) as store:
            r = suggest_partners(
                store, name, top=top, filters=_filters(kind, network, country, as_of), lang=lang
            )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json(dataclasses.asdict(r))
        return
    out.print(f"[bold]{escape(r.city.label)}[/] ({r.city.id}), {r.partners} partners", highlight=False)
    hint = suggest_hint(r, filtered=any((kind, network, country, as_of)))
    if hint:
        out.print(hint, markup=False, highlight=False)
        _definition(r.definition)
        return
    table = Table("#", "place", "score", "reasons")
    for n, s in enumerate(r.suggestions, 1):
        table.add_row(
            str(n),
            escape(f"{s.entity.label} ({s.entity.id})"),
            f"{s.score:.3f}",
            escape("; ".join(s.reasons)),
        )
    out.print(table)
    _definition(r.definition)
