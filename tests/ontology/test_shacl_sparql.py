"""The shapes compiled to SPARQL give pyshacl's results: on one violation of each constraint, and on real data."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from loaders import bundled_paths, read_source
from ontology.errors import ShapesError
from ontology.shacl_sparql import (
    _as_rdflib,
    _passes,
    _sure,
    _Test,
    _tests,
    compiled_shapes,
    validate_graph,
    validate_oxigraph,
)
from ontology.validation import ValidationReport, load_shapes, validate

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

# One (or more) violation of every constraint of shapes.ttl, on nodes of every target class.
VIOLATIONS = """
@prefix ckg: <https://w3id.org/citykg/ontology#> .
@prefix id: <https://w3id.org/citykg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:nolabel a ckg:City .
id:c1 a ckg:City ; rdfs:label 42 ; skos:prefLabel "plain" , "A"@en , "B"@en ;
    schema:description "x"@fa , "y"@fa ; ckg:wikidataId "Q0" , "Q5" ; ckg:geonamesId "12a" ;
    wgs:lat "91"^^xsd:decimal , "abc"^^xsd:decimal ; wgs:long 200.5 ; ckg:population -3 ;
    ckg:country id:c2 , id:ir ; ckg:locatedIn id:c2 ; ckg:evidence "text" , id:c2 ; prov:wasDerivedFrom id:c2 .
id:c2 a ckg:City ; rdfs:label "Two"@en ; ckg:population "many" .
id:ir a ckg:Country ; rdfs:label "Iran"@en ; ckg:iso2 "irn" .
id:r1 a ckg:Region ; rdfs:label "R"@en ; ckg:country id:c2 .
id:org a ckg:University ; rdfs:label "U"@en ; ckg:locatedIn id:src , id:c2 ; schema:parentOrganization id:c2 ;
    ckg:governs id:src .
id:gov a ckg:MunicipalGovernment ; rdfs:label "G"@en ; ckg:governs id:c2 , id:nolabel .
id:net a ckg:Network ; rdfs:label "N"@en ; ckg:status ckg:Culture ; schema:foundingDate "1990" .
id:a1 a ckg:TwinningAgreement ; ckg:party id:c2 ; ckg:signingDate "2001-01-01" , "2002"^^xsd:gYear ;
    ckg:status ckg:Active , ckg:Former ; ckg:fieldOfCooperation ckg:Mayor ; skos:prefLabel "x"@en , "y"@en ;
    ckg:startDate "2019-13-45"^^xsd:date ; ckg:endDate "2010"^^xsd:gYear ; rdfs:label 7 ;
    ckg:reviewStatus ckg:Active ; prov:wasDerivedFrom id:c2 ; ckg:evidence id:c2 .
id:a2 a ckg:MemorandumOfUnderstanding ; ckg:party id:person , id:c2 ; ckg:startDate "2015"^^xsd:gYear ;
    ckg:endDate "2014-05-01"^^xsd:date .
id:m1 a ckg:Membership ; ckg:network id:net , id:c2 ; ckg:role 5 ; ckg:certifiedBy id:c2 .
id:p1 a ckg:Post ; ckg:postIn id:src ; ckg:postRole "Mayor" .
id:p2 a ckg:Post ; ckg:heldBy id:person ; ckg:postIn id:org ; ckg:postRole ckg:Mayor .
id:person a ckg:Person ; rdfs:label "P"@en ; ckg:wikidataId 12 .
id:e1 a ckg:Summit ; ckg:host id:ir ; ckg:edition 0 , 2 ; ckg:organiser id:src ; ckg:participant "Tehran" ;
    ckg:partOfEvent id:c2 ; ckg:startDate "2020"^^xsd:gYear ; ckg:endDate "2019"^^xsd:gYear .
id:prog a ckg:Programme ; rdfs:label "Prog"@en ; ckg:runBy id:org , id:gov ; ckg:partner id:person ;
    ckg:applicantCount -1 ; ckg:selectedCount 5 , "x" ; ckg:endDate "soon" ; ckg:callYear "2020" .
id:prog2 a ckg:Programme ; rdfs:label "Prog2"@en ; ckg:applicantCount 3 ; ckg:selectedCount 4 .
id:src a ckg:Source ; dcterms:title 3 ; dcterms:date "yesterday" ; schema:url "http://x" ;
    ckg:language "EN" ; ckg:fileName 1 ; ckg:newsCode 2 ; ckg:publisherName 3 .
id:ev a ckg:Evidence ; ckg:source id:c2 ; ckg:sentence 1 , "b" ; ckg:charStart 10 , -1 ; ckg:charEnd 5 ;
    ckg:confidence 1.5 .
id:ev2 a ckg:Evidence ; ckg:charStart "7"^^xsd:integer ; ckg:charEnd "x" ; ckg:confidence "0.5"^^xsd:double .
"""


def _key(report: ValidationReport) -> Counter[tuple[str, str, str, str]]:
    return Counter((str(r.focus_node), str(r.path), r.message, str(r.value)) for r in report.results)


def test_one_violation_of_each_constraint_gives_pyshacls_results() -> None:
    data = Graph().parse(data=VIOLATIONS, format="turtle")
    expected = validate(data)
    got = validate_graph(data)
    assert not expected.conforms
    assert len(expected.results) > 60
    assert _key(got) == _key(expected)
    assert got.to_text() == expected.to_text()


def test_every_constraint_of_the_shapes_is_violated_above() -> None:
    # The fixture must exercise every compiled check, else the equivalence above proves less than it says.
    data = Graph().parse(data=VIOLATIONS, format="turtle")
    hit = {(r.path, r.message) for r in validate(data).results}
    checks = {(c.path, c.message) for c in compiled_shapes().checks}
    assert checks - hit == set()


def test_the_seed_knowledge_base_conforms_on_both() -> None:
    seeds = next(p for p in bundled_paths() if p.name == "seeds.yaml")
    graph = read_source(seeds)[1]
    assert validate_graph(graph).conforms
    assert validate(graph).conforms


@pytest.mark.slow
def test_real_data_gives_pyshacls_results(tmp_path: Path) -> None:
    # A slice of real sources (pyshacl is slow): the first 600 Wikidata rows, the ETMUN table's first 300.
    from loaders import read_sources

    wikidata = tmp_path / "sisters.it.csv"
    etmun = tmp_path / "etmun_memberships_geocoded.csv"
    for target, source, rows in (
        (wikidata, DATA / "wikidata-sister-cities-2021" / "query.csv", 601),
        (etmun, DATA / "etmun-urbact-memberships" / "etmun_memberships_geocoded.csv", 301),
    ):
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
        target.write_text("".join(lines[:rows]), encoding="utf-8")
    graph = Graph()
    for _name, g in read_sources([wikidata, etmun]):
        graph += g
    graph.parse(data=VIOLATIONS, format="turtle")  # and the violations beside real data
    assert _key(validate_graph(graph)) == _key(validate(graph))


def test_the_store_is_validated_in_place() -> None:
    store = ox.Store()
    data = Graph().parse(data=VIOLATIONS, format="turtle")
    store.load(
        data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:g")
    )
    seen: list[int] = []
    report = validate_oxigraph(store, progress=lambda done, total, label: seen.append(done))
    assert _key(report) == _key(validate(data))
    assert seen == list(range(1, len(compiled_shapes().checks) + 1))


def test_an_unknown_constraint_is_refused_not_skipped() -> None:
    shapes = load_shapes()
    from rdflib import SH, BNode, Literal, URIRef

    shape = BNode()
    shapes.add((shape, SH.path, URIRef("https://example.org/p")))
    shapes.add((shape, SH.minLength, Literal(3)))
    with pytest.raises(ShapesError, match="minLength"):
        _tests(shapes, shape, set())


def _leaf_tests(tests: list[_Test]) -> list[_Test]:
    out: list[_Test] = []
    for t in tests:
        out.append(t)
        if t.kind == "or":
            out += [leaf for member in t.arg for leaf in _leaf_tests(list(member))]
        elif t.kind == "node":
            out += _leaf_tests(list(t.arg))
    return out


def test_rows_left_in_oxigraph_surely_pass() -> None:
    # validate_oxigraph fetches only the values a test may fail; a value its SPARQL filter calls surely
    # passing must pass pyshacl's rule in Python, on edge cases and random lexical forms of every datatype.
    rng = random.Random(17)
    forms = ["0", "-0", "+7", "01", "1.", ".5", "1.50", "1e3", "NaN", "", " 1", "2019-02-28", "2019-02-29",
             "2019-13-45", "0000-01-01", "2020-02-30", "2020", "2020-12", "2020-00", "-2020", "999999999999999",
             "-90", "-90.0000001", "90", "180", "180.5", "true", "x", "Q1", "Q01", "IR", "ir", "fa", "fa-IR", "12"]  # fmt: skip
    alphabet = "0123456789-+.eE:TZ QIRa"
    forms += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 11))) for _ in range(400)]
    xsd = "http://www.w3.org/2001/XMLSchema#"
    datatypes = ["integer", "nonNegativeInteger", "positiveInteger", "decimal", "double", "date", "gYear",
                 "gYearMonth", "string", "boolean", "anyURI"]  # fmt: skip
    store = ox.Store()
    s, p = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    for i, form in enumerate(forms):
        for d in datatypes:
            store.add(ox.Quad(s, p, ox.Literal(form, datatype=ox.NamedNode(xsd + d))))
        store.add(ox.Quad(s, p, ox.Literal(form, language="en")))
        store.add(ox.Quad(s, p, ox.NamedNode(f"urn:x{i}")))
    store.add(ox.Quad(s, p, ox.BlankNode()))
    tests = {t for c in compiled_shapes().checks for t in _leaf_tests(c.tests) if "class" not in repr(t)}
    checked = 0
    for test in sorted(tests, key=repr):
        expression = _sure(test)
        if expression is None:
            continue
        rows = store.query(f"SELECT ?v WHERE {{ ?s ?p ?v FILTER({expression}) }}")
        values = [_as_rdflib(row["v"]) for row in rows]
        failing = [v for v in values if not _passes(test, v, {})]
        assert failing == [], (test, failing[:5])
        checked += bool(values)
    assert checked >= 15  # (Oxigraph stores xsd:nonNegativeInteger and xsd:positiveInteger as xsd:integer)
