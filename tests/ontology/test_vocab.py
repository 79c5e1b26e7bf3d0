"""The Turtle ontology and the Python vocabulary agree, and the reuse axioms are stated."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV
from rdflib.term import BNode

from ontology import errors
from ontology.validation import load_ontology
from ontology.vocab import CKG, GEO, ONTOLOGY_IRI, ORG, SCHEMA, WGS

DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    SKOS.Concept,
}


def _vocab_terms() -> set[URIRef]:
    # DefinedNamespace lists its terms as class annotations.
    return {CKG[name] for name in CKG.__annotations__}


def _declared(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s in CKG}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def test_turtle_parses_with_ontology_header(ontology: Graph) -> None:
    ont = URIRef(ONTOLOGY_IRI)
    assert (ont, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ont, OWL.versionInfo) is not None
    assert (ont, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in ontology
    assert ontology.value(ont, DCTERMS.created) is not None
    assert not list(ontology.objects(ont, OWL.imports)), "the ontology must not import (fetch) anything"


def test_vocab_has_all_terms() -> None:
    assert len(_vocab_terms()) == 110


def test_every_vocab_term_is_declared_with_a_type(ontology: Graph) -> None:
    missing = sorted(t for t in _vocab_terms() if not set(ontology.objects(t, RDF.type)) & DECLARATION_TYPES)
    assert missing == [], f"terms in ontology/vocab.py without a declaration in citykg.ttl: {missing}"


def test_every_declared_term_is_in_vocab(ontology: Graph) -> None:
    extra = sorted(_declared(ontology) - _vocab_terms())
    assert extra == [], f"terms declared in citykg.ttl but missing from ontology/vocab.py: {extra}"


def test_every_ckg_term_used_is_declared(ontology: Graph) -> None:
    used = {n for triple in ontology for n in triple if isinstance(n, URIRef) and n in CKG}
    assert used - _declared(ontology) == set()


def test_classes_and_properties_have_english_label_and_comment(ontology: Graph) -> None:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {t for k in kinds for t in ontology.subjects(RDF.type, k) if isinstance(t, URIRef) and t in CKG}
    assert len(terms) == 105 - 35  # 35 individuals
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            assert "en" in langs, f"{term} has no English {prop}"


@pytest.mark.parametrize(
    ("scheme", "members"),
    [
        (
            CKG.FieldOfCooperation,
            {
                "Culture",
                "Economy",
                "Education",
                "Sport",
                "Tourism",
                "Science",
                "Environment",
                "Health",
                "HumanitarianAid",
                "UrbanDevelopment",
                "SocialAffairs",
                "Politics",
            },
        ),
        (
            CKG.Role,
            {
                "Mayor",
                "SecretaryGeneral",
                "Director",
                "DirectorGeneral",
                "Head",
                "ExecutiveSecretary",
                "President",
                "Speaker",
                "Coordinator",
                "DeputyMayor",
                "VicePresident",
                "ExecutiveDirector",
                "Governor",
                "Ambassador",
                "Consul",
                "Councillor",
                "Spokesperson",
                "Treasurer",
                "Commissioner",
                "Minister",
                "DeputyMinister",
                "DeputyGovernor",
            },
        ),
    ],
)
def test_concept_schemes(ontology: Graph, scheme: URIRef, members: set[str]) -> None:
    assert (scheme, RDF.type, OWL.Class) in ontology
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    in_scheme = set(ontology.subjects(SKOS.inScheme, scheme))
    assert in_scheme == {CKG[m] for m in members}
    for member in in_scheme:
        assert (member, RDF.type, scheme) in ontology
        assert (member, RDF.type, SKOS.Concept) in ontology


def test_status_concepts_are_enumerated(ontology: Graph) -> None:
    for prop, values in (
        (CKG.status, {CKG.Active, CKG.Former, CKG.Planned}),
        (CKG.reviewStatus, {CKG.Candidate, CKG.Accepted, CKG.Rejected}),
    ):
        rng = ontology.value(prop, RDFS.range)
        assert isinstance(rng, BNode)
        one_of = ontology.value(rng, OWL.oneOf)
        assert one_of is not None
        assert set(ontology.items(one_of)) == values
        for value in values:
            assert (value, RDF.type, SKOS.Concept) in ontology
            scheme = ontology.value(value, SKOS.inScheme)
            assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (CKG.City, CKG.Place),
        (CKG.Country, CKG.Place),
        (CKG.Region, CKG.Place),
        (CKG.MunicipalGovernment, CKG.Organisation),
        (CKG.University, CKG.Organisation),
        (CKG.InternationalOrganisation, CKG.Organisation),
        (CKG.AssociationOfMayors, CKG.Organisation),
        (CKG.GovernmentBody, CKG.Organisation),
        (CKG.BusinessOrganisation, CKG.Organisation),
        (CKG.Network, CKG.Organisation),
        (CKG.Agreement, CKG.Fact),
        (CKG.Membership, CKG.Fact),
        (CKG.Post, CKG.Fact),
        (CKG.TwinningAgreement, CKG.Agreement),
        (CKG.PartnershipAgreement, CKG.Agreement),
        (CKG.MemorandumOfUnderstanding, CKG.Agreement),
        (CKG.CooperationAgreement, CKG.Agreement),
        (CKG.Summit, CKG.Event),
        (CKG.Conference, CKG.Event),
    ],
)
def test_class_hierarchy(ontology: Graph, child: URIRef, parent: URIRef) -> None:
    assert (child, RDFS.subClassOf, parent) in ontology


def test_association_of_mayors_and_network_are_not_disjoint(ontology: Graph) -> None:
    # to_rdf types an association that is a network with both classes.
    for a, b in ((CKG.AssociationOfMayors, CKG.Network), (CKG.Network, CKG.AssociationOfMayors)):
        assert (a, OWL.disjointWith, b) not in ontology
    assert not list(ontology.subjects(RDF.type, OWL.AllDisjointClasses))


TIME_NS = "http://www.w3.org/2006/time#"

REUSE: list[tuple[Node, Node, Node]] = [
    (CKG.Organisation, OWL.equivalentClass, ORG.Organization),
    (CKG.Organisation, RDFS.subClassOf, SCHEMA.Organization),
    (CKG.City, RDFS.subClassOf, SCHEMA.City),
    (CKG.City, RDFS.subClassOf, WGS.SpatialThing),
    (CKG.City, RDFS.subClassOf, GEO.Feature),
    (CKG.Country, RDFS.subClassOf, SCHEMA.Country),
    (CKG.Membership, RDFS.subClassOf, ORG.Membership),
    (CKG.member, RDFS.subPropertyOf, ORG.member),
    (CKG.network, RDFS.subPropertyOf, ORG.organization),
    (CKG.Post, RDFS.subClassOf, ORG.Post),
    (CKG.heldBy, RDFS.subPropertyOf, ORG.heldBy),
    (CKG.postIn, RDFS.subPropertyOf, ORG.postIn),
    (CKG.postRole, RDFS.subPropertyOf, ORG.role),
    (CKG.Role, RDFS.subClassOf, ORG.Role),
    (CKG.Person, OWL.equivalentClass, FOAF.Person),
    (CKG.Person, RDFS.subClassOf, SCHEMA.Person),
    (CKG.Event, RDFS.subClassOf, SCHEMA.Event),
    (CKG.host, RDFS.subPropertyOf, SCHEMA.location),
    (CKG.participant, RDFS.subPropertyOf, SCHEMA.attendee),
    (CKG.organiser, RDFS.subPropertyOf, SCHEMA.organizer),
    (CKG.Source, RDFS.subClassOf, PROV.Entity),
    (CKG.Source, RDFS.subClassOf, SCHEMA.CreativeWork),
    (CKG.Fact, RDFS.subClassOf, PROV.Entity),
    (CKG.Evidence, RDFS.subClassOf, PROV.Derivation),
    (CKG.evidence, RDFS.subPropertyOf, PROV.qualifiedDerivation),
    (CKG.source, RDFS.subPropertyOf, PROV.entity),
    (CKG.startDate, RDFS.subPropertyOf, SCHEMA.startDate),
    (CKG.endDate, RDFS.subPropertyOf, SCHEMA.endDate),
    (CKG.startDate, RDFS.seeAlso, URIRef(TIME_NS + "hasBeginning")),
    (CKG.endDate, RDFS.seeAlso, URIRef(TIME_NS + "hasEnd")),
    (CKG.signingDate, RDFS.subPropertyOf, DCTERMS.date),
    (CKG.Programme, RDFS.subClassOf, SCHEMA.Project),
    (CKG.wikidataId, RDFS.subPropertyOf, DCTERMS.identifier),
    (CKG.geonamesId, RDFS.subPropertyOf, DCTERMS.identifier),
    (CKG.language, RDFS.subPropertyOf, DCTERMS.language),
    (CKG.country, RDFS.subPropertyOf, SCHEMA.containedInPlace),
    (CKG.locatedIn, RDFS.subPropertyOf, SCHEMA.location),
]


@pytest.mark.parametrize("triple", REUSE, ids=lambda t: f"{t[0].n3()} {t[1].n3()} {t[2].n3()}")
def test_reuse_axiom(ontology: Graph, triple: tuple[Node, Node, Node]) -> None:
    assert triple in ontology


@pytest.mark.parametrize(
    ("prop", "kind", "range_"),
    [
        (CKG.population, OWL.DatatypeProperty, URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")),
        (CKG.wikidataId, OWL.DatatypeProperty, URIRef("http://www.w3.org/2001/XMLSchema#string")),
        (CKG.geonamesId, OWL.DatatypeProperty, URIRef("http://www.w3.org/2001/XMLSchema#string")),
        (CKG.postRole, OWL.ObjectProperty, CKG.Role),
        (CKG.heldBy, OWL.ObjectProperty, CKG.Person),
        (CKG.host, OWL.ObjectProperty, CKG.City),
        (CKG.source, OWL.ObjectProperty, CKG.Source),
        (CKG.evidence, OWL.ObjectProperty, CKG.Evidence),
        # to_rdf writes a membership's role as a plain string, a posts's role as a ckg:Role.
        (CKG.role, OWL.DatatypeProperty, URIRef("http://www.w3.org/2001/XMLSchema#string")),
    ],
)
def test_property_kind_and_range(ontology: Graph, prop: URIRef, kind: URIRef, range_: URIRef) -> None:
    assert (prop, RDF.type, kind) in ontology
    assert (prop, RDFS.range, range_) in ontology


def test_errors_module_exports_its_tree() -> None:
    assert sorted(errors.__all__) == ["OntologyError", "RecordError", "ShapesError", "VocabularyError"]
    for name in ("RecordError", "ShapesError", "VocabularyError"):
        assert issubclass(getattr(errors, name), errors.OntologyError)
    err = errors.RecordError("not a date", file="seeds.yaml", line=3, field="start")
    assert (err.file, err.line, err.field, str(err)) == (
        "seeds.yaml",
        3,
        "start",
        "seeds.yaml:3: start: not a date",
    )


def test_plain_string_iris_match_the_rdflib_vocabulary() -> None:
    """ontology.iris (the store's read side, without rdflib) names the same terms as ontology.vocab."""
    from rdflib.namespace import XSD

    from ontology import iris, vocab

    assert iris.ckg_terms() == set(CKG.__annotations__)
    assert all(getattr(iris.CKG, name) == str(CKG[name]) for name in CKG.__annotations__)
    pairs = [
        (iris.DATA, vocab.DATA),
        (iris.GRAPH, vocab.GRAPH),
        (iris.WD, vocab.WD),
        (iris.SCHEMA, SCHEMA),
        (iris.WGS, WGS),
        (iris.RDF, RDF),
        (iris.RDFS, RDFS),
        (iris.OWL, OWL),
        (iris.SKOS, SKOS),
        (iris.PROV, PROV),
        (iris.DCTERMS, DCTERMS),
        (iris.XSD, XSD),
    ]
    for light, terms in pairs:
        assert str(light) == str(terms)
    with pytest.raises(AttributeError, match="not a term"):
        _ = iris.CKG.Cty
