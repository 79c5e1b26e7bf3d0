"""Curation on the command line: ``citykg duplicates``, ``citykg merge``, ``citykg unmerge``, ``citykg distinct``."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from graph.curation import CurationStore, distinct, duplicates, merge, unmerge
from graph.errors import GraphError, InvalidArgument
from service.cli import HomeOption, StoreOption, _fail, _store, app, err, out, use_store
from service.hints import duplicates_hint


def _curation(store: Any) -> CurationStore:
    # Both stores implement curation; the Protocol is narrower than Store.
    return store  # type: ignore[no-any-return]


@app.command("duplicates")
def duplicates_command(
    min_population: Annotated[
        int | None,
        typer.Option(
            "--min-population", help="Only pairs where one of the two has at least N people.", min=0
        ),
    ] = None,
    radius: Annotated[
        float,
        typer.Option("--radius", help="Kilometres within which a shared name counts.", min=0.001, max=500),
    ] = 10.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of labels.")] = "en",
    decided: Annotated[
        bool, typer.Option("--decided", help="Also list pairs a curator judged two places (citykg distinct).")
    ] = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """List cities suspected to be one place twice: the same GeoNames id, or close and sharing a name."""
    use_store(store_kind, home_dir)
    left_out = 0
    try:
        with _store(read_only=True) as store:
            pairs = duplicates(
                _curation(store), radius_km=radius, min_population=min_population, lang=lang, decided=decided
            )
            if not pairs and not decided:
                left_out = len(
                    duplicates(
                        _curation(store), radius_km=radius, min_population=min_population, decided=True
                    )
                )
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps([dataclasses.asdict(p) for p in pairs], ensure_ascii=False))
        return
    hint = duplicates_hint(pairs, radius, min_population, left_out=left_out)
    if hint:
        out.print(hint, markup=False, highlight=False)
        return
    table = Table("a", "b", "km", "population", "evidence")
    for p in pairs:
        table.add_row(
            escape(f"{p.label_a} ({p.a})"),
            escape(f"{p.label_b} ({p.b})"),
            "" if p.distance_km is None else f"{p.distance_km:.1f}",
            "" if p.population is None else f"{p.population:,}",
            escape(", ".join(p.evidence) + ("; judged two places" if p.decided else "")),
        )
    out.print(table)
    err.print(f"{len(pairs)} suspected pair(s)")


@app.command("distinct")
def distinct_command(
    a: Annotated[str, typer.Argument(help="An entity id.", show_default=False)],
    b: Annotated[str, typer.Argument(help="The entity id that is another place.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help="Why they are two places (recorded).")],
    by: Annotated[
        str | None, typer.Option("--by", help="Who judged it (default: the operating-system user).")
    ] = None,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Record that A and B are two places (owl:differentFrom): citykg duplicates no longer lists them."""
    use_store(store_kind, home_dir)
    try:
        with _store() as store:
            new = distinct(_curation(store), a, b, reason=reason, by=by)
    except GraphError as exc:
        raise _fail(exc) from None
    if new:
        out.print(f"recorded: {a} and {b} are two places", highlight=False)
    else:
        out.print(f"already recorded: {a} and {b} are two places; nothing changed", highlight=False)


@app.command("merge")
def merge_command(
    keep: Annotated[str | None, typer.Argument(help="The entity id that stays.", show_default=False)] = None,
    other: Annotated[
        str | None, typer.Argument(help="The entity id joined into KEEP.", show_default=False)
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who joins them (default: the operating-system user).")
    ] = None,
    undo: Annotated[
        str | None, typer.Option("--undo", help="Undo the merge with this id instead (merge-..., or last).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Join OTHER into KEEP (facts, labels and identifiers move; the join is recorded), or undo a join."""
    use_store(store_kind, home_dir)
    try:
        if undo is not None:
            if keep is not None or other is not None:
                raise InvalidArgument("give either KEEP OTHER or --undo ID, not both")
        elif keep is None or other is None:
            raise InvalidArgument("give KEEP and OTHER (entity ids), or --undo ID")
        with _store() as store:
            if undo is not None:
                record = unmerge(_curation(store), undo)
            else:
                assert keep is not None
                assert other is not None
                record = merge(_curation(store), keep, other, by=by)
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps(dataclasses.asdict(record), ensure_ascii=False))
    elif undo is not None:
        out.print(f"undid {record.id}: {record.other} is again apart from {record.keep}", highlight=False)
    else:
        out.print(
            f"merged {record.other} into {record.keep} as {record.id} "
            f"({record.moved} statement(s) moved, by {escape(record.by)} at {record.at}); "
            f"undo with: citykg merge --undo {record.id}",
            highlight=False,
        )


@app.command("unmerge")
def unmerge_command(
    merge_id: Annotated[str, typer.Argument(help="The id of the merge to undo (merge-..., or last).")],
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """Undo a merge: the store holds exactly what it held before it."""
    merge_command(undo=merge_id, store_kind=store_kind, home_dir=home_dir)


@app.command("merges")
def merges_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    store_kind: StoreOption = None,
    home_dir: HomeOption = None,
) -> None:
    """List the merges that can be undone, oldest first."""
    use_store(store_kind, home_dir)
    try:
        with _store(read_only=True) as store:
            records = _curation(store).merges()
    except GraphError as exc:
        raise _fail(exc) from None
    if as_json:
        out.print_json(json.dumps([dataclasses.asdict(r) for r in records], ensure_ascii=False))
        return
    table = Table("id", "kept", "joined", "by", "at")
    for r in records:
        table.add_row(r.id, r.keep, r.other, escape(r.by), r.at)
    out.print(table)
