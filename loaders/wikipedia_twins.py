"""Wikipedia's twin-town lists, as scraped into ``city1,country1,city2,country2`` (optionally with coordinates).

Names only, no identifiers: every name goes through the resolver (known
entities, then the gazetteer by name, country and coordinates). A name no
place can have, a country that is not one, or coordinates off the globe make
the row bad (see :mod:`loaders.row_checks`). A pair listed
on both countries' pages is one agreement; a row whose city is ambiguous is
left out and listed in the resolution report.
"""

from __future__ import annotations

from pathlib import Path

from loaders.assembly import DatasetBuilder, ReadContext, Rejected, agreement_id
from loaders.errors import RecordInvalid
from loaders.resolution import slug
from loaders.row_checks import check_lat, check_lon, country_cell, place_cell
from loaders.tabular import Row, Table, number, read_table
from ontology.records import Agreement, Dataset, Source

__all__ = ["REQUIRED", "read_wikipedia_twins"]

REQUIRED = ("city1", "country1", "city2", "country2")


def read_wikipedia_twins(path: Path, ctx: ReadContext) -> Dataset:
    """Read a twin-town list (raw or geocoded)."""
    table = read_table(path, delimiter=",", required=REQUIRED)
    name = slug(path.name.removesuffix(".gz").rsplit(".", 1)[0])
    source = Source(
        id=f"src-{name}",
        title="Wikipedia: lists of twin towns and sister cities",
        file=path.name,
        publisher="Wikipedia",
        language="en",
        licence="CC-BY-SA-4.0",
        url="https://en.wikipedia.org/wiki/Lists_of_twin_towns_and_sister_cities",
    )
    builder = DatasetBuilder(name, source, ctx)
    coords = all(c in table.header for c in ("lat1", "lng1", "lat2", "lng2"))
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            a = _side(builder, table, row, "1", coords)
            b = _side(builder, table, row, "2", coords)
            if a is None or b is None:
                continue
            if a == b:
                ctx.rejected.append(
                    Rejected(
                        name,
                        str(path),
                        row.line,
                        "city2",
                        "both sides resolve to one place (kept out, not an error)",
                        dict(row.cells),
                    )
                )
                continue
            builder.agreement(
                Agreement(
                    id=agreement_id("TwinningAgreement", [builder.key(a), builder.key(b)]),
                    type="TwinningAgreement",
                    parties=[a, b],
                )
            )
    return builder.build()


def _side(builder: DatasetBuilder, table: Table, row: Row, n: str, coords: bool) -> str | None:
    city = place_cell(row, f"city{n}", table)
    if not city:
        raise RecordInvalid(
            "no city name", file=table.path, line=row.line, column=table.column(f"city{n}"), field=f"city{n}"
        )
    country = country_cell(row, f"country{n}", table)
    lat = check_lat(number(row, f"lat{n}", table), row, f"lat{n}", table) if coords else None
    lon = check_lon(number(row, f"lng{n}", table), row, f"lng{n}", table) if coords else None
    return builder.place(table.path, row.line, city, country=country, lat=lat, lon=lon, lang="en")
