"""A small world for the curation tests: Paris twice (Paris, Parigi), a namesake far away, labels in many languages."""

from __future__ import annotations

from rdflib import Graph

from ontology.records import Agreement, City, Dataset, Event, Membership, Network, Person, Post
from ontology.to_rdf import dataset_to_graph


def world() -> list[tuple[str, Graph]]:
    """Two datasets that name Paris twice (Paris, Parigi), a namesake far away, and facts on every side."""
    a = Dataset(
        name="alpha",
        entities=[
            City(
                id="paris",
                labels={"en": ["Paris"], "fr": ["Paris"]},
                lat=48.8566,
                lon=2.3522,
                population=2_100_000,
                wikidata="Q90",
            ),
            City(id="rome", labels={"en": ["Rome"], "it": ["Roma"]}, lat=41.9, lon=12.5),
            City(id="ljubljana", labels={"it": ["Lubiana"], "sl": ["Ljubljana"], "de": ["Laibach"]}),
            City(id="marburg", labels={"de": ["Marburg"], "it": ["Marburgo"]}),
            City(id="qazvin", labels={"en": ["Qazvin"], "fa": ["قزوین"]}),
            City(id="paris-tx", labels={"en": ["Paris"]}, lat=33.66, lon=-95.55, population=25_000),
        ],
        agreements=[
            Agreement(id="tw-paris-rome", type="TwinningAgreement", parties=["paris", "rome"], start="1956")
        ],
    )
    b = Dataset(
        name="beta",
        entities=[
            City(
                id="parigi",
                labels={"it": ["Parigi"], "en": ["Paris"]},
                lat=48.86,
                lon=2.35,
                geonames=2988507,
                wikidata="Q1000090",
            ),
            City(id="berlin", labels={"en": ["Berlin"]}, lat=52.52, lon=13.405),
            Network(id="eurocities", labels={"en": ["Eurocities"]}),
            Event(id="summit-1", kind="Summit", labels={"en": ["Summit"]}, host="parigi"),
            Person(id="mayor-p", labels={"en": ["A Mayor"]}),
        ],
        agreements=[
            Agreement(
                id="tw-parigi-berlin", type="PartnershipAgreement", parties=["parigi", "berlin"], start="1987"
            )
        ],
        memberships=[Membership(id="m-parigi-eurocities", member="parigi", network="eurocities")],
        posts=[Post(id="post-1", person="mayor-p", role="Mayor", organisation="parigi")],
    )
    return [("alpha", dataset_to_graph(a)), ("beta", dataset_to_graph(b))]
