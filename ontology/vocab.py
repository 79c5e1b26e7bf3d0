"""The citykg vocabulary as Python constants.

Every class and property of ``ontology/citykg.ttl`` appears here once, as a
:class:`rdflib.namespace.DefinedNamespace`, so a typo such as ``CKG.Cty`` fails
loudly at import time instead of writing a silent, undeclared term. A test
checks this module against the Turtle in both directions.

Examples
--------
>>> from ontology.vocab import CKG
>>> str(CKG.City)
'https://w3id.org/citykg/ontology#City'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["CKG", "DATA", "GEO", "GRAPH", "ORG", "SCHEMA", "TIME", "WD", "WGS", "entity_iri"]

ONTOLOGY_IRI = "https://w3id.org/citykg/ontology"
DATA = Namespace("https://w3id.org/citykg/id/")
"""Where entity and fact IRIs live: ``DATA["qazvin"]``."""
GRAPH = Namespace("https://w3id.org/citykg/graph/")
"""Named graphs, one per loaded dataset: ``GRAPH["seeds"]``."""
WD = Namespace("http://www.wikidata.org/entity/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")


def entity_iri(local_id: str) -> URIRef:
    """Return the IRI of an entity or fact from its local id.

    Examples
    --------
    >>> entity_iri("qazvin")
    rdflib.term.URIRef('https://w3id.org/citykg/id/qazvin')
    """
    return DATA[local_id]


class CKG(DefinedNamespace):
    """Classes, properties and individuals of the citykg ontology."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # --- places
    Place: URIRef
    City: URIRef
    Country: URIRef
    Region: URIRef
    # --- organisations
    Organisation: URIRef
    MunicipalGovernment: URIRef
    University: URIRef
    InternationalOrganisation: URIRef
    AssociationOfMayors: URIRef
    GovernmentBody: URIRef
    BusinessOrganisation: URIRef
    Network: URIRef
    # --- facts: agreements, memberships, posts
    Fact: URIRef
    Agreement: URIRef
    TwinningAgreement: URIRef
    PartnershipAgreement: URIRef
    MemorandumOfUnderstanding: URIRef
    CooperationAgreement: URIRef
    Membership: URIRef
    Post: URIRef
    # --- events, people, programmes
    Event: URIRef
    Summit: URIRef
    Conference: URIRef
    Person: URIRef
    Programme: URIRef
    # --- provenance
    Source: URIRef
    Evidence: URIRef
    # --- controlled vocabularies (skos:ConceptScheme members)
    FieldOfCooperation: URIRef
    Role: URIRef

    # --- object properties
    party: URIRef
    fieldOfCooperation: URIRef
    member: URIRef
    network: URIRef
    role: URIRef
    certifiedBy: URIRef
    postRole: URIRef
    heldBy: URIRef
    postIn: URIRef
    host: URIRef
    participant: URIRef
    organiser: URIRef
    partOfEvent: URIRef
    runBy: URIRef
    partner: URIRef
    country: URIRef
    locatedIn: URIRef
    governs: URIRef
    evidence: URIRef
    source: URIRef
    # --- datatype properties
    signingDate: URIRef
    startDate: URIRef
    endDate: URIRef
    status: URIRef
    population: URIRef
    wikidataId: URIRef
    geonamesId: URIRef
    iso2: URIRef
    applicantCount: URIRef
    selectedCount: URIRef
    callYear: URIRef
    edition: URIRef
    sentence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    fileName: URIRef
    newsCode: URIRef
    publisherName: URIRef
    language: URIRef
    reviewStatus: URIRef

    # --- individuals: fields of cooperation
    Culture: URIRef
    Economy: URIRef
    Education: URIRef
    Sport: URIRef
    Tourism: URIRef
    Science: URIRef
    Environment: URIRef
    Health: URIRef
    HumanitarianAid: URIRef
    UrbanDevelopment: URIRef
    SocialAffairs: URIRef
    Politics: URIRef
    # --- individuals: roles
    Mayor: URIRef
    SecretaryGeneral: URIRef
    Director: URIRef
    DirectorGeneral: URIRef
    Head: URIRef
    ExecutiveSecretary: URIRef
    President: URIRef
    Speaker: URIRef
    Coordinator: URIRef
    DeputyMayor: URIRef
    VicePresident: URIRef
    ExecutiveDirector: URIRef
    Governor: URIRef
    Ambassador: URIRef
    Consul: URIRef
    Councillor: URIRef
    Spokesperson: URIRef
    Treasurer: URIRef
    Commissioner: URIRef
    Minister: URIRef
    DeputyMinister: URIRef
    DeputyGovernor: URIRef
    # --- individuals: membership and review status
    Active: URIRef
    Former: URIRef
    Planned: URIRef
    Candidate: URIRef
    Accepted: URIRef
    Rejected: URIRef
