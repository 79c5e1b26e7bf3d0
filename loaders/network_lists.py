"""City-network member lists: ETMUN and URBACT tables, the Eurocities member list, the GPM signatories.

The networks themselves come from the ETMUN and URBACT network tables
(``etmun_networks.csv``, ``urbact_networks.csv``): one ``Network`` per row,
with the same ids as in the membership tables. The Eurocities list as copied
from the website (``eurocities_members_from_website.txt``: a city line, then
its country line) gives memberships resolved by name and country.

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
from loaders.row_checks import check_integer, check_lat, check_lon, country_cell, place_cell
from loaders.tabular import Row, Table, number, open_text, read_table
from ontology.records import Dataset, Event, Membership, Network, Organisation, Source

__all__ = [
    "ETMUN_COLUMNS",
    "ETMUN_NETWORK_COLUMNS",
    "URBACT_COLUMNS",
    "URBACT_NETWORK_COLUMNS",
    "looks_like_member_list",
    "network_id",
    "read_etmun",
    "read_etmun_networks",
    "read_eurocities",
    "read_eurocities_list",
    "read_gpm",
    "read_urbact",
    "read_urbact_networks",
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
ETMUN_NETWORK_COLUMNS = ("Name", "Acronym", "Code", "Country (secretariat)", "Aims")
URBACT_NETWORK_COLUMNS = ("Name", "Code_Network", "Description", "Start", "LeadPartner", "Phase")
# Acronyms of the ETMUN network table spelt otherwise in the membership table, whose spelling gives the id.
_ETMUN_ACRONYMS = {"EnergyCities": "Energy Cities"}
# Country lines of the Eurocities website list that country_code does not know.
_COUNTRY_SPELLINGS = {"bosnia-herzegovina": "BA"}
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
            lat = check_lat(number(row, "lat", table, decimal_comma=True), row, "lat", table)
            lon = check_lon(number(row, "lon", table, decimal_comma=True), row, "lon", table)
            cc = country_cell(row, "CountryCode", table)
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
            member = builder.place(
                path,
                row.line,
                place_cell(row, "NameCity", table) or city,
                country=country_cell(row, "Country", table),
                lat=check_lat(number(row, "lat_GN", table, decimal_comma=True), row, "lat_GN", table),
                lon=check_lon(number(row, "lng_GN", table, decimal_comma=True), row, "lng_GN", table),
                # The source writes GN00 where it found no GeoNames place: no id, not an error.
                geonames=None if row.get("geonameId") == "GN00" else check_integer(row, "geonameId", table),
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
    table = Table(path, ["name_on_website", "wikidata_id", "latitude", "longitude", "population"], [])
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
            member = builder.place(
                path,
                i,
                label,
                country=None,
                qid=qid,
                lang="en",
                lat=check_lat(number(row, "latitude", table), row, "latitude", table),
                lon=check_lon(number(row, "longitude", table), row, "longitude", table),
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
            city = place_cell(row, "city_name", table) or ""
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
                path, row.line, city, country=country_cell(row, "country", table), qid=qid, lang="en"
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


def read_etmun_networks(path: Path, ctx: ReadContext) -> Dataset:
    """Read the ETMUN network table (``etmun_networks.csv``): one network per row, named by its acronym."""
    # The table has two 'Date' columns (founding year, collection date) and an unnamed one: neither is read.
    table = read_table(path, delimiter=";", required=ETMUN_NETWORK_COLUMNS, allow_duplicate_columns=True)
    name = "etmun-networks"
    builder = DatasetBuilder(
        name, _source(name, path, "ETMUN networks (Gourdon, UIA Yearbook 2014-2015)"), ctx
    )
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            full, acronym = row.get("Name"), row.get("Acronym")
            if not acronym:
                raise RecordInvalid(
                    "empty", file=path, line=row.line, column=table.column("Acronym"), field="Acronym"
                )
            # "AMPHICTYONY / (refounded as EGTC in 2008)": the acronym is what comes before the note.
            acronym = acronym.split(" /")[0].strip()
            acronym = _ETMUN_ACRONYMS.get(acronym, acronym)
            labels = [full, acronym] if full and full != acronym else [acronym]
            aims = row.get("Aims")
            nid = network_id(acronym)
            known = nid in ctx.resolver.entities and nid not in builder.entities
            builder.entity(
                Network(id=nid, labels={"en": labels}, descriptions={"en": aims} if aims else {}), known=known
            )
    return builder.build()


def read_urbact_networks(path: Path, ctx: ReadContext) -> Dataset:
    """Read the URBACT network table (``urbact_networks.csv``): one URBACT network per row, part of URBACT."""
    table = read_table(path, delimiter=";", required=URBACT_NETWORK_COLUMNS)
    name = "urbact-networks"
    builder = DatasetBuilder(name, _source(name, path, "URBACT networks (Gourdon)"), ctx)
    urbact = _network(builder, "URBACT")
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            net = row.get("Name")
            if not net:
                raise RecordInvalid(
                    "empty", file=path, line=row.line, column=table.column("Name"), field="Name"
                )
            nid = network_id(f"urbact {net}")
            description = row.get("Description")
            known = nid in ctx.resolver.entities and nid not in builder.entities
            builder.entity(
                Network(
                    id=nid,
                    labels={"en": [f"URBACT {net}"]},
                    descriptions={"en": description} if description else {},
                    founded=_year(row.get("Start")),
                    part_of=urbact,
                ),
                known=known,
            )
    return builder.build()


def _list_pairs(text: str) -> list[tuple[int, str, int, str]]:
    """(line, name, line, country) of a name-line/country-line list; ``#`` lines are comments."""
    lines = [(i, t.strip()) for i, t in enumerate(text.lstrip("\ufeff").splitlines(), start=1)]
    body = [(i, t) for i, t in lines if t and not t.startswith("#")]
    pairs = []
    for k in range(0, len(body), 2):
        line, name = body[k]
        after = body[k + 1] if k + 1 < len(body) else (line + 1, "")
        pairs.append((line, name, *after))
    return pairs


def _list_country(text: str) -> str | None:
    return _COUNTRY_SPELLINGS.get(text.casefold()) or country_code(text)


def looks_like_member_list(text: str) -> bool:
    """Whether ``text`` is a member list of alternating name and country lines (most countries known)."""
    pairs = _list_pairs(text[:20000])
    if len(pairs) < 2:
        return False
    known = sum(1 for *_, country in pairs if _list_country(country))
    return known >= 0.8 * len(pairs)


def read_eurocities_list(path: Path, ctx: ReadContext) -> Dataset:
    """Read the Eurocities member list as copied from the website: a city line, then its country line."""
    text = open_text(path)
    if not text.strip():
        raise ParseError("the file is empty (expected a city line, then its country line)", file=path, line=1)
    pairs = _list_pairs(text)
    name = "eurocities-website"
    builder = DatasetBuilder(name, _source(name, path, "Eurocities members as listed on eurocities.eu"), ctx)
    nid = _network(builder, "Eurocities")
    ctx.begin(path, len(pairs))
    for line, city, country_line, country in pairs:
        builder.stats.rows += 1
        row = Row(line, {"name": city, "country": country})
        with ctx.row(name, path, row):
            if not country:
                raise RecordInvalid(
                    f"{city!r} has no country line after it",
                    file=path,
                    line=country_line,
                    column=1,
                    field="country",
                )
            cc = _list_country(country)
            if cc is None:
                raise RecordInvalid(
                    f"{country!r} is not a country", file=path, line=country_line, column=1, field="country"
                )
            member = builder.place(path, line, city, country=cc, lang="en")
            if member is None:
                continue
            builder.membership(
                Membership(id=f"membership-{builder.key(member)}-{nid}", member=member, network=nid)
            )
    return builder.build()
