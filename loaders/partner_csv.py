"""The partner CSV template: one CSV, one record per row, the kind in the ``record`` column.

Columns (empty cells mean 'not given'; lists are separated by ``|``):
``record`` (city, region, country, organisation, network, agreement, membership), ``id``, ``name``,
``lang`` (of ``name``, default ``en``), ``country`` (an entity id), ``wikidata``, ``geonames``, ``lat``,
``lon``, ``population``, ``kind``, ``type`` (agreement type), ``parties``, ``signed``, ``start``, ``end``,
``status``, ``member``, ``network``, ``role``. See ``loaders/templates/partner.csv``.
An agreement without an id gets the source-independent one (:func:`loaders.assembly.agreement_id`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from loaders.assembly import DatasetBuilder, ReadContext, agreement_id
from loaders.errors import RecordInvalid
from loaders.resolution import slug
from loaders.row_checks import check_date, check_integer, check_lat, check_lon
from loaders.tabular import Row, Table, number, read_table
from ontology.records import (
    Agreement,
    City,
    Country,
    Dataset,
    Membership,
    Network,
    Organisation,
    Region,
    Source,
)

__all__ = ["COLUMNS", "read_partner_csv"]

COLUMNS = (
    "record",
    "id",
    "name",
    "lang",
    "country",
    "wikidata",
    "geonames",
    "lat",
    "lon",
    "population",
    "kind",
    "type",
    "parties",
    "signed",
    "start",
    "end",
    "status",
    "member",
    "network",
    "role",
)
_ENTITIES: dict[str, Any] = {
    "city": City,
    "region": Region,
    "country": Country,
    "organisation": Organisation,
    "network": Network,
}
_FIELDS = {
    "city": ("country", "wikidata", "geonames", "lat", "lon", "population"),
    "region": ("country", "wikidata", "geonames", "lat", "lon", "population"),
    "country": ("wikidata", "geonames", "lat", "lon", "population"),
    "organisation": ("country", "wikidata", "geonames", "lat", "lon", "kind"),
    "network": ("country", "wikidata", "lat", "lon", "kind", "status"),
    "agreement": ("type", "signed", "start", "end", "status"),
    "membership": ("member", "network", "start", "end", "status", "role"),
}


def read_partner_csv(path: Path, ctx: ReadContext) -> Dataset:
    """Read a partner CSV (the template in ``loaders/templates/partner.csv``)."""
    table = read_table(path, delimiter=",", required=("record", "id"))
    unknown = [c for c in table.header if c not in COLUMNS]
    if unknown:
        raise RecordInvalid(
            f"unknown column {unknown[0]!r}; the template's columns are {', '.join(COLUMNS)}",
            file=path,
            line=1,
            column=table.column(unknown[0]),
            field=unknown[0],
        )
    name = slug(path.stem) or "partner"
    builder = DatasetBuilder(
        name, Source(id=f"src-{name}", title=f"Partner data {path.name}", file=path.name), ctx
    )
    ctx.begin(path, len(table.rows))
    # Identifiers first: a row whose Wikidata id is known already lands on that entity, and
    # the file's own id for it is read as an alias in the rows that follow.
    aliases: dict[str, str] = {}
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            _check_values(table, row)
            _row(builder, path, row, aliases)
    return builder.build()


def _check_values(table: Table, row: Row) -> None:
    """Dates, coordinates and numbers are checked where they enter, whatever the row turns into.

    A row whose Wikidata id names an entity the store has already keeps only its labels, so a bad
    value there would otherwise pass unseen; a bad one names its line and column.
    """
    for column in ("signed", "start", "end"):
        if column in table.header:
            check_date(row.get(column), row, column, table)
    if "lat" in table.header:
        check_lat(number(row, "lat", table), row, "lat", table)
    if "lon" in table.header:
        check_lon(number(row, "lon", table), row, "lon", table)
    for column in ("population", "geonames"):
        if column in table.header:
            check_integer(row, column, table)


def _row(builder: DatasetBuilder, path: Path, row: Row, aliases: dict[str, str]) -> None:
    kind = (row.get("record") or "").casefold()
    values = {f: row.get(f) for f in _FIELDS.get(kind, ()) if row.get(f) is not None}
    for ref in ("country", "member", "network"):
        value = values.get(ref)
        if value is not None and value in aliases:
            values[ref] = aliases[value]
    try:
        if kind in _ENTITIES:
            rid = row.get("id")
            label = row.get("name")
            labels = {row.get("lang") or "en": [label]} if label else {}
            qid = values.get("wikidata")
            known = builder.ctx.resolver.known_qid(qid) if qid else None
            if known and rid and known != rid:
                aliases[rid] = known
                builder.entity(_ENTITIES[kind](id=known, labels=labels), known=True)
            else:
                builder.entity(_ENTITIES[kind](id=rid, labels=labels, **values), known=bool(known))
        elif kind == "agreement":
            parties = [
                aliases.get(p.strip(), p.strip()) for p in (row.get("parties") or "").split("|") if p.strip()
            ]
            fact_id = row.get("id") or agreement_id(
                values.get("type") or "TwinningAgreement",
                [builder.key(p) for p in parties],
                values.get("signed"),
            )
            builder.agreement(Agreement.model_validate({"id": fact_id, "parties": parties, **values}))
        elif kind == "membership":
            fact_id = (
                row.get("id")
                or f"membership-{builder.key(values.get('member') or '')}-{values.get('network')}"
            )
            builder.membership(Membership.model_validate({"id": fact_id, **values}))
        else:
            raise RecordInvalid(
                f"record {kind!r} is not one of {', '.join([*_ENTITIES, 'agreement', 'membership'])}",
                file=path,
                line=row.line,
                field="record",
            )
    except ValidationError as exc:
        err = exc.errors()[0]
        fld = str(err["loc"][0]) if err["loc"] else None
        raise RecordInvalid(err["msg"], file=path, line=row.line, field=fld) from exc
