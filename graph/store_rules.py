"""Rules both stores follow so that they give equal answers.

The embedded store (:mod:`graph.embedded_store`) and the Neo4j store
(:mod:`graph.neo4j_store`) read their data differently but shape the answers
here: which classes are entities, which type is the most specific, how a name
search ranks its hits, how the sources of a fact are deduplicated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from graph.store import EntityRef, SourceView, pick_label

__all__ = [
    "DATE_KEYS",
    "ENTITY_TYPES",
    "FACT_TYPES",
    "IDENTIFIER_KEYS",
    "INCOMING_LINKS",
    "ROLE_PROPERTIES",
    "STRUCTURE_TIES",
    "TYPE_ORDER",
    "add_attribute",
    "dedupe_sources",
    "most_specific",
    "order_labels",
    "rank_search",
]

ENTITY_TYPES = (
    "City",
    "Region",
    "Country",
    "Organisation",
    "Network",
    "Person",
    "Event",
    "Programme",
)
# The most specific type wins when an entity carries several.
TYPE_ORDER = (
    "City",
    "Region",
    "Country",
    "Network",
    "AssociationOfMayors",
    "MunicipalGovernment",
    "University",
    "InternationalOrganisation",
    "GovernmentBody",
    "BusinessOrganisation",
    "Organisation",
    "Summit",
    "Conference",
    "Event",
    "Person",
    "Programme",
    "TwinningAgreement",
    "PartnershipAgreement",
    "MemorandumOfUnderstanding",
    "CooperationAgreement",
    "Membership",
    "Post",
    "Source",
    "Evidence",
)
FACT_TYPES = frozenset(
    {
        "TwinningAgreement",
        "PartnershipAgreement",
        "MemorandumOfUnderstanding",
        "CooperationAgreement",
        "Agreement",
        "Membership",
        "Post",
        "Event",
        "Summit",
        "Conference",
        "Programme",
    }
)
# The classes that make a resource an entity (a node of the projections), subclasses included.
ENTITY_CLASSES = (
    "City",
    "Region",
    "Country",
    "Organisation",
    "MunicipalGovernment",
    "University",
    "InternationalOrganisation",
    "AssociationOfMayors",
    "GovernmentBody",
    "BusinessOrganisation",
    "Network",
    "Person",
    "Event",
    "Summit",
    "Conference",
    "Programme",
)
# The properties by which a fact names the entities taking part in it, seen from the entity.
ROLE_PROPERTIES = (
    "party",
    "member",
    "network",
    "heldBy",
    "postIn",
    "host",
    "participant",
    "organiser",
    "runBy",
    "partner",
    "certifiedBy",
)
# Structural links that are ties too (an organisation in its city, a government of its city, a part of an
# organisation): the tie's fact is the subject entity itself. Short property name -> tie kind.
STRUCTURE_TIES = {"locatedIn": "LocatedIn", "governs": "Governs", "parentOrganization": "PartOf"}
# Short property name -> the key used in answers.
IDENTIFIER_KEYS = {"wikidataId": "wikidata", "geonamesId": "geonames", "iso2": "iso2"}
DATE_KEYS = {"startDate": "start", "endDate": "end", "signingDate": "signed", "foundingDate": "founded"}
# Incoming links worth listing on an entity page (country membership would list thousands).
INCOMING_LINKS = {
    "locatedIn": "locatedHere",
    "governs": "governedBy",
    "parentOrganization": "subOrganisation",
}


def most_specific(types: Iterable[str]) -> str:
    """The most specific of an entity's types (``Thing`` when it has none).

    Examples
    --------
    >>> most_specific(["Organisation", "Network"])
    'Network'
    >>> most_specific([])
    'Thing'
    """
    have = set(types)
    for t in TYPE_ORDER:
        if t in have:
            return t
    return sorted(have)[0] if have else "Thing"


def rank_search(
    by_name: Mapping[str, Sequence[str]],
    labels: Mapping[str, Mapping[str, Sequence[str]]],
    types: Mapping[str, str],
    text: str,
    key: str,
    *,
    lang: str,
    limit: int,
) -> list[EntityRef]:
    """Rank the entities whose names match: exact, then prefix, then substring.

    ``by_name`` maps a normalised name to entity ids; ``key`` is ``text`` normalised.

    Examples
    --------
    >>> by_name = {"qazvin": ["qazvin"], "qazvin province": ["qazvin-province"]}
    >>> labels = {"qazvin": {"en": ["Qazvin"]}, "qazvin-province": {"en": ["Qazvin Province"]}}
    >>> types = {"qazvin": "City", "qazvin-province": "Region"}
    >>> [r.id for r in rank_search(by_name, labels, types, "Qazvin", "qazvin", lang="en", limit=5)]
    ['qazvin', 'qazvin-province']
    """
    if not key:
        return []
    found: dict[str, str] = {}
    for eid in sorted(by_name.get(key, [])) + sorted(by_name.get(text.casefold(), [])):
        found.setdefault(eid, text)
    if len(found) < limit:
        ranked = sorted(
            (name for name in by_name if name != key and key in name),
            key=lambda name: (not name.startswith(key), len(name), name),
        )
        for name in ranked:
            for eid in sorted(by_name[name]):
                found.setdefault(eid, name)
            if len(found) >= limit:
                break
    return [
        EntityRef(eid, pick_label(labels.get(eid, {}), lang, eid), types[eid], matched)
        for eid, matched in list(found.items())[:limit]
    ]


def order_labels(
    labels: Mapping[str, Sequence[str]], preferred: Iterable[tuple[str, str]]
) -> dict[str, list[str]]:
    """Labels per language with the preferred label (``skos:prefLabel``) first, the others sorted.

    Examples
    --------
    >>> order_labels({"en": ["Kazvin", "Qazvin"]}, [("Qazvin", "en")])
    {'en': ['Qazvin', 'Kazvin']}
    """
    pref = set(preferred)
    return {lang: sorted(names, key=lambda t: ((t, lang) not in pref, t)) for lang, names in labels.items()}


def add_attribute(attributes: dict[str, str], key: str, value: str) -> None:
    """Set an attribute; several values of one key are kept sorted and joined with ``", "``.

    Examples
    --------
    >>> a: dict[str, str] = {}
    >>> add_attribute(a, "fieldOfCooperation", "Sport"); add_attribute(a, "fieldOfCooperation", "Culture")
    >>> a
    {'fieldOfCooperation': 'Culture, Sport'}
    """
    old = attributes.get(key)
    if old is None or old == value:
        attributes[key] = value
        return
    attributes[key] = ", ".join(sorted(set(old.split(", ")) | {value}))


def dedupe_sources(views: Iterable[SourceView]) -> list[SourceView]:
    """One view per (source, sentence), first kept; bare citations of sources cited with a sentence dropped.

    Examples
    --------
    >>> a = SourceView("news-1", "News", sentence="Qazvin hosts the summit.")
    >>> b = SourceView("news-1", "News")
    >>> [v.sentence for v in dedupe_sources([b, a])]
    ['Qazvin hosts the summit.']
    """
    kept: dict[tuple[str, str | None], SourceView] = {}
    for view in views:
        kept.setdefault((view.id, view.sentence), view)
    cited = {sid for sid, sentence in kept if sentence}
    return sorted(
        (v for (sid, sentence), v in kept.items() if sentence or sid not in cited),
        key=lambda v: (v.id, v.sentence or ""),
    )
