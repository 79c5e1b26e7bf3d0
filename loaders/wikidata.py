"""Wikidata Query Service exports: twinning (P190) and membership (P463), as SPARQL JSON, CSV or TSV.

Run ``loaders/queries/twinning.rq`` or ``loaders/queries/membership.rq`` on
https://query.wikidata.org and download the result in any of the three
formats; the query kind is told from the variables.

Variables (``*`` = required):

- twinning: ``city``\\*, ``sister``\\* (entity IRIs), ``cityLabel``, ``sisterLabel``,
  ``city_population``, ``sister_population``, ``city_coordinate_location``,
  ``sister_coordinate_location`` (WKT ``Point(lon lat)``), ``start``, ``end``
  (P580/P582 qualifiers).
- membership: ``member``\\*, ``network``\\*, ``memberLabel``, ``networkLabel``,
  ``member_population``, ``member_coordinate_location``, ``start``, ``end``.

A CSV export carries no label language: name the file ``<name>.<lang>.csv``
(``sisters.it.csv``) to tag them, else they are tagged ``und``. TSV and JSON
keep the language of each label.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from loaders.assembly import DatasetBuilder, ReadContext, Rejected, agreement_id
from loaders.errors import ParseError, RecordInvalid
from loaders.resolution import slug
from loaders.tabular import Row, Table, number, open_text, read_table, wkt_point
from ontology.records import Agreement, City, Dataset, Membership, Network, Source

__all__ = ["MEMBERSHIP_VARIABLES", "TWINNING_VARIABLES", "read_wikidata"]

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
}


def _stem(path: Path) -> str:
    name = path.name
    for ext in (".gz", ".csv", ".tsv", ".json", ".srj"):
        name = name.removesuffix(ext)
    return name


def read_wikidata(path: Path, ctx: ReadContext) -> Dataset:
    """Read a WDQS export (JSON, CSV or TSV; ``.gz`` allowed) of a twinning or membership query."""
    table, langs = _table(path)
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
        with ctx.row(name, path, row):
            if twinning:
                _twinning_row(builder, table, row, langs.get(row.line, {}), csv_lang)
            else:
                _membership_row(builder, table, row, langs.get(row.line, {}), csv_lang)
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
    eid, new = builder.ctx.resolver.qid_entity(qid)
    label = row.get(f"{var}Label")
    labels = {langs.get(f"{var}Label", lang): [label]} if label and label != qid else {}
    point = (
        wkt_point(row, f"{var}_coordinate_location", table)
        if f"{var}_coordinate_location" in row.cells
        else None
    )
    pop = number(row, f"{var}_population", table) if f"{var}_population" in row.cells else None
    have = builder.entities.get(eid)
    if have is not None:
        # Met on an earlier row (most cities are): only a new label is news.
        for lang_, names in labels.items():
            mine = have.labels.setdefault(lang_, [])
            mine.extend(n for n in names if n not in mine)
        return qid
    city = City(
        id=eid,
        labels=labels,
        wikidata=qid,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        population=int(pop) if pop is not None else None,
    )
    builder.entity(city, known=not new and eid not in builder.entities)
    return qid


def _date(row: Row, column: str) -> str | None:
    value = row.get(column)
    return value[:10].lstrip("+") if value else None


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
    dated = row.get("start") or row.get("end")
    if not dated and agreement_id("TwinningAgreement", [a, b]) in builder.agreements:
        builder.stats.agreements_merged += 1  # the same pair again (from the other side): nothing new
        return
    builder.agreement(
        Agreement(
            id=agreement_id("TwinningAgreement", [a, b]),
            type="TwinningAgreement",
            parties=parties,
            start=_date(row, "start"),
            end=_date(row, "end"),
        )
    )


def _membership_row(
    builder: DatasetBuilder, table: Table, row: Row, langs: dict[str, str], lang: str
) -> None:
    member_qid = _place(builder, table, row, "member", langs, lang)
    net_qid = _qid(table, row, "network")
    net_id, new = builder.ctx.resolver.qid_entity(net_qid)
    label = row.get("networkLabel")
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
            start=_date(row, "start"),
            end=_date(row, "end"),
        )
    )


def _table(path: Path) -> tuple[Table, dict[int, dict[str, str]]]:
    """The export as a table, and the language of each label cell (by line) where the format keeps it."""
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    kind = suffixes[-1] if suffixes else ".csv"
    if kind in (".json", ".srj"):
        return _json_table(path)
    if kind == ".tsv":
        table = read_table(path, delimiter="\t", quoting=csv.QUOTE_NONE)
        table.header = [h.lstrip("?") for h in table.header]
        langs: dict[int, dict[str, str]] = {}
        rows = []
        for row in table.rows:
            cells = {}
            for key, value in row.cells.items():
                key = key.lstrip("?")
                found = _TSV_LITERAL.match(value)
                if found:
                    value = found.group(1)
                    if found.group(2):
                        langs.setdefault(row.line, {})[key] = found.group(2).lower()
                cells[_ALIASES.get(key, key)] = value
            rows.append(Row(row.line, cells))
        table.header = [_ALIASES.get(h, h) for h in table.header]
        table.rows = rows
        return table, langs
    table = read_table(path, delimiter=",")
    table.header = [_ALIASES.get(h, h) for h in table.header]
    table.rows = [Row(r.line, {_ALIASES.get(k, k): v for k, v in r.cells.items()}) for r in table.rows]
    return table, {}


def _json_table(path: Path) -> tuple[Table, dict[int, dict[str, str]]]:
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
    rows, langs = [], {}
    # JSON has no row lines: the n-th binding is reported as "line" n.
    for i, b in enumerate(bindings, start=1):
        cells = {_ALIASES.get(k, k): str(v.get("value", "")) for k, v in b.items()}
        tags = {_ALIASES.get(k, k): v["xml:lang"].lower() for k, v in b.items() if "xml:lang" in v}
        if tags:
            langs[i] = tags
        rows.append(Row(i, cells))
    return Table(path, header, rows), langs
