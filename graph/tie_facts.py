"""What a drawn tie stands for: the fact behind it, its parties, dates, status and sources.

Pictures and the fact inspector show, for each line, what the tie is, since when and
according to whom. :func:`tie_details` reads that from the store through
:meth:`graph.store.Store.entity`, once per entity at the end of a tie, so it works on
every store. A structural tie (``LocatedIn``, ``Governs``, ``PartOf``), whose fact is
its subject entity, is described by that entity and the entity's own sources.

:func:`caption` names a picture: its subject and the filters that shaped it, in
English or Persian.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.errors import NotFound
from graph.projection import Filters
from graph.store import EntityDetail, EntityRef, SourceView, Store, Tie

__all__ = [
    "FactDetail",
    "caption",
    "fact_detail",
    "kind_name",
    "sources_of",
    "tie_details",
    "tie_sentence",
    "words",
]

_WORDS = {
    "en": {
        "ego": "ego network",
        "depth": "depth",
        "kinds": "tie kinds",
        "networks": "networks",
        "countries": "countries",
        "as_of": "as of",
        "sources": "Sources",
        "exported": "Exported",
        "legend": "Tie kinds",
        "types": "Entity types",
        "ended": "ended tie (faint)",
        "none": "no sources recorded",
        "more": "more",
        "type": "type",
        "parties": "parties",
        "signed": "signed",
        "start": "start",
        "end": "end",
        "status": "status",
        "close": "close",
        "ties_here": "ties between these two",
        "unknown": "unknown",
    },
    "fa": {
        "ego": "شبکهٔ پیرامون",
        "depth": "عمق",
        "kinds": "گونهٔ پیوندها",
        "networks": "شبکه‌ها",
        "countries": "کشورها",
        "as_of": "در تاریخ",
        "sources": "منابع",
        "exported": "تاریخ تهیه",
        "legend": "گونهٔ پیوندها",
        "types": "گونهٔ موجودیت‌ها",
        "ended": "پیوند پایان‌یافته، کم‌رنگ",
        "none": "منبعی ثبت نشده",
        "more": "بیشتر",
        "type": "گونه",
        "parties": "طرف‌ها",
        "signed": "امضا",
        "start": "آغاز",
        "end": "پایان",
        "status": "وضعیت",
        "close": "بستن",
        "ties_here": "پیوندهای میان این دو",
        "unknown": "نامعلوم",
    },
}


_KINDS_FA = {
    "TwinningAgreement": "پیمان خواهرخواندگی",
    "PartnershipAgreement": "پیمان مشارکت",
    "MemorandumOfUnderstanding": "تفاهم‌نامه",
    "CooperationAgreement": "پیمان همکاری",
    "Membership": "عضویت",
    "EventHost": "میزبانی رویداد",
    "EventParticipant": "شرکت در رویداد",
    "EventOrganiser": "برگزارکنندهٔ رویداد",
    "Post": "سمت",
    "ProgrammeRunBy": "مجری برنامه",
    "ProgrammePartner": "شریک برنامه",
    "LocatedIn": "واقع در",
    "Governs": "اداره می‌کند",
    "PartOf": "بخشی از",
}


def kind_name(kind: str, lang: str) -> str:
    """A tie kind as a legend names it: the ontology's name, in Persian for ``fa`` (the name kept beside it).

    Examples
    --------
    >>> kind_name("Membership", "en"), kind_name("Membership", "fa")
    ('Membership', 'عضویت (Membership)')
    """
    if lang.split("-")[0].lower() == "fa" and kind in _KINDS_FA:
        return f"{_KINDS_FA[kind]} ({kind})"
    return kind


def words(lang: str) -> dict[str, str]:
    """The words a picture is framed with, in ``lang`` when known (English and Persian), else English.

    Examples
    --------
    >>> words("fa-IR")["sources"], words("de")["sources"]
    ('منابع', 'Sources')
    """
    return _WORDS.get(lang.split("-")[0].lower(), _WORDS["en"])


@dataclass(frozen=True, slots=True)
class FactDetail:
    """The fact behind one or more drawn ties, as the inspector and picture footers show it.

    ``parties`` maps each role (``party``, ``member``, ``network``, ``host``...) to the
    entities that fill it; ``dates`` holds ``signed``, ``start`` and ``end`` where known.
    """

    id: str
    kind: str
    type: str
    label: str | None
    parties: dict[str, list[EntityRef]]
    dates: dict[str, str]
    status: str | None
    sources: list[SourceView] = field(default_factory=list)


def _from_entity(tie: Tie, detail: EntityDetail, other: EntityDetail | None) -> FactDetail | None:
    """The fact ``tie.fact`` as seen from ``detail`` (one of its parties), or None when it is not there."""
    for fact in detail.facts:
        if fact.id != tie.fact:
            continue
        parties: dict[str, list[EntityRef]] = {fact.role: [EntityRef(detail.id, detail.label, detail.type)]}
        for role, refs in fact.others.items():
            parties.setdefault(role, []).extend(refs)
        return FactDetail(
            id=fact.id,
            kind=tie.kind,
            type=fact.type,
            label=fact.attributes.get("label"),
            parties=parties,
            dates=dict(fact.dates),
            status=fact.attributes.get("status"),
            sources=list(fact.sources),
        )
    if tie.fact == detail.id:
        # a structural tie or an event's own tie: the entity is the fact
        parties = {"subject": [EntityRef(detail.id, detail.label, detail.type)]}
        if other is not None:
            parties["object"] = [EntityRef(other.id, other.label, other.type)]
        dates = {k: v for k, v in detail.attributes.items() if k in {"signed", "start", "end"}}
        return FactDetail(
            id=detail.id,
            kind=tie.kind,
            type=tie.kind,
            label=detail.label,
            parties=parties,
            dates=dates,
            status=detail.attributes.get("status"),
            sources=list(detail.sources),
        )
    return None


def fact_detail(
    store: Store, fact: str, entity: str, *, kind: str | None = None, lang: str = "en"
) -> FactDetail:
    """The fact ``fact`` seen from ``entity``, one of its parties (or ``fact`` itself for structural ties).

    ``kind`` is the drawn tie's kind; by default the fact's own type.

    Raises :class:`graph.errors.NotFound` when the entity does not take part in that fact.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset, Evidence, Source
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", sources=[Source(id="s1", title="Town news", publisher="Gazette")],
    ...              entities=[City(id="a"), City(id="b")],
    ...              agreements=[Agreement(id="ab", type="TwinningAgreement", parties=["a", "b"],
    ...                                    start="1990", evidence=[Evidence(source="s1",
    ...                                    sentence="A and B are twinned.", lang="en")])])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> d = fact_detail(store, "ab", "a")
    >>> d.type, d.dates["start"], [r.id for r in d.parties["party"]]
    ('TwinningAgreement', '1990', ['a', 'b'])
    >>> d.sources[0].label, d.sources[0].sentence
    ('Town news', 'A and B are twinned.')
    """
    detail = store.entity(entity, lang=lang)
    kind = kind or next((f.type for f in detail.facts if f.id == fact), "LocatedIn")
    found = _from_entity(Tie(fact, kind, entity, entity), detail, None)
    if found is None:
        raise NotFound(f"entity {entity!r} takes no part in a fact {fact!r}")
    return found


def tie_details(store: Store, ties: Iterable[Tie], *, lang: str = "en") -> dict[str, FactDetail]:
    """The fact behind each tie, by fact id, read once per entity at the ends of the ties.

    A fact the store cannot describe (an entity gone since the ties were read) is left out.

    Examples
    --------
    >>> from graph.embedded_store import EmbeddedStore
    >>> from ontology.records import Agreement, City, Dataset
    >>> from ontology.to_rdf import dataset_to_graph
    >>> store = EmbeddedStore()
    >>> ds = Dataset(name="demo", entities=[City(id="a"), City(id="b")],
    ...              agreements=[Agreement(id="ab", type="MemorandumOfUnderstanding", parties=["a", "b"],
    ...                                    status="Active")])
    >>> _ = store.load([("demo", dataset_to_graph(ds))])
    >>> d = tie_details(store, [Tie("ab", "MemorandumOfUnderstanding", "a", "b")])["ab"]
    >>> d.type, d.status, sorted(r.id for r in d.parties["party"])
    ('MemorandumOfUnderstanding', 'Active', ['a', 'b'])
    """
    cache: dict[str, EntityDetail | None] = {}

    def entity(eid: str) -> EntityDetail | None:
        if eid not in cache:
            try:
                cache[eid] = store.entity(eid, lang=lang)
            except NotFound:
                cache[eid] = None
        return cache[eid]

    out: dict[str, FactDetail] = {}
    for tie in ties:
        if tie.fact in out:
            continue
        for end, other in ((tie.source, tie.target), (tie.target, tie.source)):
            detail = entity(end)
            if detail is None:
                continue
            found = _from_entity(tie, detail, entity(other) if tie.fact == end else None)
            if found is not None:
                out[tie.fact] = found
                break
    return out


def sources_of(details: Iterable[FactDetail]) -> list[SourceView]:
    """Every distinct source of the facts, by title then id (one entry per source, first sentence kept).

    Examples
    --------
    >>> s = SourceView("s1", "Gazette", date="2001")
    >>> d = FactDetail("f", "TwinningAgreement", "TwinningAgreement", None, {}, {}, None, [s, s])
    >>> [v.id for v in sources_of([d, d])]
    ['s1']
    """
    seen: dict[str, SourceView] = {}
    for d in details:
        for s in d.sources:
            seen.setdefault(s.id, s)
    return sorted(seen.values(), key=lambda s: (s.label.casefold(), s.id))


def caption(
    subject: str, *, depth: int | None = None, filters: Filters | None = None, lang: str = "en"
) -> str:
    """A picture's title: its subject, the ego depth and every filter, in ``lang`` (English or Persian).

    Examples
    --------
    >>> caption("Qazvin", depth=2, filters=Filters(kinds=frozenset({"twinning"}), as_of="2015"))
    'Qazvin: ego network, depth 2 · tie kinds: twinning · as of 2015'
    >>> caption("Qazvin", depth=1)
    'Qazvin: ego network, depth 1'
    """
    w = words(lang)
    parts = [f"{subject}: {w['ego']}, {w['depth']} {depth}" if depth is not None else subject]
    if filters is not None:
        for key, values in (
            ("kinds", filters.kinds),
            ("networks", filters.networks),
            ("countries", filters.countries),
        ):
            if values:
                parts.append(f"{w[key]}: {', '.join(sorted(values))}")
        if filters.as_of:
            parts.append(f"{w['as_of']} {filters.as_of}")
    return " · ".join(parts)


def tie_sentence(detail: FactDetail | None, tie: Tie, *, lang: str = "en") -> str:
    """A tooltip for a tie: kind, dates and the sources by title (never by id)."""
    w = words(lang)
    dates = f"{tie.start or '?'} – {tie.end or ''}".strip() if tie.start or tie.end else ""
    head = tie.kind + (f" ({dates})" if dates else "")
    if detail is None or not detail.sources:
        return head + "\n" + (f"{len(tie.sources)} {w['sources'].lower()}" if tie.sources else w["none"])
    names = []
    for s in sources_of([detail]):
        extra = ", ".join(x for x in (s.publisher, s.date) if x)
        names.append(s.label + (f" ({extra})" if extra else ""))
    return head + "\n" + f"{w['sources']}: " + "; ".join(names)
