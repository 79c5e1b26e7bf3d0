"""The SHACL shapes cover the ontology, accept what to_rdf writes, and reject bad data with clear messages."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SH, XSD, Graph, Literal, URIRef

from ontology.records import (
    Agreement,
    City,
    Country,
    Dataset,
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
from ontology.to_rdf import dataset_to_graph
from ontology.validation import ValidationReport, load_ontology, load_shapes, validate
from ontology.vocab import CKG, WGS, entity_iri

# Classes without a shape of their own, and why.
CONTROLLED = {
    CKG.FieldOfCooperation: "controlled vocabulary: its members are defined in citykg.ttl, never in data",
    CKG.Role: "controlled vocabulary: its members are defined in citykg.ttl, never in data",
}
COVERED_BY_SUPERCLASS = {
    CKG.University: CKG.Organisation,
    CKG.InternationalOrganisation: CKG.Organisation,
    CKG.AssociationOfMayors: CKG.Organisation,
    CKG.GovernmentBody: CKG.Organisation,
    CKG.BusinessOrganisation: CKG.Organisation,
    CKG.TwinningAgreement: CKG.Agreement,
    CKG.PartnershipAgreement: CKG.Agreement,
    CKG.MemorandumOfUnderstanding: CKG.Agreement,
    CKG.CooperationAgreement: CKG.Agreement,
    CKG.Summit: CKG.Event,
    CKG.Conference: CKG.Event,
}
"""Subclasses that add no constraint: sh:targetClass reaches them through rdfs:subClassOf."""

SEEN = [
    Evidence(
        source="src-news", sentence="قزوین و اصفهان", lang="fa", char_start=0, char_end=14, confidence=0.9
    )
]


def valid_dataset() -> Dataset:
    return Dataset(
        name="demo",
        sources=[
            Source(
                id="src-news",
                title="خبر",
                title_en="News",
                file="000.txt",
                url="https://example.org/n",
                publisher="Example",
                date="2021-05-05",
                language="fa",
                news_code="25198",
            ),
        ],
        entities=[
            Country(id="iran", labels={"en": ["Iran"]}, iso2="IR", wikidata="Q794"),
            Region(id="qazvin-province", labels={"en": ["Qazvin Province"]}, country="iran"),
            City(
                id="qazvin",
                labels={"en": ["Qazvin"], "fa": ["قزوین"]},
                lat=36.2688,
                lon=50.0041,
                country="iran",
                region="qazvin-province",
                population=402748,
                wikidata="Q1010",
                geonames=128747,
            ),
            City(id="isfahan", labels={"en": ["Isfahan"]}, lat=32.6539, lon=51.666, country="iran"),
            Organisation(
                id="isfahan-municipality",
                kind="MunicipalGovernment",
                labels={"en": ["Isfahan Municipality"]},
                located_in="isfahan",
                governs="isfahan",
            ),
            Organisation(
                id="qazvin-university",
                kind="University",
                labels={"en": ["Qazvin University"]},
                located_in="qazvin",
            ),
            Network(
                id="silk-road-cities",
                labels={"en": ["Silk Road Cities Network"]},
                founded="2019",
                status="Active",
            ),
            Person(id="iman-hojjati", labels={"en": ["Iman Hojjati"]}),
            Event(
                id="silk-road-summit",
                kind="Summit",
                labels={"en": ["Silk Road Mayors' Summit"]},
                host="qazvin",
                organisers=["silk-road-cities"],
                participants=["isfahan", "iman-hojjati"],
                start="2021",
                end="2021-05-06",
                edition=1,
            ),
            Programme(
                id="citizen-diplomat",
                labels={"en": ["Citizen Diplomat"]},
                run_by="isfahan-municipality",
                partners=["qazvin-university"],
                fields=["Culture", "Tourism"],
                start="2021",
                applicants=263,
                selected=92,
            ),
        ],
        agreements=[
            Agreement(
                id="twinning-qazvin-isfahan",
                type="TwinningAgreement",
                parties=["qazvin", "isfahan"],
                signed="2020-01",
                start="2020",
                status="Active",
                fields=["Culture"],
                evidence=SEEN,
                review="Accepted",
            ),
        ],
        memberships=[
            Membership(
                id="m-qazvin-silk-road",
                member="qazvin",
                network="silk-road-cities",
                start="2019",
                end="2021-05-05",
                status="Active",
                role="founding member",
                evidence=SEEN,
            ),
        ],
        posts=[
            Post(
                id="post-hojjati",
                person="iman-hojjati",
                role="Director",
                organisation="isfahan-municipality",
                start="2020",
                evidence=SEEN,
            ),
        ],
    )


def messages(report: ValidationReport) -> list[str]:
    return [r.message for r in report.results]


@pytest.fixture(scope="module")
def valid_graph() -> Graph:
    return dataset_to_graph(valid_dataset())


def test_shapes_parse_and_every_property_shape_has_an_english_message() -> None:
    shapes = load_shapes()
    property_shapes = set(shapes.subjects(SH.path, None))
    assert len(property_shapes) > 40
    for shape in property_shapes:
        langs = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
        assert "en" in langs, f"property shape {shape} has no English sh:message"


def test_every_data_class_has_a_shape() -> None:
    ontology, shapes = load_ontology(), load_shapes()
    targeted = set(shapes.objects(None, SH.targetClass))
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c in CKG}
    for cls in sorted(classes):
        if cls in CONTROLLED:
            continue
        if cls in COVERED_BY_SUPERCLASS:
            parent = COVERED_BY_SUPERCLASS[cls]
            assert (cls, RDFS.subClassOf, parent) in ontology
            assert parent in targeted, f"{parent} (covering {cls}) has no shape"
            assert cls not in targeted, f"{cls} has a shape: remove it from COVERED_BY_SUPERCLASS"
        else:
            assert cls in targeted, f"no sh:targetClass {cls.n3()} in shapes.ttl"
    assert set(CONTROLLED) | set(COVERED_BY_SUPERCLASS) <= classes


def test_valid_dataset_conforms(valid_graph: Graph) -> None:
    report = validate(valid_graph)
    assert report.results == [], report.to_text()
    assert report.conforms
    assert report.to_text() == "Conforms."


def test_validate_does_not_change_the_data(valid_graph: Graph) -> None:
    before = len(valid_graph)
    validate(valid_graph)
    assert len(valid_graph) == before
    assert (CKG.City, RDF.type, OWL.Class) not in valid_graph


def _without(graph: Graph, s: URIRef, p: URIRef, o: URIRef | Literal | None = None) -> Graph:
    out = Graph()
    out += graph
    out.remove((s, p, o))
    return out


def test_agreement_with_one_party_fails(valid_graph: Graph) -> None:
    agreement = entity_iri("twinning-qazvin-isfahan")
    report = validate(_without(valid_graph, agreement, CKG.party, entity_iri("isfahan")))
    assert not report.conforms
    [result] = report.results
    assert (result.focus_node, result.path, result.severity) == (agreement, CKG.party, SH.Violation)
    assert result.message == (
        "An agreement needs at least two ckg:party values, each a ckg:City, ckg:Region, "
        "ckg:Country or ckg:Organisation."
    )


def test_agreement_party_of_wrong_class_fails(valid_graph: Graph) -> None:
    graph = _without(valid_graph, entity_iri("twinning-qazvin-isfahan"), CKG.party, entity_iri("isfahan"))
    graph.add((entity_iri("twinning-qazvin-isfahan"), CKG.party, entity_iri("iman-hojjati")))
    report = validate(graph)
    assert [(r.path, r.value) for r in report.results] == [(CKG.party, entity_iri("iman-hojjati"))]


def test_membership_without_source_fails() -> None:
    dataset = valid_dataset()
    dataset.memberships = [Membership(id="m-bare", member="qazvin", network="silk-road-cities")]
    report = validate(dataset_to_graph(dataset))
    assert not report.conforms
    assert {r.focus_node for r in report.results} == {entity_iri("m-bare")}
    assert messages(report) == [
        "A fact must cite at least one ckg:Source with prov:wasDerivedFrom.",
        "A fact must have at least one ckg:evidence node of class ckg:Evidence.",
    ]


def test_post_whose_role_is_not_a_role_fails(valid_graph: Graph) -> None:
    post = entity_iri("post-hojjati")
    graph = _without(valid_graph, post, CKG.postRole)
    graph.add((post, CKG.postRole, CKG.Culture))  # a field of cooperation, not a role
    report = validate(graph)
    [result] = report.results
    assert (result.focus_node, result.path, result.value) == (post, CKG.postRole, CKG.Culture)
    assert result.message == "A post needs exactly one ckg:postRole, a ckg:Role concept such as ckg:Mayor."


def test_post_in_a_university_conforms_through_the_class_hierarchy(valid_graph: Graph) -> None:
    post = entity_iri("post-hojjati")
    graph = _without(valid_graph, post, CKG.postIn)
    graph.add((post, CKG.postIn, entity_iri("qazvin-university")))
    assert validate(graph).conforms


def test_latitude_that_is_not_a_decimal_fails(valid_graph: Graph) -> None:
    qazvin = entity_iri("qazvin")
    graph = _without(valid_graph, qazvin, WGS.lat)
    graph.add((qazvin, WGS.lat, Literal("abc", datatype=XSD.decimal)))
    report = validate(graph)
    assert not report.conforms
    # Both sh:datatype and the range check (an ill-typed value compares with nothing) fail.
    assert {(r.focus_node, r.path, r.message) for r in report.results} == {
        (qazvin, WGS.lat, "wgs:lat must be one xsd:decimal latitude between -90 and 90.")
    }
    assert 'value: "abc"^^xsd:decimal' in report.to_text()


def test_latitude_out_of_range_fails(valid_graph: Graph) -> None:
    qazvin = entity_iri("qazvin")
    graph = _without(valid_graph, qazvin, WGS.lat)
    graph.add((qazvin, WGS.lat, Literal("91.5", datatype=XSD.decimal)))
    assert [r.path for r in validate(graph).results] == [WGS.lat]


def test_end_date_before_start_date_fails() -> None:
    dataset = valid_dataset()
    dataset.memberships[0].start = "2015-06"
    dataset.memberships[0].end = "2015-05-30"
    report = validate(dataset_to_graph(dataset))
    [result] = report.results
    assert (result.focus_node, result.path) == (entity_iri("m-qazvin-silk-road"), CKG.endDate)
    assert result.value == Literal("2015-05-30", datatype=XSD.date)
    assert result.message == "ckg:endDate is before ckg:startDate (compared at the precision both give)."


@pytest.mark.parametrize(
    ("start", "end"), [("2015", "2015-05-30"), ("2015-05", "2015"), ("2014-12-31", "2015"), ("2015", "2015")]
)
def test_end_date_at_other_precision_is_not_before_start(start: str, end: str) -> None:
    dataset = valid_dataset()
    dataset.memberships[0].start = start
    dataset.memberships[0].end = end
    report = validate(dataset_to_graph(dataset))
    assert report.conforms, report.to_text()


def test_event_hosted_by_a_non_city_fails() -> None:
    dataset = valid_dataset()
    event = dataset.entities[8]
    assert isinstance(event, Event)
    event.host = "iran"
    report = validate(dataset_to_graph(dataset))
    assert messages(report) == ["An event's ckg:host must be one ckg:City."]


def test_programme_selecting_more_than_applied_fails() -> None:
    dataset = valid_dataset()
    programme = dataset.entities[9]
    assert isinstance(programme, Programme)
    programme.selected = 300
    report = validate(dataset_to_graph(dataset))
    assert [r.path for r in report.results] == [CKG.selectedCount]


def test_evidence_without_source_and_bad_confidence_fails(valid_graph: Graph) -> None:
    evidence = next(valid_graph.subjects(RDF.type, CKG.Evidence))
    assert isinstance(evidence, URIRef)
    graph = _without(valid_graph, evidence, CKG.source)
    graph = _without(graph, evidence, CKG.confidence)
    graph.add((evidence, CKG.confidence, Literal("1.5", datatype=XSD.decimal)))
    report = validate(graph)
    assert messages(report) == [
        "ckg:confidence must be one xsd:decimal between 0 and 1.",
        "Evidence needs exactly one ckg:source, a ckg:Source.",
    ]
    text = report.to_text()
    assert text.startswith("Does not conform: 2 results (2 violations).")


def test_source_without_label_fails(valid_graph: Graph) -> None:
    graph = _without(valid_graph, entity_iri("src-news"), RDFS.label)
    assert messages(validate(graph)) == ["Needs at least one rdfs:label, a string or language-tagged string."]
