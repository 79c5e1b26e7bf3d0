"""The bundled news facts on Iranian cities: reviewed, each with its page, loaded by default."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from loaders import bundled_paths
from loaders.news import dataset_name
from ontology.vocab import CKG, SCHEMA

DATA = Path(__file__).resolve().parents[2] / "loaders" / "data"
NEWS = DATA / "iran-news"
FACTS = DATA / "iran-city-diplomacy.ttl"


def _rows(name: str) -> list[dict[str, str]]:
    with (NEWS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FACTS, format="turtle")


def test_the_file_is_part_of_the_bundled_load() -> None:
    assert FACTS in bundled_paths()
    assert FACTS not in bundled_paths(world=False)


def test_every_article_has_its_page_and_every_rejection_its_reason() -> None:
    sources = _rows("sources.csv")
    assert sorted(r["file"] for r in sources) == sorted(p.name for p in (NEWS / "articles").glob("*.txt"))
    assert all(r["url"].startswith(("https://", "http://")) for r in sources)
    review = _rows("review.csv")
    assert {r["decision"] for r in review} == {"accept", "reject"}
    assert all(r["reason"].strip() for r in review if r["decision"] == "reject")
    assert len({r["candidate"] for r in review}) == len(review)


def test_only_accepted_facts_ship_each_with_sentence_and_page(graph: Graph) -> None:
    statuses = {str(o).rsplit("#", 1)[-1] for o in graph.objects(None, CKG.reviewStatus)}
    assert statuses == {"Accepted"}
    accepted = set(graph.subjects(CKG.reviewStatus, CKG.Accepted))
    decided = {r["candidate"] for r in _rows("review.csv") if r["decision"] == "accept"}
    assert {str(f).rsplit("/", 1)[-1] for f in accepted} == decided
    pages = set()
    for fact in accepted:
        evidence = list(graph.objects(fact, CKG.evidence))
        assert evidence, fact
        for ev in evidence:
            assert graph.value(ev, CKG.sentence), (fact, ev)
            source = graph.value(ev, CKG.source)
            assert (source, RDF.type, CKG.Source) in graph, (fact, source)
            url = graph.value(source, SCHEMA.url)
            assert url is not None, source
            assert str(url).startswith("http"), source
            pages.add(str(url))
    assert len(pages) >= 40  # accepted facts come from at least 40 articles
    dated = [s for s in graph.subjects(RDF.type, CKG.Source) if graph.value(s, DCTERMS.date) is not None]
    assert len(dated) >= 40


def test_spot_checked_facts(graph: Graph) -> None:
    def parties(fact_type: URIRef) -> set[frozenset[str]]:
        out = set()
        for fact in graph.subjects(RDF.type, fact_type):
            names = {str(p).rsplit("/", 1)[-1] for p in graph.objects(fact, CKG.party)}
            out.add(frozenset(names))
        return out

    twins = parties(CKG.TwinningAgreement)
    assert frozenset({"qazvin", "wd-Q936510"}) in twins  # Qazvin–Istaravshan (Mehr, 2025)
    assert frozenset({"isfahan", "wd-Q5753"}) in twins  # Isfahan–Samarkand
    assert frozenset({"wd-Q80053", "wd-Q199909"}) in twins  # Tabriz–Karbala
    members = {
        (
            str(graph.value(f, CKG.member)).rsplit("/", 1)[-1],
            str(graph.value(f, CKG.network)).rsplit("/", 1)[-1],
        )
        for f in graph.subjects(RDF.type, CKG.Membership)
    }
    assert ("bandar-khamir", "unesco-gnlc") in members
    assert ("kermanshah", "unesco-gnlc") in members
    assert dataset_name(Path("002_qazvin_istaravshan_fa.txt")) == "news-002-qazvin-istaravshan-fa"
