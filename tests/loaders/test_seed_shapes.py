"""The seed knowledge base conforms to the SHACL shapes and uses only declared terms."""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef

from loaders import bundled_paths, read_source
from ontology.validation import load_ontology, validate
from ontology.vocab import CKG


def _seed_graph() -> Graph:
    seeds = next(p for p in bundled_paths() if p.name == "seeds.yaml")
    return read_source(seeds)[1]


def test_seed_knowledge_base_conforms_to_the_shapes() -> None:
    report = validate(_seed_graph())
    assert report.conforms, report.to_text()


def test_every_ckg_term_the_seeds_use_is_declared() -> None:
    ontology = load_ontology()
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used = set()
    for _s, p, o in _seed_graph():
        for term in (p, o) if p != RDF.type else (o,):
            if isinstance(term, URIRef) and str(term).startswith(str(CKG._NS)):
                used.add(term)
    assert used, "the seeds use no ckg term at all"
    assert used - declared == set()
