"""A human-readable reference of the citykg ontology, generated from ``citykg.ttl``.

``docs/ontology.md`` is this module's output; a test fails when it is stale.
Regenerate it with::

    python -m ontology.reference > docs/ontology.md

The reference lists the class hierarchy; for each class its label, comment,
superclasses and equivalences, subclasses and the properties whose domain
includes it; for each property its characteristics, domain, range and
super-properties; and the members of each SKOS concept scheme.

Examples
--------
>>> text = render_reference()
>>> text.splitlines()[0]
'# citykg: an ontology of city diplomacy'
>>> "### `ckg:City`" in text
True
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, NamespaceManager
from rdflib.term import BNode, Node

from ontology.validation import load_ontology
from ontology.vocab import CKG, ONTOLOGY_IRI

__all__ = ["PREFIXES", "render_reference", "write_reference"]

PREFIXES: dict[str, str] = {
    "ckg": str(CKG._NS),
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "wgs": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""The prefixes the reference writes names with (and the ontology's own)."""

_CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
}


class _Reference:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.nm = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            self.nm.bind(prefix, namespace, override=True, replace=True)
        self.classes = sorted(
            (c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c in CKG),
            key=self.name,
        )
        self.properties = {
            kind: sorted(
                (p for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef) and p in CKG),
                key=self.name,
            )
            for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
        }

    # --- naming
    def name(self, node: Node) -> str:
        if isinstance(node, URIRef):
            try:
                prefix, _ns, local = self.nm.compute_qname(str(node), generate=False)
            except (KeyError, ValueError):
                return f"<{node}>"
            return f"{prefix}:{local}"
        return str(node)

    def code(self, node: Node) -> str:
        """A term as Markdown: a link for ckg classes and properties, else code."""
        if isinstance(node, URIRef) and (node in self.classes or self._is_property(node)):
            return f"[`{self.name(node)}`](#{_anchor(self.name(node))})"
        if isinstance(node, BNode):
            return self.expression(node)
        return f"`{self.name(node)}`"

    def _is_property(self, node: URIRef) -> bool:
        return any(node in props for props in self.properties.values())

    def expression(self, node: BNode) -> str:
        union = self.g.value(node, OWL.unionOf)
        if union is not None:
            return " or ".join(self.code(m) for m in Collection(self.g, union))
        one_of = self.g.value(node, OWL.oneOf)
        if one_of is not None:
            return "one of " + ", ".join(self.code(m) for m in Collection(self.g, one_of))
        return "(anonymous class expression)"

    def members(self, node: Node) -> set[Node]:
        """The named classes a domain or range is, or is a union of."""
        if isinstance(node, BNode):
            union = self.g.value(node, OWL.unionOf)
            return set(Collection(self.g, union)) if union is not None else set()
        return {node}

    def text(self, subject: Node, predicate: URIRef) -> str:
        values = [v for v in self.g.objects(subject, predicate) if isinstance(v, Literal)]
        english = sorted((v for v in values if v.language in (None, "en")), key=str)
        return " ".join(str(english[0]).split()) if english else ""

    def listing(self, items: Iterable[Node]) -> str:
        nodes = list(items)
        named = sorted((n for n in nodes if isinstance(n, URIRef)), key=self.name)
        anonymous = sorted(self.code(n) for n in nodes if isinstance(n, BNode))
        return ", ".join([self.code(n) for n in named] + anonymous)

    # --- hierarchy
    def parents(self, cls: URIRef) -> list[URIRef]:
        return sorted(
            (p for p in self.g.objects(cls, RDFS.subClassOf) if isinstance(p, URIRef) and p in self.classes),
            key=self.name,
        )

    def children(self, cls: URIRef) -> list[URIRef]:
        return sorted(
            (c for c in self.g.subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef) and c in self.classes),
            key=self.name,
        )

    def ancestors(self, cls: URIRef) -> list[URIRef]:
        seen: list[URIRef] = []
        todo = self.parents(cls)
        while todo:
            parent = todo.pop(0)
            if parent not in seen:
                seen.append(parent)
                todo.extend(self.parents(parent))
        return seen

    def in_order(self) -> list[tuple[int, URIRef]]:
        """Classes depth-first from the roots, with their depth."""
        out: list[tuple[int, URIRef]] = []

        def visit(cls: URIRef, depth: int) -> None:
            out.append((depth, cls))
            for child in self.children(cls):
                visit(child, depth + 1)

        for root in (c for c in self.classes if not self.parents(c)):
            visit(root, 0)
        return out

    def properties_of(self, cls: URIRef) -> list[URIRef]:
        return [
            p
            for props in self.properties.values()
            for p in props
            if any(cls in self.members(d) for d in self.g.objects(p, RDFS.domain))
        ]

    # --- sections
    def header(self) -> list[str]:
        ont = URIRef(ONTOLOGY_IRI)
        lines = [
            f"# {self.text(ont, DCTERMS.title)}",
            "",
            "<!-- Generated by `python -m ontology.reference > docs/ontology.md` from ontology/citykg.ttl."
            " Do not edit by hand. -->",
            "",
            f"- Ontology IRI: `{ont}`",
            f"- Namespace: `{CKG._NS}` (prefix `ckg:`)",
            f"- Version: {self.text(ont, OWL.versionInfo)}",
            f"- Created: {self.text(ont, DCTERMS.created)}",
        ]
        licence = self.g.value(ont, DCTERMS.license)
        if licence is not None:
            lines.append(f"- Licence: <{licence}>")
        lines += ["", self.text(ont, DCTERMS.description), ""]
        lines += ["## Prefixes", "", "| prefix | namespace |", "|---|---|"]
        lines += [f"| `{p}:` | `{ns}` |" for p, ns in sorted(PREFIXES.items())]
        return lines

    def hierarchy(self) -> list[str]:
        lines = ["", "## Class hierarchy", ""]
        for depth, cls in self.in_order():
            lines.append(f"{'  ' * depth}- {self.code(cls)} — {self.text(cls, RDFS.label)}")
        return lines

    def class_sections(self) -> list[str]:
        lines = ["", "## Classes"]
        for _depth, cls in self.in_order():
            lines += ["", f"### `{self.name(cls)}`", ""]
            lines += [f"**{self.text(cls, RDFS.label)}** — {self.text(cls, RDFS.comment)}", ""]
            rows = [
                ("Superclasses", self.listing(self.g.objects(cls, RDFS.subClassOf))),
                ("Equivalent classes", self.listing(self.g.objects(cls, OWL.equivalentClass))),
                ("Subclasses", self.listing(self.children(cls))),
                ("Properties with this domain", self.listing(self.properties_of(cls))),
                (
                    "Inherited properties",
                    self.listing({p for a in self.ancestors(cls) for p in self.properties_of(a)}),
                ),
                ("Also a concept scheme", "yes" if (cls, RDF.type, SKOS.ConceptScheme) in self.g else ""),
            ]
            lines += [f"- {label}: {value}" for label, value in rows if value]
        return lines

    def property_sections(self) -> list[str]:
        lines: list[str] = []
        titles = {OWL.ObjectProperty: "Object properties", OWL.DatatypeProperty: "Datatype properties"}
        for kind, props in self.properties.items():
            lines += ["", f"## {titles[kind]}"]
            for prop in props:
                lines += ["", f"### `{self.name(prop)}`", ""]
                lines += [f"**{self.text(prop, RDFS.label)}** — {self.text(prop, RDFS.comment)}", ""]
                traits = sorted(name for t, name in _CHARACTERISTICS.items() if (prop, RDF.type, t) in self.g)
                rows = [
                    ("Characteristics", ", ".join(traits)),
                    ("Domain", self.listing(self.g.objects(prop, RDFS.domain)) or "(any)"),
                    ("Range", self.listing(self.g.objects(prop, RDFS.range)) or "(any)"),
                    ("Super-properties", self.listing(self.g.objects(prop, RDFS.subPropertyOf))),
                    ("See also", self.listing(self.g.objects(prop, RDFS.seeAlso))),
                ]
                lines += [f"- {label}: {value}" for label, value in rows if value]
        return lines

    def schemes(self) -> list[str]:
        lines = ["", "## Concept schemes"]
        schemes = sorted(
            (s for s in self.g.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)),
            key=self.name,
        )
        for scheme in schemes:
            lines += ["", f"### {self.text(scheme, SKOS.prefLabel) or self.text(scheme, RDFS.label)}", ""]
            lines += [f"`{self.name(scheme)}` — {self.text(scheme, RDFS.comment)}", ""]
            members = sorted(
                (m for m in self.g.subjects(SKOS.inScheme, scheme) if isinstance(m, URIRef)),
                key=self.name,
            )
            defined = any(self.text(m, SKOS.definition) for m in members)
            lines += (
                ["| concept | label | definition |", "|---|---|---|"]
                if defined
                else ["| concept | label |", "|---|---|"]
            )
            for member in members:
                cells = [f"`{self.name(member)}`", self.text(member, SKOS.prefLabel)]
                if defined:
                    cells.append(self.text(member, SKOS.definition))
                lines.append("| " + " | ".join(cells) + " |")
        return lines

    def render(self) -> str:
        lines = [
            *self.header(),
            *self.hierarchy(),
            *self.class_sections(),
            *self.property_sections(),
            *self.schemes(),
        ]
        return "\n".join(lines).rstrip() + "\n"


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading such as ``ckg:City`` (lower case, punctuation dropped)."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.lower()).replace(" ", "-")


def render_reference(ontology: Graph | None = None) -> str:
    """Return the Markdown reference of the ontology.

    Parameters
    ----------
    ontology : rdflib.Graph, optional
        The ontology to describe; the packaged ``citykg.ttl`` when omitted.

    Returns
    -------
    str
        Markdown text ending in one newline; the same input always gives the same text.

    Examples
    --------
    >>> text = render_reference()
    >>> "- Superclasses: [`ckg:Place`](#ckgplace), `geo:Feature`, `schema:City`, `wgs:SpatialThing`" in text
    True
    >>> "- Range: [`ckg:Place`](#ckgplace) or [`ckg:Organisation`](#ckgorganisation)" in text
    True
    """
    return _Reference(ontology if ontology is not None else load_ontology()).render()


def write_reference(path: str | Path) -> Path:
    """Write the Markdown reference to ``path`` (UTF-8) and return the path.

    Parameters
    ----------
    path : str or pathlib.Path
        Where to write, such as ``docs/ontology.md``.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_reference(Path(tmp) / "ontology.md")
    ...     out.read_text(encoding="utf-8") == render_reference()
    True
    """
    target = Path(path)
    target.write_text(render_reference(), encoding="utf-8")
    return target


if __name__ == "__main__":
    sys.stdout.write(render_reference())
