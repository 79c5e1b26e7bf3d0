"""The ``map`` command: an entity's ties on a world map, as offline HTML, PNG or SVG."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph.errors import GraphError, InvalidArgument
from service.cli import HomeOption, StoreOption, _fail, _store, app, out, use_store
from service.cli_graph import AsOfOpt, CountryOpt, JsonOpt, KindOpt, LangOpt, NetworkOpt, _filters, _json

_SUFFIXES = {".html", ".png", ".svg"}


def _write_atomically(output: Path, write: Callable[[Path], None]) -> None:
    """Render into a temporary file beside ``output`` and move it in place: never a half-written picture."""
    fd, tmp = tempfile.mkstemp(prefix=".citykg-map-", suffix=output.suffix, dir=output.parent or Path("."))
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@app.command(name="map")
def map_command(
    entity: Annotated[str, typer.Argument(help="The centre: an id or a name in any language.")],
    depth: Annotated[int, typer.Option("--depth", "-d", help="Hops from the centre (at most 4).")] = 1,
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", help="Leave out the farthest past this many.")
    ] = 2000,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the map: .html (interactive, offline), .png or .svg."),
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
    """An entity's ties on a world map: places at their coordinates, arcs by kind, networks and events aside."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from graph.ego import ego_network  # the map's modules: imported by `citykg map` alone
    from graph.geomap import TIE_STYLES, filters_text, geo_map, map_sources, render_map

    use_store(store_kind, home_dir)
    filters = _filters(kind, network, country, as_of)
    try:
        if output is not None:
            if output.suffix.lower() not in _SUFFIXES:
                raise InvalidArgument(f"{output}: the map must be .html, .png or .svg")
            if not output.parent.is_dir():
                raise InvalidArgument(f"{output}: no such folder {output.parent}")
        steps = 3 if output is not None else 2
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=out,
            transient=True,
            disable=as_json or not out.is_terminal,
        ) as bar:
            task = bar.add_task("ego network", total=steps)
            with _store(read_only=True) as store:
                sub = ego_network(store, entity, depth=depth, max_nodes=max_nodes, filters=filters, lang=lang)
                geo = geo_map(sub)
                bar.update(task, advance=1, description="sources")
                sources = map_sources(store, geo, lang=lang)
                bar.update(task, advance=1, description="drawing")
            centre = next((n.label for n in sub.nodes if n.id == sub.center), entity)
            title = f"{centre}: map of ties"
            subtitle = filters_text(
                filters, depth=depth, lang=lang, entity_labels={n.id: n.label for n in sub.nodes}
            )
            if output is not None:
                _write_atomically(
                    output,
                    lambda path: render_map(
                        geo, path, title=title, subtitle=subtitle, sources=sources, lang=lang
                    ),
                )
                bar.update(task, advance=1)
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        _json(
            {
                "center": geo.center,
                "title": title,
                "subtitle": subtitle,
                "places": [dataclasses.asdict(p) for p in geo.places],
                "arcs": [
                    {
                        "source": geo.places[a].id,
                        "target": geo.places[b].id,
                        "style": s,
                        **dataclasses.asdict(t),
                    }
                    for a, b, s, t in geo.arcs
                ],
                "hubs": [
                    dataclasses.asdict(h) | {"places": [geo.places[i].id for i in h.places]} for h in geo.hubs
                ],
                "unplaced": geo.unplaced,
                "sources": [dataclasses.asdict(s) for s in sources],
                "output": str(output) if output is not None else None,
            }
        )
        return
    out.print(
        f"[bold]{escape(title)}[/] ({escape(subtitle)}): {len(geo.places)} places, {len(geo.arcs)} arcs, "
        f"{len(geo.hubs)} hubs, {geo.unplaced} ties without a place",
        highlight=False,
    )
    table = Table("tie kind", "arcs", "hubs listed aside")
    for key, style in TIE_STYLES.items():
        arcs = sum(1 for _, _, s, _ in geo.arcs if s == key)
        hubs = sum(1 for h in geo.hubs if key in h.styles)
        if arcs or hubs:
            table.add_row(style.name, str(arcs), str(hubs))
    out.print(table)
    if output is not None:
        out.print(f"wrote {escape(str(output))}", highlight=False)
