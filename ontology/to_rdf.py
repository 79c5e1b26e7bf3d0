"""Turn validated records into RDF in the citykg ontology.

The mapping is total and deterministic: the same records always give the same
triples, with no blank nodes (evidence nodes get IRIs hashed from their
content), so loading a dataset twice adds nothing the second time.

Examples
--------
>>> from ontology.records import City, Dataset
>>> ds = Dataset(name="demo", entities=[City(id="qazvin", labels={"en": ["Qazvin"]})])
>>> g = dataset_to_graph(ds)
>>> from ontology.vocab import CKG, entity_iri
>>> (entity_iri("qazvin"), RDF.type, CKG.City) in g
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ontology.records import (
    Agreement,
    City,
    Country,
    Dataset,
    Entity,
    Event,
    Evidence,
    Membership,
    Network,
    Organisation,
    Person,
    Post,
    Programme,
    Region,
    Source,
)
from ontology.vocab import CKG, GRAPH, SCHEMA, WD, WGS, entity_iri

__all__ = ["bind_prefixes", "dataset_to_graph", "graph_iri", "partial_date"]


def graph_iri(name: str) -> URIRef:
    """The named graph a dataset is loaded into.

    Examples
    --------
    >>> graph_iri("seeds")
    rdflib.term.URIRef('https://w3id.org/citykg/graph/seeds')
    """
    return GRAPH[name]


def partial_date(value: str) -> Literal:
    """A literal typed by the precision the source gives: xsd:gYear, xsd:gYearMonth or xsd:date.

    Examples
    --------
    >>> partial_date("2020").datatype == XSD.gYear
    True
    >>> partial_date("2021-05-05").datatype == XSD.date
    True
    """
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=kind)


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the prefixes citykg writes with, so exports read well."""
    for prefix, ns in {
        "ckg": CKG._NS,
        "id": entity_iri(""),
        "schema": SCHEMA,
        "wgs": WGS,
        "wd": WD,
        "prov": PROV,
        "dcterms": DCTERMS,
        "skos": SKOS,
    }.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def _decimal(value: float) -> Literal:
    """An xsd:decimal in plain notation (``1e-06`` is not a valid decimal lexical form).

    Examples
    --------
    >>> _decimal(0.000001)
    rdflib.term.Literal('0.000001', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    text = format(round(value, 6), "f").rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


class _Writer:
    def __init__(self, graph: Graph) -> None:
        self.g = graph

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.g.add((s, p, o))

    def ref(self, s: URIRef, p: URIRef, local_id: str | None) -> None:
        if local_id:
            self.g.add((s, p, entity_iri(local_id)))

    def date(self, s: URIRef, p: URIRef, value: str | None) -> None:
        if value:
            self.g.add((s, p, partial_date(value)))

    def labels(
        self, s: URIRef, labels: dict[str, list[str]], alt: dict[str, list[str]] | None = None
    ) -> None:
        for lang, names in labels.items():
            for i, name in enumerate(names):
                self.g.add((s, SKOS.prefLabel if i == 0 else SKOS.altLabel, Literal(name, lang=lang)))
                self.g.add((s, RDFS.label, Literal(name, lang=lang)))
        for lang, names in (alt or {}).items():
            for name in names:
                self.g.add((s, SKOS.altLabel, Literal(name, lang=lang)))
                self.g.add((s, RDFS.label, Literal(name, lang=lang)))

    def evidence(self, fact: URIRef, items: Iterable[Evidence]) -> None:
        for ev in items:
            source = entity_iri(ev.source)
            self.g.add((fact, PROV.wasDerivedFrom, source))
            key = "\x1f".join([str(fact), ev.source, ev.sentence or "", str(ev.char_start), str(ev.char_end)])
            node = entity_iri("evidence/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16])
            self.g.add((fact, CKG.evidence, node))
            self.g.add((node, RDF.type, CKG.Evidence))
            self.g.add((node, CKG.source, source))
            if ev.sentence:
                self.g.add((node, CKG.sentence, Literal(ev.sentence, lang=ev.lang)))
            if ev.char_start is not None:
                self.add(node, CKG.charStart, Literal(ev.char_start))
            if ev.char_end is not None:
                self.add(node, CKG.charEnd, Literal(ev.char_end))
            if ev.confidence is not None:
                self.add(node, CKG.confidence, _decimal(ev.confidence))


def _source(w: _Writer, src: Source) -> None:
    s = entity_iri(src.id)
    w.add(s, RDF.type, CKG.Source)
    lang = src.language
    if src.title:
        w.add(s, DCTERMS.title, Literal(src.title, lang=lang))
        w.add(s, RDFS.label, Literal(src.title, lang=lang))
    if src.title_en:
        w.add(s, DCTERMS.title, Literal(src.title_en, lang="en"))
        w.add(s, RDFS.label, Literal(src.title_en, lang="en"))
    if not (src.title or src.title_en):
        w.add(s, RDFS.label, Literal(src.file or src.id))
    w.add(s, CKG.fileName, Literal(src.file) if src.file else None)
    w.add(s, SCHEMA.url, Literal(src.url, datatype=XSD.anyURI) if src.url else None)
    w.add(s, CKG.publisherName, Literal(src.publisher) if src.publisher else None)
    w.date(s, DCTERMS.date, src.date)
    w.add(s, CKG.language, Literal(lang) if lang else None)
    w.add(s, CKG.newsCode, Literal(src.news_code) if src.news_code else None)
    w.add(s, DCTERMS.license, Literal(src.licence) if src.licence else None)


_STATUS = {"Active": CKG.Active, "Former": CKG.Former, "Planned": CKG.Planned}
_REVIEW = {"Candidate": CKG.Candidate, "Accepted": CKG.Accepted, "Rejected": CKG.Rejected}


def _entity(w: _Writer, e: Entity) -> None:
    s = entity_iri(e.id)
    kind = getattr(e, "kind", None)
    w.add(s, RDF.type, CKG[kind] if kind else CKG[e.type])
    if kind and kind != e.type:
        w.add(s, RDF.type, CKG[e.type])
    w.labels(s, e.labels, e.alt_labels)
    for lang, text in e.descriptions.items():
        w.add(s, SCHEMA.description, Literal(text, lang=lang))
    if e.wikidata:
        w.add(s, CKG.wikidataId, Literal(e.wikidata))
        # exactMatch, not owl:sameAs: a city and its municipal government may share an item.
        w.add(s, SKOS.exactMatch, WD[e.wikidata])
    if e.geonames:
        w.add(s, CKG.geonamesId, Literal(str(e.geonames)))
    w.evidence(s, e.evidence)
    if isinstance(e, City | Region | Country | Organisation | Network):
        if e.lat is not None and e.lon is not None:
            w.add(s, WGS.lat, _decimal(e.lat))
            w.add(s, WGS.long, _decimal(e.lon))
        w.ref(s, CKG.country, e.country)
        if e.population is not None:
            w.add(s, CKG.population, Literal(e.population))
    if isinstance(e, City):
        w.ref(s, CKG.locatedIn, e.region)
    if isinstance(e, Country) and e.iso2:
        w.add(s, CKG.iso2, Literal(e.iso2))
    if isinstance(e, Organisation):
        w.ref(s, CKG.locatedIn, e.located_in)
        w.ref(s, CKG.governs, e.governs)
        w.ref(s, SCHEMA.parentOrganization, e.part_of)
    if isinstance(e, Network):
        w.date(s, SCHEMA.foundingDate, e.founded)
        w.add(s, CKG.status, _STATUS[e.status] if e.status else None)
        w.ref(s, SCHEMA.parentOrganization, e.part_of)
        w.ref(s, CKG.locatedIn, e.located_in)
    if isinstance(e, Event):
        w.ref(s, CKG.host, e.host)
        for org in e.organisers:
            w.ref(s, CKG.organiser, org)
        for who in e.participants:
            w.ref(s, CKG.participant, who)
        w.date(s, CKG.startDate, e.start)
        w.date(s, CKG.endDate, e.end)
        w.add(s, CKG.edition, Literal(e.edition) if e.edition else None)
    if isinstance(e, Programme):
        w.ref(s, CKG.runBy, e.run_by)
        for org in e.partners:
            w.ref(s, CKG.partner, org)
        for f in e.fields:
            w.add(s, CKG.fieldOfCooperation, CKG[f])
        w.date(s, CKG.startDate, e.start)
        w.date(s, CKG.endDate, e.end)
        w.add(s, CKG.applicantCount, Literal(e.applicants) if e.applicants is not None else None)
        w.add(s, CKG.selectedCount, Literal(e.selected) if e.selected is not None else None)
        w.date(s, CKG.callYear, str(e.call_year) if e.call_year is not None else None)
    if isinstance(e, Person):
        return


def _fact(w: _Writer, s: URIRef, cls: URIRef, fact: Agreement | Membership | Post) -> None:
    w.add(s, RDF.type, cls)
    w.evidence(s, fact.evidence)
    w.add(s, CKG.reviewStatus, _REVIEW[fact.review] if fact.review else None)
    w.date(s, CKG.startDate, fact.start)
    w.date(s, CKG.endDate, fact.end)


def _agreement(w: _Writer, a: Agreement) -> None:
    s = entity_iri(a.id)
    _fact(w, s, CKG[a.type], a)
    for party in a.parties:
        w.ref(s, CKG.party, party)
    w.date(s, CKG.signingDate, a.signed)
    w.add(s, CKG.status, _STATUS[a.status] if a.status else None)
    for f in a.fields:
        w.add(s, CKG.fieldOfCooperation, CKG[f])
    w.labels(s, a.labels)


def _membership(w: _Writer, m: Membership) -> None:
    s = entity_iri(m.id)
    _fact(w, s, CKG.Membership, m)
    w.ref(s, CKG.member, m.member)
    w.ref(s, CKG.network, m.network)
    w.add(s, CKG.status, _STATUS[m.status] if m.status else None)
    w.add(s, CKG.role, Literal(m.role) if m.role else None)
    w.ref(s, CKG.certifiedBy, m.certified_by)


def _post(w: _Writer, p: Post) -> None:
    s = entity_iri(p.id)
    _fact(w, s, CKG.Post, p)
    w.ref(s, CKG.heldBy, p.person)
    w.ref(s, CKG.postIn, p.organisation)
    w.add(s, CKG.postRole, CKG[p.role])


def dataset_to_graph(dataset: Dataset, graph: Graph | None = None) -> Graph:
    """Return the RDF of ``dataset`` (added to ``graph`` when given).

    Parameters
    ----------
    dataset : Dataset
        Validated records.
    graph : rdflib.Graph, optional
        A graph to add to; a new one is made when omitted.

    Returns
    -------
    rdflib.Graph
        The triples, with citykg's prefixes bound.
    """
    g = bind_prefixes(graph if graph is not None else Graph())
    w = _Writer(g)
    for src in dataset.sources:
        _source(w, src)
    for e in dataset.entities:
        _entity(w, e)
    for a in dataset.agreements:
        _agreement(w, a)
    for m in dataset.memberships:
        _membership(w, m)
    for p in dataset.posts:
        _post(w, p)
    return g
