"""Network rosters: member lists of city networks, and the summits those networks hold, each row with its source.

Two CSV shapes (UTF-8, comma-separated, one header line), documented in ``docs/loaders.md``:

* a **roster** (format ``roster``): one membership per row, columns ``network``, ``member``,
  ``country``, ``source_url``, ``source_title``, ``source_date`` (required columns; ``source_date`` may be
  empty when the page has no date) and ``network_label``,
  ``wikidata``, ``lat``, ``lon``, ``year``, ``field``, ``sentence`` (optional);
* a **summit list** (format ``roster-events``): one edition of a recurring meeting per row, columns
  ``event``, ``label``, ``network``, ``host``, ``country``, ``year``, ``edition``, ``source_url``,
  ``source_title``, ``source_date`` (required columns; ``source_date`` may be empty when the page has no date) and ``network_label``, ``wikidata``, ``lat``, ``lon``,
  ``sentence`` (optional).

Every row names the page it was taken from; each distinct ``source_url`` becomes one
:class:`~ontology.records.Source` (URL, title, date), and the membership or event carries it as its
evidence, so ``citykg show`` traces each fact to its page. ``network`` is an entity id: the seeds'
ids (``unesco-gnlc``, ``unesco-creative-cities-network``, ``asian-mayors-forum``) are reused, so
a roster adds members to the network the seeds describe. Members resolve like any name (QID when
given, else name + ISO country + coordinates against the load's entities and the gazetteer).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from loaders.assembly import DatasetBuilder, ReadContext
from loaders.errors import RecordInvalid
from loaders.resolution import country_code, slug
from loaders.tabular import Row, Table, number, read_table
from ontology.records import Dataset, Event, Evidence, Membership, Network, Source

__all__ = ["EVENT_COLUMNS", "ROSTER_COLUMNS", "read_roster", "read_roster_events"]

ROSTER_COLUMNS = ("network", "member", "country", "source_url", "source_title", "source_date")
EVENT_COLUMNS = (
    "event",
    "label",
    "network",
    "host",
    "country",
    "year",
    "edition",
    "source_url",
    "source_title",
    "source_date",
)
_QID = re.compile(r"^Q[1-9]\d*$")
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _name(path: Path) -> str:
    return "roster-" + slug(path.name.removesuffix(".gz").rsplit(".", 1)[0])


def _required(table: Table, row: Row, column: str) -> str:
    value = row.get(column)
    if not value:
        raise RecordInvalid(
            "empty", file=table.path, line=row.line, column=table.column(column), field=column
        )
    return value


def _checked(table: Table, row: Row, column: str, pattern: re.Pattern[str], what: str) -> str | None:
    value = row.get(column)
    if value is not None and not pattern.fullmatch(value):
        raise RecordInvalid(
            f"{value!r} is not {what}",
            file=table.path,
            line=row.line,
            column=table.column(column),
            field=column,
        )
    return value


class _Sources:
    """One :class:`Source` per distinct page URL of a file."""

    def __init__(self, name: str, path: Path) -> None:
        self.name, self.path = name, path
        self.by_url: dict[str, Source] = {}

    def evidence(self, table: Table, row: Row) -> Evidence:
        url = _required(table, row, "source_url")
        if not url.startswith(("https://", "http://")):
            raise RecordInvalid(
                f"{url!r} is not an http(s) URL",
                file=table.path,
                line=row.line,
                column=table.column("source_url"),
                field="source_url",
            )
        title = _required(table, row, "source_title")
        # Empty when the page shows no date (said so in the file's SOURCE.md).
        date = _checked(table, row, "source_date", _DATE, "a date YYYY, YYYY-MM or YYYY-MM-DD")
        source = self.by_url.get(url)
        if source is None:
            digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
            source = Source(
                id=f"src-{self.name}-{digest}",
                title=title,
                url=url,
                date=date,
                file=self.path.name,
                language="en",
            )
            self.by_url[url] = source
        return Evidence(source=source.id, sentence=row.get("sentence"))


def _network(builder: DatasetBuilder, table: Table, row: Row) -> str:
    nid = _checked(table, row, "network", _ID, "an entity id (lower-case letters, digits and '-')")
    assert nid is not None
    if nid in builder.entities:
        return nid
    label = row.get("network_label")
    known = nid in builder.ctx.resolver.entities
    if not known and not label:
        raise RecordInvalid(
            f"network {nid!r} is new: give its name in 'network_label'",
            file=table.path,
            line=row.line,
            column=table.column("network"),
            field="network_label",
        )
    builder.entity(Network(id=nid, labels={"en": [label]} if label else {}), known=known)
    return nid


def _place(builder: DatasetBuilder, table: Table, row: Row, column: str) -> str | None:
    name = _required(table, row, column)
    # Read raw: Namibia's code "NA" is a null marker to :meth:`Row.get`.
    raw = (row.cells.get("country") or "").strip()
    if not raw:
        _required(table, row, "country")
    cc = country_code(raw)
    if cc is None:
        raise RecordInvalid(
            f"{raw!r} is not a country",
            file=table.path,
            line=row.line,
            column=table.column("country"),
            field="country",
        )
    qid = _checked(table, row, "wikidata", _QID, "a Wikidata QID") if "wikidata" in table.header else None
    lat = number(row, "lat", table) if "lat" in table.header else None
    lon = number(row, "lon", table) if "lon" in table.header else None
    return builder.place(table.path, row.line, name, country=cc, lat=lat, lon=lon, qid=qid, lang="en")


def _finish(builder: DatasetBuilder, sources: _Sources) -> Dataset:
    dataset = builder.build()
    dataset.sources = list(sources.by_url.values())
    return dataset


def read_roster(path: Path, ctx: ReadContext) -> Dataset:
    """Read a network roster: one membership per row, each with its source page."""
    table = read_table(path, delimiter=",", required=ROSTER_COLUMNS)
    name = _name(path)
    builder = DatasetBuilder(name, Source(id=f"src-{name}", file=path.name), ctx)
    sources = _Sources(name, path)
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            # This row's page is the evidence of everything the row names, the network included.
            builder.evidence = sources.evidence(table, row)
            nid = _network(builder, table, row)
            year = _checked(table, row, "year", _YEAR, "a year YYYY") if "year" in table.header else None
            member = _place(builder, table, row, "member")
            if member is None:
                continue
            builder.membership(
                Membership(
                    id=f"membership-{builder.key(member)}-{nid}",
                    member=member,
                    network=nid,
                    start=year,
                    role=row.get("field") if "field" in table.header else None,
                )
            )
    return _finish(builder, sources)


def read_roster_events(path: Path, ctx: ReadContext) -> Dataset:
    """Read a summit list: one edition of a network's recurring meeting per row (host, year, ordinal)."""
    table = read_table(path, delimiter=",", required=EVENT_COLUMNS)
    name = _name(path)
    builder = DatasetBuilder(name, Source(id=f"src-{name}", file=path.name), ctx)
    sources = _Sources(name, path)
    ctx.begin(path, len(table.rows))
    for row in table.rows:
        builder.stats.rows += 1
        with ctx.row(name, path, row):
            builder.evidence = sources.evidence(table, row)
            eid = _checked(table, row, "event", _ID, "an entity id (lower-case letters, digits and '-')")
            label = _required(table, row, "label")
            year = _checked(table, row, "year", _YEAR, "a year YYYY")
            edition = _required(table, row, "edition")
            if not edition.isdigit() or int(edition) < 1:
                raise RecordInvalid(
                    f"{edition!r} is not an ordinal (1, 2, ...)",
                    file=table.path,
                    line=row.line,
                    column=table.column("edition"),
                    field="edition",
                )
            nid = _network(builder, table, row)
            host = _place(builder, table, row, "host")
            assert eid is not None
            known = eid in ctx.resolver.entities
            builder.entity(
                Event(
                    id=eid,
                    kind="Summit",
                    labels={"en": [label]},
                    host=host,
                    organisers=[nid],
                    start=year,
                    edition=int(edition),
                    recurring=True,
                ),
                known=known,
            )
    return _finish(builder, sources)
