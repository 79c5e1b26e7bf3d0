"""The vocabularies' IRIs as plain strings, for code that reads the store without rdflib.

:mod:`ontology.vocab` holds the same IRIs as rdflib terms, for the code that
builds RDF graphs. Importing rdflib costs about 0.15 s of CPU, which every
``citykg show`` or ``path`` would pay only to spell a few IRIs in its queries;
the store's read side takes them from here instead. ``CKG`` accepts the terms
that ``citykg.ttl`` declares and no other (a typo such as ``CKG.Cty`` fails
loudly, as with :mod:`ontology.vocab`, which a test holds equal); the other
namespaces are open, as rdflib's ``Namespace`` is.

Examples
--------
>>> from ontology.iris import CKG, DATA, RDF
>>> CKG.City
'https://w3id.org/citykg/ontology#City'
>>> DATA["qazvin"], RDF.type
('https://w3id.org/citykg/id/qazvin', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type')
>>> CKG.Cty
Traceback (most recent call last):
...
AttributeError: 'Cty' is not a term of https://w3id.org/citykg/ontology# (see ontology/citykg.ttl)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

__all__ = [
    "CKG",
    "DATA",
    "DCTERMS",
    "GRAPH",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "WD",
    "WGS",
    "XSD",
    "IriSpace",
    "ckg_terms",
]

ONTOLOGY_IRI = "https://w3id.org/citykg/ontology"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class IriSpace:
    """A namespace whose attributes and items are IRIs as ``str``; ``str(space)`` is its base.

    ``terms``, when given, returns the only names the namespace accepts.
    """

    __slots__ = ("_base", "_terms")

    def __init__(self, base: str, terms: Callable[[], frozenset[str]] | None = None) -> None:
        self._base = base
        self._terms = terms

    def _iri(self, name: str) -> str:
        if self._terms is not None and name not in self._terms():
            raise AttributeError(f"{name!r} is not a term of {self._base} (see ontology/citykg.ttl)")
        return self._base + name

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._iri(name)

    def __getitem__(self, name: str) -> str:
        return self._iri(name)

    def __str__(self) -> str:
        return self._base

    def __repr__(self) -> str:
        return f"IriSpace({self._base!r})"


@cache
def ckg_terms() -> frozenset[str]:
    """The local names of the terms ``citykg.ttl`` declares (every subject with a type in the namespace)."""
    import pyoxigraph as ox

    base = ONTOLOGY_IRI + "#"
    path = Path(__file__).with_name("citykg.ttl")
    with path.open("rb") as fh:
        return frozenset(
            t.subject.value[len(base) :]
            for t in ox.parse(fh, ox.RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI)
            if isinstance(t.subject, ox.NamedNode)
            and t.predicate.value == _RDF_TYPE
            and t.subject.value.startswith(base)
        )


CKG = IriSpace(ONTOLOGY_IRI + "#", ckg_terms)
DATA = IriSpace("https://w3id.org/citykg/id/")
GRAPH = IriSpace("https://w3id.org/citykg/graph/")
WD = IriSpace("http://www.wikidata.org/entity/")
SCHEMA = IriSpace("https://schema.org/")
WGS = IriSpace("http://www.w3.org/2003/01/geo/wgs84_pos#")
RDF = IriSpace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = IriSpace("http://www.w3.org/2000/01/rdf-schema#")
OWL = IriSpace("http://www.w3.org/2002/07/owl#")
SKOS = IriSpace("http://www.w3.org/2004/02/skos/core#")
PROV = IriSpace("http://www.w3.org/ns/prov#")
DCTERMS = IriSpace("http://purl.org/dc/terms/")
XSD = IriSpace("http://www.w3.org/2001/XMLSchema#")
