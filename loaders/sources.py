"""The readers by format, the detection of a file's format, and the data shipped with citykg.

Every reader turns one file into a named dataset (an RDF graph in the citykg
ontology). :func:`read_sources` reads all the files of a load first, so that a
bad file anywhere means nothing is written; the caller then hands the graphs to
a store in one transaction. :func:`loaders.pipeline.load_paths` instead hands
each file's graphs, and a streaming reader's batches, to the store as they are
read, and has the store take them all back should any file fail.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

from rdflib import Graph

from loaders.assembly import ReadContext
from loaders.errors import LoaderError, UnknownFormat, UnreadableFile
from loaders.network_lists import (
    looks_like_member_list,
    read_etmun,
    read_etmun_networks,
    read_eurocities,
    read_eurocities_list,
    read_gpm,
    read_urbact,
    read_urbact_networks,
)
from loaders.news import news_reader
from loaders.partner_csv import read_partner_csv
from loaders.rdf_source import RDF_FORMATS, read_rdf
from loaders.records_yaml import read_dataset
from loaders.rosters import read_roster, read_roster_events
from loaders.tabular import open_text
from loaders.triples import new_graph
from loaders.wikidata import read_wikidata, read_wikidata_items
from loaders.wikipedia_twins import read_wikipedia_twins
from ontology.records import Country, Dataset
from ontology.to_rdf import dataset_to_graph

__all__ = [
    "BUNDLED_NAMES",
    "BUNDLED_NEWS",
    "BUNDLED_ROSTERS",
    "BUNDLED_TWINS",
    "BUNDLED_WORLD",
    "FORMATS",
    "LoadedSource",
    "LoaderError",
    "ReadContext",
    "bundled_paths",
    "detect_format",
    "read_source",
    "read_sources",
]

LoadedSource = tuple[str, Graph]
Reader = Callable[[Path, ReadContext], LoadedSource]


def _yaml(path: Path, ctx: ReadContext) -> LoadedSource:
    dataset = read_dataset(path)
    _remember(dataset, ctx)
    return dataset.name, dataset_to_graph(dataset, new_graph())


def _remember(dataset: Dataset, ctx: ReadContext) -> None:
    # Later datasets of the same load resolve QIDs and names to these entities.
    iso2 = {e.id: e.iso2 for e in dataset.entities if isinstance(e, Country) and e.iso2}
    for e in dataset.entities:
        names = [n for names in [*e.labels.values(), *e.alt_labels.values()] for n in names]
        ctx.resolver.remember(
            e.id,
            wikidata=e.wikidata,
            geonames=e.geonames,
            names=names,
            lat=getattr(e, "lat", None),
            lon=getattr(e, "lon", None),
            country=iso2.get(getattr(e, "country", None) or ""),
            pref=list(e.labels),
            type=e.type,
            populated=getattr(e, "population", None) is not None,
        )


def _records(read: Callable[[Path, ReadContext], Dataset]) -> Reader:
    def reader(path: Path, ctx: ReadContext) -> LoadedSource:
        dataset = read(path, ctx)
        return dataset.name, dataset_to_graph(dataset, new_graph())

    return reader


def _rdf(fmt: str) -> Reader:
    def read(path: Path, ctx: ReadContext) -> LoadedSource:
        return path.stem, read_rdf(path, fmt, ctx)

    return read


FORMATS: dict[str, Reader] = {
    "yaml": _yaml,
    "wikidata": _records(read_wikidata),
    "wikidata-items": _records(read_wikidata_items),
    "wikipedia-twins": _records(read_wikipedia_twins),
    "etmun": _records(read_etmun),
    "urbact": _records(read_urbact),
    "eurocities": _records(read_eurocities),
    "eurocities-list": _records(read_eurocities_list),
    "etmun-networks": _records(read_etmun_networks),
    "urbact-networks": _records(read_urbact_networks),
    "gpm": _records(read_gpm),
    "partner-csv": _records(read_partner_csv),
    "roster": _records(read_roster),
    "roster-events": _records(read_roster_events),
    "news": news_reader,
    **{name: _rdf(name) for name in RDF_FORMATS},
}
"""Format name → reader. Other modules register more (``FORMATS["wikidata"] = ...``)."""

_EXTENSIONS = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".ttl": "turtle",
    ".jsonld": "jsonld",
    ".json-ld": "jsonld",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
}


# Header columns that identify a tabular format, checked in order.
_SIGNATURES: list[tuple[str, frozenset[str]]] = [
    # The partner template also has 'member' and 'network' columns: it is told by 'record' first.
    ("partner-csv", frozenset({"record", "id"})),
    # A roster also has 'member' and 'network' columns (as Wikidata's membership export): told by 'source_url'.
    ("roster", frozenset({"network", "member", "source_url"})),
    ("roster-events", frozenset({"event", "host", "edition", "source_url"})),
    ("wikidata", frozenset({"city", "sister"})),
    ("wikidata", frozenset({"member", "network"})),
    ("wikidata-items", frozenset({"item", "itemLabel"})),
    ("wikipedia-twins", frozenset({"city1", "country1", "city2", "country2"})),
    ("etmun", frozenset({"Full_Name", "Network_Name", "CountryCode"})),
    ("urbact", frozenset({"Code_Network", "NameCity", "Country", "Network"})),
    ("gpm", frozenset({"city_name", "country", "wikidata_id", "mayor_name"})),
    ("etmun-networks", frozenset({"Name", "Acronym", "Code", "Country (secretariat)"})),
    ("urbact-networks", frozenset({"Name", "Code_Network", "LeadPartner", "Phase"})),
]


def _sniff(path: Path) -> str | None:
    try:
        text = open_text(path)
    except LoaderError:
        return None
    if path.name.removesuffix(".gz").endswith(".json"):
        head = text[:2000]
        if '"head"' in head and '"vars"' in head:
            return "wikidata"
        if '"members"' in head and '"wikidata_id"' in head:
            return "eurocities"
        return None
    if path.name.removesuffix(".gz").endswith(".txt"):
        return "eurocities-list" if looks_like_member_list(text) else None
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    for delimiter in (",", ";", "\t"):
        header = {h.strip().lstrip("?") for h in next(csv.reader([first], delimiter=delimiter), [])}
        for fmt, needed in _SIGNATURES:
            if needed <= header:
                return fmt
    return None


def detect_format(path: Path) -> str:
    """The format of ``path``: from its extension, and for CSV, TSV and JSON from its header.

    Examples
    --------
    >>> detect_format(Path("facts.ttl"))
    'turtle'
    """
    suffix = Path(path.name.removesuffix(".gz")).suffix.lower()
    fmt = _EXTENSIONS.get(suffix)
    if fmt is None and suffix in {".csv", ".tsv", ".json", ".srj", ".txt"}:
        fmt = _sniff(path)
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFormat(f"{path}: cannot tell the format from the extension; pass --format ({known})")
    return fmt


def read_source(path: Path, fmt: str | None = None, ctx: ReadContext | None = None) -> LoadedSource:
    """Read one file as ``fmt`` (detected when None), sharing ``ctx`` with the rest of the load."""
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise UnknownFormat(f"{path}: unknown format {fmt!r}; known: {', '.join(sorted(FORMATS))}")
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    return FORMATS[fmt](path, ctx if ctx is not None else ReadContext())


def read_sources(
    paths: Sequence[Path],
    fmt: str | None = None,
    *,
    progress: Callable[[Path], None] | None = None,
    ctx: ReadContext | None = None,
) -> list[LoadedSource]:
    """Read every path; the first bad one raises and nothing is returned.

    One ``ctx`` is shared by all paths, so a later file resolves to entities of an earlier one.
    """
    ctx = ctx if ctx is not None else ReadContext()
    out: list[LoadedSource] = []
    for path in paths:
        out.append(read_source(path, fmt, ctx))
        if progress is not None:
            progress(path)
    return out


BUNDLED_WORLD = "wikidata-sister-cities-2021.it.csv.gz"
"""Wikidata's P190 statements between cities (CC0), labels in Italian as exported."""

BUNDLED_NAMES = "wikidata-city-labels-2021.en.csv"
"""The English labels, countries and coordinates of the same extraction's cities (CC0)."""

BUNDLED_TWINS = "wikipedia-twin-cities-hekman.csv.gz"
"""Wikipedia's lists of twin towns and sister cities (CC BY-SA 4.0), scraped and geocoded; see SOURCES.md."""

BUNDLED_ROSTERS = "rosters"
"""Folder of network rosters and summit lists (``*.csv``), each with its ``*.SOURCE.md``."""

BUNDLED_NEWS = "iran-city-diplomacy.ttl"
"""Reviewed facts on Iranian cities' international ties, from news read with ``citykg news`` and accepted
with ``citykg review`` (``scripts/build_iran_facts.py``; articles and decisions in ``iran-news/``)."""


def bundled_paths(*, world: bool = True) -> list[Path]:
    """The data shipped with citykg, loaded by ``citykg load`` with no path.

    The seed knowledge base first (its ids win), then, unless ``world`` is False, the
    world's cities with their English names, the Wikidata twinning graph, Wikipedia's
    twin-town lists, the network rosters (resolved against what came before, so one
    place is one node) and the reviewed news facts on Iranian cities (RDF naming those nodes).
    """
    data = resources.files("loaders") / "data"
    paths = [Path(str(data / "seeds.yaml"))]
    if world:
        paths += [Path(str(data / name)) for name in (BUNDLED_NAMES, BUNDLED_WORLD, BUNDLED_TWINS)]
        rosters = Path(str(data / BUNDLED_ROSTERS))
        paths += sorted(rosters.glob("*.csv"))
        paths.append(Path(str(data / BUNDLED_NEWS)))
    return paths
