"""City-network member lists: ETMUN and URBACT tables, the Eurocities member list, the GPM signatories.

ETMUN and URBACT files are ``;``-separated with decimal commas in ``lon``,
``lat``, ``lng_GN`` and ``lat_GN``, and ``NA`` for no value. Networks get
source-independent ids from their acronym (``net-covenant-of-mayors``,
``net-civitas``, ``net-eurocities``), so two lists of one network meet.
Members that are cities or municipalities are resolved to places; others
(regions, associations, agencies) become organisations ``org-<iso2>-<slug>``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from loaders.assembly import DatasetBuilder, ReadContext, Rejected
from loaders.errors import ParseError, RecordInvalid
from loaders.resolution import country_code, slug
from loaders.tabular import Row, Table, number, open_text, read_table
from ontology.records import Dataset, Event, Membership, Network, Organisation, Source

__all__ = [
    "ETMUN_COLUMNS",
    "URBACT_COLUMNS",
    "network_id",
    "read_etmun",
    "read_eurocities",
    "read_gpm",
    "read_urbact",
]

ETMUN_COLUMNS = (
    "Full_Name",
    "Locality_Siege",
    "CountryCode",
    "Entity",
    "Year_of_Joining",
    "Network_Name",
    "EntitySimplified",
    "lon",
    "lat",
)
URBACT_COLUMNS = (
    "Code_Network",
    "NameCity",
    "Country",
    "City.Statut",
    "Network",
    "Start",
    "End",
    "geonameId",
    "lng_GN",
    "lat_GN",
)
_CITY_KINDS = {"city", "municipality", "municipal authority", "town", "local authority"}
_YEAR = re.compile(r"^(\d{4})")


def network_id(acronym: str) -> str:
    """The id of a network from its acronym or name.

    Examples
    --------
    >>> network_id("Covenant of Mayors")
    'net-covenant-of-mayors'
    """
    return f"net-{slug(acronym)}"


def _year(value: str | None) -> str | None:
    found = _YEAR.match(value or "")
    return found.group(1) if found else None


def _source(name: str, path: Path, title: str, licence: str | None = None) -> Source:
    return Source(id=f"src-{name}", title=title, file=path.name, licence=licence)


def _network(builder: DatasetBuilder, label: str, *, wikidata: str | None = None) -> str:
    nid = network_id(label)
    known = nid in builder.ctx.resolver.entities and nid not in builder.entities
    builder.entity(Network(id=nid, labels={"en": [label]}, wikidata=wikidata), known=known)
    return nid


def _member(
    builder: DatasetBuilder,
    table: Table,
    row: Row,
    name: str,
    kind: str | None,
    country: str | None,
    lat: float | None,
    lon: float | None,
    geonames: int | None = None,
) -> str | None:
    if kind is None or kind.casefold() in _CITY_KINDS:
        return builder.place(table.path, row.line, name, country=country, lat=lat, lon=lon, geonames=geonames)
    oid = f"org-{(country or 'xx').lower()}-{slug(name)}"
    known = oid in builder.ctx.resolver.entities and oid not in builder.entities
    builder.entity(Organisation(id=oid, labels={"und": [name]}, lat=lat, lon=lon), known=known)
    return oid


def read_etmun(path: Path, ctx: ReadContext) -> Dataset:
    """Read the ETMUN membership table (``etmun_memberships_geocoded.csv``)."""
    table = read_table(path, delimiter=";", required=ETMUN_COLUMNS)
    name = "etmun"
    builder = DatasetBuilder(
        name, _source(name, path, "ETMUN memberships (Gourdon, city networks 2015-2019)"), ctx
    )
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            full = row.get("Full_Name") or row.get("Locality_Siege")
            net = row.get("Network_Name")
            if not net:
                raise RecordInvalid(
                    "empty",
                    file=path,
                    line=row.line,
                    column=table.column("Network_Name"),
                    field="Network_Name",
                )
            if not full:
                # The source lists a member without any name: kept out and listed, not an error.
                ctx.rejected.append(
                    Rejected(name, str(path), row.line, "Full_Name", "member has no name", dict(row.cells))
                )
                continue
            lat = number(row, "lat", table, decimal_comma=True)
            lon = number(row, "lon", table, decimal_comma=True)
            cc = country_code(row.get("CountryCode"))
            member = _member(builder, table, row, full, row.get("EntitySimplified"), cc, lat, lon)
            if member is None:
                continue
            nid = _network(builder, net)
            builder.membership(
                Membership(
                    id=f"membership-{builder.key(member)}-{nid}",
                    member=member,
                    network=nid,
                    start=_year(row.get("Year_of_Joining")),
                    role=row.get("Statut"),
                )
            )
    return builder.build()


def read_urbact(path: Path, ctx: ReadContext) -> Dataset:
    """Read the URBACT membership table (``urbact_memberships.csv``): cities in URBACT networks."""
    table = read_table(path, delimiter=";", required=URBACT_COLUMNS)
    name = "urbact"
    builder = DatasetBuilder(name, _source(name, path, "URBACT network memberships (Gourdon)"), ctx)
    urbact = _network(builder, "URBACT")
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            city, net = row.get("NameCity"), row.get("Network")
            if not city or not net:
                missing = "NameCity" if not city else "Network"
                raise RecordInvalid(
                    "empty", file=path, line=row.line, column=table.column(missing), field=missing
                )
            gn = row.get("geonameId")
            member = builder.place(
                path,
                row.line,
                city,
                country=country_code(row.get("Country")),
                lat=number(row, "lat_GN", table, decimal_comma=True),
                lon=number(row, "lng_GN", table, decimal_comma=True),
                geonames=int(gn) if gn and gn.isdigit() else None,
            )
            if member is None:
                continue
            nid = network_id(f"urbact {net}")
            if nid not in builder.entities:
                builder.entity(Network(id=nid, labels={"en": [f"URBACT {net}"]}, part_of=urbact))
            builder.membership(
                Membership(
                    id=f"membership-{builder.key(member)}-{nid}",
                    member=member,
                    network=nid,
                    start=_year(row.get("Start")),
                    end=_year(row.get("End")),
                    role=row.get("City.Statut"),
                )
            )
    return builder.build()


def _json(path: Path) -> object:
    text = open_text(path)
    if not text.strip():
        raise ParseError("the file is empty", file=path, line=1)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"malformed JSON: {exc.msg}", file=path, line=exc.lineno, column=exc.colno) from exc


def read_eurocities(path: Path, ctx: ReadContext) -> Dataset:
    """Read the Eurocities member list matched to Wikidata (``{"members": [...], "not_found": [...]}``)."""
    data = _json(path)
    if not isinstance(data, dict) or not isinstance(data.get("members"), list):
        raise RecordInvalid("expected an object with a 'members' list", file=path, line=1, field="members")
    name = "eurocities"
    builder = DatasetBuilder(name, _source(name, path, "Eurocities members (Wikidata-matched)"), ctx)
    nid = _network(builder, "Eurocities")
    table = Table(path, ["name_on_website", "wikidata_id"], [])
    ctx.begin(path, len(data["members"]))
    for i, item in enumerate(data["members"], start=1):
        builder.stats.rows += 1
        row = Row(
            i, {k: "" if v is None else str(v) for k, v in item.items()} if isinstance(item, dict) else {}
        )
        with ctx.row(name, path, row):
            qid = row.get("wikidata_id")
            label = row.get("name_on_website") or row.get("wikidata_name") or ""
            if not qid or not re.fullmatch(r"Q[1-9]\d*", qid):
                raise RecordInvalid(
                    f"{qid!r} is not a QID", file=path, line=i, field=f"members[{i - 1}].wikidata_id"
                )
            lat, lon = row.get("latitude"), row.get("longitude")
            member = builder.place(
                path,
                i,
                label,
                country=None,
                qid=qid,
                lang="en",
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
            )
            assert member is not None
            builder.membership(
                Membership(id=f"membership-{builder.key(member)}-{nid}", member=member, network=nid)
            )
    del table
    for j, missing in enumerate(data.get("not_found") or [], start=1):
        res = ctx.resolver.resolve_name(str(missing))
        ctx.report.add(name, str(path), j, str(missing), None, res)
    return builder.build()


def read_gpm(path: Path, ctx: ReadContext) -> Dataset:
    """Read the Global Parliament of Mayors declaration signatures: one joint statement with its signatories."""
    table = read_table(path, delimiter=",", required=("city_name", "country", "wikidata_id"))
    name = "gpm-declaration-for-democracy"
    builder = DatasetBuilder(
        name, _source(name, path, "Global Declaration of Mayors for Democracy: signatures"), ctx
    )
    participants: list[str] = []
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            city = row.get("city_name") or ""
            qid = row.get("wikidata_id")
            if qid and not re.fullmatch(r"Q[1-9]\d*", qid):
                raise RecordInvalid(
                    f"{qid!r} is not a QID",
                    file=path,
                    line=row.line,
                    column=table.column("wikidata_id"),
                    field="wikidata_id",
                )
            member = builder.place(
                path, row.line, city, country=country_code(row.get("country")), qid=qid, lang="en"
            )
            if member is not None and member not in participants:
                participants.append(member)
    gpm = _network(builder, "Global Parliament of Mayors")
    builder.entity(
        Event(
            id="gpm-global-declaration-of-mayors-for-democracy",
            labels={"en": ["Global Declaration of Mayors for Democracy"]},
            organisers=[gpm],
            participants=participants,
        )
    )
    return builder.build()
