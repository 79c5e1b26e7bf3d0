"""Turning rows into one validated dataset: the read context, rejected rows, and the dataset builder.

A tabular reader walks its rows inside :meth:`ReadContext.row`; a row that
breaks (a bad number, a WKT point that does not parse, a record the model
refuses) raises a :class:`~loaders.errors.SourceError` naming file, line and
field. With ``on_error="fail"`` that error ends the load before anything is
written; with ``"skip"`` the row is set aside with its reason in
:attr:`ReadContext.rejected` and the load goes on.

:class:`DatasetBuilder` merges what the rows say: the same entity or fact
met twice (a twinning stated from both sides, an entity on many rows) is
kept once, its labels and evidence merged, and counted as *merged*.

A reader of big files (the Wikidata exports) calls :meth:`DatasetBuilder.step` after each row:
when the load gave the context a :attr:`ReadContext.sink`, every :data:`FLUSH_EVERY` rows the
entities and agreements built so far go to the sink as RDF and leave memory. What a later row
needs of them (an entity's class, QID and country, an agreement's parties and dates) is kept in
a compact form, and an entity or agreement met again comes back as a stub that adds only what is
new: RDF's set semantics make the repeated statements of a stub a no-op in the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import ValidationError

from loaders.errors import RecordInvalid, SourceError
from loaders.resolution import REGION_WORDS, GazetteerEntry, Resolution, ResolutionReport, Resolver, slug
from loaders.tabular import Row
from ontology.records import (
    Agreement,
    City,
    Dataset,
    Entity,
    Evidence,
    Membership,
    Region,
    Source,
    _Located,
)

if TYPE_CHECKING:
    from rdflib import Graph

    from loaders.countries import CountryAssignment

__all__ = [
    "AGREEMENT_PREFIX",
    "FLUSH_EVERY",
    "PROGRESS_EVERY",
    "DatasetBuilder",
    "OnError",
    "ReadContext",
    "Rejected",
    "SourceStats",
    "agreement_id",
    "entry_lang",
    "gazetteer_labels",
]

OnError = Literal["fail", "skip"]
PROGRESS_EVERY = 250
"""Rows between two progress reports."""
FLUSH_EVERY = 5_000
"""Rows a streaming reader reads between two writes of what it built (:meth:`DatasetBuilder.step`)."""

AGREEMENT_PREFIX = {
    "TwinningAgreement": "twinning",
    "PartnershipAgreement": "partnership",
    "MemorandumOfUnderstanding": "mou",
    "CooperationAgreement": "cooperation",
}
_QID = re.compile(r"^Q(\d+)$")


def _party_key(key: str) -> tuple[int, int, str]:
    found = _QID.match(key)
    return (0, int(found.group(1)), "") if found else (1, 0, key)


def agreement_id(kind: str, keys: list[str], signed: str | None = None) -> str:
    """A source-independent agreement id: type, parties sorted (QIDs numerically), signing date if known.

    Examples
    --------
    >>> agreement_id("TwinningAgreement", ["Q13298", "Q1010"])
    'twinning-Q1010-Q13298'
    >>> agreement_id("PartnershipAgreement", ["maribor", "Q13298"], "1998")
    'partnership-Q13298-maribor-1998'
    """
    parts = sorted(keys, key=_party_key)
    return "-".join([AGREEMENT_PREFIX[kind], *parts, *([signed] if signed else [])])


def _coord(value: float, pos: str, neg: str) -> str:
    return f"{pos if value >= 0 else neg}{abs(value):.1f}".replace(".", "-")


def entry_lang(entry: GazetteerEntry) -> str:
    """The language of a gazetteer place's main name: Slovenian for the Slovenian register, else English."""
    return "sl" if entry.origin.startswith("gurs") else "en"


def gazetteer_labels(entries: tuple[GazetteerEntry, ...]) -> dict[str, list[str]]:
    """Names the gazetteers give a place, by language: English (GeoNames), Persian (the Iranian
    gazetteer), Slovenian (the Slovenian register). GeoNames' alternate names carry no language
    and are used for matching only."""
    labels: dict[str, list[str]] = {}
    for e in entries:
        if e.origin == "geonames":
            labels.setdefault("en", []).append(e.name)
        elif e.origin == "iran-gazetteer":
            labels.setdefault("fa", []).extend(e.names[:1])
        elif e.origin.startswith("gurs"):
            labels.setdefault("sl", []).append(e.name)
    return labels


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row set aside, with where it was and why."""

    dataset: str
    file: str
    line: int | None
    field: str | None
    reason: str
    row: dict[str, str]


@dataclass(slots=True)
class SourceStats:
    """What one source brought: entities, agreements and memberships added or merged, rows rejected."""

    dataset: str
    rows: int = 0
    entities: int = 0
    entities_merged: int = 0
    agreements: int = 0
    agreements_merged: int = 0
    memberships: int = 0
    memberships_merged: int = 0
    rejected: int = 0


@dataclass(slots=True)
class ReadContext:
    """What the readers of one load share: the resolver, the error policy, rejects, the resolution report."""

    resolver: Resolver = field(default_factory=Resolver)
    on_error: OnError = "fail"
    rejected: list[Rejected] = field(default_factory=list)
    report: ResolutionReport = field(default_factory=ResolutionReport)
    stats: list[SourceStats] = field(default_factory=list)
    joins: list[Any] = field(default_factory=list)
    """The shipped joins a load applied (:class:`graph.curation.MergeRecord`)."""
    countries: CountryAssignment | None = None
    """The country links the load added (:func:`loaders.countries.assign_countries`)."""
    distinct: int = 0
    """How many shipped pairs judged two places a load recorded (``loaders/data/distinct.csv``)."""
    progress: Callable[[Path, int, int], None] | None = None
    """Called as ``progress(path, rows_done, rows_total)`` while a reader walks its rows (every
    :data:`PROGRESS_EVERY` rows and at the end)."""
    sink: Callable[[str, Graph], None] | None = None
    """Where a streaming reader's batches go, as ``sink(dataset, graph)`` (the load's writer); None keeps
    every record in memory until the dataset is built."""
    _done: int = field(default=0, init=False, repr=False)
    _total: int = field(default=0, init=False, repr=False)

    def begin(self, path: Path, total: int) -> None:
        """A reader starts on ``total`` rows of ``path`` (for progress reports)."""
        self._done, self._total = 0, total
        if self.progress is not None:
            self.progress(path, 0, total)

    @contextmanager
    def row(self, dataset: str, path: Path, row: Row) -> Iterator[None]:
        """Run the body for one row; a bad row fails the load or is set aside, per ``on_error``."""
        self._done += 1
        if self.progress is not None and (self._done % PROGRESS_EVERY == 0 or self._done == self._total):
            self.progress(path, self._done, self._total)
        try:
            yield
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            wrapped = RecordInvalid(err["msg"], file=path, line=row.line, field=where or None)
            if self.on_error == "fail":
                raise wrapped from exc
            self._reject(dataset, wrapped, row)
        except SourceError as exc:
            if self.on_error == "fail":
                raise
            self._reject(dataset, exc, row)

    def _reject(self, dataset: str, exc: SourceError, row: Row) -> None:
        self.rejected.append(Rejected(dataset, exc.file, exc.line, exc.field, exc.reason, dict(row.cells)))

    def reject_value(self, dataset: str, exc: SourceError, cells: dict[str, str]) -> None:
        """Set aside a value that is not a row of a table (a triple of an RDF file), with its reason."""
        self.rejected.append(Rejected(dataset, exc.file, exc.line, exc.field, exc.reason, cells))


_R = TypeVar("_R")


class _Records(dict[str, _R]):
    """A builder's records by id, some of them handed to the sink already: such a one is still ``in``
    the mapping, and reading it brings back a stub (``revive``) that takes the additions of later rows."""

    def __init__(self, revive: Callable[[str], _R | None]) -> None:
        super().__init__()
        self._revive = revive
        self._gone: dict[str, Any] = {}

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._gone

    def __missing__(self, key: str) -> _R:
        stub = self._revive(key)
        if stub is None:
            raise KeyError(key)
        self[key] = stub
        return stub

    def get(self, key: str, default: _R | None = None) -> _R | None:  # type: ignore[override]
        """The record (revived when handed on already), else ``default``."""
        try:
            return self[key]
        except KeyError:
            return default

    def drop_all(self, gone: dict[str, Any]) -> None:
        """Forget the records (they are in ``gone`` now, compact, and in the store)."""
        self._gone = gone
        self.clear()


class DatasetBuilder:
    """Collects the records of one source, merging repeats, and gives a validated :class:`Dataset`."""

    def __init__(self, name: str, source: Source, ctx: ReadContext) -> None:
        self.name = name
        self.source = source
        self.ctx = ctx
        self.stats = SourceStats(name)
        self.memberships: dict[str, Membership] = {}
        self.evidence = Evidence(source=source.id)
        self.country_hint: str | None = None
        self._new: set[str] = set()
        # Records already handed to the sink, in compact form (see the module docstring).
        self._gone_entities: dict[str, tuple[type[Entity], str | None, str | None]] = {}
        self._gone_agreements: dict[str, tuple[Any, ...]] = {}
        self.entities: _Records[Entity] = _Records(self._revive_entity)
        self.agreements: _Records[Agreement] = _Records(self._revive_agreement)
        self._rows = 0

    def entity(self, entity: Entity, *, known: bool = False) -> str:
        """Add ``entity`` (or merge its labels into the one with its id); return its id.

        ``known`` marks an entity the store or an earlier dataset already has: only its
        labels and this source's evidence are added, not a second set of coordinates. A
        label in a language the entity already has a preferred label in (from any source)
        is added as an alternative label, so that each entity keeps one preferred label per
        language.
        """
        have = self.entities.get(entity.id)
        if have is None:
            labels = entity.labels
            if known:
                entity = type(entity)(id=entity.id)
                self.stats.entities_merged += 1
            else:
                self.stats.entities += 1
            entity.evidence = [self.evidence]
            self.entities[entity.id] = entity
            if not known:
                self._new.add(entity.id)
            lat, lon = getattr(entity, "lat", None), getattr(entity, "lon", None)
            self.ctx.resolver.remember(
                entity.id,
                wikidata=entity.wikidata,
                geonames=entity.geonames,
                country=self.country_hint,
                names=() if known else [n for names in labels.values() for n in names],
                lat=lat,
                lon=lon,
                pref=() if known else [lang for lang, names in labels.items() if names],
                type=None if known else entity.type,
                populated=getattr(entity, "population", None) is not None,
            )
            if known:
                self.add_labels(entity, labels)
            return entity.id
        self.add_labels(have, entity.labels)
        return have.id

    def add_labels(self, entity: Entity, labels: dict[str, list[str]]) -> None:
        """Add names to an entity of this dataset: preferred in a language it has none in yet, else alternative."""
        known = self.ctx.resolver.entities.get(entity.id)
        pref = known.pref if known is not None else set()
        for lang, names in labels.items():
            for name in names:
                if name in entity.labels.get(lang, ()) or name in entity.alt_labels.get(lang, ()):
                    continue
                if known is not None and lang in pref and name in known.texts and entity.id not in self._new:
                    continue  # the name is the entity's already (from the store or an earlier source)
                if entity.labels.get(lang):
                    entity.labels[lang].append(name)
                elif lang in pref:
                    entity.alt_labels.setdefault(lang, []).append(name)
                else:
                    entity.labels[lang] = [name]
                    pref.add(lang)
                if known is not None:
                    self.ctx.resolver.remember(entity.id, names=[name])

    def key(self, entity_id: str) -> str:
        """The source-independent key of an entity in fact ids: its QID when known, else its id."""
        return self.ctx.resolver.qid_of.get(entity_id, entity_id)

    def place(
        self,
        path: Path,
        line: int,
        name: str,
        *,
        country: str | None,
        lat: float | None = None,
        lon: float | None = None,
        geonames: int | None = None,
        qid: str | None = None,
        lang: str = "und",
    ) -> str | None:
        """Resolve a place to an entity id, adding the entity; None when ambiguous. Reported either way."""
        resolver = self.ctx.resolver
        labels = {lang: [name]} if name else {}
        self.country_hint = country
        if qid:
            found = resolver.identify(qid, names=[name], lat=lat, lon=lon, country=country)
            eid = found.id
            if found.new:
                self.entity(
                    City(
                        id=eid,
                        labels=labels,
                        wikidata=qid,
                        lat=lat,
                        lon=lon,
                        geonames=found.geonames,
                    )
                )
                self.add_labels(self.entities[eid], gazetteer_labels(found.entries))
            elif eid in self.entities:
                self.add_labels(self.entities[eid], labels)
            else:
                # The entity gains the item's QID when it had none (it was known by name or GeoNames id).
                gains = resolver.qid_of.get(eid) is None
                self.entity(City(id=eid, labels=labels, wikidata=qid if gains else None), known=True)
                if gains:
                    self.entities[eid].wikidata = qid
                    resolver.remember(eid, wikidata=qid)
            self.ctx.report.add(
                self.name, str(path), line, name, country, Resolution("matched", eid, found.how)
            )
            return eid
        geonames = resolver.source_geonames(name, geonames, country)
        res = resolver.resolve_name(name, country=country, lat=lat, lon=lon, geonames=geonames)
        if res.status == "ambiguous":
            self.ctx.report.add(self.name, str(path), line, name, country, res)
            return None
        if res.status == "unmatched" and geonames and f"gn-{geonames}" not in resolver.entities:
            # The source names the place's GeoNames id: the id is the identity, gazetteer or not.
            eid = f"gn-{geonames}"
            self.entity(City(id=eid, labels=labels, lat=lat, lon=lon, geonames=geonames))
            self.ctx.report.add(
                self.name,
                str(path),
                line,
                name,
                country,
                Resolution("matched", eid, "geonames id, new entity"),
            )
            return eid
        if res.status == "unmatched":
            eid, why = self._local_id(name, country, lat, lon)
            if eid not in self.entities and eid not in resolver.entities:
                cls = Region if REGION_WORDS.search(name) else City
                self.entity(cls(id=eid, labels=labels, lat=lat, lon=lon))
            elif eid not in self.entities:
                self.entity(City(id=eid, labels=labels), known=True)
            else:
                self.add_labels(self.entities[eid], labels)
            self.ctx.report.add(
                self.name,
                str(path),
                line,
                name,
                country,
                Resolution("unmatched", eid, res.how + "; kept as a local entity" + why),
            )
            return eid
        assert res.id is not None
        eid = res.id
        self.ctx.report.add(self.name, str(path), line, name, country, res)
        if eid in self.entities:
            self.add_labels(self.entities[eid], labels)
        elif eid in resolver.entities:
            self.entity(City(id=eid, labels=labels), known=True)
        known = resolver.entities.get(eid)
        if eid in self.entities and geonames and known is not None and known.geonames is None:
            # Matched by name and place: the entity gains the GeoNames id the source gives.
            self.entities[eid].geonames = geonames
            resolver.remember(eid, geonames=geonames)
        if eid in self.entities:
            return eid
        entry = res.entry
        assert entry is not None
        all_labels = {entry_lang(entry): [entry.name]}
        if name and name != entry.name:
            all_labels.setdefault(lang, []).append(name)
        if entry.origin == "iran-gazetteer" and entry.names:
            all_labels.setdefault("fa", []).append(entry.names[0])
        self.country_hint = country or entry.country
        if geonames and geonames != entry.geonames and f"gn-{geonames}" not in resolver.entities:
            # The source's own GeoNames id wins over the gazetteer's; both lead here from now on.
            eid = f"gn-{geonames}"
        self.entity(
            City(
                id=eid,
                labels=all_labels,
                geonames=geonames or entry.geonames,
                lat=entry.lat,
                lon=entry.lon,
                population=entry.population or None,
            )
        )
        if entry.geonames:
            resolver.remember(eid, geonames=entry.geonames)
        return eid

    def _local_id(
        self, name: str, country: str | None, lat: float | None, lon: float | None
    ) -> tuple[str, str]:
        """The id of a place found nowhere: ``x-<iso2>-<slug>``, or, for a namesake more than
        :data:`~loaders.resolution.NAMESAKE_KM` from the place that has that id, the id with its
        rounded coordinates appended (and the reason, for the report)."""
        eid = f"x-{(country or 'xx').lower()}-{slug(name)}"
        have = self.ctx.resolver.entities.get(eid)
        far = have.far_from(lat, lon) if have is not None else None
        if far is None or lat is None or lon is None:
            return eid, ""
        placed = f"{eid}-{_coord(lat, 'n', 's')}-{_coord(lon, 'e', 'w')}"
        return placed, f"; a namesake of {eid}, {far:.0f} km away: kept apart"

    def agreement(self, agreement: Agreement) -> str:
        """Add ``agreement``; one with the same id (stated from the other side) is merged.

        Merging fills what the first statement lacks (signing, start and end dates, status)
        from the later one; a value the first statement gives is kept.
        """
        have = self.agreements.get(agreement.id)
        if have is not None:
            self.stats.agreements_merged += 1
            for name in ("signed", "start", "end", "status"):
                if getattr(have, name) is None and getattr(agreement, name) is not None:
                    setattr(have, name, getattr(agreement, name))
        else:
            agreement.evidence = [self.evidence]
            self.agreements[agreement.id] = agreement
            self.stats.agreements += 1
            self.ctx.resolver.tie(agreement.parties)
        return agreement.id

    def membership(self, membership: Membership) -> str:
        """Add ``membership``; the same member and network again is merged (earliest start kept)."""
        have = self.memberships.get(membership.id)
        if have is not None:
            self.stats.memberships_merged += 1
            if membership.start and (have.start is None or membership.start < have.start):
                have.start = membership.start
            return have.id
        membership.evidence = [self.evidence]
        self.memberships[membership.id] = membership
        self.stats.memberships += 1
        return membership.id

    def step(self) -> None:
        """One more row read: every :data:`FLUSH_EVERY` rows, hand what was built to the sink."""
        self._rows += 1
        if self._rows % FLUSH_EVERY == 0:
            self.flush()

    def flush(self) -> None:
        """Hand the entities and agreements built so far to :attr:`ReadContext.sink` and drop them.

        Memberships stay (a later statement may move a start date earlier, which an addition cannot
        express); so does everything when the context has no sink.
        """
        sink = self.ctx.sink
        if sink is None or not (self.entities or self.agreements):
            return
        from loaders.triples import new_graph  # the readers' modules import this one: no cycle at import
        from ontology.to_rdf import dataset_to_graph

        graph = dataset_to_graph(
            Dataset(
                name=self.name,
                sources=[self.source],
                entities=self._entities(),
                agreements=self._agreements(),
            ),
            new_graph(),
        )
        sink(self.name, graph)
        for eid, e in self.entities.items():
            self._gone_entities[eid] = (type(e), e.wikidata, getattr(e, "country", None))
        for aid, a in self.agreements.items():
            self._gone_agreements[aid] = (a.type, tuple(a.parties), a.signed, a.start, a.end, a.status)
        # A name of a flushed entity is in the resolver's texts: add_labels skips it as already known.
        self._new.difference_update(self.entities)
        self.entities.drop_all(self._gone_entities)
        self.agreements.drop_all(self._gone_agreements)

    # A stub brought back by a later row that added nothing is not written again.
    def _entities(self) -> list[Entity]:
        return [e for eid, e in self.entities.items() if e != self._revive_entity(eid)]

    def _agreements(self) -> list[Agreement]:
        return [a for aid, a in self.agreements.items() if a != self._revive_agreement(aid)]

    def _revive_entity(self, eid: str) -> Entity | None:
        gone = self._gone_entities.get(eid)
        if gone is None:
            return None
        cls, wikidata, country = gone
        stub = cls(id=eid)
        stub.wikidata = wikidata
        if isinstance(stub, _Located):
            stub.country = country
        stub.evidence = [self.evidence]
        return stub

    def _revive_agreement(self, aid: str) -> Agreement | None:
        gone = self._gone_agreements.get(aid)
        if gone is None:
            return None
        kind, parties, signed, start, end, status = gone
        return Agreement(
            id=aid,
            type=kind,
            parties=list(parties),
            signed=signed,
            start=start,
            end=end,
            status=status,
            evidence=[self.evidence],
        )

    def build(self) -> Dataset:
        """The dataset (also records this source's stats in the context)."""
        self.stats.rejected = sum(1 for r in self.ctx.rejected if r.dataset == self.name)
        self.ctx.stats.append(self.stats)
        return Dataset(
            name=self.name,
            sources=[self.source],
            entities=self._entities(),
            agreements=self._agreements(),
            memberships=list(self.memberships.values()),
        )
