"""Wikidata Query Service exports: twinning (P190) and membership (P463), as SPARQL JSON, CSV or TSV.

Run ``loaders/queries/twinning.rq`` or ``loaders/queries/membership.rq`` on
https://query.wikidata.org and download the result in any of the three
formats; the query kind is told from the variables.

Variables (``*`` = required):

- twinning: ``city``\\*, ``sister``\\* (entity IRIs), ``cityLabel``, ``sisterLabel``,
  ``city_population``, ``sister_population``, ``city_coordinate_location``,
  ``sister_coordinate_location`` (WKT ``Point(lon lat)``), ``city_country``,
  ``sister_country`` (P17, entity IRIs) with ``city_countryLabel``, ``sister_countryLabel``
  and ``city_country_iso2``, ``sister_country_iso2`` (P297), ``start``, ``end``
  (P580/P582 qualifiers).
- membership: ``member``\\*, ``network``\\*, ``memberLabel``, ``networkLabel``,
  ``member_population``, ``member_coordinate_location``, ``member_country``,
  ``member_countryLabel``, ``member_country_iso2``, ``start``, ``end``.

The country variables are optional (older exports, such as the bundled 2021
one, have none): a country becomes a ``Country`` entity (its QID's known id,
``slovenia`` for Q215 once the seeds are loaded, else ``wd-Q…``) and the
city's ``country`` link.

One Wikidata export gives one agreement per pair: the statements of both
sides are merged, and a date missing on the first row of a pair is taken from
a later one. Two agreements between the same pair can only come from sources
that give agreements their own ids (the partner CSV, the seeds).

A CSV export carries no label language: name the file ``<name>.<lang>.csv``
(``sisters.it.csv``) to tag them, else they are tagged ``und``. TSV and JSON
keep the language of each label.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from loaders.assembly import (
    DatasetBuilder,
    ReadContext,
    Rejected,
    agreement_id,
    gazetteer_labels,
)
from loaders.errors import ParseError, RecordInvalid
from loaders.resolution import slug
from loaders.row_checks import check_date, check_integer
from loaders.tabular import Row, RowStream, Table, number, open_text, stream_table, wkt_point
from ontology.records import Agreement, City, Country, Dataset, Membership, Network, Source

__all__ = [
    "ITEM_VARIABLES",
    "MEMBERSHIP_VARIABLES",
    "TWINNING_VARIABLES",
    "read_wikidata",
    "read_wikidata_items",
]

ITEM_VARIABLES = ("item", "itemLabel")

TWINNING_VARIABLES = ("city", "sister")
MEMBERSHIP_VARIABLES = ("member", "network")
_ENTITY = re.compile(r"^<?https?://www\.wikidata\.org/entity/(Q[1-9][0-9]*)>?$")
_TSV_LITERAL = re.compile(r'^"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<[^>]*>)?$', re.DOTALL)
_LANG_SUFFIX = re.compile(r"\.([a-z]{2,3})$")
_ALIASES = {
    "cityCoord": "city_coordinate_location",
    "sisterCoord": "sister_coordinate_location",
    "memberCoord": "member_coordinate_location",
    "cityPopulation": "city_population",
    "sisterPopulation": "sister_population",
    "memberPopulation": "member_population",
    "cityCountry": "city_country",
    "sisterCountry": "sister_country",
    "memberCountry": "member_country",
    "cityCountryLabel": "city_countryLabel",
    "sisterCountryLabel": "sister_countryLabel",
    "memberCountryLabel": "member_countryLabel",
    "cityCountryIso2": "city_country_iso2",
    "sisterCountryIso2": "sister_country_iso2",
    "memberCountryIso2": "member_country_iso2",
}


def _stem(path: Path) -> str:
    name = path.name
    for ext in (".gz", ".csv", ".tsv", ".json", ".srj"):
        name = name.removesuffix(ext)
    return name


def read_wikidata(path: Path, ctx: ReadContext) -> Dataset:
    """Read a WDQS export (JSON, CSV or TSV; ``.gz`` allowed) of a twinning or membership query."""
    table = _table(path)
    stem = _stem(path)
    found = _LANG_SUFFIX.search(stem)
    csv_lang = found.group(1) if found else "und"
    name = slug(_LANG_SUFFIX.sub("", stem)) or "wikidata"
    source = Source(
        id=f"src-{name}",
        title=f"Wikidata Query Service export {path.name}",
        file=path.name,
        publisher="Wikidata",
        licence="CC0-1.0",
        url="https://query.wikidata.org/",
    )
    builder = DatasetBuilder(name, source, ctx)
    twinning = all(v in table.header for v in TWINNING_VARIABLES)
    if not twinning and not all(v in table.header for v in MEMBERSHIP_VARIABLES):
        raise RecordInvalid(
            "neither a twinning export (needs 'city' and 'sister') nor a membership export "
            f"(needs 'member' and 'network'); the variables are {', '.join(table.header)}",
            file=path,
            line=1,
            field="city",
        )
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        builder.step()
        tags = row.langs if isinstance(row, _TaggedRow) else {}
        with ctx.row(name, path, row):
            if twinning:
                _twinning_row(builder, table, row, tags, csv_lang)
            else:
                _membership_row(builder, table, row, tags, csv_lang)
    return builder.build()


def _qid(table: Table, row: Row, column: str) -> str:
    value = row.get(column)
    found = _ENTITY.match(value or "")
    if found is None:
        raise RecordInvalid(
            f"{value!r} is not a Wikidata entity IRI",
            file=table.path,
            line=row.line,
            column=table.column(column),
            field=column,
        )
    return found.group(1)


def _place(
    builder: DatasetBuilder, table: Table, row: Row, var: str, langs: dict[str, str], lang: str
) -> str:
    qid = _qid(table, row, var)
    label = row.get(f"{var}Label")
    labels = {langs.get(f"{var}Label", lang): [label]} if label and label != qid else {}
    point = (
        wkt_point(row, f"{var}_coordinate_location", table)
        if f"{var}_coordinate_location" in row.cells
        else None
    )
    pop = (
        check_integer(row, f"{var}_population", table, whole=False)
        if f"{var}_population" in row.cells
        else None
    )
    country, iso2 = _country(builder, table, row, var, qid, langs, lang)
    resolver = builder.ctx.resolver
    eid = resolver.qid_of_entity(qid)
    have = builder.entities.get(eid) if eid else None
    if have is not None:
        # Met on an earlier row (most cities are): only a new label (or a first country) is news.
        builder.add_labels(have, labels)
        # A city the store already has (a stub without its QID here) keeps the country it has.
        if country and isinstance(have, City) and have.country is None and have.wikidata:
            have.country = country
        return qid
    found = resolver.identify(
        qid,
        names=[n for names in labels.values() for n in names],
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        country=iso2,
    )
    builder.country_hint = iso2 or next((e.country for e in found.entries), None)
    if found.new:
        city = City(
            id=found.id,
            labels=labels,
            wikidata=qid,
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            population=int(pop) if pop is not None else None,
            country=country,
            geonames=found.geonames,
        )
        builder.entity(city)
        builder.add_labels(city, gazetteer_labels(found.entries))
    elif found.id in builder.entities:
        builder.add_labels(builder.entities[found.id], labels)
    else:
        gains = resolver.qid_of.get(found.id) is None
        builder.entity(City(id=found.id, labels=labels), known=True)
        stub = builder.entities[found.id]
        if gains:
            # Known by its GeoNames id or by name and place: the entity gains the item's QID.
            stub.wikidata = qid
        if country and isinstance(stub, City):
            stub.country = country
        known = resolver.entities.get(found.id)
        if pop is not None and isinstance(stub, City) and not (known is not None and known.populated):
            # Met first in a file without populations (the bundled English names): the export's figure.
            stub.population = int(pop)
            resolver.remember(found.id, populated=True)
    resolver.remember(found.id, wikidata=qid)
    return qid


def _country(
    builder: DatasetBuilder,
    table: Table,
    row: Row,
    var: str,
    place_qid: str,
    langs: dict[str, str],
    lang: str,
) -> tuple[str | None, str | None]:
    """The id of the place's country (added as a ``Country``) and its ISO code; (None, None) when not given."""
    column = f"{var}_country"
    if not row.get(column):
        return None, None
    qid = _qid(table, row, column)
    iso2 = (row.get(f"{column}_iso2") or "").upper() or None
    if iso2 is not None and not re.fullmatch(r"[A-Z]{2}", iso2):
        raise RecordInvalid(
            f"{iso2!r} is not an ISO 3166-1 alpha-2 code",
            file=table.path,
            line=row.line,
            column=table.column(f"{column}_iso2"),
            field=f"{column}_iso2",
        )
    if qid == place_qid:
        return None, iso2  # a city-state (Singapore, Monaco) is not its own country
    cid, new = builder.ctx.resolver.qid_entity(qid)
    have = builder.entities.get(cid)
    if have is not None and not isinstance(have, Country):
        return None, iso2  # the item is already a city or network of this export: no country link
    label = row.get(f"{column}Label")
    labels = {langs.get(f"{column}Label", lang): [label]} if label and label != qid else {}
    if have is None or labels:
        builder.country_hint = iso2
        builder.entity(
            Country(id=cid, labels=labels, wikidata=qid, iso2=iso2), known=not new and have is None
        )
    return cid, iso2


def _date(row: Row, column: str, table: Table) -> str | None:
    value = row.get(column)
    return check_date(value.lstrip("+")[:10], row, column, table) if value else None


def _twinning_row(builder: DatasetBuilder, table: Table, row: Row, langs: dict[str, str], lang: str) -> None:
    a = _place(builder, table, row, "city", langs, lang)
    b = _place(builder, table, row, "sister", langs, lang)
    if a == b:
        builder.ctx.rejected.append(
            Rejected(
                builder.name,
                str(table.path),
                row.line,
                "sister",
                "a city twinned with itself (kept out, not an error)",
                dict(row.cells),
            )
        )
        return
    resolver = builder.ctx.resolver
    parties = [resolver.qid_entity(a)[0], resolver.qid_entity(b)[0]]
    # One agreement per pair in a Wikidata export: a pair's rows (both sides, several statements)
    # are merged, and dates the first row lacks are filled from later ones (DatasetBuilder.agreement).
    dated = row.get("start") or row.get("end")
    if not dated and agreement_id("TwinningAgreement", [a, b]) in builder.agreements:
        builder.stats.agreements_merged += 1  # the same pair again with no date: nothing new
        return
    builder.agreement(
        Agreement(
            id=agreement_id("TwinningAgreement", [a, b]),
            type="TwinningAgreement",
            parties=parties,
            start=_date(row, "start", table),
            end=_date(row, "end", table),
        )
    )


def _membership_row(
    builder: DatasetBuilder, table: Table, row: Row, langs: dict[str, str], lang: str
) -> None:
    member_qid = _place(builder, table, row, "member", langs, lang)
    net_qid = _qid(table, row, "network")
    net_id, new = builder.ctx.resolver.qid_entity(net_qid)
    label = row.get("networkLabel")
    builder.country_hint = None  # the member's country is not the network's
    builder.entity(
        Network(
            id=net_id, wikidata=net_qid, labels={langs.get("networkLabel", lang): [label]} if label else {}
        ),
        known=not new and net_id not in builder.entities,
    )
    member_id = builder.ctx.resolver.qid_entity(member_qid)[0]
    builder.membership(
        Membership(
            id=f"membership-{member_qid}-{net_qid}",
            member=member_id,
            network=net_id,
            start=_date(row, "start", table),
            end=_date(row, "end", table),
        )
    )


@dataclass(frozen=True, slots=True)
class _TaggedRow(Row):
    """A row of a format that keeps label languages (TSV, JSON): each cell's language tag by column."""

    langs: dict[str, str] = field(default_factory=dict)


def _tsv_row(row: Row) -> Row:
    cells, langs = {}, {}
    for key, value in row.cells.items():
        key = _ALIASES.get(key.lstrip("?"), key.lstrip("?"))
        found = _TSV_LITERAL.match(value)
        if found:
            value = found.group(1)
            if found.group(2):
                langs[key] = found.group(2).lower()
        cells[key] = value
    return _TaggedRow(row.line, cells, langs) if langs else Row(row.line, cells)


def _csv_row(row: Row) -> Row:
    return Row(row.line, {_ALIASES.get(k, k): v for k, v in row.cells.items()})


def _table(path: Path) -> Table:
    """The export as a table; CSV and TSV rows are streamed from the file (:func:`~loaders.tabular.stream_table`).

    Rows of the formats that keep label languages (TSV, JSON) carry them (:class:`_TaggedRow`).
    """
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    kind = suffixes[-1] if suffixes else ".csv"
    if kind in (".json", ".srj"):
        return _json_table(path)
    tsv = kind == ".tsv"
    table = stream_table(
        path, delimiter="\t" if tsv else ",", quoting=csv.QUOTE_NONE if tsv else csv.QUOTE_MINIMAL
    )
    table.header = [_ALIASES.get(h.lstrip("?"), h.lstrip("?")) for h in table.header]
    assert isinstance(table.rows, RowStream)
    table.rows.transform = _tsv_row if tsv else _csv_row
    return table


def _json_table(path: Path) -> Table:
    text = open_text(path)
    if not text.strip():
        raise ParseError("the file is empty (expected SPARQL JSON results)", file=path, line=1)
    try:
        data = json.loads(text)
        header = [_ALIASES.get(v, v) for v in data["head"]["vars"]]
        bindings = data["results"]["bindings"]
    except json.JSONDecodeError as exc:
        raise ParseError(f"malformed JSON: {exc.msg}", file=path, line=exc.lineno, column=exc.colno) from exc
    except (KeyError, TypeError) as exc:
        raise ParseError(
            "not SPARQL JSON results (no head.vars / results.bindings)", file=path, line=1
        ) from exc
    rows: list[Row] = []
    # JSON has no row lines: the n-th binding is reported as "line" n.
    for i, b in enumerate(bindings, start=1):
        cells = {_ALIASES.get(k, k): str(v.get("value", "")) for k, v in b.items()}
        tags = {_ALIASES.get(k, k): v["xml:lang"].lower() for k, v in b.items() if "xml:lang" in v}
        rows.append(_TaggedRow(i, cells, tags) if tags else Row(i, cells))
    return Table(path, header, rows)


def read_wikidata_items(path: Path, ctx: ReadContext) -> Dataset:
    """Read a table of Wikidata city items: ``item``\\*, ``itemLabel``\\*, ``country_iso2``, ``lat``, ``lon``.

    Each item becomes (or names) a city: its QID's known entity, else the GeoNames place its
    label and coordinates agree with, else a new ``wd-Q…``. Labels carry the language of the
    file name (``cities.en.csv``); the bundled ``wikidata-city-labels-2021.en.csv`` gives the
    English names of the Italian-labelled world export.
    """
    table = stream_table(path, delimiter=",", required=ITEM_VARIABLES)
    stem = _stem(path)
    found = _LANG_SUFFIX.search(stem)
    lang = found.group(1) if found else "und"
    name = slug(_LANG_SUFFIX.sub("", stem)) or "wikidata-items"
    source = Source(
        id=f"src-{name}",
        title=f"Wikidata city items {path.name}",
        file=path.name,
        publisher="Wikidata",
        licence="CC0-1.0",
        url="https://www.wikidata.org/",
    )
    builder = DatasetBuilder(name, source, ctx)
    resolver = ctx.resolver
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        builder.step()
        with ctx.row(name, path, row):
            qid = _qid(table, row, "item")
            label = row.get("itemLabel") or ""
            iso2 = (row.get("country_iso2") or "").upper() or None
            if iso2 is not None and not re.fullmatch(r"[A-Z]{2}", iso2):
                raise RecordInvalid(
                    f"{iso2!r} is not an ISO 3166-1 alpha-2 code",
                    file=path,
                    line=row.line,
                    column=table.column("country_iso2"),
                    field="country_iso2",
                )
            lat = number(row, "lat", table) if row.get("lat") else None
            lon = number(row, "lon", table) if row.get("lon") else None
            if (lat is None) != (lon is None) or (lat is not None and not -90 <= lat <= 90):
                raise RecordInvalid(
                    f"({row.get('lat')!r}, {row.get('lon')!r}) is not a coordinate",
                    file=path,
                    line=row.line,
                    column=table.column("lat"),
                    field="lat",
                )
            if lon is not None and not -180 <= lon <= 180:
                raise RecordInvalid(
                    f"{lon!r} is not a longitude",
                    file=path,
                    line=row.line,
                    column=table.column("lon"),
                    field="lon",
                )
            labels = {lang: [label]} if label else {}
            if qid in builder.ctx.resolver.by_qid and resolver.by_qid[qid] in builder.entities:
                builder.add_labels(builder.entities[resolver.by_qid[qid]], labels)
                continue
            found_ = resolver.identify(qid, names=[label], lat=lat, lon=lon, country=iso2)
            builder.country_hint = iso2 or next((e.country for e in found_.entries), None)
            if found_.new:
                city = City(
                    id=found_.id,
                    labels=labels,
                    wikidata=qid,
                    lat=lat,
                    lon=lon,
                    geonames=found_.geonames,
                )
                builder.entity(city)
                builder.add_labels(city, gazetteer_labels(found_.entries))
            else:
                gains = resolver.qid_of.get(found_.id) is None
                builder.entity(City(id=found_.id, labels=labels), known=True)
                if gains:
                    builder.entities[found_.id].wikidata = qid
                resolver.remember(found_.id, country=iso2)
            resolver.remember(found_.id, wikidata=qid)
    return builder.build()
