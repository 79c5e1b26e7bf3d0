"""A light in-memory rdflib store for the graphs readers hand over: insertion-ordered, no indexes.

A reader's graph is written once and then read once, whole, by a store's ``load``;
rdflib's default ``Memory`` store keeps three indexes and per-context bookkeeping for
every triple, which costs more than building the triples. :class:`TripleBuffer`
keeps a dict of triples: adding is one dict insert, iterating the graph is a walk of
the dict; a pattern query (rare here) builds three plain indexes on first use after a change.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from typing import Any

from rdflib import Graph, URIRef
from rdflib.store import Store

__all__ = ["TripleBuffer", "new_graph", "triples_of"]

_Triple = tuple[Any, Any, Any]


class TripleBuffer(Store):
    """An rdflib store of one graph's triples, without indexes (see the module docstring).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> g = new_graph()
    >>> s = URIRef("https://w3id.org/citykg/id/maribor")
    >>> _ = g.add((s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Maribor")))
    >>> _ = g.add((s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Maribor")))
    >>> len(g), [str(o) for o in g.objects(s, None)]
    (1, ['Maribor'])
    """

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, configuration: str | None = None, identifier: Any = None) -> None:
        super().__init__(configuration)
        self.identifier = identifier
        self._triples: dict[_Triple, None] = {}
        # Built on the first pattern query after a change: subject, predicate and object → triples.
        self._index: tuple[dict[Any, list[_Triple]], ...] | None = None
        self._namespace: dict[str, URIRef] = {}
        self._prefix: dict[URIRef, str] = {}

    def add(self, triple: _Triple, context: Any = None, quoted: bool = False) -> None:
        self._triples[triple] = None
        self._index = None

    def addN(self, quads: Iterable[tuple[Any, Any, Any, Any]]) -> None:
        for s, p, o, _ in quads:
            self._triples[(s, p, o)] = None
        self._index = None

    def remove(self, triple: _Triple, context: Any = None) -> None:
        for found in list(self._match(triple)):
            del self._triples[found]
        self._index = None

    def _indexes(self) -> tuple[dict[Any, list[_Triple]], ...]:
        if self._index is None:
            index: tuple[dict[Any, list[_Triple]], ...] = ({}, {}, {})
            for t in self._triples:
                for position in range(3):
                    index[position].setdefault(t[position], []).append(t)
            self._index = index
        return self._index

    def _match(self, pattern: _Triple) -> Iterator[_Triple]:
        s, p, o = pattern
        if s is None and p is None and o is None:
            yield from list(self._triples)
            return
        if s is not None and p is not None and o is not None:
            if (s, p, o) in self._triples:
                yield (s, p, o)
            return
        by_s, by_p, by_o = self._indexes()
        # The smallest candidate list of the bound positions, then a filter on the others.
        candidates = min(
            (index.get(term, []) for index, term in ((by_s, s), (by_p, p), (by_o, o)) if term is not None),
            key=len,
        )
        for t in list(candidates):
            if (s is None or t[0] == s) and (p is None or t[1] == p) and (o is None or t[2] == o):
                yield t

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[_Triple, Iterator[Any]]]:
        for t in self._match(triple_pattern):
            yield t, iter(())

    def __len__(self, context: Any = None) -> int:
        return len(self._triples)

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        if not override and (prefix in self._namespace or namespace in self._prefix):
            return
        old = self._namespace.pop(prefix, None)
        if old is not None:
            self._prefix.pop(old, None)
        self._prefix.pop(namespace, None)
        self._namespace[prefix] = namespace
        self._prefix[namespace] = prefix

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespace.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix.get(namespace)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._namespace.items()


def new_graph() -> Graph:
    """An empty rdflib graph on a :class:`TripleBuffer`."""
    return Graph(store=TripleBuffer())


def triples_of(graph: Graph) -> Iterable[_Triple]:
    """Every triple of ``graph``: a :class:`TripleBuffer`'s own dict when it has one (no generator of
    rdflib's between, a walk of half a million triples several times faster), else the graph itself.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> g = new_graph()
    >>> _ = g.add((URIRef("https://w3id.org/citykg/id/maribor"), URIRef("http://example.org/p"), Literal(1)))
    >>> [str(o) for _, _, o in triples_of(g)], [str(o) for _, _, o in triples_of(Graph() + g)]
    (['1'], ['1'])
    """
    store = graph.store
    return store._triples if isinstance(store, TripleBuffer) else graph
